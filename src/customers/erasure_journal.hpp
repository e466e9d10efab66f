#pragma once
// The erasure journal: every erased customer's id (a tombstone, no personal data) kept in
// the shop's R2 beside the backups, so that an erasure outlives every backup taken
// before it. A restore replays the journal (docs/runbooks/restore.md), and the daily job
// replays it too: an erased customer never comes back from an older backup.
//
//   erasures/tombstones/<id, 12 digits>   {"customer_id": 42, "erased_at_ms": ...}
//   erasures/journal.sql                  the replay as SQL, for `wrangler d1 execute --file`
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.hpp"
#include "core/task.hpp"

namespace helm::customers {

inline constexpr std::string_view tombstone_prefix = "erasures/tombstones/";
inline constexpr std::string_view journal_key = "erasures/journal.sql";

struct Tombstone {
    std::int64_t customer_id = 0;
    std::int64_t erased_at_ms = 0;
};

// What an erasure of `id` changes beyond the customers themselves: their bikes, and what
// the other modules hold about them (sales, tickets, carts, messages), for `ids` (a JSON
// array: `id` and everyone erased with them). Each matches only what is left to blank, so
// a replay over customers already erased changes nothing.
std::vector<Statement> records_erasure_statements(std::int64_t id, const std::string& ids, std::int64_t now_ms);

// The statements that erase a tombstoned customer again, and everyone merged into them,
// in a database restored from before the erasure: the erasure's own SQL, without the
// version it compared (a restored row has an older one). A customer already erased is
// left as it is.
std::vector<Statement> replay_statements(const Tombstone& t);

// Writes the tombstones of customers just erased (one already there is kept) and the
// journal anew. Called after the erasure's batch landed.
Task<Status> journal_erasures(Context& cx, const std::vector<std::int64_t>& ids, std::int64_t erased_at_ms);

struct JournalSync {
    std::int64_t tombstones = 0;  // in the journal after the sync
    std::int64_t written = 0;     // tombstones added for erasures D1 had and R2 lacked
    std::int64_t replayed = 0;    // customers D1 had back (a restore) and erased again
    std::int64_t newest_erased_at_ms = 0;  // the latest erasure journaled (0: none)
};
// The daily job's half of the journal: D1's erased customers all get a tombstone, every
// tombstoned customer D1 holds un-erased is erased again (audited, as customer.erase), and
// journal.sql is rewritten.
Task<Result<JournalSync>> sync_erasure_journal(Context& cx);

}  // namespace helm::customers
