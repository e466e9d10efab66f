// The cash drawer: open with a float, paid in / paid out / no sale, close with a count.
#include "sales/drawer.hpp"

#include <algorithm>
#include <charconv>

#include "audit/audit.hpp"
#include "bindings/db_errors.hpp"
#include "core/fields.hpp"
#include "core/guard.hpp"
#include "core/time.hpp"
#include "sales/drawer_sql.hpp"

namespace helm::sales {
namespace {

constexpr std::int64_t max_drawer_cents = 100'000'000;  // the schema's bound on a float or a count
constexpr std::int64_t max_denomination = 100'000;      // a $1,000 note
constexpr std::int64_t max_pieces = 100'000;
constexpr std::string_view movement_kinds[] = {"paid_in", "paid_out", "no_sale"};

constexpr std::int64_t cad[] = {10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5};
constexpr std::int64_t usd[] = {10000, 5000, 2000, 1000, 500, 100, 25, 10, 5, 1};
constexpr std::int64_t other[] = {10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 1};

// The stored {"10000": 1, ...}; the database checked it is JSON when it was written.
std::optional<CashCount> cash_count_from_text(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    const Json parsed = Json::parse(*text, nullptr, false);
    if (!parsed.is_object()) return std::nullopt;
    CashCount out;
    for (auto it = parsed.begin(); it != parsed.end(); ++it) {
        std::int64_t denomination = 0;
        const std::string& key = it.key();
        std::from_chars(key.data(), key.data() + key.size(), denomination);
        if (denomination > 0 && it.value().is_number_integer()) out[denomination] = it.value().get<std::int64_t>();
    }
    return out;
}

Value cash_count_value(const std::optional<CashCount>& counts) {
    if (!counts) return nullptr;
    return to_text(cash_count_json(*counts));
}

DrawerSession session_from_row(const Row& row) {
    DrawerSession s;
    s.id = row.integer("id");
    s.register_id = row.integer("register_id");
    s.register_name = row.text("register_name");
    s.status = row.text("status");
    s.business_date = row.text("business_date");
    s.float_amount = Cents{row.integer("float_cents")};
    s.float_counts = cash_count_from_text(row.optional_text("float_counts_json"));
    s.opened_by = row.optional_text("opened_by");
    s.opened_at_ms = row.integer("opened_at_ms");
    s.closed_by = row.optional_text("closed_by");
    s.closed_at_ms = row.optional_integer("closed_at_ms");
    s.cash_sales = Cents{row.integer("cash_sales_cents")};
    s.cash_refunds = Cents{row.integer("cash_refunds_cents")};
    s.paid_in = Cents{row.integer("paid_in_cents")};
    s.paid_out = Cents{row.integer("paid_out_cents")};
    s.no_sales = row.integer("no_sales");
    s.expected = Cents{s.is_open() ? row.integer("expected_now_cents") : row.integer("expected_cents")};
    if (auto counted = row.optional_integer("counted_cents")) s.counted = Cents{*counted};
    if (auto variance = row.optional_integer("variance_cents")) s.variance = Cents{*variance};
    s.counts = cash_count_from_text(row.optional_text("counts_json"));
    s.note = row.optional_text("note");
    return s;
}

std::vector<DrawerSession> sessions_of(const D1Result& result) {
    std::vector<DrawerSession> out;
    for (std::size_t i = 0; i < result.rows.size(); ++i) out.push_back(session_from_row(Row(result, i)));
    return out;
}

Error not_open(const DrawerSession& s) {
    return {Code::failed_precondition, "drawer " + std::to_string(s.id) + " is closed: it takes no more cash", "id"};
}

// The trigger's words when a movement races the close.
Error in_drawer_terms(Error e, std::int64_t session_id) {
    if (raised(e, reason::drawer_closed))
        return {Code::failed_precondition, "drawer " + std::to_string(session_id) + " is closed: it takes no more cash", "id"};
    return e;
}

// Text a person types: bounded in characters as the schema counts them (not bytes),
// and never a payment card number.
Status check_words(std::string_view field, const std::string& text, std::size_t min_chars, std::size_t max_bytes) {
    if (auto ok = check_typed_text(field, text, max_bytes); !ok) return ok;
    std::size_t chars = 0;
    for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
    if (chars < min_chars) return invalid(std::string(field), std::string(field) + " must be at least " + std::to_string(min_chars) + " characters");
    return Ok{};
}

// A count by denomination as the form or the JSON gives it, entry by entry, with one set of
// bounds for both: each entry's, no denomination twice, and the running total's (the
// schema's bound on a float or a count).
struct CountReader {
    std::string_view currency;  // the shop's, for the bound in a message
    CashCount counts;
    std::int64_t total = 0;

    Status add(const std::string& field, std::int64_t denomination, std::int64_t pieces) {
        if (denomination < 1 || denomination > max_denomination)
            return invalid(field, "a denomination is its value in cents, from 1 to " + std::to_string(max_denomination));
        if (pieces < 0 || pieces > max_pieces)
            return invalid(field, "a count of one denomination must be from 0 to " + std::to_string(max_pieces));
        if (!counts.emplace(denomination, pieces).second) return invalid(field, field + " names a denomination twice");
        total += denomination * pieces;  // at most 10^10 a step, checked at each: no overflow
        if (total > max_drawer_cents) return invalid(field, field + " adds up to more than " + format_money(Cents{max_drawer_cents}, currency));
        return Ok{};
    }
    // Zero counts are left out of what is stored.
    CashCount take() && {
        for (auto it = counts.begin(); it != counts.end();) it = it->second == 0 ? counts.erase(it) : std::next(it);
        return std::move(counts);
    }
};

// {"10000": 1, "25": 40}: keys are cents, values how many; zero counts are left out.
Result<CashCount> cash_count_from_json(simdjson::dom::element value, std::string_view field, std::string_view currency) {
    simdjson::dom::object object;
    if (value.get_object().get(object) != simdjson::SUCCESS)
        return invalid(std::string(field), std::string(field) + " must be an object of denomination (cents) to count");
    CountReader reader{currency};
    for (auto entry : object) {
        std::int64_t denomination = 0;
        const std::string_view key = entry.key;
        auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), denomination);
        if (key.empty() || ec != std::errc{} || end != key.data() + key.size())
            return invalid(std::string(field), std::string(field) + " has a key that is not a denomination in cents");
        HELM_TRY(auto pieces, json_integer(entry.value, field));
        if (auto ok = reader.add(std::string(field), denomination, pieces); !ok) return std::move(ok).error();
    }
    return std::move(reader).take();
}

// A total, a count by denomination, or both (which must agree): the amount they give.
Result<Cents> settle(std::optional<Cents> total, const std::optional<CashCount>& counts, std::string_view total_field,
                     std::string_view what, std::string_view currency) {
    if (!total && !counts) return invalid(std::string(total_field), "give " + std::string(what) + ", or count it by denomination");
    if (total && (total->value < 0 || total->value > max_drawer_cents))
        return invalid(std::string(total_field), std::string(what) + " must be from " + format_money(Cents{}, currency) + " to " + format_money(Cents{max_drawer_cents}, currency));
    if (!counts) return *total;
    const Cents counted = count_total(*counts);
    if (total && *total != counted)
        return invalid(std::string(total_field), std::string(what) + " of " + format_money(*total, currency) + " does not match its count by denomination, " +
                                                     format_money(counted, currency));
    return counted;
}

Result<std::optional<std::string>> optional_note(std::string text) {
    text = trimmed(text);
    if (text.empty()) return std::optional<std::string>{};
    if (auto ok = check_words("note", text, 1, 500); !ok) return std::move(ok).error();
    return std::optional<std::string>(std::move(text));
}

Status check_movement(const MovementRequest& m, std::string_view currency) {
    if (std::find(std::begin(movement_kinds), std::end(movement_kinds), m.kind) == std::end(movement_kinds))
        return invalid("kind", "kind must be paid_in, paid_out or no_sale");
    if (m.kind == "no_sale") {
        if (m.amount.value != 0) return invalid("amount_cents", "a no-sale moves no money");
    } else if (m.amount.value < 1 || m.amount.value > max_drawer_cents) {
        return invalid("amount_cents", "the amount must be from " + format_money(Cents{1}, currency) + " to " + format_money(Cents{max_drawer_cents}, currency));
    }
    return check_words("reason", m.reason, 3, 200);
}

// The form's count_<cents> fields; empty ones are not counted. None filled: no count.
Result<std::optional<CashCount>> cash_count_from_form(const Form& form, std::string_view currency) {
    CountReader reader{currency};
    bool any = false;
    for (const auto& [name, value] : form) {
        if (name.rfind("count_", 0) != 0) continue;
        const std::string text = trimmed(value);
        if (text.empty()) continue;
        std::int64_t denomination = 0;
        auto [end, ec] = std::from_chars(name.data() + 6, name.data() + name.size(), denomination);
        if (ec != std::errc{} || end != name.data() + name.size()) return invalid(field_name(name), "unknown field: a count is count_<denomination in cents>");
        HELM_TRY(auto pieces, whole_number(name, text));
        if (auto ok = reader.add(name, denomination, pieces); !ok) return std::move(ok).error();
        any = true;
    }
    if (!any) return std::optional<CashCount>{};
    return std::optional<CashCount>(std::move(reader).take());
}

Result<std::optional<Cents>> dollars_field(const Form& form, std::string_view name, std::string_view what) {
    const std::string text = trimmed(form_value(form, name));
    if (text.empty()) return std::optional<Cents>{};
    auto cents = parse_cents(text);
    if (!cents) return invalid(std::string(name), std::string(what) + " must be an amount like 150.00");
    return std::optional<Cents>(*cents);
}

Result<std::optional<Cents>> optional_cents(simdjson::dom::object object, std::string_view key) {
    simdjson::dom::element value;
    if (object[key].get(value) != simdjson::SUCCESS || value.is_null()) return std::optional<Cents>{};
    HELM_TRY(auto n, json_integer(value, key));
    return std::optional<Cents>(Cents{n});
}

Result<std::optional<CashCount>> optional_counts(simdjson::dom::object object, std::string_view key, std::string_view currency) {
    simdjson::dom::element value;
    if (object[key].get(value) != simdjson::SUCCESS || value.is_null()) return std::optional<CashCount>{};
    HELM_TRY(auto counts, cash_count_from_json(value, key, currency));
    return std::optional<CashCount>(std::move(counts));
}

}  // namespace

Cents count_total(const CashCount& counts) {
    std::int64_t sum = 0;
    for (const auto& [denomination, pieces] : counts) sum += denomination * pieces;
    return Cents{sum};
}

Json cash_count_json(const CashCount& counts) {
    Json out = Json::object();
    for (const auto& [denomination, pieces] : counts) out[std::to_string(denomination)] = pieces;
    return out;
}

std::span<const std::int64_t> denominations(std::string_view currency) {
    if (currency == "CAD") return cad;
    if (currency == "USD") return usd;
    return other;
}

Json drawer_json(const DrawerSession& s) {
    auto text = [](const std::optional<std::string>& t) { return t ? Json(*t) : Json(nullptr); };
    auto cents = [](const std::optional<Cents>& c) { return c ? Json(c->value) : Json(nullptr); };
    auto counts = [](const std::optional<CashCount>& c) { return c ? cash_count_json(*c) : Json(nullptr); };
    return {{"id", s.id},
            {"register_id", s.register_id},
            {"register", s.register_name},
            {"status", s.status},
            {"business_date", s.business_date},
            {"float_cents", s.float_amount.value},
            {"float_counts", counts(s.float_counts)},
            {"opened_by", text(s.opened_by)},
            {"opened_at_ms", s.opened_at_ms},
            {"closed_by", text(s.closed_by)},
            {"closed_at_ms", s.closed_at_ms ? Json(*s.closed_at_ms) : Json(nullptr)},
            {"cash_sales_cents", s.cash_sales.value},
            {"cash_refunds_cents", s.cash_refunds.value},
            {"paid_in_cents", s.paid_in.value},
            {"paid_out_cents", s.paid_out.value},
            {"no_sales", s.no_sales},
            {"expected_cents", s.expected.value},
            {"counted_cents", cents(s.counted)},
            {"counts", counts(s.counts)},
            {"variance_cents", cents(s.variance)},
            {"note", text(s.note)}};
}

bool counted_blind(const DrawerSession& s, const RegisterSettings& settings) { return s.is_open() && !settings.show_expected_cash; }

Json drawer_json(const DrawerSession& s, const RegisterSettings& settings) {
    Json out = drawer_json(s);
    if (counted_blind(s, settings))
        for (const char* hidden : {"expected_cents", "cash_sales_cents", "cash_refunds_cents"}) out[hidden] = nullptr;
    return out;
}

Json drawer_movement_json(const DrawerMovement& m) {
    return {{"id", m.id},
            {"drawer_id", m.session_id},
            {"kind", m.kind},
            {"amount_cents", m.amount.value},
            {"reason", m.reason},
            {"staff", m.staff_name ? Json(*m.staff_name) : Json(nullptr)},
            {"at_ms", m.at_ms}};
}

Result<Opening> opening_from_json(std::string_view body, std::string_view currency) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, {"register_id", "float_cents", "float_counts"}));
    const auto obj = doc.object();
    Opening o;
    simdjson::dom::element register_id;
    if (obj["register_id"].get(register_id) == simdjson::SUCCESS) {
        HELM_TRY(o.register_id, json_id(register_id, "register_id"));
    }
    HELM_TRY(auto total, optional_cents(obj, "float_cents"));
    HELM_TRY(o.counts, optional_counts(obj, "float_counts", currency));
    HELM_TRY(o.float_amount, settle(total, o.counts, "float_cents", "the float", currency));
    return o;
}

Result<MovementRequest> movement_from_json(std::string_view body, std::string_view currency) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, {"kind", "amount_cents", "reason"}));
    const auto obj = doc.object();
    MovementRequest m;
    HELM_TRY(m.kind, json_text(obj, "kind"));
    HELM_TRY(auto amount, optional_cents(obj, "amount_cents"));
    m.amount = amount.value_or(Cents{});
    simdjson::dom::element reason;
    if (obj["reason"].get(reason) != simdjson::SUCCESS) return invalid("reason", "give the reason");
    HELM_TRY(m.reason, json_text(reason, "reason"));
    if (m.kind != "no_sale" && !amount) return invalid("amount_cents", "give the amount");
    if (auto ok = check_movement(m, currency); !ok) return std::move(ok).error();
    return m;
}

Result<Closing> closing_from_json(std::string_view body, std::string_view currency) {
    HELM_TRY(auto doc, JsonDocument::parse_body(body, {"counted_cents", "counts", "note"}));
    const auto obj = doc.object();
    Closing c;
    HELM_TRY(auto total, optional_cents(obj, "counted_cents"));
    HELM_TRY(c.counts, optional_counts(obj, "counts", currency));
    HELM_TRY(c.counted, settle(total, c.counts, "counted_cents", "the count", currency));
    simdjson::dom::element note;
    if (obj["note"].get(note) == simdjson::SUCCESS && !note.is_null()) {
        HELM_TRY(auto text, json_text(note, "note"));
        HELM_TRY(c.note, optional_note(std::move(text)));
    }
    return c;
}

Result<Opening> opening_from_form(const Form& form, std::string_view currency) {
    Opening o;
    if (auto id = trimmed(form_value(form, "register_id")); !id.empty()) {
        HELM_TRY(o.register_id, whole_number("register_id", id));
    }
    HELM_TRY(auto total, dollars_field(form, "float", "the float"));
    HELM_TRY(o.counts, cash_count_from_form(form, currency));
    HELM_TRY(o.float_amount, settle(total, o.counts, "float", "the float", currency));
    return o;
}

Result<MovementRequest> movement_from_form(const Form& form, std::string_view currency) {
    MovementRequest m;
    m.kind = form_value(form, "kind");
    HELM_TRY(auto amount, dollars_field(form, "amount", "the amount"));
    m.amount = amount.value_or(Cents{});
    m.reason = trimmed(form_value(form, "reason"));
    if (m.kind != "no_sale" && !amount) return invalid("amount", "give the amount");
    if (auto ok = check_movement(m, currency); !ok) {
        Error e = std::move(ok).error();
        if (e.field == "amount_cents") e.field = "amount";
        return e;
    }
    return m;
}

Result<Closing> closing_from_form(const Form& form, std::string_view currency) {
    Closing c;
    HELM_TRY(auto total, dollars_field(form, "counted", "the count"));
    HELM_TRY(c.counts, cash_count_from_form(form, currency));
    HELM_TRY(c.counted, settle(total, c.counts, "counted", "the count", currency));
    HELM_TRY(c.note, optional_note(form_value(form, "note")));
    return c;
}

Task<Result<std::optional<DrawerSession>>> current_drawer(Context& cx, std::int64_t register_id) {
    HELM_CO_TRY(auto known, co_await load_register(cx, register_id));
    (void)known;
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::open_session_of_register, register_id));
    if (found.rows.empty()) co_return std::optional<DrawerSession>{};
    co_return std::optional<DrawerSession>(session_from_row(Row(found, 0)));
}

Task<Result<DrawerSession>> load_drawer(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::session_by_id, id));
    if (found.rows.empty()) co_return Error{Code::not_found, "drawer " + std::to_string(id) + " not found", "id"};
    co_return session_from_row(Row(found, 0));
}

Task<Result<std::vector<DrawerSession>>> recent_drawers(Context& cx, std::int64_t register_id, int limit) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::sessions_of_register, register_id, std::int64_t{limit}));
    co_return sessions_of(found);
}

Task<Result<std::vector<DrawerMovement>>> movements_of_drawer(Context& cx, std::int64_t session_id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::movements_of_session, session_id));
    std::vector<DrawerMovement> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        const Row row(found, i);
        out.push_back({row.integer("id"), row.integer("drawer_session_id"), row.text("kind"), Cents{row.integer("amount_cents")},
                       row.text("reason"), row.optional_text("staff_name"), row.integer("at_ms")});
    }
    co_return out;
}

Task<Result<DrawerSession>> open_drawer(Context& cx, const Opening& opening) {
    const std::int64_t at = cx.now_ms();
    const std::string date = business_date(cx.shop.timezone, at);
    const Value staff = cx.acting_staff();
    std::int64_t id = 0;
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        HELM_CO_TRY(auto open, co_await current_drawer(cx, opening.register_id));
        if (open)
            co_return Error{Code::already_exists,
                            open->register_name + "'s drawer is already open (drawer " + std::to_string(open->id) + "): close it first",
                            "register_id"};
        HELM_CO_TRY(auto next, co_await cx.db.query(sql::next_session_id));
        id = Row(next, 0).integer("id");
        Json after = {{"id", id},
                      {"register_id", opening.register_id},
                      {"business_date", date},
                      {"float_cents", opening.float_amount.value},
                      {"float_counts", opening.counts ? cash_count_json(*opening.counts) : Json(nullptr)}};
        audit::Change change;
        change.statements.push_back({std::string(sql::open_session),
                                     {id, opening.register_id, date, opening.float_amount.value, cash_count_value(opening.counts), staff, at}});
        change.event = {"drawer.open", "drawer_session", std::to_string(id), nullptr, std::move(after)};
        co_return change;
    });
    if (!written) {
        Error e = std::move(written).error();
        // Two clerks opening the same drawer at once: the unique index lets one through.
        if (e.code == Code::already_exists) e = {Code::already_exists, "this register's drawer is already open: close it first", "register_id"};
        co_return e;
    }
    co_return co_await load_drawer(cx, id);
}

Task<Result<DrawerMovement>> record_movement(Context& cx, std::int64_t session_id, const MovementRequest& movement) {
    if (auto ok = check_movement(movement, cx.shop.currency); !ok) co_return std::move(ok).error();
    const std::int64_t at = cx.now_ms();
    const Value staff = cx.acting_staff();
    std::int64_t id = 0;
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        HELM_CO_TRY(auto drawer, co_await load_drawer(cx, session_id));
        if (!drawer.is_open()) co_return not_open(drawer);
        if (movement.kind == "paid_out" && movement.amount > drawer.expected) {
            HELM_CO_TRY(auto settings, co_await load_settings(cx));
            const std::string holds = counted_blind(drawer, settings) ? "less" : "only " + format_money(drawer.expected, cx.shop.currency);
            co_return Error{Code::failed_precondition, "the drawer should hold " + holds + ": it cannot pay out " + format_money(movement.amount, cx.shop.currency),
                            "amount_cents"};
        }
        HELM_CO_TRY(auto next, co_await cx.db.query(sql::next_movement_id));
        id = Row(next, 0).integer("id");
        Json after = {{"id", id}, {"drawer_id", session_id}, {"kind", movement.kind}, {"amount_cents", movement.amount.value},
                      {"reason", movement.reason}};
        audit::Change change;
        change.statements.push_back(
            {std::string(sql::insert_movement), {id, session_id, movement.kind, movement.amount.value, movement.reason, staff, at}});
        change.statements.push_back(expect_changes(1));
        change.event = {"drawer." + movement.kind, "drawer_session", std::to_string(session_id), nullptr, std::move(after)};
        co_return change;
    });
    if (!written) {
        if (is_unmet_expectation(written.error()))
            co_return Error{Code::failed_precondition, "the drawer no longer holds " + format_money(movement.amount, cx.shop.currency) + " to pay out", "amount_cents"};
        co_return in_drawer_terms(std::move(written).error(), session_id);
    }
    HELM_CO_TRY(auto all, co_await movements_of_drawer(cx, session_id));
    for (auto& m : all)
        if (m.id == id) co_return std::move(m);
    co_return Error{Code::internal, "the movement just written is missing", ""};
}

Task<Result<DrawerSession>> close_drawer(Context& cx, std::int64_t session_id, const Closing& closing) {
    const std::int64_t at = cx.now_ms();
    const Value staff = cx.acting_staff();
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        HELM_CO_TRY(auto before, co_await load_drawer(cx, session_id));
        if (!before.is_open())
            co_return Error{Code::conflict, "drawer " + std::to_string(session_id) + " is already closed", "id"};
        // The event shows what the statement will store: every sale and movement is an
        // audited write too, so one landing after this read moves the chain's head and
        // this change is planned again on the new figures.
        DrawerSession after = before;
        after.status = "closed";
        after.closed_at_ms = at;
        after.counted = closing.counted;
        after.counts = closing.counts;
        after.variance = closing.counted - before.expected;
        after.note = closing.note;
        audit::Change change;
        change.statements.push_back({std::string(sql::close_session),
                                     {session_id, staff, at, closing.counted.value, cash_count_value(closing.counts), nullable(closing.note)}});
        change.statements.push_back(expect_changes(1));
        change.event = {"drawer.close", "drawer_session", std::to_string(session_id), drawer_json(before), drawer_json(after)};
        co_return change;
    });
    if (!written) {
        if (is_unmet_expectation(written.error()))
            co_return Error{Code::conflict, "drawer " + std::to_string(session_id) + " was closed meanwhile", "id"};
        co_return std::move(written).error();
    }
    co_return co_await load_drawer(cx, session_id);
}

// The JSON API.

// A drawer as the counter may read it (counted blind while open, unless the shop says).
Task<Result<Json>> drawer_as_shown(Context& cx, const DrawerSession& s) {
    HELM_CO_TRY(auto settings, co_await load_settings(cx));
    co_return drawer_json(s, settings);
}

Task<Response> get_current_drawer(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto register_id, query_number(rq, "register_id", 1, 1, max_safe_integer));
    HELM_CO_TRY(auto drawer, co_await current_drawer(cx, register_id));
    if (!drawer) co_return Response::json(200, {{"drawer", nullptr}, {"movements", Json::array()}});
    HELM_CO_TRY(auto movements, co_await movements_of_drawer(cx, drawer->id));
    HELM_CO_TRY(auto json, co_await drawer_as_shown(cx, *drawer));
    co_return Response::json(200, {{"drawer", std::move(json)}, {"movements", json_array(movements, drawer_movement_json)}});
}

Task<Response> get_drawers(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto register_id, query_number(rq, "register_id", 1, 1, max_safe_integer));
    HELM_CO_TRY(auto limit, query_number(rq, "limit", 20, 1, 200));
    HELM_CO_TRY(auto drawers, co_await recent_drawers(cx, register_id, int(limit)));
    HELM_CO_TRY(auto settings, co_await load_settings(cx));
    Json listed = Json::array();
    for (const auto& d : drawers) listed.push_back(drawer_json(d, settings));
    co_return Response::json(200, {{"drawers", std::move(listed)}});
}

Task<Response> post_drawer(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto opening, opening_from_json(rq.body, cx.shop.currency));
    HELM_CO_TRY(auto drawer, co_await open_drawer(cx, opening));
    HELM_CO_TRY(auto json, co_await drawer_as_shown(cx, drawer));
    co_return Response::json(201, {{"drawer", std::move(json)}});
}

Task<Response> get_drawer(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "drawer"));
    HELM_CO_TRY(auto drawer, co_await load_drawer(cx, id));
    HELM_CO_TRY(auto movements, co_await movements_of_drawer(cx, id));
    HELM_CO_TRY(auto json, co_await drawer_as_shown(cx, drawer));
    co_return Response::json(200, {{"drawer", std::move(json)}, {"movements", json_array(movements, drawer_movement_json)}});
}

Task<Response> post_drawer_movement(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "drawer"));
    HELM_CO_TRY(auto movement, movement_from_json(rq.body, cx.shop.currency));
    HELM_CO_TRY(auto written, co_await record_movement(cx, id, movement));
    HELM_CO_TRY(auto drawer, co_await load_drawer(cx, id));
    HELM_CO_TRY(auto json, co_await drawer_as_shown(cx, drawer));
    co_return Response::json(201, {{"movement", drawer_movement_json(written)}, {"drawer", std::move(json)}});
}

Task<Response> post_drawer_close(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "drawer"));
    HELM_CO_TRY(auto closing, closing_from_json(rq.body, cx.shop.currency));
    HELM_CO_TRY(auto drawer, co_await close_drawer(cx, id, closing));
    co_return Response::json(200, {{"drawer", drawer_json(drawer)}});
}

}  // namespace helm::sales
