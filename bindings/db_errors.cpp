#include "bindings/db_errors.hpp"

#include <algorithm>
#include <iterator>

namespace helm {
namespace {

enum class Source { trigger, check, sqlite };

struct Entry {
    std::string_view code;
    Source source;
    // A CHECK: its name or expression as SQLite reports it; SQLite's own kind: the words its
    // message starts with. A trigger's code is its own key.
    std::string_view match;
    Code status;
    std::string_view field;
    std::string_view message;  // empty: SQLite's own text
};

// What each failure means to a client, wherever no caller knows better. A caller that does
// (the drawer's id, the product's SKU) refines by the code, never by the text.
constexpr Entry table[] = {
    {reason::chain_head_moved, Source::trigger, {}, Code::conflict, "", "audit chain head moved"},
    {reason::audit_append_only, Source::trigger, {}, Code::conflict, "", "audit events are append-only"},
    {reason::audit_not_archived, Source::trigger, {}, Code::conflict, "", "audit events are deleted only once archived"},
    {reason::category_loop, Source::trigger, {}, Code::failed_precondition, "parent_id",
     "a category cannot be moved under itself or its own subcategories"},
    {reason::variant_of_variant, Source::trigger, {}, Code::conflict, "", "a variant cannot be the model of another variant"},
    {reason::stock_append_only, Source::trigger, {}, Code::conflict, "", "stock movements are append-only"},
    {reason::not_stock_item, Source::trigger, {}, Code::conflict, "", "only stock items have stock"},
    {reason::drawer_closed, Source::trigger, {}, Code::failed_precondition, "payments",
     "the cash drawer was closed meanwhile; open it and try again"},
    {reason::sale_immutable, Source::trigger, {}, Code::conflict, "", "completed sales never change"},
    {reason::sale_not_voidable, Source::trigger, {}, Code::conflict, "original_sale_id", "that sale was voided, or has returns, meanwhile"},
    {reason::return_exceeds_sale, Source::trigger, {}, Code::conflict, "returns",
     "another return took these items back meanwhile; nothing was written"},
    {reason::account_append_only, Source::trigger, {}, Code::conflict, "", "account entries are append-only"},
    {reason::work_order_closed, Source::trigger, {}, Code::conflict, "", "the work order is closed"},
    {reason::work_order_invoice_mismatch, Source::trigger, {}, Code::failed_precondition, "work_order_id",
     "an invoiced ticket is paid only by its own invoice, as invoiced (not a deposit, not other lines or amounts); if its prices "
     "changed since, discard its held sale and invoice it again"},
    {reason::refund_over_tender, Source::trigger, {}, Code::conflict, "payments",
     "another refund took what this tender had left meanwhile; nothing was written: refund the rest as store credit"},
    {reason::store_credit_elsewhere, Source::trigger, {}, Code::failed_precondition, "customer_id",
     "store credit goes to the customer the sale was made to"},
    {reason::unit_written_off, Source::trigger, {}, Code::conflict, "status",
     "a unit written off is found before it moves again, and a sold one is never written off"},

    {reason::unmet_expectation, Source::check, "expected_changes", Code::failed_precondition, "",
     "a row this change rests on was changed meanwhile; reload and try again"},
    {reason::stock_short, Source::check, "on_hand >= 0", Code::failed_precondition, "quantity", "there is not that much in stock"},
    {reason::balance_short, Source::check, "balance_cents >= 0", Code::conflict, "payments",
     "not enough left on the account: it was spent meanwhile; nothing was written"},
    {reason::stock_kind_kept, Source::check, "kind = 'stock' OR on_hand = 0", Code::failed_precondition, "kind",
     "a product with stock on hand stays a stock item: count its stock down to zero first"},

    // The message of these is built from the columns SQLite names (see error_from_sql_message).
    {reason::unique, Source::sqlite, "UNIQUE constraint failed: ", Code::already_exists, "", ""},
    {reason::check, Source::sqlite, "CHECK constraint failed: ", Code::failed_precondition, "", ""},
    {reason::foreign_key, Source::sqlite, "FOREIGN KEY constraint failed", Code::failed_precondition, "", ""},
    {reason::not_null, Source::sqlite, "NOT NULL constraint failed", Code::failed_precondition, "", ""},
};

constexpr std::string_view trigger_prefix = "helm:";

const Entry* find(std::string_view code) {
    auto at = std::find_if(std::begin(table), std::end(table), [&](const Entry& e) { return e.code == code; });
    return at == std::end(table) ? nullptr : at;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

}  // namespace

namespace db {

Failure parse_failure(std::string_view message) {
    std::string_view text = message;
    // D1's wrapping: "D1_ERROR: " before SQLite's text, ": SQLITE_<CODE>" (and an
    // " (extended: ...)") after it; the native port adds the same suffix.
    constexpr std::string_view d1_prefix = "D1_ERROR: ";
    if (starts_with(text, d1_prefix)) text.remove_prefix(d1_prefix.size());
    if (auto at = text.rfind(" (extended: SQLITE_"); at != std::string_view::npos) text = text.substr(0, at);
    if (auto at = text.rfind(": SQLITE_"); at != std::string_view::npos) text = text.substr(0, at);

    Failure out{{}, {}, std::string(text)};
    if (starts_with(text, trigger_prefix)) {
        auto rest = text.substr(trigger_prefix.size());
        auto colon = rest.find(':');
        const Entry* e = find(rest.substr(0, colon));
        if (e && e->source == Source::trigger) out.reason = e->code;
        if (colon != std::string_view::npos) out.detail = std::string(rest.substr(colon + 1));
        return out;
    }
    for (const Entry& kind : table) {
        if (kind.source != Source::sqlite || !starts_with(text, kind.match)) continue;
        out.reason = kind.code;
        out.detail = std::string(text.substr(kind.match.size()));
        if (kind.code == reason::check)
            for (const Entry& named : table)
                if (named.source == Source::check && named.match == out.detail) out.reason = named.code;
        return out;
    }
    return out;
}

bool is_trigger_reason(std::string_view code) {
    const Entry* e = find(code);
    return e && e->source == Source::trigger;
}

}  // namespace db

Error error_from_sql_message(std::string_view message) {
    auto failure = db::parse_failure(message);
    if (failure.reason == reason::unique) {
        // "products.sku" (or "t.a, t.b"): the first column is the field.
        std::string_view qualified = failure.detail;
        qualified = qualified.substr(0, qualified.find_first_of(":, "));
        auto dot = qualified.find('.');
        auto field = std::string(dot == std::string_view::npos ? qualified : qualified.substr(dot + 1));
        return {Code::already_exists, field + " is already in use", field, {}, reason::unique};
    }
    if (const Entry* e = find(failure.reason))
        return {e->status, e->message.empty() ? failure.text : std::string(e->message), std::string(e->field), {}, e->code};
    // A constraint no entry names (a trigger's free text): refused, in its own words.
    if (message.find("SQLITE_CONSTRAINT") != std::string_view::npos) return {Code::conflict, failure.text, ""};
    return {Code::unavailable, "database error: " + std::string(message), ""};
}

}  // namespace helm
