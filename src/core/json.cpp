#include "core/json.hpp"

namespace helm {

std::string to_text(const Json& json) {
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<JsonDocument> JsonDocument::parse(std::string_view text) {
    JsonDocument doc;
    doc.parser_ = std::make_unique<simdjson::dom::parser>();
    simdjson::padded_string padded(text);
    if (doc.parser_->parse(padded).get(doc.root_) != simdjson::SUCCESS)
        return Error{Code::invalid_argument, "the body is not valid JSON", "body"};
    return doc;
}

std::string field_name(std::string_view key) {
    const bool plain = !key.empty() && key.size() <= 64 && key.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_.-") == std::string_view::npos;
    return plain ? std::string(key) : "body";
}

namespace {

template <class Known>
Result<JsonDocument> parse_object(std::string_view body, Known known) {
    auto doc = JsonDocument::parse(body.empty() ? std::string_view("{}") : body);
    if (!doc) return doc;
    simdjson::dom::object object;
    if (doc->root().get_object().get(object) != simdjson::SUCCESS) return invalid("body", "the body must be a JSON object");
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string_view key = it.key();
        if (!known(key)) return invalid(field_name(key), "unknown field: the body may hold only the fields this request takes");
        for (auto before = object.begin(); before != it; ++before)
            if (before.key() == key) return invalid(field_name(key), "a field is given twice");
    }
    return doc;
}

}  // namespace

Result<JsonDocument> JsonDocument::parse_body(std::string_view body, std::initializer_list<std::string_view> members) {
    return parse_object(body, [&](std::string_view key) {
        for (auto m : members)
            if (m == key) return true;
        return false;
    });
}

Result<JsonDocument> JsonDocument::parse_empty_body(std::string_view body) {
    return parse_object(body, [](std::string_view) { return false; });
}

Result<JsonDocument> JsonDocument::parse_body(std::string_view body, bool (*known)(std::string_view member)) {
    return parse_object(body, known);
}

}  // namespace helm
