#pragma once
// Reading the log back: the API and the Audit screen share one query and its filters.
#include <string>
#include <vector>

#include "audit/audit.hpp"
#include "core/http.hpp"

namespace helm::audit {

struct Filter {
    std::string entity;
    std::string entity_id;
    std::string actor;            // "staff:3"; empty: anyone
    std::string date;             // "2026-11-23", the shop's local day; empty: any day
    std::int64_t before_seq = 0;  // 0: from the newest
    std::int64_t limit = 50;
};

Result<Filter> filter_from(const Request& rq);
Task<Result<std::vector<StoredEvent>>> recent_events(Context& cx, const Filter& filter);

}  // namespace helm::audit
