#pragma once
// What the register took over a run of business dates (a week, a month): the figures the
// owner's weekly digest and the monthly tax and profit reports are made of. Read in one
// D1 batch, so every figure comes from the same snapshot, and with the Z report's own
// statements for lines and taxes, so a month is exactly the sum of its Z reports.
#include <cstdint>
#include <string>
#include <string_view>

#include "bindings/d1.hpp"
#include "core/context.hpp"
#include "core/json.hpp"
#include "core/task.hpp"

namespace helm::sales {

// Business dates `from_date` to `to_date`, both included ("2026-11-16", "2026-11-22").
// Every document counts with its sign, so voids and returns are netted out:
//   {from, to, sales_count (sales less those voided), returns_count,
//    revenue_cents (labor + parts before tax), labor_cents, parts_cents, tax_cents,
//    total_cents (revenue + tax), gift_cards_and_deposits_cents (taken, not revenue),
//    cost_cents (quantity x the average cost when sold), gross_profit_cents, margin_ppm,
//    taxes: [{name, rate_ppm, base_cents, tax_cents}],
//    top_products: [{product_id, name, sku, quantity, revenue_cents}] (the best `top` by revenue),
//    top_customer: {customer_id, revenue_cents} or null (an id only: names stay in customers),
//    work_orders_picked_up (tickets whose invoice was paid in the period)}
Task<Result<Json>> period_figures(Context& cx, const std::string& from_date, const std::string& to_date, int top = 5);

// Shared with the Z report: its tax rows as [{name, rate_ppm, base_cents, tax_cents}],
// and one part's ("labor", "parts", "gift_cards_and_deposits") base from its line rows.
Json taxes_by_rate(const D1Result& rows);
std::int64_t part_cents(const D1Result& rows, std::string_view part, std::string_view column = "base_cents");

}  // namespace helm::sales
