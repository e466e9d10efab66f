// The register's carts (sale_drafts). See drafts.hpp for what is audited and why.
#include "sales/drafts.hpp"

#include <algorithm>

#include "audit/audit.hpp"
#include "core/fields.hpp"
#include "core/guard.hpp"
#include "core/money.hpp"
#include "sales/drafts_sql.hpp"

namespace helm::sales {
namespace {

constexpr std::size_t max_cart_bytes = 65536;  // sale_drafts.cart_json's CHECK
constexpr std::size_t max_label_length = 80;

Error changed_meanwhile() {
    return {Code::conflict, "This sale was changed on another screen meanwhile (held, resumed, completed or edited); it shows as it is now.",
            "version"};
}

// A lost race shows in the batch as an unmet expectation or, for a second open cart of
// one register, as the partial unique index: both mean "someone else changed it first".
Error in_draft_terms(Error e) {
    if (is_unmet_expectation(e) || e.code == Code::already_exists) return changed_meanwhile();
    return e;
}

// A cart the clerk's page showed is gone: held, completed or discarded elsewhere.
Error gone_or(Error e) { return e.code == Code::not_found ? changed_meanwhile() : std::move(e); }

Result<Draft> draft_from_row(const Row& row) {
    Draft d;
    d.id = row.integer("id");
    d.register_id = row.integer("register_id");
    d.status = row.text("status");
    d.label = row.optional_text("label");
    d.staff_name = row.optional_text("staff_name");
    d.version = row.integer("version");
    d.created_at_ms = row.integer("created_at_ms");
    d.updated_at_ms = row.integer("updated_at_ms");
    auto cart = sale_request_from_json(row.text("cart_json"));
    if (!cart) return Error{Code::internal, "held cart " + std::to_string(d.id) + " cannot be read: " + cart.error().message, "draft"};
    d.cart = std::move(*cart);
    d.cart.register_id = d.register_id;
    return d;
}

Result<std::vector<Draft>> drafts_from(const D1Result& found) {
    std::vector<Draft> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        HELM_TRY(auto d, draft_from_row(Row(found, i)));
        out.push_back(std::move(d));
    }
    return out;
}

// What the audit log keeps of a cart: ids and counts. Not its label, which often names a
// customer, and the audit log is never erased.
Json draft_image(const Draft& d) {
    return {{"id", d.id},
            {"register_id", d.register_id},
            {"status", d.status},
            {"version", d.version},
            {"lines", d.cart.lines.size()},
            {"customer_id", d.cart.customer_id ? Json(*d.cart.customer_id) : Json(nullptr)}};
}

std::string cart_text(SaleRequest cart, std::int64_t register_id) {
    cart.register_id = register_id;
    return to_text(sale_request_json(cart));
}

std::vector<Statement> guarded(Statement statement) { return {std::move(statement), expect_changes(1)}; }

std::vector<Statement> update_statements(const Seen& seen, const std::string& json, Value staff, std::int64_t at) {
    return guarded({std::string(sql::update_cart), {seen.draft_id, seen.version, json, staff, at}});
}

Status check_label(const std::optional<std::string>& label) {
    return label ? check_typed_text("label", *label, max_label_length) : Status(Ok{});
}

audit::Change hold_change(const Draft& now, const std::optional<std::string>& label, Value staff, std::int64_t at) {
    Draft after = now;
    after.status = "held";
    after.version = now.version + 1;
    return {guarded({std::string(sql::hold_draft), {now.id, now.version, nullable(label), staff, at}}),
            {"sale_draft.hold", "sale_draft", std::to_string(now.id), draft_image(now), draft_image(after)}};
}

audit::Change resume_change(const Draft& held, const Draft& open, std::int64_t register_id, Value staff, std::int64_t at) {
    std::vector<Statement> statements;
    if (open.id != 0) statements = guarded({std::string(sql::delete_draft), {open.id, open.version}});
    for (auto& s : guarded({std::string(sql::resume_draft),
                            {held.id, held.version, register_id, cart_text(held.cart, register_id), staff, at}}))
        statements.push_back(std::move(s));
    Draft after = held;
    after.status = "open";
    after.register_id = register_id;
    after.version = held.version + 1;
    return {std::move(statements), {"sale_draft.resume", "sale_draft", std::to_string(held.id), draft_image(held), draft_image(after)}};
}

audit::Change discard_change(const Draft& now) {
    return {guarded({std::string(sql::delete_draft), {now.id, now.version}}),
            {"sale_draft.discard", "sale_draft", std::to_string(now.id), draft_image(now), nullptr}};
}

Result<LineRequest*> line_at(SaleRequest& cart, std::int64_t line_no) {
    if (line_no < 1 || line_no > std::int64_t(cart.lines.size()))
        return Error{Code::not_found, "line " + std::to_string(line_no) + " is not in this sale", "line"};
    return &cart.lines[std::size_t(line_no - 1)];
}

}  // namespace

Status add_product(SaleRequest& cart, const catalog::Product& p, std::optional<std::int64_t> serial_unit_id) {
    if (!p.active) return Error{Code::failed_precondition, p.sku + " is no longer sold (inactive)", "code"};
    if (p.kind == "gift_card") return Error{Code::failed_precondition, p.sku + " is a gift card: it is sold with the card's code and amount", "code"};
    if (p.serialized && !serial_unit_id) return invalid("serial_unit_id", p.sku + " has serials: pick which one is sold");
    if (!p.serialized && serial_unit_id) return invalid("serial_unit_id", p.sku + " has no serials");
    if (serial_unit_id) {
        for (const auto& l : cart.lines)
            if (l.serial_unit_id == serial_unit_id) return Error{Code::failed_precondition, "that " + p.sku + " is already in this sale", "serial_unit_id"};
    } else {
        for (auto& l : cart.lines) {
            if (l.product_id != p.id || l.serial_unit_id || l.discount.given() || l.unit_price || l.quantity < 1) continue;
            if (l.quantity >= max_line_quantity) return invalid("quantity", "a line holds at most " + std::to_string(max_line_quantity));
            ++l.quantity;
            return Ok{};
        }
    }
    if (cart.lines.size() >= max_sale_lines)
        return Error{Code::failed_precondition, "a sale holds at most " + std::to_string(max_sale_lines) + " lines", "code"};
    LineRequest line;
    line.product_id = p.id;
    line.serial_unit_id = serial_unit_id;
    cart.lines.push_back(std::move(line));
    return Ok{};
}

Status set_quantity(SaleRequest& cart, std::int64_t line_no, std::int64_t quantity) {
    HELM_TRY(auto line, line_at(cart, line_no));
    if (quantity == 0) return remove_line(cart, line_no);
    if (quantity < 1 || quantity > max_line_quantity)
        return invalid("quantity", "a quantity is from 1 to " + std::to_string(max_line_quantity) + " (0 removes the line)");
    if (line->serial_unit_id && quantity != 1) return invalid("quantity", "a bike with a serial is sold one at a time");
    line->quantity = quantity;
    return Ok{};
}

Status remove_line(SaleRequest& cart, std::int64_t line_no) {
    HELM_TRY(auto line, line_at(cart, line_no));
    cart.lines.erase(cart.lines.begin() + (line - cart.lines.data()));
    return Ok{};
}

Status set_line_price(SaleRequest& cart, std::int64_t line_no, Discount discount, std::optional<Cents> unit_price,
                      std::optional<std::string> reason) {
    HELM_TRY(auto line, line_at(cart, line_no));
    if (unit_price && (unit_price->value < 0 || unit_price->value > max_money.value))
        return invalid("unit_price", "a price is from 0.00 to " + format_cents(max_money));
    if (unit_price && !reason) return invalid("price_reason", "say why the price is overridden");
    if (reason) {
        if (auto ok = check_typed_text("price_reason", *reason, 200); !ok) return ok;
    }
    line->discount = discount;
    line->unit_price = unit_price;
    line->price_reason = unit_price ? std::move(reason) : std::nullopt;
    return Ok{};
}

Result<Discount> discount_from_text(std::string_view field, std::string_view text) {
    const std::string t = trimmed(text);
    Discount d;
    if (t.empty()) return d;
    if (t.back() == '%') {
        // Whole percent and up to four decimals: parts per million, no floating point.
        const std::string number = trimmed(std::string_view(t).substr(0, t.size() - 1));
        const auto dot = number.find('.');
        const std::string whole = number.substr(0, dot), decimals = dot == std::string::npos ? "" : number.substr(dot + 1);
        const auto digits = [](const std::string& s) { return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }); };
        if ((whole.empty() && decimals.empty()) || whole.size() > 3 || decimals.size() > 4 || !digits(whole) || !digits(decimals))
            return invalid(std::string(field), "a discount is a share like 10% or 12.5%, or an amount like 5.00");
        std::int64_t ppm = 0;
        for (char c : whole + decimals + std::string(4 - decimals.size(), '0')) ppm = ppm * 10 + (c - '0');
        if (ppm > ppm_one) return invalid(std::string(field), "a discount is at most 100%");
        d.kind = ppm == 0 ? Discount::Kind::none : Discount::Kind::percent;
        d.value = ppm;
        return d;
    }
    auto amount = parse_cents(t);
    if (!amount) return invalid(std::string(field), "a discount is a share like 10% or 12.5%, or an amount like 5.00");
    if (amount->value > max_money.value) return invalid(std::string(field), "a discount amount is at most " + format_cents(max_money));
    d.kind = amount->value == 0 ? Discount::Kind::none : Discount::Kind::amount;
    d.value = amount->value;
    return d;
}

std::string discount_text(const Discount& d) {
    if (!d.given()) return {};
    if (d.kind == Discount::Kind::amount) return format_cents(Cents{d.value});
    return format_percent(d.value);
}

bool Draft::empty() const { return cart.lines.empty() && !cart.customer_id && !cart.discount.given() && !cart.note; }

Task<Result<Draft>> cart_as_seen(Context& cx, const Seen& seen) {
    if (seen.draft_id == 0) {
        HELM_CO_TRY(auto open, co_await open_cart(cx, seen.register_id));
        if (open.id != 0) co_return changed_meanwhile();  // another tab started this register's cart
        co_return open;
    }
    auto found = co_await load_draft(cx, seen.draft_id);
    if (!found) co_return gone_or(std::move(found).error());
    if (found->status != "open" || found->register_id != seen.register_id || found->version != seen.version) co_return changed_meanwhile();
    co_return std::move(*found);
}

Task<Result<Draft>> open_cart(Context& cx, std::int64_t register_id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::open_draft_of_register, register_id));
    if (found.rows.empty()) {
        Draft none;
        none.register_id = register_id;
        none.cart.register_id = register_id;
        co_return none;
    }
    co_return draft_from_row(Row(found, 0));
}

Task<Result<Draft>> load_draft(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::draft_by_id, id));
    if (found.rows.empty()) co_return Error{Code::not_found, "sale " + std::to_string(id) + " is no longer held or open", "draft"};
    co_return draft_from_row(Row(found, 0));
}

Task<Result<std::vector<Draft>>> held_carts(Context& cx, int limit) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::held_drafts, std::int64_t{limit}));
    co_return drafts_from(found);
}

Task<Result<std::int64_t>> held_count(Context& cx) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::held_count));
    co_return Row(found, 0).integer("n");
}

Task<Result<Draft>> save_cart(Context& cx, const Seen& seen, const SaleRequest& cart) {
    const std::string json = cart_text(cart, seen.register_id);
    if (json.size() > max_cart_bytes) co_return Error{Code::failed_precondition, "this sale has too much in it to keep; complete it first", "draft"};
    const std::int64_t at = cx.now_ms();
    const Value staff = cx.acting_staff();
    Draft saved;
    saved.register_id = seen.register_id;
    saved.cart = cart;
    saved.cart.register_id = seen.register_id;
    saved.staff_name = cx.session ? std::optional<std::string>(cx.session->staff_name) : std::nullopt;
    saved.updated_at_ms = at;
    if (seen.draft_id == 0) {
        auto inserted = co_await cx.db.query(sql::insert_open_draft, seen.register_id, json, staff, at);
        if (!inserted) co_return in_draft_terms(std::move(inserted).error());
        saved.id = inserted->meta.last_row_id;
        saved.version = 1;
        saved.created_at_ms = at;
        co_return saved;
    }
    auto update = update_statements(seen, json, staff, at);
    auto written = co_await cx.db.batch(std::move(update));
    if (!written) co_return in_draft_terms(std::move(written).error());
    saved.id = seen.draft_id;
    saved.version = seen.version + 1;
    co_return saved;
}

Task<Result<Draft>> hold_cart(Context& cx, const Seen& seen, std::optional<std::string> label) {
    if (auto ok = check_label(label); !ok) co_return std::move(ok).error();
    if (seen.draft_id == 0) co_return Error{Code::failed_precondition, "Nothing to hold: the sale is empty.", "draft"};
    const std::int64_t at = cx.now_ms();
    const Value staff = cx.acting_staff();
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        auto now = co_await load_draft(cx, seen.draft_id);
        if (!now) co_return gone_or(std::move(now).error());
        if (now->version != seen.version || now->status != "open" || now->register_id != seen.register_id) co_return changed_meanwhile();
        if (now->empty()) co_return Error{Code::failed_precondition, "Nothing to hold: the sale is empty.", "draft"};
        co_return hold_change(*now, label, staff, at);
    });
    if (!written) co_return in_draft_terms(std::move(written).error());
    co_return co_await load_draft(cx, seen.draft_id);
}

Statement held_cart_statement(const SaleRequest& cart, std::string_view label, Value staff, std::int64_t at) {
    return {std::string(sql::insert_held_draft), {cart.register_id, std::string(label), cart_text(cart, cart.register_id), staff, at}};
}

Task<Result<std::vector<Draft>>> drafts_for_work_order(Context& cx, std::int64_t work_order_id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::drafts_of_work_order, work_order_id));
    co_return drafts_from(found);
}

Task<Result<Draft>> resume_held(Context& cx, std::int64_t held_id, std::int64_t held_version, std::int64_t register_id) {
    HELM_CO_TRY(auto at_register, co_await load_register(cx, register_id));
    const std::int64_t at = cx.now_ms();
    const Value staff = cx.acting_staff();
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        auto held = co_await load_draft(cx, held_id);
        if (!held) co_return gone_or(std::move(held).error());
        if (held->status != "held" || held->version != held_version) co_return changed_meanwhile();
        HELM_CO_TRY(auto open, co_await open_cart(cx, register_id));
        if (!open.empty())
            co_return Error{Code::failed_precondition,
                            at_register.name + " has a sale in progress: hold or discard it before resuming another.", "draft"};
        co_return resume_change(*held, open, register_id, staff, at);
    });
    if (!written) co_return in_draft_terms(std::move(written).error());
    co_return co_await load_draft(cx, held_id);
}

Task<Status> discard_cart(Context& cx, std::int64_t draft_id, std::int64_t version) {
    if (draft_id == 0) co_return Ok{};  // nothing was ever stored
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        auto now = co_await load_draft(cx, draft_id);
        if (!now) co_return gone_or(std::move(now).error());
        if (now->version != version) co_return changed_meanwhile();
        co_return discard_change(*now);
    });
    if (!written) co_return in_draft_terms(std::move(written).error());
    co_return Ok{};
}

Task<Result<std::optional<std::int64_t>>> completed_sale_id(Context& cx, std::string_view idempotency_key) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::sale_id_by_key, std::string(idempotency_key)));
    if (found.rows.empty()) co_return std::optional<std::int64_t>{};
    co_return std::optional<std::int64_t>(Row(found, 0).integer("id"));
}

Task<Result<bool>> drawer_open(Context& cx, std::int64_t register_id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::open_drawer_of_register, register_id));
    co_return !found.rows.empty();
}

}  // namespace helm::sales
