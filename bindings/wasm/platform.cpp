// The synchronous ports inside the Worker: Date.now(), crypto.getRandomValues() and
// console.log(), called straight from the module (they never wait).
#include "bindings/platform.hpp"

#include <emscripten.h>

EM_JS(double, helm_js_now_ms, (), { return Date.now(); });
EM_JS(void, helm_js_random, (unsigned char* into, int size), { crypto.getRandomValues(HEAPU8.subarray(into, into + size)); });
EM_JS(void, helm_js_log, (const char* text, int size), { console.log(UTF8ToString(text, size)); });

namespace helm::platform {

std::int64_t now_ms() { return static_cast<std::int64_t>(helm_js_now_ms()); }

void fill_random(std::uint8_t* into, std::size_t size) { helm_js_random(into, int(size)); }

void log_line(std::string_view json) { helm_js_log(json.data(), int(json.size())); }

}  // namespace helm::platform
