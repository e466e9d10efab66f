// The catalog's JSON API: /api/products, the register's scan (/api/barcodes/:code), the CSV
// import and export, categories, vendors and tax rates.
#include "catalog/api.hpp"

#include "catalog/import.hpp"
#include "catalog/products.hpp"
#include "catalog/taxonomy.hpp"
#include "core/fields.hpp"

namespace helm::catalog {

Task<Response> post_product(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto edit, edit_from_json(Product{}, rq.body));
    HELM_CO_TRY(auto product, co_await create_product(cx, std::move(edit)));
    co_return Response::json(201, {{"product", product_json(product)}});
}

Task<Response> search_products(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto limit, query_number(rq, "limit", default_page_size, 1, max_page_size));
    HELM_CO_TRY(auto products, co_await find_products(cx, rq.query_value("q"), int(limit)));
    co_return Response::json(200, {{"products", json_array(products, product_json)}});
}

Task<Response> get_product(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "product"));
    HELM_CO_TRY(auto product, co_await load_product(cx, id));
    HELM_CO_TRY(auto variants, co_await variants_of(cx, id));
    co_return Response::json(200, {{"product", product_json(product)}, {"variants", json_array(variants, product_json)}});
}

Task<Response> patch_product(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "product"));
    HELM_CO_TRY(auto current, co_await load_product(cx, id));
    HELM_CO_TRY(auto edit, edit_from_json(current, rq.body));
    if (edit.sent.empty()) co_return invalid("body", "nothing to change: send at least one field of the product");
    HELM_CO_TRY(auto updated, co_await update_product(cx, current, std::move(edit)));
    co_return Response::json(200, {{"product", product_json(updated)}});
}

Task<Response> scan_barcode(Context& cx, const Request& rq) {
    const std::string code(rq.param("code"));
    HELM_CO_TRY(auto found, co_await product_by_code(cx, code));
    if (!found) co_return Error{Code::not_found, "no product has this barcode or SKU", "code"};
    co_return Response::json(200, {{"product", product_json(*found)}});
}

Task<Response> export_catalog(Context& cx, const Request&) {
    HELM_CO_TRY(auto text, co_await export_products(cx));
    Response res = Response::bytes("text/csv; charset=utf-8", std::move(text), "no-store");
    res.headers.push_back({"content-disposition", "attachment; filename=\"" + cx.shop.slug + "-products.csv\""});
    co_return res;
}

// The body is the CSV file. ?dry_run=false writes; anything else only checks. A file with
// bad rows is a 400 that lists every one of them, and writes nothing.
Task<Response> import_catalog(Context& cx, const Request& rq) {
    const std::string dry_run = rq.query_value("dry_run");
    if (!dry_run.empty() && dry_run != "true" && dry_run != "false") co_return invalid("dry_run", "dry_run is true or false");
    HELM_CO_TRY(auto report, co_await import_products(cx, rq.body, dry_run != "false"));
    if (report.ok()) co_return Response::json(200, {{"import", import_report_json(report)}});
    Json error = {{"code", code_name(Code::invalid_argument)},
                  {"message", std::to_string(report.errors.size()) + " rows have errors; nothing was written"},
                  {"field", report.errors[0]["field"]},
                  {"request_id", cx.request_id}};
    co_return Response::json(400, {{"error", std::move(error)}, {"import", import_report_json(report)}});
}

Task<Response> get_categories(Context& cx, const Request&) {
    HELM_CO_TRY(auto list, co_await list_categories(cx));
    co_return Response::json(200, {{"categories", std::move(list)}});
}

Task<Response> post_category(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto fields, category_from_json(rq.body));
    HELM_CO_TRY(auto created, co_await add_category(cx, fields));
    co_return Response::json(201, {{"category", std::move(created)}});
}

Task<Response> patch_category(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "category"));
    HELM_CO_TRY(auto changed, co_await change_category(cx, id, rq.body));
    co_return Response::json(200, {{"category", std::move(changed)}});
}

Task<Response> get_vendors(Context& cx, const Request&) {
    HELM_CO_TRY(auto list, co_await list_vendors(cx));
    co_return Response::json(200, {{"vendors", std::move(list)}});
}

Task<Response> post_vendor(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto fields, vendor_from_json(rq.body));
    HELM_CO_TRY(auto created, co_await add_vendor(cx, fields));
    co_return Response::json(201, {{"vendor", std::move(created)}});
}

Task<Response> get_tax_classes(Context& cx, const Request&) {
    HELM_CO_TRY(auto list, co_await list_tax_classes(cx));
    co_return Response::json(200, {{"tax_classes", std::move(list)}});
}

Task<Response> post_tax_rate(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto fields, rate_from_json(rq.body));
    HELM_CO_TRY(auto created, co_await add_tax_rate(cx, fields));
    co_return Response::json(201, {{"tax_rate", std::move(created)}});
}

}  // namespace helm::catalog
