#pragma once
#include <cstdint>
#include <string>

namespace helm {

// UTC epoch milliseconds -> "2026-11-23T09:30:00.000Z".
std::string iso_utc(std::int64_t epoch_ms);

}  // namespace helm
