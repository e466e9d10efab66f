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
// A field that line() guarded against formulas (see Cell) reads back without its quote.
Result<Table> parse(std::string_view text);

// One cell as typed. A spreadsheet runs text that starts with =, +, -, @, a tab or a CR
// as a formula, so such text is written as OWASP says: a ' before it and the cell quoted
// (text already starting with quotes before one of those gets one more, so that parse()
// can take exactly one off). A number is written as it is: "-12.50" stays a number.
struct Cell {
    std::string value;
    bool number = false;
    Cell(std::string text) : value(std::move(text)) {}
    Cell(std::string_view text) : value(text) {}
    Cell(const char* text) : value(text) {}
};
// A figure such as "-12.50", "3" or "1.5e3"; anything else given here is written as text.
Cell number(std::string figures);
Cell number(std::int64_t n);

// One record as a line ending in CRLF; a field is quoted when it holds a comma, a quote
// or a line break, or when it is guarded text.
std::string line(const std::vector<Cell>& cells);

}  // namespace helm::csv
