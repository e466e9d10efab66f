#pragma once
// The statements of the cash drawer and the Z report.
#include <string_view>

namespace helm::sales::sql {

// What a drawer session `s` should hold: its float, plus the cash that stayed from every
// payment into it (a refund's is negative), plus paid in, minus paid out. One expression
// for the screens' "expected so far" and for the close, so the two never disagree.
#define HELM_CASH_KEPT(s) \
    "(SELECT coalesce(sum(p.amount_cents), 0) FROM sale_payments p WHERE p.tender = 'cash' AND p.drawer_session_id = " s ".id)"
#define HELM_PAID_IN_OUT(s)                                                                                                   \
    "(SELECT coalesce(sum(CASE m.kind WHEN 'paid_in' THEN m.amount_cents WHEN 'paid_out' THEN -m.amount_cents ELSE 0 END), 0) " \
    "FROM drawer_movements m WHERE m.drawer_session_id = " s ".id)"
#define HELM_EXPECTED_CASH(s) "(" s ".float_cents + " HELM_CASH_KEPT(s) " + " HELM_PAID_IN_OUT(s) ")"

// A session with its running figures. Each figure is a subquery on the session's own
// rows (by index), so a list of sessions reads only what it shows.
#define HELM_SESSION_SELECT                                                                                                       \
    "SELECT s.id, s.register_id, r.name AS register_name, s.status, s.business_date, s.float_cents, s.float_counts_json, "      \
    "o.display_name AS opened_by, s.opened_at_ms, c.display_name AS closed_by, s.closed_at_ms, s.expected_cents, "               \
    "s.counted_cents, s.counts_json, s.variance_cents, s.note, "                                                                 \
    "(SELECT coalesce(sum(p.amount_cents), 0) FROM sale_payments p WHERE p.tender = 'cash' AND p.drawer_session_id = s.id "       \
    "AND p.amount_cents > 0) AS cash_sales_cents, "                                                                              \
    "(SELECT coalesce(sum(p.amount_cents), 0) FROM sale_payments p WHERE p.tender = 'cash' AND p.drawer_session_id = s.id "       \
    "AND p.amount_cents < 0) AS cash_refunds_cents, "                                                                            \
    "(SELECT coalesce(sum(m.amount_cents), 0) FROM drawer_movements m WHERE m.drawer_session_id = s.id AND m.kind = 'paid_in') " \
    "AS paid_in_cents, "                                                                                                         \
    "(SELECT coalesce(sum(m.amount_cents), 0) FROM drawer_movements m WHERE m.drawer_session_id = s.id AND m.kind = 'paid_out') "\
    "AS paid_out_cents, "                                                                                                        \
    "(SELECT count(*) FROM drawer_movements m WHERE m.drawer_session_id = s.id AND m.kind = 'no_sale') AS no_sales, "             \
    HELM_EXPECTED_CASH("s") " AS expected_now_cents "                                                                            \
    "FROM drawer_sessions s JOIN registers r ON r.id = s.register_id "                                                           \
    "LEFT JOIN staff o ON o.id = s.opened_by_staff_id LEFT JOIN staff c ON c.id = s.closed_by_staff_id "

constexpr std::string_view session_by_id = HELM_SESSION_SELECT "WHERE s.id = ?1";
constexpr std::string_view open_session_of_register = HELM_SESSION_SELECT "WHERE s.register_id = ?1 AND s.status = 'open'";
constexpr std::string_view sessions_of_register = HELM_SESSION_SELECT "WHERE s.register_id = ?1 ORDER BY s.id DESC LIMIT ?2";
constexpr std::string_view sessions_of_date = HELM_SESSION_SELECT "WHERE s.business_date = ?1 ORDER BY s.register_id, s.id";


constexpr std::string_view next_session_id = "SELECT coalesce(max(id), 0) + 1 AS id FROM drawer_sessions";
// A second open drawer for the register fails on drawer_sessions_one_open_per_register.
constexpr std::string_view open_session =
    "INSERT INTO drawer_sessions (id, register_id, status, business_date, float_cents, float_counts_json, opened_by_staff_id, "
    "opened_at_ms) VALUES (?1, ?2, 'open', ?3, ?4, ?5, ?6, ?7)";

// Closes an open session with what was counted. The expected cash is worked out in this
// very statement, so a sale that lands between reading the drawer and closing it is in
// the sum (or, after the close, refused by the drawer's trigger); a session closed
// meanwhile matches no row and expect_changes(1) rolls the batch back.
constexpr std::string_view close_session =
    "UPDATE drawer_sessions SET status = 'closed', closed_by_staff_id = ?2, closed_at_ms = ?3, counted_cents = ?4, "
    "counts_json = ?5, note = ?6, expected_cents = e.expected, variance_cents = ?4 - e.expected "
    "FROM (SELECT s.id, " HELM_EXPECTED_CASH("s") " AS expected FROM drawer_sessions s WHERE s.id = ?1) AS e "
    "WHERE drawer_sessions.id = e.id AND drawer_sessions.status = 'open'";

constexpr std::string_view next_movement_id = "SELECT coalesce(max(id), 0) + 1 AS id FROM drawer_movements";
// A paid-out takes no more than the drawer should hold at that moment (checked in the
// statement, as the close is); the trigger refuses any movement on a closed drawer.
constexpr std::string_view insert_movement =
    "INSERT INTO drawer_movements (id, drawer_session_id, kind, amount_cents, reason, staff_id, at_ms) "
    "SELECT ?1, s.id, ?3, ?4, ?5, ?6, ?7 FROM drawer_sessions s WHERE s.id = ?2 AND (?3 <> 'paid_out' OR " HELM_EXPECTED_CASH("s")
    " >= ?4)";
constexpr std::string_view movements_of_session =
    "SELECT m.id, m.drawer_session_id, m.kind, m.amount_cents, m.reason, st.display_name AS staff_name, m.at_ms "
    "FROM drawer_movements m LEFT JOIN staff st ON st.id = m.staff_id WHERE m.drawer_session_id = ?1 ORDER BY m.id";

#undef HELM_SESSION_SELECT
#undef HELM_EXPECTED_CASH
#undef HELM_PAID_IN_OUT
#undef HELM_CASH_KEPT

// The Z report's figures for one business date, read together in one batch (one
// snapshot). Documents of every kind carry their amounts' signs (a return's and a
// void's are negative), so each sum is the day's net.
constexpr std::string_view z_documents =
    "SELECT kind, count(*) AS n, sum(subtotal_cents) AS subtotal_cents, sum(discount_cents) AS discount_cents, "
    "sum(tax_cents) AS tax_cents, sum(total_cents) AS total_cents FROM sales WHERE business_date = ?1 GROUP BY kind";
// Labor, parts (every other product line) and what is not revenue: money loaded onto a
// gift card or taken as a deposit; with the cost of what was sold (quantity x the average
// cost when sold). Business dates ?1 to ?2: one day for the Z report, a week or a month
// for the period reports (sales/period_report.hpp), so the two never disagree.
constexpr std::string_view z_lines =
    "SELECT CASE WHEN l.kind = 'labor' THEN 'labor' WHEN l.kind IN ('gift_card', 'deposit') THEN 'gift_cards_and_deposits' "
    "ELSE 'parts' END AS part, count(*) AS n, sum(l.base_cents) AS base_cents, sum(l.tax_cents) AS tax_cents, "
    "sum(l.total_cents) AS total_cents, sum(l.quantity * l.unit_cost_cents) AS cost_cents "
    "FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.business_date BETWEEN ?1 AND ?2 GROUP BY part";
// By tax and rate as printed: GST 5% on goods and GST 5% on labor are one line. Dates ?1 to ?2.
constexpr std::string_view z_taxes =
    "SELECT t.name, t.rate_ppm, sum(t.base_cents) AS base_cents, sum(t.tax_cents) AS tax_cents "
    "FROM sale_line_taxes t JOIN sale_lines l ON l.id = t.sale_line_id JOIN sales s ON s.id = l.sale_id "
    "WHERE s.business_date BETWEEN ?1 AND ?2 GROUP BY t.name, t.rate_ppm ORDER BY t.name, t.rate_ppm";
constexpr std::string_view z_tenders =
    "SELECT p.tender, count(*) AS n, sum(CASE WHEN p.amount_cents > 0 THEN p.amount_cents ELSE 0 END) AS taken_cents, "
    "sum(CASE WHEN p.amount_cents < 0 THEN p.amount_cents ELSE 0 END) AS refunded_cents, sum(p.amount_cents) AS net_cents "
    "FROM sale_payments p JOIN sales s ON s.id = p.sale_id WHERE s.business_date = ?1 GROUP BY p.tender ORDER BY p.tender";

constexpr std::string_view next_z_id = "SELECT coalesce(max(id), 0) + 1 AS id FROM z_reports";
constexpr std::string_view insert_z =
    "INSERT INTO z_reports (id, business_date, report_json, staff_id, created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5)";
#define HELM_Z_SELECT \
    "SELECT z.id, z.business_date, z.report_json, st.display_name AS created_by, z.created_at_ms FROM z_reports z LEFT JOIN staff st ON st.id = z.staff_id "
constexpr std::string_view z_by_id = HELM_Z_SELECT "WHERE z.id = ?1";
constexpr std::string_view z_by_date = HELM_Z_SELECT "WHERE z.business_date = ?1";
constexpr std::string_view z_recent = HELM_Z_SELECT "ORDER BY z.id DESC LIMIT ?1";
#undef HELM_Z_SELECT

}  // namespace helm::sales::sql
