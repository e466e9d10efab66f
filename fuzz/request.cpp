// A request's target and the redirect it may lead to: the URL (first line) is split into
// path and query, and a `next` from the query (or the body, read as a form) never leaves
// the shop nor breaks a Location header.
#include <algorithm>
#include <string>

#include "core/http.hpp"
#include "fuzz.hpp"

using namespace helm;

namespace {
void check_local(const std::string& next) {
    const std::string path = local_path(next);
    fuzz::require(path == "/" || path == next, "local_path answers the path itself or /");
    fuzz::require(!path.empty() && path.front() == '/', "a local path starts with /");
    fuzz::require(path.size() < 2 || (path[1] != '/' && path[1] != '\\'), "a local path is not //host nor /\\host");
    fuzz::require(std::none_of(path.begin(), path.end(), [](unsigned char c) { return c < 0x21 || c >= 0x7f || c == '\\'; }),
                  "a local path is printable ASCII without backslash");
    const std::string decoded = percent_decode(path, false);
    fuzz::require(decoded.size() < 2 || (decoded[1] != '/' && decoded[1] != '\\'), "decoded, a local path is not //host");
    fuzz::require(std::none_of(decoded.begin(), decoded.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }),
                  "decoded, a local path has no control character");
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto [url, body] = fuzz::split_line(fuzz::text(data, size));
    Request rq;
    set_target(rq, url);
    fuzz::require(!rq.path.empty(), "a request always has a path");
    check_local(rq.query_value("next"));
    for (const auto& [name, value] : parse_form(body)) check_local(value);
    check_local(std::string(url));
    fuzz::require(percent_decode(percent_encode(body), false) == body, "percent-encoding reads back");
    (void)rq.cookie("helm_device");
    return 0;
}
