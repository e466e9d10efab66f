#pragma once
// Search by the beginnings of words over an FTS5 index: what a person typed becomes a
// MATCH expression in which every word must match as a prefix ("xt chai" finds
// "Shimano XT chain"). Each word is quoted, so FTS5's own syntax (AND, NEAR, *, ^, :)
// in the input is only text.
#include <string>
#include <string_view>

#include "core/fields.hpp"

namespace helm {

constexpr std::size_t max_search_length = 200;

// What a person typed into a search box, checked before any query is built from it: at
// most max_search_length bytes of UTF-8 without control characters (FTS5 in D1 answers a
// control character with an error, which would be a 5xx). Blank is fine: it lists.
inline Status check_search(std::string_view field, std::string_view text) {
    if (text.empty()) return Ok{};
    return check_text(field, std::string(text), max_search_length);
}

// Empty when the text holds no word at all.
inline std::string fts_prefix_query(std::string_view text) {
    std::string query, word;
    auto flush = [&] {
        if (word.empty()) return;
        if (!query.empty()) query += ' ';
        query += '"' + word + "\"*";
        word.clear();
    };
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            flush();
        } else if (c == '"') {
            word += "\"\"";
        } else {
            word += c;
        }
    }
    flush();
    return query;
}

}  // namespace helm
