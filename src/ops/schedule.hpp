#pragma once
// When a scheduled job is due, in the shop's own time, and which backups retention keeps:
// pure functions of an instant and the shop's UTC offset at it, so that daylight-saving
// changes are tested against the real zone database.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace helm::ops {

enum class Cadence { daily, weekly, monthly };

// The shop-local period a job of this cadence belongs to at `epoch_ms`, once it is due:
// daily from `hour`:00 local each day ("2026-11-23"), weekly from Monday `hour`:00
// ("2026-W48", the ISO week), monthly from the 1st at `hour`:00 ("2026-11"). Before that
// hour the period is not due yet (nullopt). A trigger that missed the hour (a skipped DST
// hour, an outage) finds the period still due later the same period, and a claimed
// period is never due twice: the caller's UNIQUE (job, period) row decides.
std::optional<std::string> due_period(Cadence cadence, std::int64_t epoch_ms, int utc_offset_minutes, int hour);

// "2026-11-23" -> "2026-W48" (ISO 8601 week-numbering year and week).
std::string iso_week(std::string_view date);

struct Retention {
    int daily = 30;    // the newest N backups
    int weekly = 12;   // plus the newest backup of each of the newest N ISO weeks
    int monthly = 24;  // plus the newest backup of each of the newest N months
    int export_days = 30;  // data exports (ops/export.hpp) are deleted after N days
};
// The object keys of dated backups ("backups/daily/2026-11-23.sql.gz") retention lets go;
// keys without a date are never touched.
std::vector<std::string> backups_to_prune(const std::vector<std::string>& keys, const Retention& keep);

}  // namespace helm::ops
