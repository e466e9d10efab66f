#include "audit/events.hpp"

#include "audit/audit_sql.hpp"
#include "core/fields.hpp"
#include "core/time.hpp"

namespace helm::audit {

Result<Filter> filter_from(const Request& rq) {
    Filter f{rq.query_value("entity"), rq.query_value("entity_id"), rq.query_value("actor"), rq.query_value("date")};
    if (!f.date.empty() && utc_day_start_ms(f.date) < 0) return invalid("date", "a date is written 2026-11-23");
    HELM_TRY(f.before_seq, query_number(rq, "before", 0, 0, max_safe_integer));
    HELM_TRY(f.limit, query_number(rq, "limit", 50, 1, 200));
    return f;
}

Task<Result<std::vector<StoredEvent>>> recent_events(Context& cx, const Filter& f) {
    // The day a person means is the shop's: from its local midnight to the next one.
    std::int64_t day_start = 0, day_end = 0;
    if (!f.date.empty()) {
        day_start = local_day_start_ms(cx.shop.timezone, f.date);
        day_end = local_day_start_ms(cx.shop.timezone, iso_utc(utc_day_start_ms(f.date) + 86'400'000).substr(0, 10));
    }
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::recent, f.entity, f.entity_id, f.before_seq, f.limit, f.actor, day_start, day_end));
    std::vector<StoredEvent> events;
    for (std::size_t i = 0; i < found.rows.size(); ++i) events.push_back(event_from_row(Row(found, i)));
    co_return events;
}

}  // namespace helm::audit
