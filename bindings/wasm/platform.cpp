// The synchronous ports inside the Worker: Date.now(), Intl's time zones,
// crypto.getRandomValues() and console.log(), called straight from the module (they never wait).
#include "bindings/platform.hpp"

#include <emscripten.h>

EM_JS(double, helm_js_now_ms, (), { return Date.now(); });
EM_JS(void, helm_js_random, (unsigned char* into, int size), { crypto.getRandomValues(HEAPU8.subarray(into, into + size)); });
// The zone's wall clock at that instant, read back as if it were UTC, minus the instant.
// An unknown zone answers a value no real offset has. One formatter per zone for the
// isolate's life: building one costs about 100 µs, a sale asks several times.
EM_JS(int, helm_js_utc_offset_minutes, (const char* zone, int size, double ms), {
    try {
        const at = new Date(ms);
        const name = UTF8ToString(zone, size);
        const formats = globalThis.helmZoneFormats || (globalThis.helmZoneFormats = new Map());
        let format = formats.get(name);
        if (!format) {
            format = new Intl.DateTimeFormat("en-US", {
                timeZone: name, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
                hour: "2-digit", minute: "2-digit", second: "2-digit" });
            formats.set(name, format);
        }
        const parts = format.formatToParts(at);
        const part = (type) => Number(parts.find((p) => p.type === type).value);
        const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
        return Math.round((wall - (ms - at.getUTCMilliseconds())) / 60000);
    } catch (e) {
        return 100000;
    }
});
EM_JS(void, helm_js_log, (const char* text, int size), { console.log(UTF8ToString(text, size)); });

namespace helm::platform {

std::int64_t now_ms() { return static_cast<std::int64_t>(helm_js_now_ms()); }

void fill_random(std::uint8_t* into, std::size_t size) { helm_js_random(into, int(size)); }

void log_line(std::string_view json) { helm_js_log(json.data(), int(json.size())); }

std::optional<int> utc_offset_minutes(std::string_view timezone, std::int64_t epoch_ms) {
    const int minutes = helm_js_utc_offset_minutes(timezone.data(), int(timezone.size()), double(epoch_ms));
    if (minutes < -24 * 60 || minutes > 24 * 60) return std::nullopt;
    return minutes;
}

}  // namespace helm::platform
