#pragma once
// The audit log's archive. Events older than 90 days leave D1 for the shop's R2 in
// stretches of up to 2,000, each stored as JSON lines exactly as the rows were (hashes
// and all) under audit/archive/, and recorded in audit_archive_segments in the same batch
// as the delete that removes them from audit_events (migrations/0011_audit_archive.sql
// allows no other delete). The newest event always stays: the next one links to it.
// audit::verify walks the chain from genesis through every stretch into D1.
#include <cstdint>
#include <string_view>

#include "core/context.hpp"
#include "core/task.hpp"

namespace helm::audit {

inline constexpr std::int64_t archive_after_ms = 90LL * 86'400'000;
inline constexpr std::int64_t archive_stretch_events = 2000;  // about 2 MB of JSON at most
inline constexpr std::string_view archive_prefix = "audit/archive/";

struct ArchiveReport {
    std::int64_t stretches = 0;
    std::int64_t events = 0;
    std::int64_t bytes = 0;
};

// Archives, oldest first, every event written before `before_ms` but the newest event.
// A stretch written to R2 whose batch then failed is written again, whole, next time.
Task<Result<ArchiveReport>> archive_events_before(Context& cx, std::int64_t before_ms);

}  // namespace helm::audit
