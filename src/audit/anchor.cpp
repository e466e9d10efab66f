#include "audit/anchor.hpp"

#include <tuple>

#include "audit/audit_sql.hpp"
#include "core/json.hpp"
#include "core/time.hpp"

namespace helm::audit {
namespace {

std::optional<Anchor> anchor_from(std::string_view text) {
    const Json j = Json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("seq") || !j["seq"].is_number_integer() || !j.contains("hash") || !j["hash"].is_string())
        return std::nullopt;
    Anchor a{j["seq"].get<std::int64_t>(), j["hash"].get<std::string>(), 0};
    if (j.contains("at_ms") && j["at_ms"].is_number_integer()) a.at_ms = j["at_ms"].get<std::int64_t>();
    if (a.seq < 1) return std::nullopt;
    return a;
}

std::string anchor_text(std::int64_t seq, const std::string& hash, std::int64_t at_ms) {
    return to_text({{"seq", seq}, {"hash", hash}, {"at_ms", at_ms}});
}

}  // namespace

std::string tail_problem(const Anchor& anchor, std::int64_t last_seq) {
    if (last_seq >= anchor.seq) return {};
    return "the chain ends at event " + std::to_string(last_seq) + " but event " + std::to_string(anchor.seq) +
           " was anchored at " + iso_utc(anchor.at_ms) + ": the newest events were cut";
}

Task<Result<std::vector<Anchor>>> read_anchors(Context& cx) {
    std::vector<Anchor> out;
    HELM_CO_TRY(std::optional<std::string> kept, co_await cx.kv.get(std::string(anchor_kv_key)));
    if (kept)
        if (auto a = anchor_from(*kept)) out.push_back(*a);
    HELM_CO_TRY(std::optional<StoredObject> stored, co_await cx.assets.get(std::string(anchor_r2_key)));
    if (stored)
        if (auto a = anchor_from(std::string_view(reinterpret_cast<const char*>(stored->body.data()), stored->body.size())))
            out.push_back(*a);
    co_return out;
}

Task<Result<Anchoring>> anchor_head(Context& cx) {
    Anchoring out;
    HELM_CO_TRY(D1Result head, co_await cx.db.query(sql::head));
    if (head.rows.empty()) co_return out;
    const std::int64_t seq = Row(head, 0).integer("seq");
    const std::string hash = Row(head, 0).text("hash");
    HELM_CO_TRY(std::vector<Anchor> anchors, co_await read_anchors(cx));
    for (const auto& a : anchors) {
        if (auto cut = tail_problem(a, seq); !cut.empty()) {
            out.problem = std::move(cut);
            co_return out;
        }
        // An event archived since is no longer in D1: verify checks it against its stretch.
        HELM_CO_TRY(D1Result at, co_await cx.db.query(sql::hash_of_event, a.seq));
        if (!at.rows.empty() && Row(at, 0).text("hash") != a.hash) {
            out.problem = "event " + std::to_string(a.seq) + " no longer hashes to its anchor of " + iso_utc(a.at_ms);
            co_return out;
        }
    }
    const std::string text = anchor_text(seq, hash, cx.now_ms());
    HELM_CO_TRY(std::ignore, co_await cx.kv.put(std::string(anchor_kv_key), text));
    HELM_CO_TRY(std::ignore, co_await cx.assets.put(std::string(anchor_r2_key), Blob(text.begin(), text.end()), "application/json"));
    out.seq = seq;
    co_return out;
}

}  // namespace helm::audit
