#include "core/router.hpp"

namespace helm {
namespace {

bool match_path(std::string_view pattern, std::string_view path, std::vector<std::pair<std::string, std::string>>& params) {
    params.clear();
    while (!pattern.empty() || !path.empty()) {
        if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/') return false;
        pattern.remove_prefix(1);
        path.remove_prefix(1);
        auto pattern_end = pattern.find('/');
        auto path_end = path.find('/');
        auto want = pattern.substr(0, pattern_end);
        auto got = path.substr(0, path_end);
        if (want == "*") {
            params.emplace_back("*", std::string(path));
            return true;
        }
        if (!want.empty() && want.front() == ':') {
            if (got.empty()) return false;
            params.emplace_back(std::string(want.substr(1)), std::string(got));
        } else if (want != got) {
            return false;
        }
        pattern = pattern_end == std::string_view::npos ? std::string_view{} : pattern.substr(pattern_end);
        path = path_end == std::string_view::npos ? std::string_view{} : path.substr(path_end);
    }
    return true;
}

}  // namespace

Result<const Route*> Router::match(Request& rq) const {
    bool path_known = false;
    std::vector<std::pair<std::string, std::string>> params;
    for (const auto& route : routes_) {
        if (!match_path(route.pattern, rq.path, params)) continue;
        path_known = true;
        if (route.method == rq.method || (route.method == "GET" && rq.method == "HEAD")) {
            rq.params = std::move(params);
            return &route;
        }
    }
    // The messages name the rule, not the input: the log keeps the path on its own.
    if (path_known) return Error{Code::method_not_allowed, "this path does not take this method", "method"};
    return Error{Code::not_found, "no page or endpoint has this path", "path"};
}

}  // namespace helm
