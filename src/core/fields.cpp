#include "core/fields.hpp"

#include <algorithm>
#include <charconv>

namespace helm {

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

Status check_text(std::string_view field, const std::string& value, std::size_t max_length) {
    const std::string name(field);
    if (value.empty()) return invalid(name, name + " must not be empty");
    if (value.size() > max_length) return invalid(name, name + " must be at most " + std::to_string(max_length) + " characters");
    if (std::any_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
        return invalid(name, name + " must not contain control characters");
    // A form can carry any bytes; what is stored must read back the same on every port.
    if (!simdjson::validate_utf8(value.data(), value.size())) return invalid(name, name + " is not valid UTF-8 text");
    return Ok{};
}

namespace {
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
}  // namespace

bool holds_card_number(std::string_view text) {
    std::string digits;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const char c = i < text.size() ? text[i] : '\0';
        if (c >= '0' && c <= '9') {
            digits += c;
            continue;
        }
        // Each group of digits ends a candidate; spaces and dashes keep the run going.
        if (digits.size() >= 13 && digits.size() <= 19 && luhn_valid(digits)) return true;
        if (c != ' ' && c != '-') digits.clear();
    }
    return false;
}

Status check_typed_text(std::string_view field, const std::string& text, std::size_t max_length) {
    if (auto ok = check_text(field, text, max_length); !ok) return ok;
    if (holds_card_number(text)) return invalid(std::string(field), std::string(field) + " looks like a payment card number; Helm never takes card data");
    return Ok{};
}

Result<std::optional<std::string>> typed_text(std::string_view field, std::string_view text, std::size_t max_length) {
    std::string words = trimmed(text);
    if (words.empty()) return std::optional<std::string>{};
    if (auto ok = check_typed_text(field, words, max_length); !ok) return std::move(ok).error();
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
