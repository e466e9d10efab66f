#pragma once
// Money is integer cents; nothing here touches floating point.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace helm {

struct Cents {
    std::int64_t value = 0;
    friend constexpr bool operator==(Cents, Cents) = default;
    friend constexpr std::strong_ordering operator<=>(Cents, Cents) = default;
    friend constexpr Cents operator+(Cents a, Cents b) { return Cents{a.value + b.value}; }
    friend constexpr Cents operator-(Cents a, Cents b) { return Cents{a.value - b.value}; }
    friend constexpr Cents operator-(Cents a) { return Cents{-a.value}; }
    // A unit price times a quantity; there is no Cents * Cents.
    friend constexpr Cents operator*(Cents a, std::int64_t quantity) { return Cents{a.value * quantity}; }
    friend constexpr Cents operator*(std::int64_t quantity, Cents a) { return Cents{quantity * a.value}; }
    constexpr Cents& operator+=(Cents b) {
        value += b.value;
        return *this;
    }
    constexpr Cents& operator-=(Cents b) {
        value -= b.value;
        return *this;
    }
};

// The largest amount Helm accepts anywhere: $10,000,000.00, far inside 2^53.
constexpr Cents max_money{1'000'000'000};

// "12", "12.3", "12.34", "1,234.50" -> cents; anything else (a third decimal, a sign,
// letters) is not a price and gives nullopt.
std::optional<Cents> parse_cents(std::string_view text);
std::string format_cents(Cents amount);  // "1234.50": receipts and register lines, where the columns say the currency

// "$1234.50", "-$1.00", "€2.50", "CHF 19.99": an amount in the shop's currency (its ISO
// code, SHOP_CURRENCY), for screens and messages. Every money figure with a symbol is this.
std::string format_money(Cents amount, std::string_view currency);

// Parts per million as a percent, exactly: 47500 -> "4.75", 50000 -> "5", -25000 -> "-2.5".
std::string percent_figure(std::int64_t ppm);
std::string format_percent(std::int64_t ppm);  // the same with its sign: "4.75%"

}  // namespace helm
