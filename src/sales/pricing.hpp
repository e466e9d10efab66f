#pragma once
// What a sale costs, line by line: discounts, then tax by rate. Pure: no I/O, integer
// cents and parts per million only, so the receipt, the stored sale and every report
// that sums its rows agree to the cent.
//
// The rules (docs/register.md says the same for the shop):
// - A line's gross is quantity x unit price. Its own discount (a share, rounded half-up,
//   or an amount) comes off first; then the whole-sale discount, spread over the
//   discountable lines in proportion to what is left of each (largest remainder, so the
//   shares add up to the discount exactly).
// - Prices before tax: each line's tax per rate is its base x rate, rounded half-up
//   ("line"); or, per invoice, each rate is rounded once over the sum of its lines'
//   bases and that tax spread back over those lines by largest remainder.
// - Prices with tax included: the base is taken out of what the customer pays,
//   base = amount / (1 + the class's rates together), rounded half-up, and the tax is
//   the rest, split over the rates with the last one taking the odd cent. Per invoice,
//   that is done once per tax class over the sum of its lines.
// - A tax-exempt customer pays no tax; with tax-inclusive prices they pay the base.
// - Negative quantities (a return without receipt) round symmetrically: half away from
//   zero, so a return is exactly the mirror of the sale.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "catalog/tax_rate.hpp"
#include "core/money.hpp"
#include "core/result.hpp"

namespace helm::sales {

constexpr std::int64_t ppm_one = 1'000'000;

// A discount the clerk gives: a share in parts per million of what it applies to, or an amount.
struct Discount {
    enum class Kind { none, percent, amount };
    Kind kind = Kind::none;
    std::int64_t value = 0;  // ppm for percent, cents for amount
    bool given() const { return kind != Kind::none && value != 0; }
};

using TaxRate = catalog::TaxRate;

struct TaxRules {
    bool prices_include_tax = false;
    bool round_per_invoice = false;
    bool exempt = false;
};

// One line as the engine sees it.
struct LineInput {
    std::int64_t quantity = 1;
    Cents unit_price;
    Discount discount;
    bool discountable = true;
    std::string tax_class = "goods";
};

struct LineTax {
    std::int64_t rate_id = 0;
    std::string name;
    std::int64_t rate_ppm = 0;
    Cents base, tax;
};

struct LineAmounts {
    Cents gross, line_discount, sale_discount;
    Cents base, tax, total;  // base + tax = total
    std::vector<LineTax> taxes;
};

struct Totals {
    std::vector<LineAmounts> lines;
    Cents gross, discount, subtotal, tax, total;  // subtotal + tax = total
    std::vector<LineTax> by_rate;                  // the receipt's breakdown
};

// Half-up (half away from zero for negatives) of numerator / denominator, denominator > 0.
std::int64_t round_div(std::int64_t numerator, std::int64_t denominator);

// Splits `total` over `weights` in proportion, by largest remainder: the parts add up to
// `total` exactly; ties go to the earlier weight. Weights share one sign (or are zero).
std::vector<std::int64_t> allocate(std::int64_t total, std::span<const std::int64_t> weights);

// Prices a whole sale. `rates` are those valid on the sale's business date; a line is
// taxed by every rate of its class. 400 naming the line's field when a discount is
// larger than what it discounts, or given on a line that takes none.
Result<Totals> price(std::span<const LineInput> lines, Discount sale_discount, std::span<const TaxRate> rates, TaxRules rules);

}  // namespace helm::sales
