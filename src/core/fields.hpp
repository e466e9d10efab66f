#pragma once
// Reading and checking input fields, the same way for every module: a JSON body's
// values by type, and text that is non-empty, bounded, free of control characters and
// valid UTF-8. Each failure names its field.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/http.hpp"
#include "core/json.hpp"
#include "core/result.hpp"

namespace helm {

std::string trimmed(std::string_view text);
Status check_text(std::string_view field, const std::string& value, std::size_t max_length);

// Whether the text holds what looks like a payment card number: 13 to 19 digits in a
// run (spaces and dashes allowed between them) that pass the Luhn check. Card data never
// enters Helm, so fields where one could be typed refuse it.
bool holds_card_number(std::string_view text);

// Words staff type about a sale, a ticket or a customer (notes, reasons, labels,
// references): check_text's rules, and never a payment card number.
Status check_typed_text(std::string_view field, const std::string& text, std::size_t max_length);
// The same for an optional field, as typed into a form or sent as a JSON string or null:
// trimmed, and blank is none.
Result<std::optional<std::string>> typed_text(std::string_view field, std::string_view text, std::size_t max_length);
Result<std::optional<std::string>> typed_text(simdjson::dom::element value, std::string_view field, std::size_t max_length);

// A whole number typed into a form or a CSV cell ("12", "-3", "+3"), or a 400 naming it.
Result<std::int64_t> whole_number(std::string_view field, std::string_view text);

Result<std::string> json_text(simdjson::dom::element value, std::string_view field);  // trimmed
// Whole numbers stay within +-(2^53-1): beyond that they cannot cross into JS or D1 exactly.
Result<std::int64_t> json_integer(simdjson::dom::element value, std::string_view field);
// A row's id in a body: the one reader of ids, bounded to 1..2^53-1 like path_id.
Result<std::int64_t> json_id(simdjson::dom::element value, std::string_view field);
Result<bool> json_bool(simdjson::dom::element value, std::string_view field);

// The route's :id, a positive whole number, or a 400 naming "id" ("the product id must ...").
Result<std::int64_t> path_id(const Request& rq, std::string_view what);

// A whole number from the query string: `fallback` when absent, else within [min, max].
Result<std::int64_t> query_number(const Request& rq, std::string_view name, std::int64_t fallback, std::int64_t min,
                                  std::int64_t max);

// A member the object must have, by type, or a 400 naming it.
Result<std::string> json_text(simdjson::dom::object object, std::string_view key);
Result<std::int64_t> json_integer(simdjson::dom::object object, std::string_view key);
Result<std::int64_t> json_id(simdjson::dom::object object, std::string_view key);

// The body as a JSON object, or a 400 naming "body".
Result<simdjson::dom::object> json_object(const JsonDocument& doc);

}  // namespace helm
