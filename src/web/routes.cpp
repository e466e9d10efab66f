#include "web/routes.hpp"

#include <array>

#include "web/static_files.hpp"

namespace helm::web {
namespace {

Task<Response> static_file(Context&, const Request& rq) {
    auto file = find_static(rq.param("*"));
    if (!file) co_return Error{Code::not_found, "file not found", "path"};
    co_return Response::bytes(std::string(file->content_type), std::string(file->bytes), "public, max-age=300");
}

constexpr std::array table{
    Route{"GET", "/static/*", static_file, access::open},
};

}  // namespace

std::span<const Route> routes() { return table; }

}  // namespace helm::web
