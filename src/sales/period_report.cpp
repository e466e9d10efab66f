#include "sales/period_report.hpp"

#include "sales/drawer_sql.hpp"
#include "sales/period_report_sql.hpp"

namespace helm::sales {

Json taxes_by_rate(const D1Result& rows) {
    Json out = Json::array();
    for (std::size_t i = 0; i < rows.rows.size(); ++i) {
        const Row row(rows, i);
        out.push_back({{"name", row.text("name")},
                       {"rate_ppm", row.integer("rate_ppm")},
                       {"base_cents", row.integer("base_cents")},
                       {"tax_cents", row.integer("tax_cents")}});
    }
    return out;
}

std::int64_t part_cents(const D1Result& rows, std::string_view part, std::string_view column) {
    for (std::size_t i = 0; i < rows.rows.size(); ++i)
        if (const Row row(rows, i); row.text("part") == part) return row.integer(column);
    return 0;
}

Task<Result<Json>> period_figures(Context& cx, const std::string& from_date, const std::string& to_date, int top) {
    std::vector<Statement> reads{{std::string(sql::period_documents), {from_date, to_date}},
                                 {std::string(sql::z_lines), {from_date, to_date}},
                                 {std::string(sql::z_taxes), {from_date, to_date}},
                                 {std::string(sql::period_top_products), {from_date, to_date, std::int64_t{top}}},
                                 {std::string(sql::period_top_customer), {from_date, to_date}},
                                 {std::string(sql::period_work_orders_picked_up), {from_date, to_date}}};
    HELM_CO_TRY(auto read, co_await cx.db.batch(std::move(reads)));
    const auto& results = read;

    const Row documents(results[0], 0);
    const std::int64_t labor = part_cents(results[1], "labor"), parts = part_cents(results[1], "parts");
    const std::int64_t revenue = labor + parts;
    const std::int64_t cost = part_cents(results[1], "labor", "cost_cents") + part_cents(results[1], "parts", "cost_cents");
    Json taxes = taxes_by_rate(results[2]);
    std::int64_t tax = 0;
    for (const auto& t : taxes) tax += t["tax_cents"].get<std::int64_t>();

    Json products = Json::array();
    for (std::size_t i = 0; i < results[3].rows.size(); ++i) {
        const Row row(results[3], i);
        products.push_back({{"product_id", row.integer("product_id")},
                            {"name", row.text("name")},
                            {"sku", row.text("sku")},
                            {"quantity", row.integer("quantity")},
                            {"revenue_cents", row.integer("revenue_cents")}});
    }
    Json customer = nullptr;
    if (!results[4].rows.empty()) {
        const Row row(results[4], 0);
        customer = {{"customer_id", row.integer("customer_id")}, {"revenue_cents", row.integer("revenue_cents")}};
    }
    const std::int64_t profit = revenue - cost;
    // Parts per million of revenue, rounded half away from zero; none without revenue.
    Json margin = nullptr;
    if (revenue > 0) margin = (profit * 1'000'000 + (profit < 0 ? -revenue : revenue) / 2) / revenue;

    co_return Json{{"from", from_date},
                   {"to", to_date},
                   {"sales_count", documents.integer("sales_count")},
                   {"returns_count", documents.integer("returns_count")},
                   {"revenue_cents", revenue},
                   {"labor_cents", labor},
                   {"parts_cents", parts},
                   {"tax_cents", tax},
                   {"total_cents", revenue + tax},
                   {"gift_cards_and_deposits_cents", part_cents(results[1], "gift_cards_and_deposits")},
                   {"cost_cents", cost},
                   {"gross_profit_cents", profit},
                   {"margin_ppm", margin},
                   {"taxes", std::move(taxes)},
                   {"top_products", std::move(products)},
                   {"top_customer", std::move(customer)},
                   {"work_orders_picked_up", Row(results[5], 0).integer("n")}};
}

}  // namespace helm::sales
