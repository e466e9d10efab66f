// Html::add counts a literal template's {} holes at compile time: proven by compiling
// test/compile/html_holes.cpp with the compiler that builds these tests.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

namespace {

struct Compiled {
    bool ok = false;
    std::string output;
};

Compiled compile_case(int holes) {
    const std::string source = HELM_SOURCE_DIR;
    const std::string command = std::string(HELM_CXX_COMPILER) + " -std=c++20 -fsyntax-only -I" + source + "/src -DHOLES=" +
                                std::to_string(holes) + " " + source + "/test/compile/html_holes.cpp 2>&1";
    Compiled out;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.output.append(buffer, n);
    out.ok = pclose(pipe) == 0;
    return out;
}

}  // namespace

TEST_CASE("Html::add compiles when the arguments fill the template's holes") {
    const auto matching = compile_case(0);
    INFO(matching.output);
    CHECK(matching.ok);
}

TEST_CASE("Html::add with an argument more or less than the template's holes does not compile") {
    for (int holes : {1, 2}) {
        const auto wrong = compile_case(holes);
        INFO("case " << holes << ": " << wrong.output);
        CHECK_FALSE(wrong.ok);
        CHECK(wrong.output.find("html_template_holes_do_not_match_arguments") != std::string::npos);
    }
}
