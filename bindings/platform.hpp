#pragma once
// The synchronous ports: the clock, randomness and the log line. Each has one
// implementation per platform (bindings/wasm/platform.cpp, bindings/native/platform.cpp).
#include <cstdint>
#include <string>
#include <string_view>

namespace helm::platform {

std::int64_t now_ms();                 // UTC epoch milliseconds
void fill_random(std::uint8_t* into, std::size_t size);  // the platform's CSPRNG
void log_line(std::string_view json);  // one structured line to the platform's log

}  // namespace helm::platform
