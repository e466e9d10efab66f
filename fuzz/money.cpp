// Amounts typed as dollars: any text is an amount within the bound or refused, and an
// amount writes and reads back the same.
#include "core/money.hpp"
#include "fuzz.hpp"

using namespace helm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto cents = parse_cents(fuzz::text(data, size));
    if (!cents) return 0;
    fuzz::require(cents->value >= 0 && cents->value <= max_money.value, "an amount is within 0 and max_money");
    const auto again = parse_cents(format_cents(*cents));
    fuzz::require(again && *again == *cents, "an amount reads back as written");
    return 0;
}
