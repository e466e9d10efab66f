// The inventory's JSON API: receipts, adjustments, movements, serial units, counts.
#include "inventory/api.hpp"

#include "catalog/products.hpp"
#include "core/fields.hpp"
#include "inventory/inventory.hpp"

namespace helm::inventory {
namespace {

Task<Result<catalog::Product>> product_in_path(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "product"));
    co_return co_await catalog::load_product(cx, id);
}

Response product_answer(const catalog::Product& p) { return Response::json(200, {{"product", catalog::product_json(p)}}); }

}  // namespace

Task<Response> post_receipt(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto receipt, receipt_from_json(rq.body));
    HELM_CO_TRY(auto product, co_await product_in_path(cx, rq));
    HELM_CO_TRY(auto after, co_await receive(cx, product, receipt));
    co_return product_answer(after);
}

Task<Response> post_adjustment(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto adjustment, adjustment_from_json(rq.body));
    HELM_CO_TRY(auto product, co_await product_in_path(cx, rq));
    HELM_CO_TRY(auto after, co_await adjust(cx, product, adjustment));
    co_return product_answer(after);
}

Task<Response> get_movements(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto limit, query_number(rq, "limit", 50, 1, 500));
    HELM_CO_TRY(auto product, co_await product_in_path(cx, rq));
    HELM_CO_TRY(auto movements, co_await movements_of(cx, product.id, int(limit)));
    co_return Response::json(200, {{"on_hand", product.on_hand}, {"movements", json_array(movements, movement_json)}});
}

Task<Response> get_product_units(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto product, co_await product_in_path(cx, rq));
    HELM_CO_TRY(auto units, co_await units_of(cx, product.id));
    co_return Response::json(200, {{"units", json_array(units, unit_json)}});
}

Task<Response> find_units(Context& cx, const Request& rq) {
    const std::string serial = trimmed(rq.query_value("serial"));
    if (serial.empty()) co_return invalid("serial", "give the serial to look for");
    HELM_CO_TRY(auto units, co_await units_with_serial(cx, serial));
    co_return Response::json(200, {{"units", json_array(units, unit_json)}});
}

Task<Response> get_unit(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "serial unit"));
    HELM_CO_TRY(auto unit, co_await load_unit(cx, id));
    HELM_CO_TRY(auto history, co_await unit_history(cx, id));
    co_return Response::json(200, {{"unit", unit_json(unit)}, {"history", json_array(history, unit_event_json)}});
}

Task<Response> post_unit_status(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "serial unit"));
    HELM_CO_TRY(auto move, unit_move_from_json(rq.body, false));
    HELM_CO_TRY(auto unit, co_await move_unit(cx, id, move));
    co_return Response::json(200, {{"unit", unit_json(unit)}});
}

Task<Response> post_unit_adjustment(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "serial unit"));
    HELM_CO_TRY(auto move, unit_move_from_json(rq.body, true));
    HELM_CO_TRY(auto unit, co_await adjust_unit(cx, id, move));
    co_return Response::json(200, {{"unit", unit_json(unit)}});
}

Task<Response> get_reorder_list(Context& cx, const Request&) {
    HELM_CO_TRY(auto list, co_await reorder_list(cx));
    co_return Response::json(200, {{"products", std::move(list)}});
}

Task<Response> get_level_check(Context& cx, const Request&) {
    HELM_CO_TRY(auto check, co_await check_levels(cx));
    co_return Response::json(200, {{"checked", check.checked}, {"agrees", check.mismatches.empty()}, {"mismatches", check.mismatches}});
}

Task<Response> get_counts(Context& cx, const Request&) {
    HELM_CO_TRY(auto counts, co_await list_counts(cx));
    co_return Response::json(200, {{"counts", json_array(counts, count_json)}});
}

Task<Response> post_count(Context& cx, const Request& rq) {
    std::optional<std::string> note;
    HELM_CO_TRY(auto doc, JsonDocument::parse_body(rq.body, {"note"}));
    for (auto field : doc.object()) {
        HELM_CO_TRY(auto text, json_text(field.value, "note"));
        if (auto ok = check_text("note", text, 200); !ok) co_return std::move(ok).error();
        note = std::move(text);
    }
    HELM_CO_TRY(auto sheet, co_await start_count(cx, std::move(note)));
    co_return Response::json(201, {{"count", count_json(sheet)}});
}

Task<Response> get_count(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "count"));
    HELM_CO_TRY(auto sheet, co_await load_count(cx, id));
    co_return Response::json(200, {{"count", count_json(sheet)}});
}

// {"code": "<barcode or SKU>", "counted": 4}: what a scanner and a person at the shelf send.
Task<Response> put_count_line(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "count"));
    HELM_CO_TRY(auto doc, JsonDocument::parse_body(rq.body, {"code", "counted"}));
    const auto obj = doc.object();
    HELM_CO_TRY(auto code, json_text(obj, "code"));
    HELM_CO_TRY(auto counted, json_integer(obj, "counted"));
    HELM_CO_TRY(auto product, co_await catalog::product_by_code(cx, code));
    if (!product) co_return Error{Code::not_found, "no product has this barcode or SKU", "code"};
    HELM_CO_TRY(auto sheet, co_await set_counted(cx, id, *product, counted));
    co_return Response::json(200, {{"count", count_json(sheet)}});
}

Task<Response> post_count_post(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "count"));
    HELM_CO_TRY(std::ignore, JsonDocument::parse_empty_body(rq.body));
    HELM_CO_TRY(auto sheet, co_await close_count(cx, id, true));
    co_return Response::json(200, {{"count", count_json(sheet)}});
}

Task<Response> post_count_cancel(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "count"));
    HELM_CO_TRY(std::ignore, JsonDocument::parse_empty_body(rq.body));
    HELM_CO_TRY(auto sheet, co_await close_count(cx, id, false));
    co_return Response::json(200, {{"count", count_json(sheet)}});
}

}  // namespace helm::inventory
