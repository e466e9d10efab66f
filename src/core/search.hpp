#pragma once
// Search by the beginnings of words over an FTS5 index: what a person typed becomes a
// MATCH expression in which every word must match as a prefix ("xt chai" finds
// "Shimano XT chain"). Each word is quoted, so FTS5's own syntax (AND, NEAR, *, ^, :)
// in the input is only text.
#include <string>
#include <string_view>

namespace helm {

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
