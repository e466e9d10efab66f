#include "core/money.hpp"

namespace helm {

std::optional<Cents> parse_cents(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (!text.empty() && text.front() == '$') text.remove_prefix(1);
    std::int64_t whole = 0;
    std::size_t i = 0, digits = 0;
    for (; i < text.size() && text[i] != '.'; ++i) {
        if (text[i] == ',') continue;
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        whole = whole * 10 + (text[i] - '0');
        if (whole > max_money.value) return std::nullopt;
        ++digits;
    }
    std::int64_t fraction = 0;
    std::size_t fraction_digits = 0;
    if (i < text.size()) {  // text[i] == '.'
        for (++i; i < text.size(); ++i, ++fraction_digits) {
            if (text[i] < '0' || text[i] > '9' || fraction_digits == 2) return std::nullopt;
            fraction = fraction * 10 + (text[i] - '0');
        }
    }
    if (digits == 0 && fraction_digits == 0) return std::nullopt;
    if (fraction_digits == 1) fraction *= 10;
    Cents out{whole * 100 + fraction};
    if (out.value > max_money.value) return std::nullopt;
    return out;
}

std::string format_cents(Cents amount) {
    std::int64_t v = amount.value < 0 ? -amount.value : amount.value;
    std::string cents = std::to_string(v % 100);
    if (cents.size() < 2) cents.insert(0, "0");
    return (amount.value < 0 ? "-" : "") + std::to_string(v / 100) + "." + cents;
}

namespace {

// The symbol written before the figure, or the code and a space where no symbol is
// unambiguous (a krona or a franc reads better as its code than as "kr" or "Fr").
std::string currency_prefix(std::string_view currency) {
    if (currency == "CAD" || currency == "USD" || currency == "AUD" || currency == "NZD") return "$";
    if (currency == "EUR") return "€";
    if (currency == "GBP") return "£";
    if (currency.empty()) return {};
    return std::string(currency) + " ";
}

}  // namespace

std::string format_money(Cents amount, std::string_view currency) {
    const bool negative = amount < Cents{};
    return (negative ? "-" : "") + currency_prefix(currency) + format_cents(negative ? -amount : amount);
}

std::string percent_figure(std::int64_t ppm) {
    const bool negative = ppm < 0;
    if (negative) ppm = -ppm;
    std::string out = std::to_string(ppm / 10'000);
    if (const auto rest = ppm % 10'000; rest != 0) {
        std::string decimals = std::to_string(rest);
        decimals.insert(0, 4 - decimals.size(), '0');
        while (decimals.back() == '0') decimals.pop_back();
        out += "." + decimals;
    }
    return (negative ? "-" : "") + out;
}

std::string format_percent(std::int64_t ppm) { return percent_figure(ppm) + "%"; }

}  // namespace helm
