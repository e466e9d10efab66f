#pragma once
// The synchronous ports: the clock, the time zone, randomness and the log line. Each has one
// implementation per platform (bindings/wasm/platform.cpp, bindings/native/platform.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace helm::platform {

std::int64_t now_ms();                 // UTC epoch milliseconds
void fill_random(std::uint8_t* into, std::size_t size);  // the platform's CSPRNG
void log_line(std::string_view json);  // one structured line to the platform's log
// The time zone database is the platform's: minutes east of UTC in `timezone` (an IANA
// name such as "America/Vancouver") at that instant, or nullopt for an unknown zone.
std::optional<int> utc_offset_minutes(std::string_view timezone, std::int64_t epoch_ms);

}  // namespace helm::platform
