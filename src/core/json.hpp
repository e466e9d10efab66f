#pragma once
// JSON at the boundary: simdjson parses what comes in, nlohmann/json builds what goes
// out. Both are built without exceptions, so text is produced only through to_text().
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
class JsonDocument {
public:
    static Result<JsonDocument> parse(std::string_view text);
    simdjson::dom::element root() const { return root_; }

private:
    std::unique_ptr<simdjson::dom::parser> parser_;
    simdjson::dom::element root_;
};

}  // namespace helm
