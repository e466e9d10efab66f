#include <doctest/doctest.h>

#include "core/csv.hpp"

using namespace helm;

TEST_CASE("CSV reads quoted fields, doubled quotes, line breaks inside quotes, CRLF and a byte-order mark") {
    auto t = csv::parse("\xEF\xBB\xBFsku,name,price\r\nA,\"Bell, brass\",1.00\r\nB,\"The \"\"Zed\"\" chain\nline two\",2\r\n\r\nC,,3");
    REQUIRE(t.ok());
    CHECK(t->header == std::vector<std::string>{"sku", "name", "price"});
    REQUIRE(t->records.size() == 3);
    CHECK(t->records[0].fields[1] == "Bell, brass");
    CHECK(t->records[1].fields[1] == "The \"Zed\" chain\nline two");
    CHECK(t->records[1].line == 3);
    CHECK(t->records[2].line == 6);  // after the quoted line break and the blank line
    CHECK(t->records[2].fields[1].empty());
}

TEST_CASE("CSV refuses broken quoting, ragged rows and non-UTF-8 text, naming the line") {
    struct Case {
        std::string text, message;
    };
    const Case cases[] = {
        {"a,b\n1,\"open\n2,3\n", "line 2: a quoted field is never closed"},
        {"a,b\n1,\"x\"y\n", "line 2: text after a closing quote"},
        {"a,b\n1,2\n3,x\"y\n", "line 3: a quote inside a field"},
        {"a,b\n1,2,3\n", "line 2: has 3 fields, the header has 2"},
        {"a,b\n1,\xff\n", "not UTF-8"},
        {"", "empty"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto t = csv::parse(c.text);
        REQUIRE_FALSE(t.ok());
        CHECK(t.error().message.find(c.message) != std::string::npos);
    }
}

TEST_CASE("a CSV line written is read back the same") {
    const std::vector<std::string> fields{"plain", "with, comma", "with \"quote\"", "two\nlines", ""};
    auto t = csv::parse(csv::line({"a", "b", "c", "d", "e"}) + csv::line({fields.begin(), fields.end()}));
    REQUIRE(t.ok());
    CHECK(t->records.at(0).fields == fields);
}

TEST_CASE("text a spreadsheet would run as a formula is written behind a quote and reads back unchanged") {
    const std::vector<std::string> texts{"=HYPERLINK(\"http://evil.example\",\"x\")", "+1 604 555 0199", "-2+3", "@SUM(A1)",
                                         "\tpadded", "\rcarriage", "'=already quoted", "''-twice", "'plain", "'", "a=b", "-"};
    std::vector<csv::Cell> cells(texts.begin(), texts.end());
    const std::string written = csv::line(cells);
    CHECK(written.rfind("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",\"'+1 604 555 0199\",\"'-2+3\",\"'@SUM(A1)\",", 0) == 0);
    CHECK(written.find("\"''=already quoted\"") != std::string::npos);
    CHECK(written.find(",'plain,',a=b,\"'-\"\r\n") != std::string::npos);
    // No cell of the line starts with a formula's first character once unquoted.
    auto t = csv::parse(csv::line(std::vector<csv::Cell>(texts.size(), csv::Cell("h"))) + written);
    REQUIRE(t.ok());
    CHECK(t->records.at(0).fields == texts);
}

TEST_CASE("numbers written as numbers stay numbers, negative ones too, and only real figures pass as numbers") {
    const std::string written = csv::line({"refund", csv::number("-12.50"), csv::number(std::int64_t{-3}), csv::number("1.5e-3"),
                                           csv::number("=1+2"), csv::number("-inf"), csv::number("-12.50")});
    CHECK(written == "refund,-12.50,-3,1.5e-3,\"'=1+2\",\"'-inf\",-12.50\r\n");
    CHECK(csv::line({"-12.50"}) == "\"'-12.50\"\r\n");  // a text that looks like a figure is still text
}
