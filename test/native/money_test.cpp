// Cents as a value: arithmetic and ordering without reaching into .value.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/money.hpp"

using helm::Cents;

TEST_CASE("cents add, subtract, negate and multiply by a quantity to the exact cent") {
    Cents price{1999};
    CHECK(price + Cents{1} == Cents{2000});
    CHECK(price - Cents{2000} == Cents{-1});
    CHECK(-price == Cents{-1999});
    CHECK(price * 3 == Cents{5997});
    CHECK(3 * price == Cents{5997});
    Cents total;
    total += price;
    total += price;
    total -= Cents{98};
    CHECK(total == Cents{3900});
}

TEST_CASE("cents order by amount") {
    CHECK(Cents{-1} < Cents{0});
    CHECK(Cents{100} > Cents{99});
    CHECK(Cents{5} <= Cents{5});
    CHECK(Cents{5} != Cents{6});
    CHECK(std::max(Cents{3}, Cents{7}) == Cents{7});
}

TEST_CASE("money shows the shop's currency: a dollar sign for dollars, the sign before it when negative") {
    using helm::format_money;
    CHECK(format_money(Cents{123405}, "CAD") == "$1234.05");
    CHECK(format_money(Cents{-100}, "USD") == "-$1.00");
    CHECK(format_money(Cents{7}, "AUD") == "$0.07");
    CHECK(format_money(Cents{0}, "NZD") == "$0.00");
    CHECK(format_money(Cents{-250}, "EUR") == "-€2.50");
    CHECK(format_money(Cents{1999}, "GBP") == "£19.99");
    CHECK(format_money(Cents{1999}, "CHF") == "CHF 19.99");
    CHECK(format_money(Cents{-1999}, "SEK") == "-SEK 19.99");
    CHECK(format_money(Cents{1999}, "") == "19.99");  // no currency set: the figure alone
}

TEST_CASE("percentages print exactly, without trailing zeros") {
    using helm::format_percent, helm::percent_figure;
    CHECK(format_percent(50'000) == "5%");
    CHECK(format_percent(71'250) == "7.125%");
    CHECK(format_percent(100'000) == "10%");
    CHECK(format_percent(125'000) == "12.5%");
    CHECK(format_percent(1) == "0.0001%");
    CHECK(format_percent(0) == "0%");
    CHECK(format_percent(1'000'000) == "100%");
    CHECK(format_percent(-25'000) == "-2.5%");
    CHECK(percent_figure(120'000) == "12");  // a CSV's figure or a form's value: the sign is the column's
    CHECK(percent_figure(99'990) == "9.999");
}
