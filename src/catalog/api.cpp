// The catalog's JSON API: /api/products.
#include "catalog/api.hpp"


#include "catalog/catalog_sql.hpp"
#include "catalog/products.hpp"
#include "core/fields.hpp"

namespace helm::catalog {
namespace {

Task<Result<Product>> load(Context& cx, std::int64_t id) {
    auto found = co_await cx.db.query(sql::product_by_id, id);
    if (!found) co_return std::move(found).error();
    if (found->rows.empty()) co_return Error{Code::not_found, "product " + std::to_string(id) + " not found", "id"};
    co_return product_from_row(Row(*found, 0));
}

}  // namespace

Task<Response> post_product(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto fields, fields_from_json(rq.body));
    HELM_CO_TRY(auto product, co_await create_product(cx, fields));
    co_return Response::json(201, {{"product", product_json(product)}});
}

Task<Response> search_products(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto limit, query_number(rq, "limit", default_page_size, 1, max_page_size));
    HELM_CO_TRY(auto products, co_await find_products(cx, rq.query_value("q"), int(limit)));
    Json list = Json::array();
    for (const auto& p : products) list.push_back(product_json(p));
    co_return Response::json(200, {{"products", std::move(list)}});
}

Task<Response> get_product(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "product"));
    HELM_CO_TRY(auto product, co_await load(cx, id));
    co_return Response::json(200, {{"product", product_json(product)}});
}

Task<Response> patch_product(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "product"));
    HELM_CO_TRY(auto fields, fields_from_json(rq.body));
    if (!fields.sku && !fields.barcode && !fields.name && !fields.price && !fields.active)
        co_return invalid("body", "nothing to change: send at least one of sku, barcode, name, price_cents, active");
    if (auto ok = check_edit(fields); !ok) co_return std::move(ok).error();
    HELM_CO_TRY(auto current, co_await load(cx, id));
    HELM_CO_TRY(auto updated, co_await update_product(cx, current, fields, fields.version.value_or(current.version)));
    co_return Response::json(200, {{"product", product_json(updated)}});
}

}  // namespace helm::catalog
