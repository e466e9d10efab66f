#include "harness.hpp"

#include "web/layout.hpp"

using helm::testing::TestShop;

TEST_CASE("the shell page shows the shop's name, its colours and the navigation") {
    TestShop shop;
    auto home = shop.request("GET", "/");
    CHECK(home.status == 200);
    CHECK(home.body.find("Test Cycles") != std::string::npos);
    CHECK(home.body.find("--brand:#1f4e79") != std::string::npos);
    for (const auto& screen : helm::web::screens()) {
        CAPTURE(screen.href);
        CHECK(home.body.find("accesskey=\"" + std::string(screen.accesskey) + "\"") != std::string::npos);
        if (!screen.blurb.empty()) CHECK(home.body.find(std::string(screen.blurb)) != std::string::npos);  // its tile
    }
    CHECK(shop.request("GET", "/static/helm.css").status == 200);
    CHECK(shop.request("GET", "/static/missing.css").status == 404);
    CHECK(shop.request("GET", "/brand/logo.svg").body.find("<svg") == 0);
}

TEST_CASE("the products form adds a product and redirects; a bad one re-renders with the error and writes nothing") {
    TestShop shop;
    auto added = shop.request("POST", "/products", "sku=BELL-1&name=Brass+bell&barcodes=&price=1%2C234.5&kind=stock");
    CHECK(added.status == 303);
    CHECK(helm::find_header(added.headers, "location") == "/products?added=BELL-1");
    CHECK(shop.integer("SELECT price_cents FROM products") == 123450);
    CHECK(shop.count("product_barcodes") == 0);

    auto bad = shop.request("POST", "/products", "sku=BELL-2&name=%3Cscript%3E&price=12.345");
    CHECK(bad.status == 400);
    CHECK(bad.body.find("price must be an amount") != std::string::npos);
    CHECK(bad.body.find("aria-invalid=\"true\"") != std::string::npos);
    CHECK(bad.body.find("<script>") == std::string::npos);  // what was typed comes back escaped
    CHECK(bad.body.find("&lt;script&gt;") != std::string::npos);
    CHECK(shop.count("products") == 1);

    auto listed = shop.request("GET", "/products?added=BELL-1");
    CHECK(listed.body.find("Brass bell") != std::string::npos);
    CHECK(listed.body.find("1234.50") != std::string::npos);
}

TEST_CASE("text that is not UTF-8 is refused on the field, not stored mangled") {
    TestShop shop;
    auto bad = shop.request("POST", "/products", "sku=X%FF1&name=Bell&price=1");
    CHECK(bad.status == 400);
    CHECK(bad.body.find("sku is not valid UTF-8 text") != std::string::npos);
    CHECK(shop.count("products") == 0);
    CHECK(shop.request("POST", "/products", "sku=VELO&name=V%C3%A9lo&price=1").status == 303);  // a SKU is ASCII, a name any script
    CHECK(shop.integer("SELECT count(*) FROM products WHERE name = ?1", {std::string("V\xc3\xa9lo")}) == 1);
}

TEST_CASE("every response carries a content security policy that lets only Helm's own scripts run") {
    TestShop shop;
    for (std::string path : {"/", "/brand/logo.svg", "/api/health", "/nowhere"}) {
        CAPTURE(path);
        auto r = shop.request("GET", path);
        auto csp = helm::find_header(r.headers, "content-security-policy");
        CHECK(csp.find("script-src 'self'") != std::string_view::npos);
        CHECK(helm::find_header(r.headers, "x-content-type-options") == "nosniff");
    }
}

TEST_CASE("Settings and /api/health say which build the shop runs, and in which environment") {
    helm::testing::TestShop shop;
    auto settings = shop.request("GET", "/settings");
    CHECK(settings.body.find("<dt>Commit</dt><dd>abc1234</dd>") != std::string::npos);
    CHECK(settings.body.find("<dt>Environment</dt><dd>test</dd>") != std::string::npos);
    auto health = shop.request("GET", "/api/health").json();
    CHECK(health["build"]["environment"] == "test");
    CHECK(health["build"]["built_at"] == "2026-11-23T00:00:00Z");
}
