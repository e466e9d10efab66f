// CSV: any text parses or is refused with its line; what parses writes back (as text
// cells) and reads again the same, and no written cell starts a spreadsheet formula.
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "fuzz.hpp"

using namespace helm;

namespace {
std::string written(const std::vector<std::string>& fields) { return csv::line(std::vector<csv::Cell>(fields.begin(), fields.end())); }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto table = csv::parse(fuzz::text(data, size));
    if (!table) return 0;
    // A byte-order mark first, as a spreadsheet saves one: parse() takes exactly one off, so a
    // header that itself starts with one reads back.
    std::string again = "\xEF\xBB\xBF" + written(table->header);
    for (const auto& record : table->records) {
        fuzz::require(record.fields.size() == table->header.size(), "every record has the header's fields");
        again += written(record.fields);
    }
    for (const auto& record : table->records)
        for (const auto& field : record.fields) {
            const std::string cell = csv::line({csv::Cell(field)});
            std::string_view content(cell);
            content.remove_suffix(2);  // CRLF
            if (!content.empty() && content.front() == '"') content.remove_prefix(1);
            fuzz::require(content.empty() || std::string_view("=+-@\t\r").find(content.front()) == std::string_view::npos,
                          "no written cell starts a formula");
        }
    auto reread = csv::parse(again);
    if (table->header.size() == 1 && table->header[0].empty()) return 0;  // a lone empty header reads as no header
    fuzz::require(reread.ok(), "what was written parses");
    fuzz::require(reread->header == table->header, "the header reads back the same");
    fuzz::require(reread->records.size() <= table->records.size(), "no record appears");
    std::size_t k = 0;
    for (const auto& record : table->records) {
        const bool blank = record.fields.size() == 1 && record.fields[0].empty();
        if (blank) continue;  // an empty one-field record is a blank line, skipped on reading
        fuzz::require(k < reread->records.size() && reread->records[k++].fields == record.fields, "each record reads back the same");
    }
    return 0;
}
