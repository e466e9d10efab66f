#pragma once
// Money is integer cents; nothing here touches floating point.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace helm {

struct Cents {
    std::int64_t value = 0;
    friend bool operator==(Cents, Cents) = default;
};

// The largest amount Helm accepts anywhere: $10,000,000.00, far inside 2^53.
constexpr Cents max_money{1'000'000'000};

// "12", "12.3", "12.34", "1,234.50" -> cents; anything else (a third decimal, a sign,
// letters) is not a price and gives nullopt.
std::optional<Cents> parse_cents(std::string_view text);
std::string format_cents(Cents amount);  // "1234.50"

}  // namespace helm
