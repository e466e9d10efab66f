// The register's arithmetic, table-driven: every row is a sale and the cents it must come to.
#include <doctest/doctest.h>

#include <vector>

#include "sales/pricing.hpp"

using namespace helm;
using namespace helm::sales;

namespace {

// British Columbia: goods pay GST 5% and PST 7%, labor GST only.
const std::vector<TaxRate> bc = {
    {1, "GST", "goods", 50'000}, {2, "PST", "goods", 70'000}, {3, "GST", "labor", 50'000}};

LineInput item(std::int64_t quantity, std::int64_t cents, std::string tax_class = "goods") {
    LineInput in;
    in.quantity = quantity;
    in.unit_price = Cents{cents};
    in.tax_class = std::move(tax_class);
    return in;
}
Discount percent(std::int64_t ppm) { return {Discount::Kind::percent, ppm}; }
Discount amount(std::int64_t cents) { return {Discount::Kind::amount, cents}; }

struct Row {
    const char* name;
    std::vector<LineInput> lines;
    Discount discount;
    TaxRules rules;
    std::vector<TaxRate> rates;
    std::int64_t subtotal, tax, total;
    std::vector<std::int64_t> line_taxes;
};

}  // namespace

TEST_CASE("a sale's subtotal, tax and total come to the documented cents") {
    const std::vector<TaxRate> ten = {{9, "VAT", "goods", 100'000}};
    const std::vector<Row> rows = {
        {"one item, GST and PST", {item(1, 1000)}, {}, {}, bc, 1000, 120, 1120, {120}},
        {"labor pays GST only", {item(1, 8500, "labor")}, {}, {}, bc, 8500, 425, 8925, {425}},
        {"exempt class pays nothing", {item(2, 2500, "exempt")}, {}, {}, bc, 5000, 0, 5000, {0}},
        // 3 lines whose tax is 33.3 cents each: per line 33 + 33 + 33, per invoice 99.9 -> 100.
        {"3 x 0.333 per line", {item(1, 333), item(1, 333), item(1, 333)}, {}, {}, ten, 999, 99, 1098, {33, 33, 33}},
        {"3 x 0.333 per invoice", {item(1, 333), item(1, 333), item(1, 333)}, {}, {false, true, false}, ten, 999, 100, 1099, {34, 33, 33}},
        // Half a cent rounds up: 10 cents at 5% is 0.5 -> 1, at 7% 0.7 -> 1.
        {"half a cent rounds up", {item(1, 10)}, {}, {}, bc, 10, 2, 12, {2}},
        {"quantity times price", {item(3, 1999)}, {}, {}, bc, 5997, 720, 6717, {720}},
        {"exempt customer", {item(1, 1000), item(1, 8500, "labor")}, {}, {false, false, true}, bc, 9500, 0, 9500, {0, 0}},
        // Tax inside the price: 11.20 at 12% is 10.00 + 0.50 + 0.70.
        {"tax included", {item(1, 1120)}, {}, {true, false, false}, bc, 1000, 120, 1120, {120}},
        {"tax included, odd cent", {item(1, 999)}, {}, {true, false, false}, bc, 892, 107, 999, {107}},
        {"tax included, per invoice", {item(1, 333), item(1, 333), item(1, 333)}, {}, {true, true, false}, ten, 908, 91, 999, {30, 30, 31}},
        {"tax included, exempt customer pays the base", {item(1, 1120)}, {}, {true, false, true}, bc, 1000, 0, 1000, {0}},
        {"a third off three lines", {item(1, 1000), item(1, 1000), item(1, 1000)}, amount(1000), {}, {}, 2000, 0, 2000, {0, 0, 0}},
        {"10% off the sale", {item(1, 1999), item(1, 501)}, percent(100'000), {}, bc, 2250, 271, 2521, {216, 55}},
        {"return without receipt mirrors the sale", {item(-1, 999)}, {}, {}, bc, -999, -120, -1119, {-120}},
    };
    for (const auto& row : rows) {
        const std::string name = row.name;
        CAPTURE(name);
        auto t = price(row.lines, row.discount, row.rates, row.rules);
        REQUIRE(t);
        CHECK(t->subtotal.value == row.subtotal);
        CHECK(t->tax.value == row.tax);
        CHECK(t->total.value == row.total);
        REQUIRE(t->lines.size() == row.line_taxes.size());
        std::int64_t by_rate = 0;
        for (const auto& r : t->by_rate) by_rate += r.tax.value;
        CHECK(by_rate == t->tax.value);
        for (std::size_t i = 0; i < row.line_taxes.size(); ++i) {
            CHECK(t->lines[i].tax.value == row.line_taxes[i]);
            CHECK(t->lines[i].base.value + t->lines[i].tax.value == t->lines[i].total.value);
            std::int64_t rates = 0;
            for (const auto& tax : t->lines[i].taxes) rates += tax.tax.value;
            CHECK(rates == t->lines[i].tax.value);
        }
    }
}

TEST_CASE("a whole-sale discount is spread over the lines to the cent") {
    auto t = price(std::vector{item(1, 1000), item(1, 1000), item(1, 1000)}, amount(1000), {}, {});
    REQUIRE(t);
    CHECK(t->lines[0].sale_discount.value == 334);
    CHECK(t->lines[1].sale_discount.value == 333);
    CHECK(t->lines[2].sale_discount.value == 333);
    CHECK(t->discount.value == 1000);
}

TEST_CASE("a line that takes no discount keeps its price under a whole-sale discount") {
    auto gift = item(1, 5000);
    gift.discountable = false;
    auto t = price(std::vector{item(1, 1000), gift}, percent(500'000), {}, {});
    REQUIRE(t);
    CHECK(t->lines[0].sale_discount.value == 500);
    CHECK(t->lines[1].sale_discount.value == 0);
    gift.discount = percent(100'000);
    auto refused = price(std::vector{gift}, {}, {}, {});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().field == "lines[0].discount");
}

TEST_CASE("a discount larger than what it discounts is refused, naming the field") {
    auto line = item(1, 1000);
    line.discount = amount(1001);
    auto refused = price(std::vector{line}, {}, {}, {});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().field == "lines[0].discount");
    auto whole = price(std::vector{item(1, 1000)}, percent(1'000'001), {}, {});
    REQUIRE_FALSE(whole);
    CHECK(whole.error().field == "discount");
    auto huge = price(std::vector{item(10'000, 1'000'000)}, {}, {}, {});
    REQUIRE_FALSE(huge);
    CHECK(huge.error().field == "lines[0].quantity");
}

TEST_CASE("largest-remainder allocation always adds up") {
    for (std::int64_t total : {0, 1, 7, 100, 999, -5, -1000}) {
        const std::vector<std::int64_t> weights = {3, 3, 3, 1};
        auto parts = allocate(total, weights);
        std::int64_t sum = 0;
        for (auto p : parts) sum += p;
        CHECK(sum == total);
    }
    CHECK(allocate(10, std::vector<std::int64_t>{0, 0}) == std::vector<std::int64_t>{10, 0});
    CHECK(round_div(5, 10) == 1);
    CHECK(round_div(-5, 10) == -1);
    CHECK(round_div(4, 10) == 0);
}
