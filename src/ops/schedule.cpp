#include "ops/schedule.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "core/time.hpp"

namespace helm::ops {
namespace {

constexpr std::int64_t day_ms = 86'400'000;

// 1 = Monday ... 7 = Sunday; 1970-01-01 was a Thursday.
int iso_weekday(std::int64_t local_day_start_ms) {
    const std::int64_t days = local_day_start_ms / day_ms;
    return int(((days + 3) % 7 + 7) % 7) + 1;
}

// "backups/daily/2026-11-23.sql.gz" -> "2026-11-23"
std::optional<std::string> date_in_key(std::string_view key) {
    const auto slash = key.rfind('/');
    const auto name = key.substr(slash == std::string_view::npos ? 0 : slash + 1);
    if (name.size() < 10) return std::nullopt;
    const std::string date(name.substr(0, 10));
    if (utc_day_start_ms(date) < 0) return std::nullopt;
    return date;
}

}  // namespace

std::string iso_week(std::string_view date) {
    const std::int64_t start = utc_day_start_ms(date);
    // The week belongs to the year of its Thursday.
    const std::int64_t thursday = start + std::int64_t(4 - iso_weekday(start)) * day_ms;
    const std::string year = iso_utc(thursday).substr(0, 4);
    const std::int64_t week = (thursday - utc_day_start_ms(year + "-01-01")) / day_ms / 7 + 1;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s-W%02lld", year.c_str(), static_cast<long long>(week));
    return buf;
}

std::optional<std::string> due_period(Cadence cadence, std::int64_t epoch_ms, int utc_offset_minutes, int hour) {
    const std::int64_t local_ms = epoch_ms + std::int64_t{utc_offset_minutes} * 60'000;
    const std::string date = iso_utc(local_ms).substr(0, 10);
    const std::int64_t day_start = utc_day_start_ms(date);
    const bool past_hour = local_ms - day_start >= std::int64_t{hour} * 3'600'000;
    switch (cadence) {
        case Cadence::daily:
            if (!past_hour) return std::nullopt;
            return date;
        case Cadence::weekly:
            if (iso_weekday(day_start) == 1 && !past_hour) return std::nullopt;
            return iso_week(date);
        case Cadence::monthly:
            if (date.substr(8, 2) == "01" && !past_hour) return std::nullopt;
            return date.substr(0, 7);
    }
    return std::nullopt;
}

std::vector<std::string> backups_to_prune(const std::vector<std::string>& keys, const Retention& keep) {
    std::map<std::string, std::string, std::greater<>> by_date;  // newest first
    for (const auto& key : keys)
        if (auto date = date_in_key(key)) by_date[*date] = key;
    std::set<std::string> kept;
    int daily = 0;
    std::set<std::string> weeks, months;
    for (const auto& [date, key] : by_date) {
        if (daily < keep.daily) {
            kept.insert(key);
            ++daily;
        }
        // The first (newest) backup seen of a week or month stands for it.
        const auto week = iso_week(date);
        if (!weeks.count(week) && int(weeks.size()) < keep.weekly) {
            weeks.insert(week);
            kept.insert(key);
        } else {
            weeks.insert(week);
        }
        const auto month = date.substr(0, 7);
        if (!months.count(month) && int(months.size()) < keep.monthly) {
            months.insert(month);
            kept.insert(key);
        } else {
            months.insert(month);
        }
    }
    std::vector<std::string> out;
    for (const auto& [date, key] : by_date)
        if (!kept.count(key)) out.push_back(key);
    return out;
}

}  // namespace helm::ops
