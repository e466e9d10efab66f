// Request parsing in core/http: where a sign-in or a PIN may send the browser back to.
#include <string>
#include <vector>

#include "core/http.hpp"
#include "harness.hpp"

using helm::testing::TestShop;

TEST_CASE("a next path is kept only when a browser would stay on this shop with it") {
    const std::vector<std::string> ours = {"/", "/products", "/products?q=tube&page=2", "/register#cart", "/a/b/../c",
                                           "/products?q=a%20b", "/%E2%82%AC"};
    for (const auto& path : ours) CHECK_MESSAGE(helm::local_path(path) == path, path);
    const std::vector<std::string> nasty = {
        "",                          "products",                 "https://evil.example/",    "//evil.example",
        "/\\evil.example",           "\\\\evil.example",          "/\t/evil.example",         "/\n/evil.example",
        "/\r/evil.example",          "/%09/evil.example",        "/%0a/evil.example",        "/%0D%0ASet-Cookie:x=1",
        "/x\r\nSet-Cookie: x=1",     std::string("/x\0y", 4),    "/%00",                     "/%2F/evil.example",
        "/%5Cevil.example",          "/%5c%5cevil.example",      "/\\/evil.example",         "/a\\b",
        "/ /evil.example",           " //evil.example",          "/\x7f",                    "/caf\xc3\xa9",
        "/\xe2\x80\xae",             "javascript:alert(1)",      "/\x0b/evil.example",       "/%7F",
    };
    for (const auto& path : nasty) CHECK_MESSAGE(helm::local_path(path) == "/", path);
}

TEST_CASE("after a PIN, a next that a browser would read as another site or a broken header goes home") {
    TestShop shop;
    const auto owner = shop.integer("SELECT max(id) FROM staff");
    for (const std::string next : {"/%09/evil.example", "/%0D%0ASet-Cookie:%20x=1", "/%5C%5Cevil.example", "/%00"}) {
        shop.sign_out_staff();
        auto r = shop.post_form("/pin", "staff_id=" + std::to_string(owner) + "&pin=" + std::string(helm::testing::test_pin) + "&next=" + next);
        CHECK_MESSAGE(r.status == 303, next);
        CHECK_MESSAGE(helm::find_header(r.headers, "location") == "/", next);
    }
    shop.sign_out_staff();
    auto fine = shop.post_form("/pin", "staff_id=" + std::to_string(owner) + "&pin=" + std::string(helm::testing::test_pin) + "&next=%2Fproducts");
    CHECK(helm::find_header(fine.headers, "location") == "/products");
}
