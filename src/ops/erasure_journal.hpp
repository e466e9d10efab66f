#pragma once
// The erasure journal: every erased customer's id (a tombstone, no personal data) kept in
// the shop's R2 beside the backups, so that an erasure outlives every backup taken
// before it. A restore replays the journal (docs/runbooks/restore.md), and the daily job
// replays it too: an erased customer never comes back from an older backup. What the
// replay writes is the erasure's own SQL (customers/erasure.hpp).
//
//   erasures/tombstones/<id, 12 digits>   {"customer_id": 42, "erased_at_ms": ...}
//   erasures/journal.sql                  the replay as SQL, for `wrangler d1 execute --file`
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/context.hpp"
#include "core/task.hpp"

namespace helm::ops {

inline constexpr std::string_view tombstone_prefix = "erasures/tombstones/";
inline constexpr std::string_view journal_key = "erasures/journal.sql";

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

}  // namespace helm::ops
