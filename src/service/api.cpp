// The service department's JSON API. A write refused because the ticket changed meanwhile
// answers 409 with the ticket as it is now, so the client can show it and try again.
#include "service/api.hpp"

#include "core/fields.hpp"
#include "core/time.hpp"
#include "service/service.hpp"

namespace helm::service {
namespace {

Task<Response> ticket_response(Context& cx, int status, const WorkOrder& w) {
    HELM_CO_TRY(auto money, co_await money_of(cx, w));
    HELM_CO_TRY(auto outbox, co_await outbox_of(cx, w.id));
    co_return Response::json(status, {{"work_order", work_order_json(w)},
                                      {"money",
                                       {{"subtotal_cents", money.subtotal.value},
                                        {"tax_cents", money.tax.value},
                                        {"total_cents", money.total.value},
                                        {"deposits_paid_cents", money.deposits_paid.value},
                                        {"deposits_applied_cents", money.deposits_applied.value},
                                        {"deposit_held_cents", money.deposit_held().value},
                                        {"held_sale_id", money.held_sale_id ? Json(*money.held_sale_id) : Json(nullptr)},
                                        {"quote_error", money.quote_error ? Json(*money.quote_error) : Json(nullptr)}}},
                                      {"outbox", json_array(outbox, outbox_json)}});
}

// The answer to a write on ticket `id`: the ticket, or the refusal (with the ticket as it
// is now when the refusal is a version conflict).
Task<Response> answer(Context& cx, std::int64_t id, Result<WorkOrder> done, int status = 200) {
    if (done) co_return co_await ticket_response(cx, status, *done);
    Error e = std::move(done).error();
    if (e.code != Code::conflict) co_return e;
    auto current = co_await load_work_order(cx, id);
    if (!current) co_return e;
    Json err = {{"code", code_name(e.code)}, {"message", e.message}, {"field", e.field}, {"request_id", cx.request_id}};
    co_return Response::json(409, {{"error", std::move(err)}, {"work_order", work_order_json(*current)}});
}

Result<std::int64_t> body_version(simdjson::dom::object obj) { return json_integer(obj, "version"); }

}  // namespace

Task<Response> get_work_orders(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto limit, query_number(rq, "limit", 200, 1, 500));
    HELM_CO_TRY(auto cards, co_await board(cx, rq.query_value("q"), int(limit)));
    co_return Response::json(200, {{"work_orders", json_array(cards, board_card_json)}});
}

Task<Response> post_work_order(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto fields, work_order_fields_from_json(rq.body));
    HELM_CO_TRY(auto created, co_await create_work_order(cx, fields));
    co_return co_await ticket_response(cx, 201, created);
}

Task<Response> get_work_order(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "work order"));
    HELM_CO_TRY(auto w, co_await load_work_order(cx, id));
    co_return co_await ticket_response(cx, 200, w);
}

Task<Response> patch_work_order(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "work order"));
    HELM_CO_TRY(auto fields, work_order_fields_from_json(rq.body));
    co_return co_await answer(cx, id, co_await update_work_order(cx, id, fields));
}

Task<Response> post_line(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "work order"));
    HELM_CO_TRY(auto fields, line_fields_from_json(rq.body));
    co_return co_await answer(cx, id, co_await add_line(cx, id, fields), 201);
}

Task<Response> delete_line(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "work order"));
    HELM_CO_TRY(auto line_id, whole_number("line_id", rq.param("line_id")));
    HELM_CO_TRY(std::ignore, JsonDocument::parse_empty_body(rq.body));
    HELM_CO_TRY(auto version, query_number(rq, "version", -1, 0, max_safe_integer));
    if (version < 0) co_return invalid("version", "a line is removed from the ticket's version as seen: ?version=");
    co_return co_await answer(cx, id, co_await remove_line(cx, id, line_id, version));
}

// {to, version, note?}
Task<Response> post_status(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "work order"));
    HELM_CO_TRY(auto doc, JsonDocument::parse_body(rq.body, {"to", "version", "note"}));
    const auto obj = doc.object();
    HELM_CO_TRY(auto to, json_text(obj, "to"));
    HELM_CO_TRY(auto version, body_version(obj));
    std::optional<std::string> note;
    if (simdjson::dom::element value; obj["note"].get(value) == simdjson::SUCCESS && !value.is_null()) {
        HELM_CO_TRY(auto text, json_text(value, "note"));
        if (!text.empty()) note = std::move(text);
    }
    co_return co_await answer(cx, id, co_await move_work_order(cx, id, to, version, std::move(note)));
}

// {version, register_id?}: 201 with the ticket and the held sale's id on the register.
Task<Response> post_invoice(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "work order"));
    HELM_CO_TRY(auto doc, JsonDocument::parse_body(rq.body, {"version", "register_id"}));
    const auto obj = doc.object();
    HELM_CO_TRY(auto version, body_version(obj));
    std::int64_t register_id = 1;
    if (simdjson::dom::element value; obj["register_id"].get(value) == simdjson::SUCCESS) {
        HELM_CO_TRY(register_id, json_id(value, "register_id"));
    }
    auto invoiced = co_await invoice_work_order(cx, id, version, register_id);
    if (!invoiced) co_return co_await answer(cx, id, std::move(invoiced).error());
    co_return co_await ticket_response(cx, 201, invoiced->work_order);
}

// {amount_cents, register_id?}: 201 with the held sale's id; it is paid at the register.
Task<Response> post_deposit(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "work order"));
    HELM_CO_TRY(auto doc, JsonDocument::parse_body(rq.body, {"amount_cents", "register_id"}));
    const auto obj = doc.object();
    HELM_CO_TRY(auto amount, json_integer(obj, "amount_cents"));
    std::int64_t register_id = 1;
    if (simdjson::dom::element value; obj["register_id"].get(value) == simdjson::SUCCESS) {
        HELM_CO_TRY(register_id, json_id(value, "register_id"));
    }
    HELM_CO_TRY(auto draft_id, co_await hold_deposit(cx, id, Cents{amount}, register_id));
    co_return Response::json(201, {{"held_sale_id", draft_id}});
}

Task<Response> get_mechanic_day(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto staff_id, path_id(rq, "staff member"));
    HELM_CO_TRY(auto day, co_await mechanic_day(cx, staff_id));
    Json days = Json::array();
    for (const auto& d : day.by_day) days.push_back({{"date", d.date}, {"minutes", d.minutes}, {"tickets", d.tickets}});
    co_return Response::json(200, {{"staff_id", staff_id}, {"work_orders", json_array(day.tickets, board_card_json)}, {"by_day", days}});
}

// ?from=YYYY-MM-DD (today by default) &days=N (7 by default)
Task<Response> get_workshop_load(Context& cx, const Request& rq) {
    std::string from(rq.query_value("from"));
    if (from.empty()) from = business_date(cx.shop.timezone, cx.now_ms());
    HELM_CO_TRY(auto days, query_number(rq, "days", 7, 1, 62));
    HELM_CO_TRY(auto load, co_await workshop_load(cx, from, int(days)));
    Json out = Json::array();
    for (const auto& m : load) {
        Json by_day = Json::array();
        for (const auto& d : m.by_day) by_day.push_back({{"date", d.date}, {"minutes", d.minutes}, {"tickets", d.tickets}});
        out.push_back({{"staff_id", m.staff_id ? Json(*m.staff_id) : Json(nullptr)},
                       {"staff_name", m.staff_name ? Json(*m.staff_name) : Json(nullptr)},
                       {"by_day", std::move(by_day)}});
    }
    co_return Response::json(200, {{"from", from}, {"days", days}, {"mechanics", std::move(out)}});
}

}  // namespace helm::service
