// Settings -> Data -> Export for the owner, and POST /api/ops/export for the operator's
// scripts (scripts/offboard-shop.mjs). Both build the same export (ops/export.hpp).
#include <array>

#include "core/html.hpp"
#include "ops/export.hpp"
#include "ops/routes.hpp"
#include "ops/views/export_page.hpp"
#include "web/layout.hpp"

namespace helm::ops {
namespace {

// "Export the shop's data": seeded for the Owner (and Sys Admin) only, migrations/0003.
constexpr std::string_view may_export = "action.data_export";

Task<Response> render(Context& cx, int status, std::string_view built, const std::optional<Error>& error) {
    HELM_CO_TRY(std::vector<ExportFile> exports, co_await list_exports(cx));
    co_return Response::html(status, web::page(cx, {"settings", "Data export"}, export_page_markup(exports, built, error)));
}

Task<Response> export_page(Context& cx, const Request& rq) { co_return co_await render(cx, 200, rq.query_value("built"), std::nullopt); }

Task<Response> build_from_form(Context& cx, const Request&) {
    auto built = co_await export_shop(cx);
    if (!built) {
        const int status = Response::http_status(built.error().code);
        co_return co_await render(cx, status, {}, std::move(built).error());
    }
    co_return Response::redirect("/settings/data/export?built=" + percent_encode(built->key.substr(export_prefix.size())));
}

// The archive itself is streamed from R2 by the shim (x-helm-r2-object), never through
// the core; here only the key is checked: a finished export, nothing outside exports/.
Task<Response> download(Context& cx, const Request& rq) {
    const std::string key = std::string(export_prefix) + std::string(rq.param("name"));
    if (!is_export_key(key)) co_return Error{Code::not_found, "export not found", "name"};
    HELM_CO_TRY(ObjectListing found, co_await cx.assets.list(key, {}, 1));
    if (found.objects.empty() || found.objects.front().key != key) co_return Error{Code::not_found, "export not found", "name"};
    Response res;
    res.headers = {{"content-type", "application/gzip"},
                   {"content-disposition", "attachment; filename=\"helm-" + cx.shop.slug + "-" + std::string(rq.param("name")) + "\""},
                   {"cache-control", "no-store"},
                   {"x-helm-r2-object", key}};
    co_return res;
}

Task<Response> build_for_operator(Context& cx, const Request&) {
    HELM_CO_TRY(ExportReport built, co_await export_shop(cx));
    co_return Response::json(201, {{"key", built.key}, {"bytes", built.bytes}, {"members", built.members}});
}

constexpr std::array table{
    Route{"GET", "/settings/data/export", export_page, may_export},
    Route{"POST", "/settings/data/export", build_from_form, may_export},
    Route{"GET", "/settings/data/exports/:name", download, may_export},
    Route{"POST", "/api/ops/export", build_for_operator, access::operator_token},
};

}  // namespace

std::span<const Route> export_routes() { return table; }

}  // namespace helm::ops
