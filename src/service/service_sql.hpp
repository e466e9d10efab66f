#pragma once
// The service department's statements (migrations/0008_service.sql). Every change to a
// work order names the version it was made against: a stale one matches no row and
// expect_changes rolls its batch back.
#include <string_view>

namespace helm::service::sql {

constexpr std::string_view next_work_order_id = "SELECT coalesce(max(id), 0) + 1 AS id FROM work_orders";

#define HELM_WORK_ORDER_COLUMNS                                                                                                \
    "w.id, w.number, w.status, w.customer_id, c.name AS customer_name, c.phone AS customer_phone, c.email AS customer_email, "   \
    "(c.merged_into_id IS NULL AND c.erased_at_ms IS NULL) AS customer_active, w.bike_id, b.make AS bike_make, "                \
    "b.model AS bike_model, b.year AS bike_year, b.colour AS bike_colour, b.frame_serial AS bike_serial, w.dropped_off_at_ms, " \
    "w.promised_date, w.problem, w.dropoff_notes, w.internal_notes, w.customer_notes, w.mechanic_staff_id, "                    \
    "m.display_name AS mechanic_name, w.hook_tag, w.warranty, w.estimate_cents, w.not_to_exceed_cents, w.approved_by, "         \
    "w.approved_at_ms, w.approval_staff_id, w.sale_id, w.completed_at_ms, w.picked_up_at_ms, w.version, w.created_at_ms, "      \
    "w.updated_at_ms "                                                                                                         \
    "FROM work_orders w JOIN customers c ON c.id = w.customer_id LEFT JOIN bikes b ON b.id = w.bike_id "                       \
    "LEFT JOIN staff m ON m.id = w.mechanic_staff_id "
// A ticket is read whole in one batch: its head, lines and history.
constexpr std::string_view work_order_by_id = "SELECT " HELM_WORK_ORDER_COLUMNS "WHERE w.id = ?1";
#undef HELM_WORK_ORDER_COLUMNS
// A custom labor line keeps its own words, price and minutes; the others read the catalog's now.
constexpr std::string_view lines_of_work_order =
    "SELECT l.id, l.kind, l.product_id, p.sku, coalesce(l.description, p.name) AS description, l.quantity, "
    "coalesce(l.unit_price_cents, p.price_cents) AS unit_price_cents, l.product_id IS NULL AS custom, "
    "coalesce(l.standard_minutes, 0) AS minutes, coalesce(p.tax_class_key, 'labor') AS tax_class_key, "
    "coalesce(p.discountable, 1) AS discountable, coalesce(p.on_hand, 0) AS on_hand, so.id AS special_order_id, "
    "so.status AS special_order_status "
    "FROM work_order_lines l LEFT JOIN products p ON p.id = l.product_id LEFT JOIN special_orders so ON so.work_order_line_id = l.id "
    "WHERE l.work_order_id = ?1 ORDER BY l.id";
constexpr std::string_view history_of_work_order =
    "SELECT h.from_status, h.to_status, h.at_ms, h.note, s.display_name AS staff_name "
    "FROM work_order_history h LEFT JOIN staff s ON s.id = h.staff_id WHERE h.work_order_id = ?1 ORDER BY h.id";

constexpr std::string_view insert_work_order =
    "INSERT INTO work_orders (id, number, customer_id, bike_id, status, dropped_off_at_ms, promised_date, problem, dropoff_notes, "
    "internal_notes, customer_notes, mechanic_staff_id, hook_tag, warranty, estimate_cents, not_to_exceed_cents, approved_by, "
    "approved_at_ms, approval_staff_id, version, created_at_ms, updated_at_ms) "
    "VALUES (?1, ?2, ?3, ?4, 'dropped_off', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, 1, ?5, ?5)";
constexpr std::string_view update_work_order =
    "UPDATE work_orders SET bike_id = ?3, promised_date = ?4, problem = ?5, dropoff_notes = ?6, internal_notes = ?7, "
    "customer_notes = ?8, mechanic_staff_id = ?9, hook_tag = ?10, warranty = ?11, estimate_cents = ?12, not_to_exceed_cents = ?13, "
    "approved_by = ?14, approved_at_ms = ?15, approval_staff_id = ?16, version = version + 1, updated_at_ms = ?17 "
    "WHERE id = ?1 AND version = ?2";
// A line's change moves the ticket's version too: two writers on one ticket never cross.
constexpr std::string_view bump_version =
    "UPDATE work_orders SET version = version + 1, updated_at_ms = ?3 WHERE id = ?1 AND version = ?2";
constexpr std::string_view move_status =
    "UPDATE work_orders SET status = ?3, version = version + 1, updated_at_ms = ?4, "
    "completed_at_ms = CASE WHEN ?3 = 'completed' THEN ?4 ELSE completed_at_ms END "
    "WHERE id = ?1 AND version = ?2 AND status = ?5";
constexpr std::string_view insert_history =
    "INSERT INTO work_order_history (work_order_id, from_status, to_status, staff_id, at_ms, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

// The invoice as put on the register (migrations/0012_money_rules.sql): only a sale of
// these lines and this total picks the ticket up. Invoicing again replaces it.
constexpr std::string_view record_invoice =
    "INSERT INTO work_order_invoices (work_order_id, total_cents, lines_json, created_at_ms) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (work_order_id) DO UPDATE SET total_cents = excluded.total_cents, lines_json = excluded.lines_json, "
    "created_at_ms = excluded.created_at_ms";

constexpr std::string_view insert_line =
    "INSERT INTO work_order_lines (work_order_id, kind, product_id, description, quantity, unit_price_cents, standard_minutes, "
    "staff_id, created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
// Right after insert_line, in the same batch: the special order names the line just written.
constexpr std::string_view insert_special_order =
    "INSERT INTO special_orders (product_id, quantity, customer_id, work_order_id, work_order_line_id, status, created_at_ms, "
    "updated_at_ms) VALUES (?1, ?2, ?3, ?4, last_insert_rowid(), 'open', ?5, ?5)";
constexpr std::string_view release_line_special_order =
    "UPDATE special_orders SET status = 'released', work_order_line_id = NULL, updated_at_ms = ?2 WHERE work_order_line_id = ?1";
constexpr std::string_view delete_line = "DELETE FROM work_order_lines WHERE id = ?1 AND work_order_id = ?2";
constexpr std::string_view release_special_orders =
    "UPDATE special_orders SET status = 'released', updated_at_ms = ?2 WHERE work_order_id = ?1 AND status <> 'released'";

// One "ready for pickup" message waiting per ticket, however often it is completed.
constexpr std::string_view queue_message =
    "INSERT INTO outbox (customer_id, work_order_id, template, channel, body, status, created_at_ms, updated_at_ms) "
    "SELECT ?1, ?2, ?3, ?4, ?5, 'queued', ?6, ?6 "
    "WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE work_order_id = ?2 AND template = ?3 AND status = 'queued')";
constexpr std::string_view outbox_of_work_order =
    "SELECT id, customer_id, work_order_id, template, channel, body, status, created_at_ms FROM outbox WHERE work_order_id = ?1 "
    "ORDER BY id";

// The board's cards. The open ones come through the partial index work_orders_open.
#define HELM_CARD_COLUMNS                                                                                                      \
    "SELECT w.id, w.version, w.number, w.status, w.customer_id, w.bike_id, c.name AS customer_name, "                          \
    "nullif(trim(coalesce(b.make, '') || ' ' || coalesce(b.model, '')), '') AS bike_label, w.promised_date, "                  \
    "m.display_name AS mechanic_name, w.hook_tag, w.warranty, w.problem, "                                                     \
    "(SELECT coalesce(sum(l.standard_minutes * l.quantity), 0) FROM work_order_lines l "                                       \
    " WHERE l.work_order_id = w.id AND l.kind = 'labor') AS labor_minutes "                                                    \
    "FROM work_orders w JOIN customers c ON c.id = w.customer_id LEFT JOIN bikes b ON b.id = w.bike_id "                       \
    "LEFT JOIN staff m ON m.id = w.mechanic_staff_id "
constexpr std::string_view open_cards =
    HELM_CARD_COLUMNS "WHERE w.status NOT IN ('picked_up', 'cancelled') ORDER BY coalesce(w.promised_date, '9999-12-31'), w.id LIMIT ?1";
// A search: ?1 a ticket's id (0: none), ?2 customers' ids as a JSON array, ?3 a frame serial.
constexpr std::string_view found_cards =
    HELM_CARD_COLUMNS "WHERE w.id = ?1 OR w.customer_id IN (SELECT value FROM json_each(?2)) "
    "OR w.bike_id IN (SELECT id FROM bikes WHERE frame_serial = ?3) ORDER BY w.id DESC LIMIT ?4";
constexpr std::string_view cards_of_customer = HELM_CARD_COLUMNS "WHERE w.customer_id = ?1 ORDER BY w.id DESC";
constexpr std::string_view cards_of_bike = HELM_CARD_COLUMNS "WHERE w.bike_id = ?1 ORDER BY w.id DESC";
// A mechanic's work still to do: not yet invoiced.
constexpr std::string_view cards_of_mechanic =
    HELM_CARD_COLUMNS "WHERE w.mechanic_staff_id = ?1 AND w.status NOT IN ('invoiced', 'picked_up', 'cancelled') "
    "ORDER BY coalesce(w.promised_date, '9999-12-31'), w.id";
#undef HELM_CARD_COLUMNS

// Labor minutes promised per mechanic and day, for the days from ?1 to ?2.
constexpr std::string_view workshop_load =
    "SELECT w.mechanic_staff_id, m.display_name AS mechanic_name, w.promised_date, count(*) AS tickets, "
    "coalesce(sum((SELECT coalesce(sum(l.standard_minutes * l.quantity), 0) FROM work_order_lines l "
    "              WHERE l.work_order_id = w.id AND l.kind = 'labor')), 0) AS minutes "
    "FROM work_orders w LEFT JOIN staff m ON m.id = w.mechanic_staff_id "
    "WHERE w.status NOT IN ('invoiced', 'picked_up', 'cancelled') AND w.promised_date BETWEEN ?1 AND ?2 "
    "GROUP BY w.mechanic_staff_id, w.promised_date ORDER BY m.display_name IS NULL, m.display_name, w.promised_date";

}  // namespace helm::service::sql
