#pragma once
// Why a database statement failed, by code, in one table (db_errors.cpp). A trigger raises
// RAISE(ABORT, 'helm:<code>') or 'helm:<code>:<detail>'; a constraint SQLite checks itself
// (UNIQUE, FOREIGN KEY, NOT NULL, CHECK) is classified by SQLite's fixed wording. Both ports
// hand their failure text to error_from_sql_message, and only it reads that text: callers
// tell failures apart by Error::cause, never by the message.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace helm {

namespace reason {
// Raised by triggers (migrations/0022_reason_codes.sql and later).
inline constexpr std::string_view chain_head_moved = "chain_head_moved";
inline constexpr std::string_view audit_append_only = "audit_append_only";
inline constexpr std::string_view audit_not_archived = "audit_not_archived";
inline constexpr std::string_view category_loop = "category_loop";
inline constexpr std::string_view variant_of_variant = "variant_of_variant";
inline constexpr std::string_view stock_append_only = "stock_append_only";
inline constexpr std::string_view not_stock_item = "not_stock_item";
inline constexpr std::string_view drawer_closed = "drawer_closed";
inline constexpr std::string_view sale_immutable = "sale_immutable";
inline constexpr std::string_view sale_not_voidable = "sale_not_voidable";
inline constexpr std::string_view return_exceeds_sale = "return_exceeds_sale";
inline constexpr std::string_view account_append_only = "account_append_only";
inline constexpr std::string_view work_order_closed = "work_order_closed";
inline constexpr std::string_view work_order_invoice_mismatch = "work_order_invoice_mismatch";
inline constexpr std::string_view refund_over_tender = "refund_over_tender";
inline constexpr std::string_view store_credit_elsewhere = "store_credit_elsewhere";
inline constexpr std::string_view unit_written_off = "unit_written_off";
// Named CHECK constraints, by the name or expression SQLite reports.
inline constexpr std::string_view unmet_expectation = "unmet_expectation";  // batch_guard (core/guard.hpp)
inline constexpr std::string_view stock_short = "stock_short";
inline constexpr std::string_view balance_short = "balance_short";
inline constexpr std::string_view stock_kind_kept = "stock_kind_kept";
// SQLite's own constraint kinds, whatever the table.
inline constexpr std::string_view unique = "unique";
inline constexpr std::string_view foreign_key = "foreign_key";
inline constexpr std::string_view not_null = "not_null";
inline constexpr std::string_view check = "check";
}  // namespace reason

namespace db {

// A failure text taken apart: the reason code from the table (empty when the text is none
// of them), the detail after it (a trigger's ':<detail>', a CHECK's expression, a UNIQUE's
// columns), and SQLite's own text with D1's wrapping taken off.
struct Failure {
    std::string_view reason;
    std::string detail;
    std::string text;
};

// Natively the text is SQLite's ("helm:stock_short", "UNIQUE constraint failed: t.c"), to
// which the native port adds ": SQLITE_CONSTRAINT" as D1 does; D1 wraps it as
// "D1_ERROR: <text>: SQLITE_CONSTRAINT", perhaps with " (extended: SQLITE_CONSTRAINT_...)".
Failure parse_failure(std::string_view message);

// A code a trigger may raise: the config test holds every trigger in migrations/ to these.
bool is_trigger_reason(std::string_view code);

}  // namespace db

// Maps a database failure (either port's text) to an Error by the table: its status, field
// and message, with `cause` set to the reason code.
Error error_from_sql_message(std::string_view message);

// Whether the statement failed for this reason: e.g. raised(e, reason::stock_short).
inline bool raised(const Error& e, std::string_view code) { return !e.cause.empty() && e.cause == code; }

}  // namespace helm
