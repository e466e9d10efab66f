#pragma once
// What a merge and an erasure write beyond the customers row itself: the bikes, and what
// every holding (customers.hpp holdings()) moves or blanks. The erasure's statements are
// also the erasure journal's replay (ops/erasure_journal.hpp), the same SQL whether the
// Worker or wrangler runs it.
#include <cstdint>
#include <string>
#include <vector>

#include "bindings/d1.hpp"
#include "core/context.hpp"
#include "core/task.hpp"

namespace helm::customers {

struct Tombstone {
    std::int64_t customer_id = 0;
    std::int64_t erased_at_ms = 0;
};

// What a merge of `from` into `into` moves to the survivor: the bikes, then each holding's
// rows, in the merge's batch (?1 from, ?2 into, ?3 now in each).
std::vector<Statement> records_merge_statements(std::int64_t from, std::int64_t into, std::int64_t now_ms);

// What an erasure of `id` changes beyond the customers themselves: their bikes, and what
// every holding (customers.hpp) keeps of them, for `ids` (a JSON array: `id` and everyone
// erased with them). Each matches only what is left to blank, so a replay over customers
// already erased changes nothing.
std::vector<Statement> records_erasure_statements(std::int64_t id, const std::string& ids, std::int64_t now_ms);

// The statements that erase a tombstoned customer again, and everyone merged into them,
// in a database restored from before the erasure: the erasure's own SQL, without the
// version it compared (a restored row has an older one). A customer already erased is
// left as it is.
std::vector<Statement> replay_statements(const Tombstone& t);

// Every erasure D1 holds (ids and times only), and of `ids` those D1 holds un-erased (a
// restore brought them back).
Task<Result<std::vector<Tombstone>>> erased_customers(Context& cx);
Task<Result<std::vector<std::int64_t>>> not_erased_among(Context& cx, const std::vector<std::int64_t>& ids);

}  // namespace helm::customers
