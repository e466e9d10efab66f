// Dates typed or sent as "YYYY-MM-DD": a date of the calendar or -1, and a date's start
// writes back as the same date; instants within year 9999 format and read back by day.
#include <cstring>

#include "core/time.hpp"
#include "fuzz.hpp"

using namespace helm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::text(data, size);
    const std::int64_t start = utc_day_start_ms(text);
    fuzz::require(start >= -1, "a day starts at -1 (no date) or later");
    if (start >= 0) {
        fuzz::require(start % 86'400'000 == 0, "a day starts at midnight UTC");
        const std::string iso = iso_utc(start);
        fuzz::require(utc_day_start_ms(iso.substr(0, 10)) == start, "a day's start reads back as the same day");
    }
    if (size >= 8) {
        std::int64_t ms = 0;
        std::memcpy(&ms, data, sizeof ms);
        ms = ms < 0 ? -(ms % 253'402'300'800'000) : ms % 253'402'300'800'000;  // up to 9999-12-31
        const std::string iso = iso_utc(ms);
        fuzz::require(utc_day_start_ms(iso.substr(0, 10)) == ms - ms % 86'400'000, "an instant's day reads back");
        const int offset = int(data[size - 1]) * 7 - 900;  // -15:00 to +14:45 or so
        fuzz::require(local_date(ms, offset).size() == 10, "a local date is YYYY-MM-DD");
    }
    return 0;
}
