#include "core/fields.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

namespace helm {

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

namespace {

// Characters that draw nothing or reorder what is drawn: Unicode's Cc (C0, DEL, C1) and
// Cf (format) categories, with the line and paragraph separators. Each pair is a range.
constexpr char32_t hidden[][2] = {
    {0x0000, 0x001F},   {0x007F, 0x009F},   {0x00AD, 0x00AD},   {0x0600, 0x0605},   {0x061C, 0x061C},
    {0x06DD, 0x06DD},   {0x070F, 0x070F},   {0x0890, 0x0891},   {0x08E2, 0x08E2},   {0x180E, 0x180E},
    {0x200B, 0x200F},   {0x2028, 0x202E},   {0x2060, 0x2064},   {0x2066, 0x206F},   {0xFEFF, 0xFEFF},
    {0xFFF9, 0xFFFB},   {0x110BD, 0x110BD}, {0x110CD, 0x110CD}, {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3},
    {0x1D173, 0x1D17A}, {0xE0001, 0xE0001}, {0xE0020, 0xE007F},
};

bool is_hidden(char32_t c) {
    for (const auto& range : hidden)
        if (c >= range[0] && c <= range[1]) return true;
    return false;
}

// Whether valid UTF-8 text holds a hidden character.
bool holds_hidden(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        char32_t c = length == 1 ? lead : length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07;
        for (std::size_t k = 1; k < length; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        if (is_hidden(c)) return true;
        i += length;
    }
    return false;
}

bool luhn_valid(std::string_view digits) {
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it, twice = !twice) {
        int d = *it - '0';
        if (twice && (d *= 2) > 9) d -= 9;
        sum += d;
    }
    return sum % 10 == 0;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_separator(char c) { return c == ' ' || c == '.' || c == '-'; }

}  // namespace

Status check_code_text(std::string_view field, const std::string& value, std::size_t max_length) {
    const std::string name(field);
    if (value.empty()) return invalid(name, name + " must not be empty");
    if (value.size() > max_length) return invalid(name, name + " must be at most " + std::to_string(max_length) + " characters");
    // A form can carry any bytes; what is stored must read back the same on every port.
    if (!simdjson::validate_utf8(value.data(), value.size())) return invalid(name, name + " is not valid UTF-8 text");
    if (holds_hidden(value)) return invalid(name, name + " must not contain control, invisible or text-direction characters");
    return Ok{};
}

Status check_text(std::string_view field, const std::string& value, std::size_t max_length) {
    if (auto ok = check_code_text(field, value, max_length); !ok) return ok;
    if (holds_card_number(value))
        return invalid(std::string(field), std::string(field) + " looks like a payment card number; Helm never takes card data");
    return Ok{};
}

Status check_sku(std::string_view field, const std::string& value, std::size_t max_length) {
    if (auto ok = check_code_text(field, value, max_length); !ok) return ok;
    if (std::any_of(value.begin(), value.end(), [](char c) { return c <= ' ' || c > '~'; }))
        return invalid(std::string(field), std::string(field) + " may hold printable ASCII letters, digits and signs only, without spaces");
    return Ok{};
}

bool holds_card_number(std::string_view text) {
    // The digit groups of one stretch of groups joined by separators; a card number is any
    // window of consecutive groups in a stretch. A window spans at most 19 groups, so the
    // work stays linear in the text.
    std::vector<std::string_view> groups;
    auto any_window = [&groups] {
        for (std::size_t first = 0; first < groups.size(); ++first) {
            std::string digits;
            for (std::size_t last = first; last < groups.size() && digits.size() + groups[last].size() <= 19; ++last) {
                digits += groups[last];
                if (digits.size() >= 13 && luhn_valid(digits)) return true;
            }
        }
        return false;
    };
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_digit(text[i])) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        while (i < text.size() && is_digit(text[i])) ++i;
        groups.push_back(text.substr(start, i - start));
        std::size_t after = i;
        while (after < text.size() && is_separator(text[after])) ++after;
        // The stretch ends unless separators lead straight to another group.
        if (after == i || after == text.size() || !is_digit(text[after])) {
            if (any_window()) return true;
            groups.clear();
        }
        i = after;
    }
    return false;
}

Result<std::optional<std::string>> typed_text(std::string_view field, std::string_view text, std::size_t max_length) {
    std::string words = trimmed(text);
    if (words.empty()) return std::optional<std::string>{};
    if (auto ok = check_text(field, words, max_length); !ok) return std::move(ok).error();
    return std::optional<std::string>{std::move(words)};
}

Result<std::optional<std::string>> typed_text(simdjson::dom::element value, std::string_view field, std::size_t max_length) {
    if (value.is_null()) return std::optional<std::string>{};
    HELM_TRY(auto text, json_text(value, field));
    return typed_text(field, text, max_length);
}

Result<std::int64_t> whole_number(std::string_view field, std::string_view text) {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || n > max_safe_integer || n < -max_safe_integer)
        return invalid(std::string(field), std::string(field) + " must be a whole number");
    return n;
}

Result<std::string> json_text(simdjson::dom::element value, std::string_view field) {
    std::string_view s;
    if (value.get_string().get(s) != simdjson::SUCCESS) return invalid(std::string(field), std::string(field) + " must be a string");
    return trimmed(s);
}

Result<std::int64_t> json_integer(simdjson::dom::element value, std::string_view field) {
    const auto n = value.type() == simdjson::dom::element_type::INT64 ? value.get_int64().value_unsafe() : 0;
    if (value.type() != simdjson::dom::element_type::INT64 || n > max_safe_integer || n < -max_safe_integer)
        return invalid(std::string(field), std::string(field) + " must be a whole number from -(2^53-1) to 2^53-1");
    return std::int64_t(n);
}

Result<std::int64_t> json_id(simdjson::dom::element value, std::string_view field) {
    const auto n = value.type() == simdjson::dom::element_type::INT64 ? value.get_int64().value_unsafe() : 0;
    if (n < 1 || n > max_safe_integer) return invalid(std::string(field), std::string(field) + " must be an id: a whole number from 1 to 2^53-1");
    return std::int64_t(n);
}

Result<bool> json_bool(simdjson::dom::element value, std::string_view field) {
    bool b = false;
    if (value.get_bool().get(b) != simdjson::SUCCESS) return invalid(std::string(field), std::string(field) + " must be true or false");
    return b;
}

Result<std::int64_t> path_id(const Request& rq, std::string_view what) {
    auto text = rq.param("id");
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0 || id > max_safe_integer)
        return invalid("id", "the " + std::string(what) + " id must be a positive whole number");
    return id;
}

Result<std::int64_t> query_number(const Request& rq, std::string_view name, std::int64_t fallback, std::int64_t min,
                                  std::int64_t max) {
    auto text = rq.query_value(name);
    if (text.empty()) return fallback;
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || n < min || n > max)
        return invalid(std::string(name),
                       std::string(name) + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    return n;
}

Result<simdjson::dom::object> json_object(const JsonDocument& doc) {
    simdjson::dom::object obj;
    if (doc.root().get_object().get(obj) != simdjson::SUCCESS) return invalid("body", "the body must be a JSON object");
    return obj;
}

namespace {
Result<simdjson::dom::element> json_member(simdjson::dom::object object, std::string_view key) {
    simdjson::dom::element value;
    if (object.at_key(key).get(value) != simdjson::SUCCESS) return invalid(std::string(key), std::string(key) + " is required");
    return value;
}
}  // namespace

Result<std::string> json_text(simdjson::dom::object object, std::string_view key) {
    HELM_TRY(auto value, json_member(object, key));
    return json_text(value, key);
}

Result<std::int64_t> json_integer(simdjson::dom::object object, std::string_view key) {
    HELM_TRY(auto value, json_member(object, key));
    return json_integer(value, key);
}

Result<std::int64_t> json_id(simdjson::dom::object object, std::string_view key) {
    HELM_TRY(auto value, json_member(object, key));
    return json_id(value, key);
}

}  // namespace helm
