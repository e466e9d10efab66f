#pragma once
// What a stored code reads as on a screen. Each module lists its codes beside their words
// in one table, so a page never shows "in_stock" or "gift_card" and a select offers the
// same words the lists show.
#include <span>
#include <string_view>

namespace helm {

struct Choice {
    std::string_view value, words;
};

// The words for `value`, or the value itself when the table does not list it.
constexpr std::string_view words_for(std::span<const Choice> choices, std::string_view value) {
    for (const auto& c : choices)
        if (c.value == value) return c.words;
    return value;
}

}  // namespace helm
