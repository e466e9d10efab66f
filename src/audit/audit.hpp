#pragma once
// The tamper-evident audit log. Every change to shop data goes through commit(): its
// statements and one audit event are ONE D1 batch, so a change never lands without its
// event (nor the event without the change), and the event is linked into a hash chain:
// hash = SHA-256(prev_hash || canonical JSON of the event).
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.hpp"
#include "core/json.hpp"
#include "core/task.hpp"

namespace helm::audit {

inline constexpr std::string_view genesis_hash = "0000000000000000000000000000000000000000000000000000000000000000";

struct Event {
    std::string action;  // "product.create"
    std::string entity;  // "product"
    std::string entity_id;
    Json before;  // null for a create
    Json after;   // null for a delete
};

// What one audited change writes: its statements, then its event.
struct Change {
    std::vector<Statement> statements;
    Event event;
};

// Builds the change. It is called again when another writer moved the chain's head
// first, so it must read what it depends on afresh on every call.
using Planner = std::function<Task<Result<Change>>()>;

// Writes the change and its event as one batch on the chain's current head, retrying
// on a new head when it raced another writer. Answers the results of the change's own
// statements, in order.
Task<Result<std::vector<D1Result>>> commit(Context& cx, Planner plan);

// A create whose new row's id is chosen before the batch, so that its event can carry
// the whole row: `next_id_sql` answers one row with an "id" column (max(id) + 1), read
// in the same round trip as the chain's head, and `change(id)` builds the insert and its
// event (or refuses). Every write is audited, so two writers that chose the same id also
// built on the same head, and the loser rebuilds.
Task<Result<std::vector<D1Result>>> commit_new(Context& cx, std::string_view next_id_sql,
                                               std::function<Result<Change>(std::int64_t id)> change);

// An event as stored.
struct StoredEvent {
    std::int64_t seq = 0;
    std::int64_t at_ms = 0;
    std::string actor, action, entity, entity_id, request_id, build_version;
    std::optional<std::string> before_json, after_json;
    std::string prev_hash, hash;
};
StoredEvent event_from_row(const Row& row);
// One event as a line of an archived stretch (audit/archive.hpp): every column as stored,
// the before and after images as the exact text that was hashed.
std::string archive_line(const StoredEvent& e);
std::optional<StoredEvent> event_from_archive_line(std::string_view line);
Json event_json(const StoredEvent& e);
// Everything but the hash, as canonical JSON (keys sorted, no spaces): what is hashed.
std::string canonical(const StoredEvent& e);

struct Verification {
    std::int64_t checked = 0;
    std::int64_t first_broken_seq = 0;  // 0 when the chain is whole
    std::string problem;
};
// Walks the chain and reports the first broken link. The whole chain: from genesis
// through every archived stretch in R2 (each read back and re-hashed) into the events in
// D1. From the archive: trusts the archived stretches' recorded ends (D1 only, for the
// nightly check) and re-hashes the events still in D1.
enum class Walk { whole_chain, from_archive };
Task<Result<Verification>> verify(Context& cx, Walk walk = Walk::whole_chain);

}  // namespace helm::audit
