#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace helm {

// UTC epoch milliseconds -> "2026-11-23T09:30:00.000Z".
std::string iso_utc(std::int64_t epoch_ms);

// "2026-11-23" -> the UTC epoch milliseconds at its start; -1 when it is not such a date.
std::int64_t utc_day_start_ms(std::string_view date);

}  // namespace helm
