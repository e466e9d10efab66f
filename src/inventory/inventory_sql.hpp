#pragma once
// The statements the inventory module owns: the stock ledger, serialized units, counts.
#include <string_view>

namespace helm::inventory::sql {

// One movement; products.on_hand and the average cost follow by trigger, in the same
// statement, and a shortage (on_hand below zero) aborts the whole batch.
constexpr std::string_view insert_movement =
    "INSERT INTO stock_movements (product_id, quantity, reason, unit_cost_cents, reference, note, serial_unit_id, staff_id, at_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

// ?1 is a JSON array of {product_id, quantity, reason}: inventory::stock_move_statement.
constexpr std::string_view insert_stock_moves =
    "INSERT INTO stock_movements (product_id, quantity, reason, unit_cost_cents, reference, staff_id, at_ms) "
    "SELECT j.value ->> 'product_id', j.value ->> 'quantity', j.value ->> 'reason', "
    "(SELECT average_cost_cents FROM products WHERE id = j.value ->> 'product_id'), ?2, ?3, ?4 FROM json_each(?1) j";

#define HELM_MOVEMENT_COLUMNS                                                                                                  \
    "m.id, m.product_id, m.quantity, m.reason, m.unit_cost_cents, m.reference, m.note, m.serial_unit_id, u.serial, m.staff_id, " \
    "s.display_name AS staff_name, m.at_ms"
constexpr std::string_view movements_of_product =
    "SELECT " HELM_MOVEMENT_COLUMNS " FROM stock_movements m LEFT JOIN serial_units u ON u.id = m.serial_unit_id "
    "LEFT JOIN staff s ON s.id = m.staff_id WHERE m.product_id = ?1 ORDER BY m.id DESC LIMIT ?2";
#undef HELM_MOVEMENT_COLUMNS

// ?5 is a JSON array of serials: every unit of a receipt arrives in one statement, and
// its movements (one per unit, so each unit's history shows where it came from) in another.
constexpr std::string_view insert_units =
    "INSERT INTO serial_units (product_id, serial, status, cost_cents, reference, created_at_ms, updated_at_ms) "
    "SELECT ?1, value, 'in_stock', ?2, ?3, ?4, ?4 FROM json_each(?5)";
constexpr std::string_view insert_unit_movements =
    "INSERT INTO stock_movements (product_id, quantity, reason, unit_cost_cents, reference, note, serial_unit_id, staff_id, at_ms) "
    "SELECT ?1, 1, 'receive', ?2, ?3, ?6, u.id, ?7, ?4 FROM json_each(?5) j JOIN serial_units u ON u.product_id = ?1 AND u.serial = j.value";

// A written-off bike reads as lost or damaged (migrations/0013).
#define HELM_UNIT_COLUMNS                                                                                           \
    "u.id, u.product_id, p.sku, p.name AS product_name, u.serial, coalesce(u.written_off, u.status) AS status, "     \
    "u.cost_cents, u.reference, u.version, u.created_at_ms, u.updated_at_ms"
constexpr std::string_view unit_by_id =
    "SELECT " HELM_UNIT_COLUMNS " FROM serial_units u JOIN products p ON p.id = u.product_id WHERE u.id = ?1";
constexpr std::string_view units_by_ids =
    "SELECT " HELM_UNIT_COLUMNS " FROM serial_units u JOIN products p ON p.id = u.product_id "
    "WHERE u.id IN (SELECT value FROM json_each(?1))";
constexpr std::string_view units_of_product =
    "SELECT " HELM_UNIT_COLUMNS " FROM serial_units u JOIN products p ON p.id = u.product_id WHERE u.product_id = ?1 ORDER BY u.serial";
constexpr std::string_view units_by_serial =
    "SELECT " HELM_UNIT_COLUMNS " FROM serial_units u JOIN products p ON p.id = u.product_id WHERE u.serial = ?1 ORDER BY u.id";
#undef HELM_UNIT_COLUMNS

constexpr std::string_view unit_history =
    "SELECT from_status, to_status, reference, at_ms FROM serial_unit_history WHERE unit_id = ?1 ORDER BY id";

// Moves a unit from the status it was read in: a unit that another request moved
// meanwhile (two sales of one bike) matches no row, and expect_changes(1) aborts. Lost
// and damaged are written off and keep the status beneath; any other move clears it.
constexpr std::string_view move_unit =
    "UPDATE serial_units SET status = CASE WHEN ?2 IN ('lost', 'damaged') THEN status ELSE ?2 END, "
    "written_off = CASE WHEN ?2 IN ('lost', 'damaged') THEN ?2 END, reference = ?3, version = version + 1, updated_at_ms = ?4 "
    "WHERE id = ?1 AND coalesce(written_off, status) = ?5 AND version = ?6";

// What to order: stocked products at or below their reorder point, and how many bring
// them up to their maximum (or back to the point when there is none).
constexpr std::string_view to_reorder =
    "SELECT id, sku, name, on_hand, reorder_min, max(coalesce(reorder_max, reorder_min) - on_hand, 0) AS suggested "
    "FROM products WHERE reorder_min IS NOT NULL AND kind = 'stock' AND active = 1 AND on_hand <= reorder_min "
    "ORDER BY name COLLATE NOCASE LIMIT ?1";

// Where the cached level and the ledger disagree (they should never).
constexpr std::string_view level_mismatches =
    "SELECT p.id, p.sku, p.on_hand, coalesce(sum(m.quantity), 0) AS ledger "
    "FROM products p LEFT JOIN stock_movements m ON m.product_id = p.id GROUP BY p.id HAVING p.on_hand <> ledger";
constexpr std::string_view product_count = "SELECT count(*) AS n FROM products";

// Counts.
constexpr std::string_view insert_count =
    "INSERT INTO stock_counts (id, note, status, started_at_ms) VALUES (?1, ?2, 'open', ?3)";
constexpr std::string_view next_count_id = "SELECT coalesce(max(id), 0) + 1 AS id FROM stock_counts";
constexpr std::string_view count_by_id = "SELECT id, note, status, started_at_ms, posted_at_ms FROM stock_counts WHERE id = ?1";
constexpr std::string_view list_counts =
    "SELECT id, note, status, started_at_ms, posted_at_ms FROM stock_counts ORDER BY id DESC LIMIT 50";
// The variance report: what was counted against what is on hand now.
constexpr std::string_view count_lines =
    "SELECT l.product_id, p.sku, p.name, l.counted, coalesce(l.on_hand_at_post, p.on_hand) AS on_hand, "
    "l.counted - coalesce(l.on_hand_at_post, p.on_hand) AS variance, p.average_cost_cents "
    "FROM stock_count_lines l JOIN products p ON p.id = l.product_id WHERE l.count_id = ?1 ORDER BY p.name COLLATE NOCASE, p.id";
constexpr std::string_view set_count_line =
    "INSERT INTO stock_count_lines (count_id, product_id, counted, counted_at_ms) "
    "SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM stock_counts WHERE id = ?1 AND status = 'open') "
    "ON CONFLICT (count_id, product_id) DO UPDATE SET counted = excluded.counted, counted_at_ms = excluded.counted_at_ms";
// Posting: the count closes (only once), then one movement per product whose count
// differs from on-hand at this moment.
constexpr std::string_view close_count =
    "UPDATE stock_counts SET status = ?2, posted_at_ms = ?3 WHERE id = ?1 AND status = 'open'";
constexpr std::string_view keep_count_expectations =
    "UPDATE stock_count_lines SET on_hand_at_post = (SELECT on_hand FROM products WHERE id = product_id) WHERE count_id = ?1";
constexpr std::string_view post_count_movements =
    "INSERT INTO stock_movements (product_id, quantity, reason, unit_cost_cents, reference, staff_id, at_ms) "
    "SELECT l.product_id, l.counted - l.on_hand_at_post, 'count', p.average_cost_cents, 'count ' || ?1, ?2, ?3 "
    "FROM stock_count_lines l JOIN products p ON p.id = l.product_id WHERE l.count_id = ?1 AND l.counted <> l.on_hand_at_post";

}  // namespace helm::inventory::sql
