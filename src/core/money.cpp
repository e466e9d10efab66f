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

}  // namespace helm
