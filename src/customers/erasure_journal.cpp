#include "customers/erasure_journal.hpp"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "core/json.hpp"
#include "core/time.hpp"
#include "customers/customers.hpp"
#include "customers/customers_sql.hpp"
#include "ops/backup.hpp"
#include "ops/dump.hpp"
#include "sales/erasure.hpp"
#include "service/erasure.hpp"

namespace helm::customers {
namespace {

std::string tombstone_key(std::int64_t id) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%012lld", static_cast<long long>(id));
    return std::string(tombstone_prefix) + buf;
}

Blob tombstone_body(const Tombstone& t) {
    const auto text = to_text({{"customer_id", t.customer_id}, {"erased_at_ms", t.erased_at_ms}});
    return Blob(text.begin(), text.end());
}

std::optional<Tombstone> tombstone_from(const Blob& body) {
    auto doc = JsonDocument::parse(std::string_view(reinterpret_cast<const char*>(body.data()), body.size()));
    if (!doc) return std::nullopt;
    std::int64_t id = 0, at = 0;
    if (doc->root()["customer_id"].get_int64().get(id) != simdjson::SUCCESS || id <= 0) return std::nullopt;
    if (doc->root()["erased_at_ms"].get_int64().get(at) != simdjson::SUCCESS) at = 0;
    return Tombstone{id, at};
}

Task<Result<std::vector<Tombstone>>> read_tombstones(Context& cx) {
    HELM_CO_TRY(std::vector<std::string> keys, co_await ops::object_keys(cx, std::string(tombstone_prefix)));
    std::vector<Tombstone> out;
    for (const auto& key : keys) {
        HELM_CO_TRY(std::optional<StoredObject> object, co_await cx.assets.get(key));
        if (!object) continue;  // removed meanwhile
        if (auto t = tombstone_from(object->body)) out.push_back(*t);
    }
    co_return out;
}

// journal.sql: every tombstone's replay, written in as literals (ids and times only).
Result<std::string> journal_sql(const std::vector<Tombstone>& tombstones, std::int64_t now_ms) {
    std::string out = "-- Helm erasure journal, written " + iso_utc(now_ms) + ": " + std::to_string(tombstones.size()) +
                      " erased customers. Run it after loading a backup (npm run restore does):\n"
                      "-- each erasure made since that backup is made again.\n";
    for (const auto& t : tombstones)
        for (const auto& statement : replay_statements(t)) {
            HELM_TRY(auto text, ops::inline_parameters(statement));
            out += text + ";\n";
        }
    return out;
}

Task<Status> write_journal(Context& cx, const std::vector<Tombstone>& tombstones) {
    HELM_CO_TRY(std::string text, journal_sql(tombstones, cx.now_ms()));
    HELM_CO_TRY(std::ignore, co_await cx.assets.put(std::string(journal_key), Blob(text.begin(), text.end()), "application/sql"));
    co_return Ok{};
}

Task<Status> put_tombstone_if_missing(Context& cx, const Tombstone& t, bool& written) {
    const auto key = tombstone_key(t.customer_id);
    HELM_CO_TRY(std::optional<StoredObject> existing, co_await cx.assets.get(key));
    written = !existing;
    if (existing) co_return Ok{};  // the first erasure's time stands
    HELM_CO_TRY(std::ignore, co_await cx.assets.put(key, tombstone_body(t), "application/json"));
    co_return Ok{};
}

}  // namespace

std::vector<Statement> records_erasure_statements(std::int64_t id, const std::string& ids, std::int64_t now_ms) {
    std::vector<Statement> out;
    for (auto erase : sql::erase_records) out.push_back({std::string(erase), {id, now_ms}});
    for (auto& s : service::erasure_statements(ids, now_ms)) out.push_back(std::move(s));
    for (auto& s : sales::erasure_statements(ids, now_ms)) out.push_back(std::move(s));
    return out;
}

std::vector<Statement> replay_statements(const Tombstone& t) {
    std::vector<Statement> out{{std::string(sql::erase_family), {t.customer_id, t.erased_at_ms}},
                               {std::string(sql::erase_customer_again), {t.customer_id, t.erased_at_ms}}};
    // Everyone merged into them has a tombstone of their own: this one's id is enough.
    for (auto& s : records_erasure_statements(t.customer_id, "[" + std::to_string(t.customer_id) + "]", t.erased_at_ms))
        out.push_back(std::move(s));
    out.push_back({std::string(sql::optimize_search), {}});
    return out;
}

Task<Status> journal_erasures(Context& cx, const std::vector<std::int64_t>& ids, std::int64_t erased_at_ms) {
    for (auto id : ids) {
        bool written = false;
        HELM_CO_TRY(std::ignore, co_await put_tombstone_if_missing(cx, Tombstone{id, erased_at_ms}, written));
    }
    HELM_CO_TRY(std::vector<Tombstone> all, co_await read_tombstones(cx));
    co_return co_await write_journal(cx, all);
}

Task<Result<JournalSync>> sync_erasure_journal(Context& cx) {
    JournalSync sync;
    HELM_CO_TRY(D1Result erased, co_await cx.db.query(sql::erased_customers));
    for (std::size_t i = 0; i < erased.rows.size(); ++i) {
        Row row(erased, i);
        bool written = false;
        HELM_CO_TRY(std::ignore, co_await put_tombstone_if_missing(cx, Tombstone{row.integer("id"), row.integer("erased_at_ms")}, written));
        sync.written += written ? 1 : 0;
    }
    HELM_CO_TRY(std::vector<Tombstone> all, co_await read_tombstones(cx));
    sync.tombstones = std::int64_t(all.size());
    Json ids = Json::array();
    for (const auto& t : all) {
        ids.push_back(t.customer_id);
        sync.newest_erased_at_ms = std::max(sync.newest_erased_at_ms, t.erased_at_ms);
    }
    HELM_CO_TRY(D1Result back, co_await cx.db.query(sql::not_erased_among, to_text(ids)));
    // Erased again through the erasure itself: audited, its family and bikes with it.
    for (std::size_t i = 0; i < back.rows.size(); ++i) {
        auto again = co_await erase_customer(cx, Row(back, i).integer("id"), std::nullopt);
        if (!again) co_return std::move(again).error();
        ++sync.replayed;
    }
    HELM_CO_TRY(std::ignore, co_await write_journal(cx, all));
    co_return sync;
}

}  // namespace helm::customers
