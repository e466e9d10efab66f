#pragma once
// The audit chain's head, anchored outside D1. The chain proves that no event was changed
// or taken out of its middle, but deleting the newest events leaves a shorter chain that
// still verifies. So every hour the cron writes the head's seq and hash to the shop's KV
// and R2 (two stores, neither of them D1), and audit::verify checks that the chain still
// reaches every anchor and hashes to it there: a cut tail shows, but for the events of the
// last hour at most (written since the newest anchor). What an anchor does and does not
// prove: docs/runbooks/restore.md, "The audit chain's anchor".
//
//   KV  audit:anchor            {"seq": 1234, "hash": "<64 hex>", "at_ms": ...}
//   R2  audit/anchor.json       the same
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.hpp"
#include "core/task.hpp"

namespace helm::audit {

inline constexpr std::string_view anchor_kv_key = "audit:anchor";
inline constexpr std::string_view anchor_r2_key = "audit/anchor.json";

struct Anchor {
    std::int64_t seq = 0;
    std::string hash;
    std::int64_t at_ms = 0;  // when it was written
};

// The anchors KV and R2 hold (none, one or both; one that cannot be read is left out).
Task<Result<std::vector<Anchor>>> read_anchors(Context& cx);

struct Anchoring {
    std::int64_t seq = 0;  // the head anchored now; 0 when nothing was written
    std::string problem;   // why not: D1's chain no longer reaches or matches an anchor
};
// Anchors the chain's head in KV and R2. An anchor never moves back: when D1's chain
// falls short of an anchor or no longer hashes to it, both anchors stay as they are (the
// evidence) and the problem is answered. An empty chain anchors nothing.
Task<Result<Anchoring>> anchor_head(Context& cx);

// What an anchor says of the chain, for verify: empty when `last_seq`, the newest event
// the walk reached, is at or past it.
std::string tail_problem(const Anchor& anchor, std::int64_t last_seq);

}  // namespace helm::audit
