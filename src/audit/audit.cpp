#include "audit/audit.hpp"

#include <iterator>

#include "audit/anchor.hpp"
#include "audit/audit_sql.hpp"
#include "bindings/db_errors.hpp"
#include "core/hex.hpp"
#include "core/sha256.hpp"
#include "core/time.hpp"

namespace helm::audit {
namespace {

// Enough for every clerk in a shop saving at the same instant; each lost race costs
// one read and one refused batch.
constexpr int max_attempts = 100;
constexpr std::int64_t verify_page = 500;


Statement append_statement(const StoredEvent& e) {
    return {std::string(sql::append),
            {e.seq, e.at_ms, e.actor, e.action, e.entity, e.entity_id, e.request_id, e.build_version,
             nullable(e.before_json), nullable(e.after_json), e.prev_hash, e.hash}};
}

std::optional<std::string> image(const Json& row) {
    if (row.is_null()) return std::nullopt;
    return to_text(row);
}

bool head_moved(const Error& e) { return raised(e, reason::chain_head_moved); }

std::string hash_of(const StoredEvent& e) { return sha256_hex(e.prev_hash + canonical(e)); }

}  // namespace

std::string canonical(const StoredEvent& e) {
    Json j = Json::object();  // nlohmann's object keeps its keys sorted
    j["seq"] = e.seq;
    j["at_ms"] = e.at_ms;
    j["actor"] = e.actor;
    j["action"] = e.action;
    j["entity"] = e.entity;
    j["entity_id"] = e.entity_id;
    j["request_id"] = e.request_id;
    j["build_version"] = e.build_version;
    j["before"] = e.before_json ? Json(*e.before_json) : Json(nullptr);
    j["after"] = e.after_json ? Json(*e.after_json) : Json(nullptr);
    j["prev_hash"] = e.prev_hash;
    return to_text(j);
}

StoredEvent event_from_row(const Row& row) {
    StoredEvent e;
    e.seq = row.integer("seq");
    e.at_ms = row.integer("at_ms");
    e.actor = row.text("actor");
    e.action = row.text("action");
    e.entity = row.text("entity");
    e.entity_id = row.text("entity_id");
    e.request_id = row.text("request_id");
    e.build_version = row.text("build_version");
    e.before_json = row.optional_text("before_json");
    e.after_json = row.optional_text("after_json");
    e.prev_hash = row.text("prev_hash");
    e.hash = row.text("hash");
    return e;
}

std::string archive_line(const StoredEvent& e) {
    auto text = [](const std::optional<std::string>& t) { return t ? Json(*t) : Json(nullptr); };
    return to_text(Json{{"seq", e.seq},
                        {"at_ms", e.at_ms},
                        {"actor", e.actor},
                        {"action", e.action},
                        {"entity", e.entity},
                        {"entity_id", e.entity_id},
                        {"request_id", e.request_id},
                        {"build_version", e.build_version},
                        {"before_json", text(e.before_json)},
                        {"after_json", text(e.after_json)},
                        {"prev_hash", e.prev_hash},
                        {"hash", e.hash}});
}

std::optional<StoredEvent> event_from_archive_line(std::string_view line) {
    const Json j = Json::parse(line, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    auto integer = [&](const char* key) { return j.contains(key) && j[key].is_number_integer() ? j[key].get<std::int64_t>() : -1; };
    auto text = [&](const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string(); };
    auto optional_text = [&](const char* key) {
        return j.contains(key) && j[key].is_string() ? std::optional<std::string>(j[key].get<std::string>()) : std::nullopt;
    };
    StoredEvent e;
    e.seq = integer("seq");
    e.at_ms = integer("at_ms");
    e.actor = text("actor");
    e.action = text("action");
    e.entity = text("entity");
    e.entity_id = text("entity_id");
    e.request_id = text("request_id");
    e.build_version = text("build_version");
    e.before_json = optional_text("before_json");
    e.after_json = optional_text("after_json");
    e.prev_hash = text("prev_hash");
    e.hash = text("hash");
    if (e.seq < 1 || e.hash.empty()) return std::nullopt;
    return e;
}

Json event_json(const StoredEvent& e) {
    auto parsed = [](const std::optional<std::string>& text) {
        return text ? Json::parse(*text, nullptr, false) : Json(nullptr);
    };
    return {{"seq", e.seq},           {"at_ms", e.at_ms},
            {"actor", e.actor},       {"action", e.action},
            {"entity", e.entity},     {"entity_id", e.entity_id},
            {"request_id", e.request_id}, {"build_version", e.build_version},
            {"before", parsed(e.before_json)}, {"after", parsed(e.after_json)},
            {"prev_hash", e.prev_hash}, {"hash", e.hash}};
}

namespace {

// What commit and commit_new share: the chain's head (with the change's own read, a query
// without parameters, in the same round trip), the change planned on it, and the batch; again on a
// new head when another writer moved it first.
using PlanOnRead = std::function<Task<Result<Change>>(const D1Result* read)>;

std::vector<Statement> head_and(const std::optional<std::string_view>& read) {
    std::vector<Statement> reads{{std::string(sql::head), {}}};
    if (read) reads.push_back({std::string(*read), {}});
    return reads;
}

Task<Result<std::vector<D1Result>>> commit_on_head(Context& cx, std::optional<std::string_view> read, const PlanOnRead& plan) {
    for (int attempt = 0; attempt < max_attempts; ++attempt) {
        HELM_CO_TRY(auto found, co_await cx.db.batch(head_and(read)));
        const D1Result& head = found.front();
        HELM_CO_TRY(auto change, co_await plan(read ? &found.back() : nullptr));

        StoredEvent e;
        e.seq = head.rows.empty() ? 1 : Row(head, 0).integer("seq") + 1;
        e.prev_hash = head.rows.empty() ? std::string(genesis_hash) : Row(head, 0).text("hash");
        e.at_ms = cx.now_ms();
        e.actor = cx.actor;
        e.action = change.event.action;
        e.entity = change.event.entity;
        e.entity_id = change.event.entity_id;
        e.request_id = cx.request_id;
        e.build_version = cx.shop.build.version;
        e.before_json = image(change.event.before);
        e.after_json = image(change.event.after);
        e.hash = hash_of(e);

        // The event goes first: a batch built on a stale head fails on the chain's own
        // check before any of its statements can trip over the winner's rows.
        std::vector<Statement> statements;
        statements.reserve(change.statements.size() + 1);
        statements.push_back(append_statement(e));
        std::move(change.statements.begin(), change.statements.end(), std::back_inserter(statements));
        auto done = co_await cx.db.batch(std::move(statements));
        if (done) {
            done->erase(done->begin());
            co_return std::move(*done);
        }
        if (!head_moved(done.error())) co_return std::move(done).error();
    }
    co_return Error{Code::unavailable, "too many changes at once; try again", ""};
}

}  // namespace

Task<Result<std::vector<D1Result>>> commit(Context& cx, Planner plan) {
    co_return co_await commit_on_head(cx, std::nullopt, [&](const D1Result*) { return plan(); });
}

Task<Result<std::vector<D1Result>>> commit_new(Context& cx, std::string_view next_id_sql,
                                               std::function<Result<Change>(std::int64_t id)> change) {
    co_return co_await commit_on_head(cx, next_id_sql, [&](const D1Result* next) -> Task<Result<Change>> {
        co_return change(Row(*next, 0).integer("id"));
    });
}

namespace verify_detail {

// Follows one event from the one before it; false (with the break recorded) when it does
// not, or when it is anchored outside D1 (audit/anchor.hpp) with another hash.
Task<Result<bool>> follow(Context& cx, const StoredEvent& e, Verification& v, std::string& prev, const std::vector<Anchor>& anchors) {
    const auto expected_seq = v.checked + 1;
    if (e.seq != expected_seq) {
        v.first_broken_seq = expected_seq;
        v.problem = "event " + std::to_string(expected_seq) + " is missing";
        co_return false;
    }
    if (e.prev_hash != prev) {
        v.first_broken_seq = e.seq;
        v.problem = "event " + std::to_string(e.seq) + " does not link to the event before it";
        co_return false;
    }
    if (hash_of(e) != e.hash) {
        v.first_broken_seq = e.seq;
        v.problem = "event " + std::to_string(e.seq) + " was changed after it was written";
        co_return false;
    }
    for (const auto& a : anchors)
        if (a.seq == e.seq && a.hash != e.hash) {
            v.first_broken_seq = e.seq;
            v.problem = "event " + std::to_string(e.seq) + " does not hash to its anchor of " + iso_utc(a.at_ms) + ": the chain was rewritten";
            co_return false;
        }
    prev = e.hash;
    v.checked = e.seq;
    co_return true;
}

// One archived stretch, read back from R2 line by line.
Task<Result<bool>> follow_stretch(Context& cx, const std::string& key, std::int64_t seq_to, Verification& v, std::string& prev,
                                  const std::vector<Anchor>& anchors) {
    HELM_CO_TRY(auto object, co_await cx.assets.get(key));
    const auto broken = [&](std::string problem) {
        v.first_broken_seq = v.checked + 1;
        v.problem = std::move(problem);
        return false;
    };
    if (!object) co_return broken("the archived events from " + std::to_string(v.checked + 1) + " are missing from R2 (" + key + ")");
    const std::string_view text(reinterpret_cast<const char*>(object->body.data()), object->body.size());
    for (std::size_t from = 0; from < text.size();) {
        const auto end = std::min(text.find('\n', from), text.size());
        const auto e = event_from_archive_line(text.substr(from, end - from));
        if (!e) co_return broken("the archived event after " + std::to_string(v.checked) + " cannot be read (" + key + ")");
        HELM_CO_TRY(bool followed, co_await follow(cx, *e, v, prev, anchors));
        if (!followed) co_return false;
        from = end + 1;
    }
    if (v.checked != seq_to) co_return broken("the archived stretch " + key + " ends early, at event " + std::to_string(v.checked));
    co_return true;
}

// The walk reached its end whole: it must reach every anchor too.
Verification at_end(Verification v, const std::vector<Anchor>& anchors) {
    for (const auto& a : anchors)
        if (auto cut = tail_problem(a, v.checked); !cut.empty()) {
            v.first_broken_seq = v.checked + 1;
            v.problem = std::move(cut);
            break;
        }
    return v;
}

}  // namespace verify_detail

Task<Result<Verification>> verify(Context& cx, Walk walk) {
    using namespace verify_detail;
    Verification v;
    std::string prev(genesis_hash);
    HELM_CO_TRY(std::vector<Anchor> anchors, co_await read_anchors(cx));
    HELM_CO_TRY(D1Result stretches, co_await cx.db.query(sql::archive_segments));
    for (std::size_t i = 0; i < stretches.rows.size(); ++i) {
        Row row(stretches, i);
        const auto from = row.integer("seq_from"), to = row.integer("seq_to");
        if (from != v.checked + 1 || row.text("first_prev_hash") != prev) {
            v.first_broken_seq = v.checked + 1;
            v.problem = "the archived events do not follow on from event " + std::to_string(v.checked);
            co_return v;
        }
        if (walk == Walk::from_archive) {
            prev = row.text("last_hash");
            for (const auto& a : anchors)
                if (a.seq == to && a.hash != prev) {
                    v.first_broken_seq = to;
                    v.problem = "the archived event " + std::to_string(to) + " does not hash to its anchor";
                    co_return v;
                }
            v.checked = to;
            continue;
        }
        HELM_CO_TRY(bool followed, co_await follow_stretch(cx, row.text("object_key"), to, v, prev, anchors));
        if (!followed) co_return v;
    }
    for (;;) {
        HELM_CO_TRY(auto page, co_await cx.db.query(sql::page_from, v.checked, verify_page));
        for (std::size_t i = 0; i < page.rows.size(); ++i) {
            HELM_CO_TRY(bool followed, co_await follow(cx, event_from_row(Row(page, i)), v, prev, anchors));
            if (!followed) co_return v;
        }
        if (std::int64_t(page.rows.size()) < verify_page) co_return at_end(std::move(v), anchors);
    }
}

}  // namespace helm::audit
