// Stock counts: the count sheet, its variance report, and posting it to the ledger.
#include "audit/audit.hpp"
#include "core/guard.hpp"
#include "inventory/inventory.hpp"
#include "inventory/inventory_sql.hpp"

namespace helm::inventory {
namespace {

CountSheet sheet_from_row(const Row& row) {
    CountSheet c;
    c.id = row.integer("id");
    c.note = row.optional_text("note");
    c.status = row.text("status");
    c.started_at_ms = row.integer("started_at_ms");
    c.posted_at_ms = row.optional_integer("posted_at_ms");
    return c;
}

Json summary(const CountSheet& c) { return {{"id", c.id}, {"status", c.status}, {"lines", c.lines}}; }

Error not_open(const CountSheet& c) {
    return {Code::failed_precondition, "count " + std::to_string(c.id) + " is " + c.status + ": it can no longer change", "id"};
}

}  // namespace

Json count_json(const CountSheet& c) {
    return {{"id", c.id},
            {"note", c.note ? Json(*c.note) : Json(nullptr)},
            {"status", c.status},
            {"started_at_ms", c.started_at_ms},
            {"posted_at_ms", c.posted_at_ms ? Json(*c.posted_at_ms) : Json(nullptr)},
            {"lines", c.lines}};
}

Task<Result<std::vector<CountSheet>>> list_counts(Context& cx) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::list_counts));
    std::vector<CountSheet> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) out.push_back(sheet_from_row(Row(found, i)));
    co_return out;
}

Task<Result<CountSheet>> load_count(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::count_by_id, id));
    if (found.rows.empty()) co_return Error{Code::not_found, "count " + std::to_string(id) + " not found", "id"};
    CountSheet c = sheet_from_row(Row(found, 0));
    HELM_CO_TRY(auto lines, co_await cx.db.query(sql::count_lines, id));
    for (std::size_t i = 0; i < lines.rows.size(); ++i) {
        const Row row(lines, i);
        const std::int64_t variance = row.integer("variance");
        c.lines.push_back({{"product_id", row.integer("product_id")},
                           {"sku", row.text("sku")},
                           {"name", row.text("name")},
                           {"counted", row.integer("counted")},
                           {"on_hand", row.integer("on_hand")},
                           {"variance", variance},
                           {"variance_cost_cents", variance * row.integer("average_cost_cents")}});
    }
    co_return c;
}

Task<Result<CountSheet>> start_count(Context& cx, std::optional<std::string> note) {
    const std::int64_t at = cx.now_ms();
    std::int64_t id = 0;
    auto written = co_await audit::commit_new(cx, sql::next_count_id, [&](std::int64_t next) {
        id = next;
        CountSheet c{next, note, "open", at, {}, Json::array()};
        return audit::Change{{{std::string(sql::insert_count), {next, nullable(note), at}}},
                             {"count.start", "stock_count", std::to_string(next), nullptr, count_json(c)}};
    });
    if (!written) co_return std::move(written).error();
    co_return co_await load_count(cx, id);
}

Task<Result<CountSheet>> set_counted(Context& cx, std::int64_t count_id, const catalog::Product& product, std::int64_t counted) {
    if (!product.is_stocked() || product.serialized)
        co_return Error{Code::failed_precondition, product.sku + (product.serialized ? " is serialized: count its units on its page" : " is not a stock item"), "product"};
    if (counted < 0 || counted > 1000000) co_return invalid("counted", "counted must be from 0 to 1000000");
    const std::int64_t at = cx.now_ms();
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        HELM_CO_TRY(auto sheet, co_await load_count(cx, count_id));
        if (sheet.status != "open") co_return not_open(sheet);
        co_return audit::Change{{{std::string(sql::set_count_line), {count_id, product.id, counted, at}}, expect_changes(1)},
                                {"count.line", "stock_count", std::to_string(count_id), nullptr,
                                 {{"product_id", product.id}, {"sku", product.sku}, {"counted", counted}}}};
    });
    if (!written) co_return std::move(written).error();
    co_return co_await load_count(cx, count_id);
}

Task<Result<CountSheet>> close_count(Context& cx, std::int64_t count_id, bool post) {
    const std::int64_t at = cx.now_ms();
    const Value staff = cx.acting_staff();
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        HELM_CO_TRY(auto sheet, co_await load_count(cx, count_id));
        if (sheet.status != "open") co_return not_open(sheet);
        audit::Change change;
        change.statements.push_back({std::string(sql::close_count), {count_id, post ? "posted" : "cancelled", at}});
        change.statements.push_back(expect_changes(1));
        if (post) {
            change.statements.push_back({std::string(sql::keep_count_expectations), {count_id}});
            change.statements.push_back({std::string(sql::post_count_movements), {count_id, staff, at}});
        }
        CountSheet after = sheet;
        after.status = post ? "posted" : "cancelled";
        change.event = {post ? "count.post" : "count.cancel", "stock_count", std::to_string(count_id), summary(sheet), summary(after)};
        co_return change;
    });
    if (!written) co_return std::move(written).error();
    co_return co_await load_count(cx, count_id);
}

}  // namespace helm::inventory
