#pragma once
#include <string_view>

namespace helm::auth::sql {

// Everything the gate needs about one device cookie in one query, reading one row: the
// device, and the staff member signed in on it as their device session keeps them
// (migrations 0019, 0021). The copy is good while it is there (any change to who may do
// what clears it) and was made for this staff member; otherwise (CASE reads its ELSE only
// then) the staff row, their role's idle time, their effective permissions and the
// shop's access_version are read afresh, and the gate writes the copy back
// (cache_staff). A disabled staff member reads as no one.
#define HELM_GATE_FRESH "(d.cached_version IS NOT NULL AND d.cached_staff_id IS d.staff_id)"
constexpr std::string_view session_by_token =
    "SELECT d.id, d.email, d.seen_at_ms, d.staff_id AS signed_in_staff_id, d.staff_started_at_ms, d.staff_seen_at_ms, "
    "       CASE WHEN " HELM_GATE_FRESH " THEN d.cached_version ELSE (SELECT access_version FROM shop_settings WHERE id = 1) END "
    "         AS access_version, " HELM_GATE_FRESH " AS fresh, "
    "       CASE WHEN " HELM_GATE_FRESH " THEN d.cached_staff_id "
    "            ELSE (SELECT s.id FROM staff s WHERE s.id = d.staff_id AND s.disabled = 0) END AS staff_id, "
    "       CASE WHEN " HELM_GATE_FRESH " THEN d.cached_staff_name "
    "            ELSE (SELECT s.display_name FROM staff s WHERE s.id = d.staff_id) END AS display_name, "
    "       CASE WHEN " HELM_GATE_FRESH " THEN d.cached_role ELSE (SELECT s.role_key FROM staff s WHERE s.id = d.staff_id) END AS role_key, "
    "       CASE WHEN " HELM_GATE_FRESH " THEN d.cached_idle_timeout_s "
    "            ELSE (SELECT coalesce(s.idle_timeout_s, r.idle_timeout_s, st.staff_idle_timeout_s) FROM staff s "
    "                  LEFT JOIN roles r ON r.key = s.role_key JOIN shop_settings st ON st.id = 1 WHERE s.id = d.staff_id) END AS idle_timeout_s, "
    // The effective_permissions view's answer, read through the role's own rows and the
    // staff member's overrides only (not every permission).
    "       CASE WHEN " HELM_GATE_FRESH " THEN d.cached_permissions ELSE (SELECT group_concat(key, ' ') FROM ("
    "          SELECT rp.permission_key AS key FROM staff s JOIN role_permissions rp ON rp.role_key = s.role_key "
    "          WHERE s.id = d.staff_id AND NOT EXISTS ("
    "            SELECT 1 FROM staff_screen_permissions o WHERE o.staff_id = s.id AND o.permission_key = rp.permission_key "
    "            AND o.allowed = 0) "
    "          UNION SELECT o.permission_key FROM staff_screen_permissions o WHERE o.staff_id = d.staff_id AND o.allowed = 1 "
    "          ORDER BY key)) END AS permissions "
    "FROM device_sessions d "
    "WHERE d.token_hash = ?1 AND d.revoked_at_ms IS NULL AND d.expires_at_ms > ?2";
#undef HELM_GATE_FRESH
// The copy of who is signed in, as of the access_version it was read at; only while the
// same staff member is still signed in on the device, and no change to who may do what
// came between (its trigger cleared the copies: this one would be stale).
constexpr std::string_view cache_staff =
    "UPDATE device_sessions SET cached_version = ?2, cached_staff_id = ?3, cached_staff_name = ?4, cached_role = ?5, "
    "cached_idle_timeout_s = ?6, cached_permissions = ?7 WHERE id = ?1 AND staff_id IS ?3 "
    "AND ?2 = (SELECT access_version FROM shop_settings WHERE id = 1)";

// The touches are conditional so that a stale request never undoes a newer PIN sign-in.
constexpr std::string_view renew_device = "UPDATE device_sessions SET seen_at_ms = ?2, expires_at_ms = ?3 WHERE id = ?1";
constexpr std::string_view staff_seen =
    "UPDATE device_sessions SET staff_seen_at_ms = ?2 WHERE id = ?1 AND staff_started_at_ms = ?3";
constexpr std::string_view staff_ended =
    "UPDATE device_sessions SET staff_id = NULL, staff_started_at_ms = NULL, staff_seen_at_ms = NULL "
    "WHERE id = ?1 AND staff_started_at_ms = ?2";

// Sign-in (layer 1).
// Only while fewer than ?6 attempts wait (expire_attempts ran first in the batch), so
// anonymous starts cannot grow the table; expect_changes(1) follows.
constexpr std::string_view expire_attempts = "DELETE FROM sign_in_attempts WHERE created_at_ms <= ?1";
constexpr std::string_view insert_attempt =
    "INSERT INTO sign_in_attempts (state_hash, nonce, code_verifier, return_to, created_at_ms) "
    "SELECT ?1, ?2, ?3, ?4, ?5 WHERE (SELECT count(*) FROM sign_in_attempts) < ?6";
// Consumed by the first callback that presents the state: a replay finds nothing.
constexpr std::string_view take_attempt =
    "DELETE FROM sign_in_attempts WHERE state_hash = ?1 AND created_at_ms > ?2 RETURNING nonce, code_verifier, return_to";
constexpr std::string_view allowlisted = "SELECT id, email, issuer, subject FROM allowlist WHERE email = ?1";
constexpr std::string_view bind_entry =
    "UPDATE allowlist SET issuer = ?2, subject = ?3, bound_at_ms = ?4 WHERE id = ?1 AND issuer IS NULL";
constexpr std::string_view insert_device =
    "INSERT INTO device_sessions (id, token_hash, allowlist_id, email, user_agent, created_at_ms, seen_at_ms, expires_at_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)";
constexpr std::string_view revoke_by_token =
    "UPDATE device_sessions SET revoked_at_ms = ?2, staff_id = NULL, staff_started_at_ms = NULL, staff_seen_at_ms = NULL "
    "WHERE token_hash = ?1 AND revoked_at_ms IS NULL";

// PINs (layer 2). A try is reserved before the PIN is checked, and only while fewer than
// five unproven tries fall in the last minute and no lock holds: five tries that were
// not right within 60 s lock the staff member for 5 minutes from the fifth. ?4 (lock_state:
// ?3) unproven tries, twenty, lock the PIN until the owner sets a new one: a right PIN or
// the owner forgives them, nothing else does.
#define HELM_LOCKED_AT(now)                                                                                   \
    "EXISTS (SELECT 1 FROM pin_attempts a WHERE a.staff_id = ?1 AND a.outcome = 'pending' "                  \
    "AND a.at_ms > " now " - 300000 AND (SELECT count(*) FROM pin_attempts b WHERE b.staff_id = ?1 "          \
    "AND b.outcome = 'pending' AND b.at_ms BETWEEN a.at_ms - 60000 AND a.at_ms) >= 5)"
constexpr std::string_view reserve_pin_try =
    "INSERT INTO pin_attempts (staff_id, device_session_id, at_ms) SELECT ?1, ?2, ?3 "
    "WHERE NOT " HELM_LOCKED_AT("?3") " AND (SELECT count(*) FROM pin_attempts WHERE staff_id = ?1 "
    "AND outcome = 'pending' AND at_ms > ?3 - 60000) < 5 "
    "AND (SELECT count(*) FROM pin_attempts WHERE staff_id = ?1 AND outcome = 'pending') < ?4";
constexpr std::string_view lock_state =
    "SELECT " HELM_LOCKED_AT("?2") " AS locked, "
    "(SELECT count(*) FROM pin_attempts WHERE staff_id = ?1 AND outcome = 'pending') >= ?3 AS needs_owner, "
    "(SELECT count(*) FROM pin_attempts WHERE staff_id = ?1 AND outcome = 'pending') AS unproven, "
    "(SELECT max(at_ms) FROM pin_attempts WHERE staff_id = ?1 AND outcome = 'pending') + 300000 AS locked_until_ms, "
    "(SELECT count(*) FROM pin_attempts WHERE staff_id = ?1 AND outcome = 'pending' AND at_ms > ?2 - 60000) AS recent";
#undef HELM_LOCKED_AT
constexpr std::string_view pin_try_right = "UPDATE pin_attempts SET outcome = 'right' WHERE id = ?1";
constexpr std::string_view forgive_tries = "UPDATE pin_attempts SET outcome = 'forgiven' WHERE staff_id = ?1 AND outcome = 'pending'";
// For the home screen: active staff locked twice or more since their last right PIN,
// and whether only the owner can let them in now.
constexpr std::string_view pin_trouble =
    "SELECT s.id, s.display_name, count(*) AS unproven, max(a.at_ms) AS last_at_ms FROM pin_attempts a "
    "JOIN staff s ON s.id = a.staff_id AND s.disabled = 0 WHERE a.outcome = 'pending' "
    "GROUP BY s.id, s.display_name HAVING count(*) >= 10 ORDER BY s.display_name COLLATE NOCASE, s.id";
constexpr std::string_view staff_for_pin =
    "SELECT id, display_name, role_key, pin_hash, pin_salt, pin_iterations FROM staff WHERE id = ?1 AND disabled = 0";
constexpr std::string_view active_staff = "SELECT id, display_name FROM staff WHERE disabled = 0 ORDER BY display_name COLLATE NOCASE, id";
constexpr std::string_view staff_signed_in =
    "UPDATE device_sessions SET staff_id = ?2, staff_started_at_ms = ?3, staff_seen_at_ms = ?3 WHERE id = ?1";
constexpr std::string_view staff_signed_out =
    "UPDATE device_sessions SET staff_id = NULL, staff_started_at_ms = NULL, staff_seen_at_ms = NULL WHERE id = ?1";

}  // namespace helm::auth::sql

namespace helm::auth::sql {

// The allowlist and the devices, as Settings shows them.
constexpr std::string_view list_allowlist =
    "SELECT a.id, a.email, a.issuer, a.added_at_ms, a.bound_at_ms, "
    "       (SELECT count(*) FROM device_sessions d WHERE d.allowlist_id = a.id AND d.revoked_at_ms IS NULL "
    "        AND d.expires_at_ms > ?1) AS devices "
    "FROM allowlist a ORDER BY a.email";
constexpr std::string_view allowlist_entry = "SELECT id, email, issuer, added_at_ms, bound_at_ms, 0 AS devices FROM allowlist WHERE id = ?1";
constexpr std::string_view next_allowlist_id = "SELECT coalesce(max(id), 0) + 1 AS id FROM allowlist";
constexpr std::string_view insert_entry = "INSERT INTO allowlist (id, email, added_at_ms) VALUES (?1, ?2, ?3)";
constexpr std::string_view delete_entry = "DELETE FROM allowlist WHERE id = ?1";
// An owner's recovery: the entry is kept or made, and unbound so that the owner's
// (possibly new) account binds at the next sign-in; its old devices are signed out.
constexpr std::string_view recover_entry =
    "INSERT INTO allowlist (email, added_at_ms) VALUES (?1, ?2) "
    "ON CONFLICT (email) DO UPDATE SET issuer = NULL, subject = NULL, bound_at_ms = NULL";
constexpr std::string_view revoke_entry_devices =
    "UPDATE device_sessions SET revoked_at_ms = ?2, staff_id = NULL, staff_started_at_ms = NULL, staff_seen_at_ms = NULL "
    "WHERE allowlist_id = (SELECT id FROM allowlist WHERE email = ?1) AND revoked_at_ms IS NULL";

constexpr std::string_view list_devices =
    "SELECT d.id, d.email, d.user_agent, d.created_at_ms, d.seen_at_ms, d.expires_at_ms, s.display_name AS staff_name "
    "FROM device_sessions d LEFT JOIN staff s ON s.id = d.staff_id "
    "WHERE d.revoked_at_ms IS NULL AND d.expires_at_ms > ?1 ORDER BY d.seen_at_ms DESC";
constexpr std::string_view device_by_id =
    "SELECT id, email FROM device_sessions WHERE id = ?1 AND revoked_at_ms IS NULL";
constexpr std::string_view revoke_device =
    "UPDATE device_sessions SET revoked_at_ms = ?2, staff_id = NULL, staff_started_at_ms = NULL, staff_seen_at_ms = NULL "
    "WHERE id = ?1 AND revoked_at_ms IS NULL";

}  // namespace helm::auth::sql
