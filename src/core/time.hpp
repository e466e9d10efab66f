#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace helm {

// UTC epoch milliseconds -> "2026-11-23T09:30:00.000Z".
std::string iso_utc(std::int64_t epoch_ms);

// UTC epoch milliseconds -> the date "2026-11-23" on a wall clock `offset_minutes` east of UTC.
std::string local_date(std::int64_t epoch_ms, int offset_minutes);

// The shop's business date at that instant: its local date in its time zone, so that an
// evening sale never lands on the next day. The zone was checked when the shop was configured.
std::string business_date(std::string_view timezone, std::int64_t epoch_ms);

// The shop's wall clock at that instant, as a person at the counter reads it: "2026-11-23 09:30".
std::string local_date_time(std::string_view timezone, std::int64_t epoch_ms);

// "2026-11-23" -> the instant that day starts on the shop's wall clock, in UTC epoch
// milliseconds; -1 when it is not a date of the calendar.
std::int64_t local_day_start_ms(std::string_view timezone, std::string_view date);

// "2026-11-23" -> the UTC epoch milliseconds at its start; -1 when it is not a date of the
// calendar (2026-02-29 and 2026-04-31 are not; 2028-02-29 is).
std::int64_t utc_day_start_ms(std::string_view date);

}  // namespace helm
