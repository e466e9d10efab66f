// The synchronous ports, natively: the system clock, getentropy(), and a log sink that
// writes to stderr unless a test or tool installs its own.
#include "bindings/platform.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
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
