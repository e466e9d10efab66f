#include "ops/erasure_journal.hpp"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "core/json.hpp"
#include "core/time.hpp"
#include "customers/customers.hpp"
#include "customers/erasure.hpp"
#include "ops/backup.hpp"
#include "ops/dump.hpp"

namespace helm::ops {

using customers::Tombstone;

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
    HELM_CO_TRY(std::vector<std::string> keys, co_await object_keys(cx, std::string(tombstone_prefix)));
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
        for (const auto& statement : customers::replay_statements(t)) {
            HELM_TRY(auto text, inline_parameters(statement));
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
    HELM_CO_TRY(std::vector<Tombstone> erased, co_await customers::erased_customers(cx));
    for (const auto& t : erased) {
        bool written = false;
        HELM_CO_TRY(std::ignore, co_await put_tombstone_if_missing(cx, t, written));
        sync.written += written ? 1 : 0;
    }
    HELM_CO_TRY(std::vector<Tombstone> all, co_await read_tombstones(cx));
    sync.tombstones = std::int64_t(all.size());
    std::vector<std::int64_t> ids;
    for (const auto& t : all) {
        ids.push_back(t.customer_id);
        sync.newest_erased_at_ms = std::max(sync.newest_erased_at_ms, t.erased_at_ms);
    }
    HELM_CO_TRY(std::vector<std::int64_t> back, co_await customers::not_erased_among(cx, ids));
    // Erased again through the erasure itself: audited, its family and bikes with it.
    for (auto id : back) {
        HELM_CO_TRY(auto again, co_await customers::erase_customer(cx, id, std::nullopt));
        ++sync.replayed;
    }
    HELM_CO_TRY(std::ignore, co_await write_journal(cx, all));
    co_return sync;
}

}  // namespace helm::ops
