#pragma once
// The statements the sales module owns: completed documents, their lines, taxes and
// payments, the accounts they move, and the register's settings.
#include <string_view>

namespace helm::sales::sql {

constexpr std::string_view settings =
    "SELECT prices_include_tax, tax_rounding, discount_limit_ppm, receiptless_returns, show_expected_cash FROM shop_settings WHERE id = 1";
constexpr std::string_view save_settings =
    "UPDATE shop_settings SET prices_include_tax = ?1, tax_rounding = ?2, discount_limit_ppm = ?3, receiptless_returns = ?4, "
    "show_expected_cash = ?5 WHERE id = 1";

constexpr std::string_view next_sale_id = "SELECT coalesce(max(id), 0) + 1 AS id FROM sales";
// A key's document and the digest of the request it was first sent with (NULL before 0012).
constexpr std::string_view sale_by_key = "SELECT id, request_digest FROM sales WHERE idempotency_key = ?1";
constexpr std::string_view register_by_id = "SELECT id, name, auto_print FROM registers WHERE id = ?1";
constexpr std::string_view registers = "SELECT id, name, auto_print FROM registers ORDER BY id";
constexpr std::string_view set_register_printing = "UPDATE registers SET auto_print = ?2 WHERE id = ?1";
// A customer's balances (a gift card is its holder's, not a customer's) and latest documents.
constexpr std::string_view customer_balances =
    "SELECT kind, balance_cents FROM accounts WHERE customer_id = ?1 AND balance_cents > 0 ORDER BY kind";
constexpr std::string_view customer_documents =
    "SELECT id, number, kind, total_cents, business_date FROM sales WHERE customer_id = ?1 ORDER BY id DESC LIMIT ?2";
constexpr std::string_view open_drawer = "SELECT id FROM drawer_sessions WHERE register_id = ?1 AND status = 'open'";
// Gift card look-ups (gift_cards.hpp): a device gets ten codes that match no card an hour.
// The forgetting runs first in the reservation's batch, so the table holds an hour.
constexpr std::string_view forget_card_lookups = "DELETE FROM gift_card_lookups WHERE at_ms <= ?1 - 3600000";
constexpr std::string_view reserve_card_lookup =
    "INSERT INTO gift_card_lookups (device_session_id, at_ms) SELECT ?1, ?2 "
    "WHERE (SELECT count(*) FROM gift_card_lookups WHERE device_session_id IS ?1 AND found = 0 AND at_ms > ?2 - 3600000) < 10";
constexpr std::string_view card_lookup_found = "UPDATE gift_card_lookups SET found = 1 WHERE id = ?1";
// Whether a gift card with this code is on file (a legacy short code loads only then).
constexpr std::string_view gift_card_exists = "SELECT id FROM accounts WHERE kind = 'gift_card' AND code = ?1";

constexpr std::string_view account_balance =
    "SELECT id, balance_cents FROM accounts WHERE kind = ?1 AND (code = ?2 OR customer_id = ?3)";

constexpr std::string_view insert_sale =
    "INSERT INTO sales (id, number, kind, original_sale_id, register_id, staff_id, approved_by_staff_id, customer_id, "
    "tax_exempt_reference, business_date, prices_include_tax, tax_rounding, subtotal_cents, discount_cents, tax_cents, total_cents, "
    "note, reason, idempotency_key, completed_at_ms, work_order_id, request_digest) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)";

// Every line of a document in one statement, from a JSON array; the over-return trigger
// checks each row as it goes in.
constexpr std::string_view insert_lines =
    "INSERT INTO sale_lines (sale_id, line_no, kind, product_id, sku, description, tax_class_key, quantity, list_price_cents, "
    "unit_price_cents, price_override_reason, line_discount_cents, sale_discount_cents, base_cents, tax_cents, total_cents, "
    "unit_cost_cents, serial_unit_id, account_code, returns_line_id) "
    "SELECT ?1, j.value ->> 'line_no', j.value ->> 'kind', j.value ->> 'product_id', j.value ->> 'sku', j.value ->> 'description', "
    "j.value ->> 'tax_class', j.value ->> 'quantity', j.value ->> 'list_price', j.value ->> 'unit_price', j.value ->> 'price_reason', "
    "j.value ->> 'line_discount', j.value ->> 'sale_discount', j.value ->> 'base', j.value ->> 'tax', j.value ->> 'total', "
    "j.value ->> 'unit_cost', j.value ->> 'serial_unit_id', j.value ->> 'account_code', j.value ->> 'returns_line_id' "
    "FROM json_each(?2) j";
constexpr std::string_view insert_line_taxes =
    "INSERT INTO sale_line_taxes (sale_line_id, tax_rate_id, name, rate_ppm, base_cents, tax_cents) "
    "SELECT l.id, j.value ->> 'rate_id', j.value ->> 'name', j.value ->> 'rate_ppm', j.value ->> 'base', j.value ->> 'tax' "
    "FROM json_each(?2) j JOIN sale_lines l ON l.sale_id = ?1 AND l.line_no = j.value ->> 'line_no'";
// An account appears the first time money goes onto it.
constexpr std::string_view open_account =
    "INSERT OR IGNORE INTO accounts (kind, customer_id, code, created_at_ms) VALUES (?1, ?2, ?3, ?4)";
#define HELM_ACCOUNT_ID "(SELECT id FROM accounts WHERE kind = ?2 AND (code = ?3 OR customer_id = ?4))"
constexpr std::string_view insert_account_entry =
    "INSERT INTO account_entries (account_id, sale_id, amount_cents, at_ms) VALUES (" HELM_ACCOUNT_ID ", ?1, ?5, ?6)";
// Cash goes into the register's open drawer; an account tender names its account.
constexpr std::string_view insert_payment =
    "INSERT INTO sale_payments (sale_id, tender, amount_cents, tendered_cents, change_cents, reference, account_id, drawer_session_id) "
    "VALUES (?1, ?7, ?5, ?8, ?9, ?10, CASE WHEN ?2 IS NULL THEN NULL ELSE " HELM_ACCOUNT_ID " END, "
    "CASE WHEN ?7 = 'cash' THEN (SELECT id FROM drawer_sessions WHERE register_id = ?11 AND status = 'open') END)";
#undef HELM_ACCOUNT_ID

// What completed documents moved for a work order: deposit lines paid for it, and the
// deposit tender its invoice took.
constexpr std::string_view work_order_payments =
    "SELECT (SELECT coalesce(sum(l.total_cents), 0) FROM sales s JOIN sale_lines l ON l.sale_id = s.id "
    "        WHERE s.work_order_id = ?1 AND l.kind = 'deposit') AS deposits_paid, "
    "       (SELECT coalesce(sum(p.amount_cents), 0) FROM sales s JOIN sale_payments p ON p.sale_id = s.id "
    "        WHERE s.work_order_id = ?1 AND p.tender = 'deposit') AS deposits_applied";

// What each tender of a sale took and what returns have given back to it since: a gift
// card or an account is a tender of its own (the trigger sale_payments_refund_within_tender
// holds the same line in the refund's batch).
constexpr std::string_view refundable_tenders =
    "SELECT p.tender, p.account_id, a.code AS account_code, sum(p.amount_cents) AS taken_cents, "
    "(SELECT coalesce(-sum(r.amount_cents), 0) FROM sales s JOIN sale_payments r ON r.sale_id = s.id "
    " WHERE s.original_sale_id = ?1 AND r.tender = p.tender AND r.account_id IS p.account_id AND r.amount_cents < 0) AS refunded_cents "
    "FROM sale_payments p LEFT JOIN accounts a ON a.id = p.account_id "
    "WHERE p.sale_id = ?1 AND p.amount_cents > 0 GROUP BY p.tender, p.account_id ORDER BY min(p.id)";

constexpr std::string_view remove_draft = "DELETE FROM sale_drafts WHERE id = ?1 AND version = ?2";

// Reading a document back: its head, lines, taxes and payments in one batch.
#define HELM_SALE_COLUMNS                                                                                                      \
    "s.id, s.number, s.kind, s.original_sale_id, o.number AS original_number, s.register_id, s.staff_id, st.display_name AS staff_name, " \
    "s.approved_by_staff_id, s.customer_id, c.name AS customer_name, s.tax_exempt_reference, s.business_date, s.prices_include_tax, "  \
    "s.tax_rounding, s.subtotal_cents, s.discount_cents, s.tax_cents, s.total_cents, s.note, s.reason, s.completed_at_ms, "          \
    "s.work_order_id, wo.number AS work_order_number, "                                                                        \
    "(SELECT v.id FROM sales v WHERE v.original_sale_id = s.id AND v.kind = 'void') AS voided_by_sale_id, "                         \
    "(SELECT coalesce(sum(p.change_cents), 0) FROM sale_payments p WHERE p.sale_id = s.id) AS change_cents "
#define HELM_SALE_JOINS                                                                                                        \
    "FROM sales s LEFT JOIN sales o ON o.id = s.original_sale_id LEFT JOIN staff st ON st.id = s.staff_id "                    \
    "LEFT JOIN customers c ON c.id = s.customer_id LEFT JOIN work_orders wo ON wo.id = s.work_order_id "
constexpr std::string_view sale_by_id = "SELECT " HELM_SALE_COLUMNS HELM_SALE_JOINS "WHERE s.id = ?1";
constexpr std::string_view sales_listed =
    "SELECT " HELM_SALE_COLUMNS HELM_SALE_JOINS
    "WHERE (?1 = '' OR s.business_date = ?1) AND (?2 = 0 OR s.customer_id = ?2) ORDER BY s.id DESC LIMIT ?3";
#undef HELM_SALE_COLUMNS
#undef HELM_SALE_JOINS
constexpr std::string_view lines_of_sale =
    "SELECT l.id, l.line_no, l.kind, l.product_id, l.sku, l.description, l.tax_class_key, l.quantity, l.list_price_cents, "
    "l.unit_price_cents, l.price_override_reason, l.line_discount_cents, l.sale_discount_cents, l.base_cents, l.tax_cents, "
    "l.total_cents, l.unit_cost_cents, l.serial_unit_id, u.serial, l.account_code, l.returns_line_id, "
    "(SELECT coalesce(-sum(r.quantity), 0) FROM sale_lines r WHERE r.returns_line_id = l.id) AS returned "
    "FROM sale_lines l LEFT JOIN serial_units u ON u.id = l.serial_unit_id WHERE l.sale_id = ?1 ORDER BY l.line_no";
constexpr std::string_view taxes_of_sale =
    "SELECT l.line_no, t.tax_rate_id, t.name, t.rate_ppm, t.base_cents, t.tax_cents "
    "FROM sale_line_taxes t JOIN sale_lines l ON l.id = t.sale_line_id WHERE l.sale_id = ?1 ORDER BY l.line_no, t.tax_rate_id";
// A receipt's number as typed: exactly, or its digits in the register's own format.
constexpr std::string_view sale_by_number = "SELECT id FROM sales WHERE number IN (?1, ?2) LIMIT 1";
// The tenders of the documents a list shows, each once per document, in the order taken.
constexpr std::string_view tenders_listed =
    "SELECT sale_id, tender, min(id) AS first FROM sale_payments WHERE sale_id IN "
    "(SELECT id FROM sales WHERE business_date = ?1 ORDER BY id DESC LIMIT ?2) GROUP BY sale_id, tender ORDER BY sale_id, first";
// The returns, exchanges and void that name a document as their original.
constexpr std::string_view documents_of = "SELECT id, number, kind FROM sales WHERE original_sale_id = ?1 ORDER BY id";
constexpr std::string_view payments_of_sale =
    "SELECT tender, amount_cents, tendered_cents, change_cents, reference FROM sale_payments WHERE sale_id = ?1 ORDER BY id";

}  // namespace helm::sales::sql
