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
