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

// Words a person types and Helm stores (names, notes, reasons, labels, references): not
// empty, at most max_length bytes, valid UTF-8 without control, invisible or direction
// characters, and never a payment card number. Every stored free-text field is checked
// here, so a new one cannot forget a rule.
Status check_text(std::string_view field, const std::string& value, std::size_t max_length);
// Codes and contact details (barcodes, serials, part numbers, phones, emails): the same
// rules but the card check, since a code's digits can pass Luhn by chance.
Status check_code_text(std::string_view field, const std::string& value, std::size_t max_length);
// A SKU: printable ASCII without spaces (a code staff type and scan), so two SKUs that look
// the same are the same; the schema compares them case-insensitively (COLLATE NOCASE).
Status check_sku(std::string_view field, const std::string& value, std::size_t max_length);

// Whether the text holds what looks like a payment card number: a Luhn-valid run of 13 to
// 19 digits made of consecutive digit groups, the groups separated by spaces, dots or
// dashes, wherever the run starts ("order 12 4111 1111 1111 1111" holds one). Card data
// never enters Helm, so text fields refuse it.
bool holds_card_number(std::string_view text);

// The text check under its older name, kept for the callers that use it.
inline Status check_typed_text(std::string_view field, const std::string& text, std::size_t max_length) {
    return check_text(field, text, max_length);
}
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
