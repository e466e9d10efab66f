#pragma once
// JSON at the boundary: simdjson parses what comes in, nlohmann/json builds what goes
// out. Both are built without exceptions, so text is produced only through to_text().
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "core/result.hpp"

namespace helm {

using Json = nlohmann::json;

// [to_json(item), ...] for a list the API answers with.
template <class Items, class ToJson>
Json json_array(const Items& items, ToJson to_json) {
    Json out = Json::array();
    for (const auto& item : items) out.push_back(to_json(item));
    return out;
}

// Invalid UTF-8 is replaced, never thrown (an exception would trap the Wasm instance).
std::string to_text(const Json& json);

// A parsed JSON document; elements stay valid while it lives.
// A member's name as an error's field: itself when it reads as a field name (letters,
// digits, _ . -, at most 64), else "body": an unknown key is input, never logged as sent.
std::string field_name(std::string_view key);

class JsonDocument {
public:
    static Result<JsonDocument> parse(std::string_view text);
    // The one reader of a request's JSON body, so every route refuses the same things: the
    // body must be an object (an empty body reads as {}) of known members, each given once.
    // Anything else is a 400 naming "body", or the unknown member. `known` decides members
    // that no fixed list can name (a product's rules, permission keys).
    static Result<JsonDocument> parse_body(std::string_view body, std::initializer_list<std::string_view> members);
    static Result<JsonDocument> parse_body(std::string_view body, bool (*known)(std::string_view member));
    // For a route that takes no fields: no body, or {}.
    static Result<JsonDocument> parse_empty_body(std::string_view body);
    simdjson::dom::element root() const { return root_; }
    // The root as an object; only for a document from parse_body.
    simdjson::dom::object object() const { return root_.get_object().value_unsafe(); }

private:
    std::unique_ptr<simdjson::dom::parser> parser_;
    simdjson::dom::element root_;
};

}  // namespace helm
