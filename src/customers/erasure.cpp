#include "customers/erasure.hpp"

#include "core/json.hpp"
#include "customers/customers.hpp"
#include "customers/customers_sql.hpp"

namespace helm::customers {

std::vector<Statement> records_merge_statements(std::int64_t from, std::int64_t into, std::int64_t now_ms) {
    std::vector<Statement> out{{std::string(sql::merge_bikes), {from, into, now_ms}}};
    for (const auto& holding : holdings())
        if (holding.on_merge)
            for (auto& s : holding.on_merge(from, into, now_ms)) out.push_back(std::move(s));
    return out;
}

std::vector<Statement> records_erasure_statements(std::int64_t id, const std::string& ids, std::int64_t now_ms) {
    std::vector<Statement> out;
    for (auto erase : sql::erase_records) out.push_back({std::string(erase), {id, now_ms}});
    for (const auto& holding : holdings())
        if (holding.on_erase)
            for (auto& s : holding.on_erase(ids, now_ms)) out.push_back(std::move(s));
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

Task<Result<std::vector<Tombstone>>> erased_customers(Context& cx) {
    HELM_CO_TRY(D1Result erased, co_await cx.db.query(sql::erased_customers));
    std::vector<Tombstone> out;
    for (std::size_t i = 0; i < erased.rows.size(); ++i) {
        Row row(erased, i);
        out.push_back(Tombstone{row.integer("id"), row.integer("erased_at_ms")});
    }
    co_return out;
}

Task<Result<std::vector<std::int64_t>>> not_erased_among(Context& cx, const std::vector<std::int64_t>& ids) {
    Json array = Json::array();
    for (auto id : ids) array.push_back(id);
    HELM_CO_TRY(D1Result back, co_await cx.db.query(sql::not_erased_among, to_text(array)));
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < back.rows.size(); ++i) out.push_back(Row(back, i).integer("id"));
    co_return out;
}

}  // namespace helm::customers
