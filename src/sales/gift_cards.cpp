#include "sales/gift_cards.hpp"

#include <tuple>

#include "bindings/platform.hpp"
#include "core/guard.hpp"
#include "sales/sales_sql.hpp"

namespace helm::sales {

std::string masked_card_code(std::string_view code) {
    if (code.size() <= 4) return "…";
    return "…" + std::string(code.substr(code.size() - 4));
}

std::string card_code(std::string_view code, CardCodes codes) {
    return codes == CardCodes::shown ? std::string(code) : masked_card_code(code);
}

std::string new_card_code() {
    static constexpr std::string_view alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::uint8_t raw[16];
    platform::fill_random(raw, sizeof raw);
    std::string out;
    for (auto byte : raw) out += alphabet[byte % 32];  // 256 is a multiple of 32: no bias
    return out;
}

Task<Result<std::int64_t>> reserve_card_lookup(Context& cx, const std::string& field) {
    const std::int64_t now = cx.now_ms();
    const Value device = cx.session ? Value(cx.session->device_id) : Value(nullptr);
    std::vector<Statement> statements;
    statements.push_back({std::string(sql::forget_card_lookups), std::vector<Value>(1, Value(now))});
    std::vector<Value> params;  // no braced lists inside a coroutine (docs/architecture.md)
    params.push_back(device);
    params.push_back(now);
    statements.push_back({std::string(sql::reserve_card_lookup), std::move(params)});
    statements.push_back(expect_changes(1));
    auto reserved = co_await cx.db.batch(std::move(statements));
    if (reserved) co_return (*reserved)[1].meta.last_row_id;
    if (!is_unmet_expectation(reserved.error())) co_return std::move(reserved).error();
    co_return Error{Code::too_many_attempts, "too many gift card codes that match no card from this device: try again in an hour", field};
}

Task<Result<std::string>> code_for_line(Context& cx, const std::optional<std::string>& typed, const std::string& field) {
    if (!typed) co_return new_card_code();
    if (typed->size() >= min_new_card_code) co_return *typed;
    HELM_CO_TRY(auto lookup, co_await reserve_card_lookup(cx, field));
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::gift_card_exists, *typed));
    if (found.rows.empty())
        co_return invalid(field, "a new gift card's code is at least " + std::to_string(min_new_card_code) +
                                     " characters: leave it empty and Helm makes one");
    HELM_CO_TRY(std::ignore, co_await card_lookup_found(cx, lookup));
    co_return *typed;
}

Task<Status> card_lookup_found(Context& cx, std::int64_t reservation) {
    HELM_CO_TRY(auto settled, co_await cx.db.query(sql::card_lookup_found, reservation));
    co_return Ok{};
}

}  // namespace helm::sales
