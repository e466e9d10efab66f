#pragma once
#include <string_view>

namespace helm::audit::sql {

constexpr std::string_view head = "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1";
constexpr std::string_view hash_of_event = "SELECT hash FROM audit_events WHERE seq = ?1";

constexpr std::string_view append =
    "INSERT INTO audit_events (seq, at_ms, actor, action, entity, entity_id, request_id, build_version, "
    "before_json, after_json, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

#define HELM_AUDIT_COLUMNS \
    "seq, at_ms, actor, action, entity, entity_id, request_id, build_version, before_json, after_json, prev_hash, hash"

constexpr std::string_view page_from = "SELECT " HELM_AUDIT_COLUMNS " FROM audit_events WHERE seq > ?1 ORDER BY seq LIMIT ?2";

// Newest first, optionally for one entity (?1 = '' for all) or one entity id.
constexpr std::string_view recent =
    "SELECT " HELM_AUDIT_COLUMNS " FROM audit_events "
    "WHERE (?1 = '' OR entity = ?1) AND (?2 = '' OR entity_id = ?2) AND (?3 = 0 OR seq < ?3) "
    "AND (?5 = '' OR actor = ?5) AND (?6 = 0 OR (at_ms >= ?6 AND at_ms < ?7)) "
    "ORDER BY seq DESC LIMIT ?4";

// The oldest events, the newest one aside: the next event must link to it in D1.
constexpr std::string_view oldest_but_head =
    "SELECT " HELM_AUDIT_COLUMNS " FROM audit_events WHERE seq < (SELECT max(seq) FROM audit_events) ORDER BY seq LIMIT ?1";

#undef HELM_AUDIT_COLUMNS

constexpr std::string_view archive_segments =
    "SELECT seq_from, seq_to, first_prev_hash, last_hash, object_key FROM audit_archive_segments ORDER BY seq_from";

constexpr std::string_view insert_archive_segment =
    "INSERT INTO audit_archive_segments (seq_from, seq_to, first_prev_hash, last_hash, object_key, bytes, archived_at_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

constexpr std::string_view delete_archived = "DELETE FROM audit_events WHERE seq BETWEEN ?1 AND ?2";

}  // namespace helm::audit::sql
