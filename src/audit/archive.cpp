#include "audit/archive.hpp"

#include <cstdio>
#include <tuple>

#include "audit/audit.hpp"
#include "audit/audit_sql.hpp"
#include "core/guard.hpp"

namespace helm::audit {
namespace {

// audit/archive/0000000001-0000002000.jsonl: the keys sort in chain order.
std::string stretch_key(std::int64_t from, std::int64_t to) {
    char name[64];
    std::snprintf(name, sizeof name, "%010lld-%010lld.jsonl", static_cast<long long>(from), static_cast<long long>(to));
    return std::string(archive_prefix) + name;
}

}  // namespace

Task<Result<ArchiveReport>> archive_events_before(Context& cx, std::int64_t before_ms) {
    ArchiveReport report;
    for (;;) {
        HELM_CO_TRY(D1Result page, co_await cx.db.query(sql::oldest_but_head, archive_stretch_events));
        std::vector<StoredEvent> stretch;
        for (std::size_t i = 0; i < page.rows.size(); ++i) {
            auto e = event_from_row(Row(page, i));
            if (e.at_ms >= before_ms) break;  // the stretch stays contiguous: it ends at the first young event
            stretch.push_back(std::move(e));
        }
        if (stretch.empty()) co_return report;
        std::string lines;
        for (const auto& e : stretch) lines += archive_line(e) + "\n";
        const auto& first = stretch.front();
        const auto& last = stretch.back();
        const std::string key = stretch_key(first.seq, last.seq);
        const auto bytes = std::int64_t(lines.size());
        HELM_CO_TRY(std::ignore, co_await cx.assets.put(key, Blob(lines.begin(), lines.end()), "application/x-ndjson"));
        const auto count = std::int64_t(stretch.size());
        std::vector<Statement> write;
        write.push_back({std::string(sql::insert_archive_segment), {first.seq, last.seq, first.prev_hash, last.hash, key, bytes, cx.now_ms()}});
        write.push_back({std::string(sql::delete_archived), {first.seq, last.seq}});
        write.push_back(expect_changes(count));
        HELM_CO_TRY(std::ignore, co_await cx.db.batch(std::move(write)));
        ++report.stretches;
        report.events += count;
        report.bytes += bytes;
        if (count < archive_stretch_events) co_return report;
    }
}

}  // namespace helm::audit
