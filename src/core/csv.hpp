#pragma once
// CSV as RFC 4180 writes it (UTF-8, a header row, fields quoted with "" for a quote),
// read strictly: broken quoting is an error on its line, never a guess.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace helm::csv {

struct Record {
    std::int64_t line = 0;  // where the record starts, 1 = the header
    std::vector<std::string> fields;
};

struct Table {
    std::vector<std::string> header;
    std::vector<Record> records;
};

// The whole text: a header row then records. An error names the line and says what is
// wrong (an unclosed quote, text after a closing quote, a quote inside an unquoted field,
// a record with another number of fields than the header, text that is not UTF-8).
Result<Table> parse(std::string_view text);

// One record as a line ending in CRLF; a field is quoted when it holds a comma, a quote
// or a line break.
std::string line(const std::vector<std::string>& fields);

}  // namespace helm::csv
