// The synchronous ports, natively: the system clock, the system's zoneinfo, getentropy(), and a log sink that
// writes to stderr unless a test or tool installs its own.
#include "bindings/platform.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <unistd.h>

#include "bindings/native/native.hpp"

namespace helm {
namespace {
native::LogSink& sink() {
    static native::LogSink current;
    return current;
}
}  // namespace

namespace native {
LogSink set_log_sink(LogSink next) { return std::exchange(sink(), std::move(next)); }
}  // namespace native

namespace platform {

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void fill_random(std::uint8_t* into, std::size_t size) {
    // getentropy() gives at most 256 bytes a call.
    for (std::size_t done = 0; done < size; done += 256)
        if (getentropy(into + done, std::min<std::size_t>(256, size - done)) != 0) std::abort();  // no entropy: nothing is safe
}

std::optional<int> utc_offset_minutes(std::string_view timezone, std::int64_t epoch_ms) {
    // glibc reads the zone from TZ and quietly takes an unknown one as UTC: check the
    // zone file first. Native code is single-threaded, so swapping TZ is safe here.
    const std::string zone(timezone);
    if (zone.empty() || zone.find("..") != std::string::npos || access(("/usr/share/zoneinfo/" + zone).c_str(), R_OK) != 0)
        return std::nullopt;
    const char* before = std::getenv("TZ");
    const std::string saved = before ? before : "";
    setenv("TZ", zone.c_str(), 1);
    tzset();
    const std::time_t secs = static_cast<std::time_t>(epoch_ms >= 0 ? epoch_ms / 1000 : (epoch_ms - 999) / 1000);
    std::tm local{};
    localtime_r(&secs, &local);
    if (before) setenv("TZ", saved.c_str(), 1); else unsetenv("TZ");
    tzset();
    return static_cast<int>(local.tm_gmtoff / 60);
}

void log_line(std::string_view json) {
    if (sink()) {
        sink()(json);
    } else {
        std::fwrite(json.data(), 1, json.size(), stderr);
        std::fputc('\n', stderr);
    }
}

}  // namespace platform
}  // namespace helm
