#include "core/time.hpp"

#include <cstdio>

#include "bindings/platform.hpp"

namespace helm {

std::string iso_utc(std::int64_t epoch_ms) {
    std::int64_t ms = epoch_ms % 1000, secs = epoch_ms / 1000;
    if (ms < 0) ms += 1000, secs -= 1;
    std::int64_t days = secs / 86400, rem = secs % 86400;
    if (rem < 0) rem += 86400, days -= 1;
    // Howard Hinnant's civil_from_days.
    days += 719468;
    std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    std::int64_t doe = days - era * 146097;
    std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    std::int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ", (long long)y, (long long)m,
                  (long long)d, (long long)(rem / 3600), (long long)(rem % 3600 / 60), (long long)(rem % 60),
                  (long long)ms);
    return buf;
}

std::string local_date(std::int64_t epoch_ms, int offset_minutes) {
    return iso_utc(epoch_ms + std::int64_t{offset_minutes} * 60'000).substr(0, 10);
}

std::string business_date(std::string_view timezone, std::int64_t epoch_ms) {
    return local_date(epoch_ms, platform::utc_offset_minutes(timezone, epoch_ms).value_or(0));
}

std::string local_date_time(std::string_view timezone, std::int64_t epoch_ms) {
    const int offset = platform::utc_offset_minutes(timezone, epoch_ms).value_or(0);
    const std::string iso = iso_utc(epoch_ms + std::int64_t{offset} * 60'000);
    return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

std::int64_t local_day_start_ms(std::string_view timezone, std::string_view date) {
    const std::int64_t utc_start = utc_day_start_ms(date);
    if (utc_start < 0) return -1;
    // The offset at UTC midnight gives a first guess; the offset at that guess is the one
    // in force at local midnight (clocks change in the small hours, never twice a day).
    const auto offset_at = [&](std::int64_t at) { return std::int64_t{platform::utc_offset_minutes(timezone, at).value_or(0)} * 60'000; };
    return utc_start - offset_at(utc_start - offset_at(utc_start));
}

std::int64_t utc_day_start_ms(std::string_view date) {
    auto digits = [&](std::size_t at, std::size_t n) {
        std::int64_t v = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (date[i] < '0' || date[i] > '9') return std::int64_t{-1};
            v = v * 10 + (date[i] - '0');
        }
        return v;
    };
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return -1;
    const std::int64_t y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
    if (y < 1970 || m < 1 || m > 12 || d < 1) return -1;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    constexpr int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d > month_days[m - 1] + (m == 2 && leap ? 1 : 0)) return -1;
    // Howard Hinnant's days_from_civil.
    const std::int64_t yy = m <= 2 ? y - 1 : y;
    const std::int64_t era = yy / 400, yoe = yy - era * 400;
    const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (era * 146097 + doe - 719468) * 86'400'000;
}

}  // namespace helm
