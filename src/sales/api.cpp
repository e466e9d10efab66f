// The register's JSON API: quote, complete, read, void, and its settings.
#include "sales/api.hpp"

#include "core/fields.hpp"
#include "core/time.hpp"
#include "sales/sales.hpp"

namespace helm::sales {

Task<Response> post_quote(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto request, sale_request_from_json(rq.body));
    HELM_CO_TRY(auto priced, co_await quote(cx, request));
    co_return Response::json(200, {{"quote", quote_json(priced)}});
}

// 201 with the new document; 200 with the first one when the key was already used.
Task<Response> post_sale(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto request, sale_request_from_json(rq.body));
    HELM_CO_TRY(auto done, co_await complete(cx, request));
    // The moment of sale: a new gift card's code, whole, for the clerk to hand over; a retry
    // with the same key (after a lost answer) is that moment too, or the card's code is lost.
    co_return Response::json(done.replayed ? 200 : 201, {{"sale", completed_sale_json(done.sale)}, {"replayed", done.replayed}});
}

Task<Response> get_sales(Context& cx, const Request& rq) {
    const std::string date = rq.query_value("date") == "today" ? business_date(cx.shop.timezone, cx.now_ms()) : std::string(rq.query_value("date"));
    if (!date.empty() && utc_day_start_ms(date) < 0) co_return invalid("date", "date is YYYY-MM-DD or today");
    HELM_CO_TRY(auto customer, query_number(rq, "customer_id", 0, 0, max_safe_integer));
    HELM_CO_TRY(auto limit, query_number(rq, "limit", 50, 1, 500));
    HELM_CO_TRY(auto sales, co_await list_sales(cx, date, customer, int(limit)));
    co_return Response::json(200, {{"sales", json_array(sales, sale_json)}});
}

Task<Response> get_sale(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "sale"));
    HELM_CO_TRY(auto sale, co_await load_sale(cx, id));
    co_return Response::json(200, {{"sale", sale_json(sale)}});
}

Task<Response> post_void(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "sale"));
    HELM_CO_TRY(auto doc, JsonDocument::parse_body(rq.body, {"reason", "idempotency_key"}));
    const auto obj = doc.object();
    HELM_CO_TRY(auto reason, json_text(obj, "reason"));
    HELM_CO_TRY(auto key, json_text(obj, "idempotency_key"));
    HELM_CO_TRY(auto done, co_await void_sale(cx, id, std::move(reason), std::move(key)));
    co_return Response::json(done.replayed ? 200 : 201, {{"sale", sale_json(done.sale)}, {"replayed", done.replayed}});
}

Task<Response> get_register_settings(Context& cx, const Request&) {
    HELM_CO_TRY(auto settings, co_await load_settings(cx));
    co_return Response::json(200, {{"settings", settings_json(settings)}});
}

Task<Response> put_register_settings(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto current, co_await load_settings(cx));
    HELM_CO_TRY(auto changed, settings_from_json(current, rq.body));
    HELM_CO_TRY(auto saved, co_await save_settings(cx, changed));
    co_return Response::json(200, {{"settings", settings_json(saved)}});
}

Task<Response> get_registers(Context& cx, const Request&) {
    HELM_CO_TRY(auto registers, co_await list_registers(cx));
    co_return Response::json(200, {{"registers", json_array(registers, register_json)}});
}

// {"auto_print": true}: the one thing a register sets for itself.
Task<Response> patch_register(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "register"));
    HELM_CO_TRY(auto doc, JsonDocument::parse_body(rq.body, {"auto_print"}));
    simdjson::dom::element value;
    if (doc.object()["auto_print"].get(value) != simdjson::SUCCESS) co_return invalid("auto_print", "auto_print is required");
    HELM_CO_TRY(auto auto_print, json_bool(value, "auto_print"));
    HELM_CO_TRY(auto saved, co_await save_register_printing(cx, id, auto_print));
    co_return Response::json(200, {{"register", register_json(saved)}});
}

}  // namespace helm::sales
