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

}  // namespace helm
