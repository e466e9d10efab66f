#pragma once
#include <string_view>

namespace helm::staff::sql {

#define HELM_STAFF_COLUMNS \
    "id, display_name, role_key, pin_hash, pin_salt, pin_iterations, idle_timeout_s, disabled, version, created_at_ms, updated_at_ms"

constexpr std::string_view list_staff = "SELECT " HELM_STAFF_COLUMNS " FROM staff ORDER BY disabled, display_name COLLATE NOCASE, id";
constexpr std::string_view staff_by_id = "SELECT " HELM_STAFF_COLUMNS " FROM staff WHERE id = ?1";
constexpr std::string_view role_exists = "SELECT name FROM roles WHERE key = ?1";
// Every role by rank, with the idle time its staff get when they have none of their own.
constexpr std::string_view list_roles =
    "SELECT r.key, r.name, coalesce(r.idle_timeout_s, st.staff_idle_timeout_s) AS idle_timeout_s "
    "FROM roles r JOIN shop_settings st ON st.id = 1 ORDER BY r.rank";

// For audit::commit_new: a new staff member's id is chosen before the batch.
constexpr std::string_view next_staff_id = "SELECT coalesce(max(id), 0) + 1 AS id FROM staff";
constexpr std::string_view insert_staff =
    "INSERT INTO staff (" HELM_STAFF_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr std::string_view update_staff =
    "UPDATE staff SET display_name = ?2, role_key = ?3, pin_hash = ?4, pin_salt = ?5, pin_iterations = ?6, "
    "idle_timeout_s = ?7, disabled = ?8, version = ?9, updated_at_ms = ?11 WHERE id = ?1 AND version = ?12";

// Every permission for one staff member, as the effective_permissions view resolves it,
// with the role's own answer beside it; screens ('screen' > 'action') first.
constexpr std::string_view effective_permissions =
    "SELECT e.key, e.label, e.kind, e.allowed, e.source, "
    "       EXISTS (SELECT 1 FROM staff s JOIN role_permissions rp ON rp.role_key = s.role_key "
    "               WHERE s.id = e.staff_id AND rp.permission_key = e.key) AS role_allows "
    "FROM effective_permissions e WHERE e.staff_id = ?1 ORDER BY e.kind DESC, e.key";

constexpr std::string_view permission_exists = "SELECT 1 FROM permissions WHERE key = ?1";
constexpr std::string_view set_override =
    "INSERT INTO staff_screen_permissions (staff_id, permission_key, allowed) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (staff_id, permission_key) DO UPDATE SET allowed = excluded.allowed";
constexpr std::string_view clear_override = "DELETE FROM staff_screen_permissions WHERE staff_id = ?1 AND permission_key = ?2";
constexpr std::string_view clear_overrides = "DELETE FROM staff_screen_permissions WHERE staff_id = ?1";

#undef HELM_STAFF_COLUMNS

}  // namespace helm::staff::sql

namespace helm::staff::sql {
// An owner's recovery finds the owner by name, whatever the case.
constexpr std::string_view owner_by_name =
    "SELECT id FROM staff WHERE role_key = 'owner' AND display_name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1";
}  // namespace helm::staff::sql
