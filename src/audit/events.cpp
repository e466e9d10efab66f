#include "audit/events.hpp"

#include <charconv>

#include "audit/audit_sql.hpp"

namespace helm::audit {
namespace {

Result<std::int64_t> whole_number(const Request& rq, std::string_view name, std::int64_t fallback, std::int64_t max) {
    auto text = rq.query_value(name);
    if (text.empty()) return fallback;
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || n < 0 || n > max)
        return invalid(std::string(name), std::string(name) + " must be a whole number up to " + std::to_string(max));
    return n;
}

}  // namespace

Result<Filter> filter_from(const Request& rq) {
    Filter f{rq.query_value("entity"), rq.query_value("entity_id")};
    HELM_TRY(f.before_seq, whole_number(rq, "before", 0, max_safe_integer));
    HELM_TRY(f.limit, whole_number(rq, "limit", 50, 200));
    if (f.limit == 0) return invalid("limit", "limit must be at least 1");
    return f;
}

Task<Result<std::vector<StoredEvent>>> recent_events(Context& cx, const Filter& f) {
    auto found = co_await cx.db.query(sql::recent, f.entity, f.entity_id, f.before_seq, f.limit);
    if (!found) co_return std::move(found).error();
    std::vector<StoredEvent> events;
    for (std::size_t i = 0; i < found->rows.size(); ++i) events.push_back(event_from_row(Row(*found, i)));
    co_return events;
}

}  // namespace helm::audit
