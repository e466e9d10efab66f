#pragma once
// The statements of the register's carts (sale_drafts): the open cart of each register and
// the held ones. Every change names the version it was made on, so two tabs (or two
// clerks) never lose each other's change: a stale one matches no row and expect_changes
// rolls its batch back.
#include <string_view>

namespace helm::sales::sql {

#define HELM_DRAFT_COLUMNS                                                                                        \
    "d.id, d.register_id, d.status, d.label, d.cart_json, d.staff_id, s.display_name AS staff_name, d.version, " \
    "d.created_at_ms, d.updated_at_ms"
constexpr std::string_view draft_by_id =
    "SELECT " HELM_DRAFT_COLUMNS " FROM sale_drafts d LEFT JOIN staff s ON s.id = d.staff_id WHERE d.id = ?1";
constexpr std::string_view open_draft_of_register =
    "SELECT " HELM_DRAFT_COLUMNS " FROM sale_drafts d LEFT JOIN staff s ON s.id = d.staff_id "
    "WHERE d.register_id = ?1 AND d.status = 'open'";
// Held sales of every register, the latest first: a sale held at one counter is resumed at another.
constexpr std::string_view held_drafts =
    "SELECT " HELM_DRAFT_COLUMNS " FROM sale_drafts d LEFT JOIN staff s ON s.id = d.staff_id "
    "WHERE d.status = 'held' ORDER BY d.updated_at_ms DESC, d.id DESC LIMIT ?1";
// Open or held: a work order's held invoice may have been resumed at a register meanwhile.
constexpr std::string_view drafts_of_work_order =
    "SELECT " HELM_DRAFT_COLUMNS " FROM sale_drafts d LEFT JOIN staff s ON s.id = d.staff_id "
    "WHERE d.cart_json ->> '$.work_order_id' = ?1 ORDER BY d.id";
#undef HELM_DRAFT_COLUMNS
constexpr std::string_view held_count = "SELECT count(*) AS n FROM sale_drafts WHERE status = 'held'";

// A register's first change starts its open cart; a second open one for the same register
// (another tab started it meanwhile) fails on sale_drafts_one_open_per_register.
constexpr std::string_view insert_open_draft =
    "INSERT INTO sale_drafts (register_id, status, cart_json, staff_id, version, created_at_ms, updated_at_ms) "
    "VALUES (?1, 'open', ?2, ?3, 1, ?4, ?4)";
constexpr std::string_view insert_held_draft =
    "INSERT INTO sale_drafts (register_id, status, label, cart_json, staff_id, version, created_at_ms, updated_at_ms) "
    "VALUES (?1, 'held', ?2, ?3, ?4, 1, ?5, ?5)";
constexpr std::string_view update_cart =
    "UPDATE sale_drafts SET cart_json = ?3, staff_id = ?4, version = version + 1, updated_at_ms = ?5 "
    "WHERE id = ?1 AND version = ?2 AND status = 'open'";
constexpr std::string_view hold_draft =
    "UPDATE sale_drafts SET status = 'held', label = ?3, staff_id = ?4, version = version + 1, updated_at_ms = ?5 "
    "WHERE id = ?1 AND version = ?2 AND status = 'open'";
// Resuming makes a held cart the open one of the register it is resumed at.
constexpr std::string_view resume_draft =
    "UPDATE sale_drafts SET status = 'open', label = NULL, register_id = ?3, cart_json = ?4, staff_id = ?5, "
    "version = version + 1, updated_at_ms = ?6 WHERE id = ?1 AND version = ?2 AND status = 'held'";
constexpr std::string_view delete_draft = "DELETE FROM sale_drafts WHERE id = ?1 AND version = ?2";

// Cash needs an open drawer; the register says so before the clerk gets to the tender.
constexpr std::string_view open_drawer_of_register =
    "SELECT id FROM drawer_sessions WHERE register_id = ?1 AND status = 'open'";
// A completion that already happened (a double submit after its cart was removed).
constexpr std::string_view sale_id_by_key = "SELECT id FROM sales WHERE idempotency_key = ?1";

}  // namespace helm::sales::sql
