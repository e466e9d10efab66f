#include "core/csv.hpp"

#include "core/json.hpp"

namespace helm::csv {
namespace {

Error at_line(std::int64_t line, std::string message) {
    return invalid("line " + std::to_string(line), "line " + std::to_string(line) + ": " + std::move(message));
}

bool starts_formula(std::string_view text) {
    while (!text.empty() && text.front() == '\'') text.remove_prefix(1);
    return !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
}

// The guard's quote is the first of the quotes before a formula's first character.
bool guarded(std::string_view text) { return !text.empty() && text.front() == '\'' && starts_formula(text); }

bool is_figure(std::string_view s) {
    auto digits = [&s] {
        std::size_t n = 0;
        while (!s.empty() && s.front() >= '0' && s.front() <= '9') s.remove_prefix(1), ++n;
        return n;
    };
    if (!s.empty() && s.front() == '-') s.remove_prefix(1);
    if (digits() == 0) return false;
    if (!s.empty() && s.front() == '.') {
        s.remove_prefix(1);
        if (digits() == 0) return false;
    }
    if (!s.empty() && (s.front() == 'e' || s.front() == 'E')) {
        s.remove_prefix(1);
        if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
        if (digits() == 0) return false;
    }
    return s.empty();
}

}  // namespace

Result<Table> parse(std::string_view text) {
    if (!simdjson::validate_utf8(text.data(), text.size())) return invalid("body", "the file is not UTF-8 text");
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a spreadsheet's byte-order mark
    Table table;
    std::int64_t line = 1;
    std::size_t i = 0;
    while (i < text.size()) {
        Record record{line, {}};
        std::string field;
        bool quoted = false;
        for (;;) {
            if (i < text.size() && text[i] == '"' && field.empty() && !quoted) {
                // A quoted field: up to the closing quote, "" standing for one quote.
                quoted = true;
                const std::int64_t opened = line;
                ++i;
                for (;;) {
                    if (i >= text.size()) return at_line(opened, "a quoted field is never closed");
                    if (text[i] == '"') {
                        if (i + 1 < text.size() && text[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    if (text[i] == '\n') ++line;
                    field += text[i++];
                }
                if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                    return at_line(line, "text after a closing quote");
                continue;
            }
            if (i >= text.size() || text[i] == ',' || text[i] == '\n' || text[i] == '\r') {
                if (guarded(field)) field.erase(0, 1);
                record.fields.push_back(std::move(field));
                field.clear();
                quoted = false;
                if (i < text.size() && text[i] == ',') {
                    ++i;
                    continue;
                }
                if (i < text.size() && text[i] == '\r') ++i;
                if (i < text.size() && text[i] == '\n') ++i;
                ++line;
                break;
            }
            if (text[i] == '"') return at_line(line, "a quote inside a field that does not start with one");
            field += text[i++];
        }
        const bool blank = record.fields.size() == 1 && record.fields[0].empty();
        if (blank) continue;  // empty lines, such as the one after the last record
        if (table.header.empty() && table.records.empty()) {
            table.header = std::move(record.fields);
            continue;
        }
        if (record.fields.size() != table.header.size())
            return at_line(record.line, "has " + std::to_string(record.fields.size()) + " fields, the header has " +
                                            std::to_string(table.header.size()));
        table.records.push_back(std::move(record));
    }
    if (table.header.empty()) return invalid("body", "the file is empty: it needs a header row");
    return table;
}

Cell number(std::string figures) {
    Cell cell(std::move(figures));
    cell.number = is_figure(cell.value);
    return cell;
}

Cell number(std::int64_t n) { return number(std::to_string(n)); }

std::string line(const std::vector<Cell>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) out += ',';
        const std::string& f = cells[i].value;
        const bool formula = !cells[i].number && starts_formula(f);
        if (!formula && f.find_first_of(",\"\r\n") == std::string::npos) {
            out += f;
            continue;
        }
        out += formula ? "\"'" : "\"";
        for (char c : f) {
            if (c == '"') out += '"';
            out += c;
        }
        out += '"';
    }
    return out + "\r\n";
}

}  // namespace helm::csv
