#include "harness.hpp"

using helm::Json;
using helm::testing::TestShop;

TEST_CASE("categories form a tree that never loops, and products file under them") {
    TestShop shop;
    auto parts = shop.post_json("/api/categories", {{"name", "Parts"}});
    REQUIRE(parts.status == 201);
    const auto parts_id = parts.json()["category"]["id"].get<std::int64_t>();
    auto tires = shop.post_json("/api/categories", {{"name", "Tires"}, {"parent_id", parts_id}});
    REQUIRE(tires.status == 201);
    const auto tires_id = tires.json()["category"]["id"].get<std::int64_t>();
    CHECK(shop.post_json("/api/categories", {{"name", "tires"}, {"parent_id", parts_id}}).status == 409);
    CHECK(shop.post_json("/api/categories", {{"name", "X"}, {"parent_id", 99}}).json()["error"]["field"] == "parent_id");
    auto loop = shop.request("PATCH", "/api/categories/" + std::to_string(parts_id), helm::to_text(Json{{"parent_id", tires_id}}));
    CHECK(loop.status == 422);
    CHECK(loop.json()["error"]["field"] == "parent_id");
    auto listed = shop.request("GET", "/api/categories").json()["categories"];
    REQUIRE(listed.size() == 2);
    CHECK(listed[1]["path"] == "Parts › Tires");
    auto filed = shop.post_json("/api/products", {{"sku", "T"}, {"name", "Tire"}, {"price_cents", 100}, {"category_id", tires_id}});
    CHECK(filed.status == 201);
}

TEST_CASE("vendors carry each product's part number and cost") {
    TestShop shop;
    auto vendor = shop.post_json("/api/vendors", {{"name", "Live to Play"}, {"account_number", "LTP-1"}});
    REQUIRE(vendor.status == 201);
    const auto vendor_id = vendor.json()["vendor"]["id"].get<std::int64_t>();
    CHECK(shop.post_json("/api/vendors", {{"name", "live to play"}}).status == 409);
    CHECK(shop.post_json("/api/vendors", {{"name", "X"}, {"fax", "1"}}).json()["error"]["field"] == "fax");
    auto product = shop.post_json("/api/products", {{"sku", "C"}, {"name", "Chain"}, {"price_cents", 6499},
                                                    {"vendors", {{{"vendor_id", vendor_id}, {"vendor_part_number", "SHI-M8100"}, {"cost_cents", 3600}}}}});
    REQUIRE(product.status == 201);
    CHECK(product.json()["product"]["vendors"][0]["vendor_part_number"] == "SHI-M8100");
    CHECK(product.json()["product"]["vendors"][0]["cost_cents"] == 3600);
}

TEST_CASE("tax classes carry rates in parts per million with validity dates that never overlap by name") {
    TestShop shop;
    auto gst = shop.post_json("/api/tax-rates", {{"tax_class", "goods"}, {"name", "GST"}, {"rate_ppm", 50000}, {"valid_from", "2008-01-01"}});
    REQUIRE(gst.status == 201);
    REQUIRE(shop.post_json("/api/tax-rates", {{"tax_class", "goods"}, {"name", "PST"}, {"rate_ppm", 70000}, {"valid_from", "2013-04-01"}}).status == 201);
    REQUIRE(shop.post_json("/api/tax-rates", {{"tax_class", "labor"}, {"name", "GST"}, {"rate_ppm", 50000}, {"valid_from", "2008-01-01"}}).status == 201);
    auto overlap = shop.post_json("/api/tax-rates", {{"tax_class", "goods"}, {"name", "GST"}, {"rate_ppm", 60000}, {"valid_from", "2027-01-01"}});
    CHECK(overlap.status == 409);
    const struct {
        Json body;
        std::string field;
    } bad[] = {{{{"tax_class", "luxury"}, {"name", "X"}, {"rate_ppm", 1}, {"valid_from", "2026-01-01"}}, "tax_class"},
               {{{"tax_class", "goods"}, {"name", "X"}, {"rate_ppm", 1000001}, {"valid_from", "2026-01-01"}}, "rate_ppm"},
               {{{"tax_class", "goods"}, {"name", "X"}, {"rate_ppm", 0.05}, {"valid_from", "2026-01-01"}}, "rate_ppm"},
               {{{"tax_class", "goods"}, {"name", "X"}, {"rate_ppm", 1}, {"valid_from", "01/01/2026"}}, "valid_from"},
               {{{"tax_class", "goods"}, {"name", "X"}, {"rate_ppm", 1}, {"valid_from", "2026-01-01"}, {"valid_until", "2025-01-01"}}, "valid_until"}};
    for (const auto& b : bad) {
        auto r = shop.post_json("/api/tax-rates", b.body);
        CHECK(r.status == 400);
        CHECK(r.json()["error"]["field"] == b.field);
    }
    auto classes = shop.request("GET", "/api/tax-classes").json()["tax_classes"];
    REQUIRE(classes.size() == 3);
    CHECK(classes[0]["key"] == "exempt");
    CHECK(classes[0]["rates"].empty());
    CHECK(classes[1]["rates"].size() == 2);  // goods: GST and PST
    CHECK(classes[2]["rates"].size() == 1);  // labor: GST only
    CHECK(shop.count("tax_rates") == 3);
}

TEST_CASE("Settings › Catalog adds a tax rate in percent, a category and a vendor through forms") {
    TestShop shop;
    auto settings = shop.request("GET", "/settings");
    CHECK(settings.body.find("href=\"/settings/catalog\"") != std::string::npos);
    auto rate = shop.request("POST", "/settings/catalog/tax-rates", "tax_class=goods&name=PST&rate=7.25&valid_from=2026-01-01&valid_until=");
    CHECK(rate.status == 303);
    CHECK(shop.integer("SELECT rate_ppm FROM tax_rates WHERE name = 'PST'") == 72500);
    auto page = shop.request("GET", "/settings/catalog?done=rate");
    CHECK(page.body.find("Tax rate added.") != std::string::npos);
    CHECK(page.body.find("7.25%") != std::string::npos);
    auto bad = shop.request("POST", "/settings/catalog/tax-rates", "tax_class=goods&name=GST&rate=5%2C5&valid_from=2026-01-01");
    CHECK(bad.status == 400);
    CHECK(bad.body.find("id=\"rate-percent\" name=\"rate\" value=\"5,5\"") != std::string::npos);
    CHECK(bad.body.find("aria-invalid=\"true\"") != std::string::npos);
    CHECK(shop.request("POST", "/settings/catalog/tax-rates", "tax_class=goods&name=PST&rate=7&valid_from=2026-06-01").status == 409);
    CHECK(shop.count("tax_rates") == 1);
    CHECK(shop.request("POST", "/settings/catalog/categories", "name=Parts&parent_id=").status == 303);
    CHECK(shop.request("POST", "/settings/catalog/categories", "name=Tubes&parent_id=1").status == 303);
    CHECK(shop.request("GET", "/settings/catalog").body.find("Parts › Tubes") != std::string::npos);
    CHECK(shop.request("POST", "/settings/catalog/vendors", "name=&account_number=").status == 400);
    CHECK(shop.request("POST", "/settings/catalog/vendors", "name=Trek&account_number=TRK-1&email=&phone=").status == 303);
    CHECK(shop.count("vendors") == 1);
    CHECK(shop.request("GET", "/settings/catalog?done=%3Cscript%3E").body.find("<script>") == std::string::npos);
}
