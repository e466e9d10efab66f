#include "harness.hpp"

using helm::Json;
using helm::testing::TestShop;

namespace {
Json widget(std::string sku = "TUBE-700", std::int64_t price = 899) {
    return {{"sku", sku}, {"name", "Inner tube 700x25"}, {"price_cents", price}, {"barcode", "0123456789012"}};
}
}  // namespace

TEST_CASE("a product is created, read back, found by SKU, barcode and name, and edited") {
    TestShop shop;
    auto created = shop.post_json("/api/products", widget());
    REQUIRE(created.status == 201);
    auto product = created.json()["product"];
    CHECK(product["sku"] == "TUBE-700");
    CHECK(product["price_cents"] == 899);
    const auto id = product["id"].get<std::int64_t>();

    auto read = shop.request("GET", "/api/products/" + std::to_string(id));
    CHECK(read.status == 200);
    CHECK(read.json()["product"]["name"] == "Inner tube 700x25");

    for (std::string q : {"tube-700", "0123456789012", "inner%20TUBE"}) {
        auto found = shop.request("GET", "/api/products?q=" + q);
        REQUIRE(found.status == 200);
        REQUIRE(found.json()["products"].size() == 1);
        CHECK(found.json()["products"][0]["id"] == id);
    }

    auto patched = shop.request("PATCH", "/api/products/" + std::to_string(id), R"({"price_cents": 1099, "barcode": null})");
    REQUIRE(patched.status == 200);
    CHECK(patched.json()["product"]["price_cents"] == 1099);
    CHECK(patched.json()["product"]["barcode"].is_null());
    CHECK(patched.json()["product"]["version"] == 2);
    CHECK(shop.integer("SELECT price_cents FROM products WHERE id = ?1", {id}) == 1099);
}

TEST_CASE("an exact SKU match ranks before names that merely contain the text") {
    TestShop shop;
    REQUIRE(shop.post_json("/api/products", {{"sku", "CHAIN-XL"}, {"name", "Chain lube"}, {"price_cents", 1500}}).status == 201);
    REQUIRE(shop.post_json("/api/products", {{"sku", "CHAIN"}, {"name", "Zed chain 11s"}, {"price_cents", 4500}}).status == 201);
    auto found = shop.request("GET", "/api/products?q=chain").json()["products"];
    REQUIRE(found.size() == 2);
    CHECK(found[0]["sku"] == "CHAIN");
}

TEST_CASE("search treats % and _ as the characters a person typed") {
    TestShop shop;
    REQUIRE(shop.post_json("/api/products", {{"sku", "A1"}, {"name", "Sale 50% off bell"}, {"price_cents", 500}}).status == 201);
    REQUIRE(shop.post_json("/api/products", {{"sku", "A2"}, {"name", "Plain bell"}, {"price_cents", 500}}).status == 201);
    CHECK(shop.request("GET", "/api/products?q=50%25").json()["products"].size() == 1);
    CHECK(shop.request("GET", "/api/products?q=%25").json()["products"].size() == 1);
    CHECK(shop.request("GET", "/api/products?q=_").json()["products"].size() == 0);
}

TEST_CASE("bad product input gets a 4xx JSON error naming the field and writes nothing") {
    TestShop shop;
    REQUIRE(shop.post_json("/api/products", widget("EXISTING")).status == 201);
    struct Case {
        std::string body;
        int status;
        std::string code, field;
    };
    const Case cases[] = {
        {"{not json", 400, "invalid_argument", "body"},
        {"[1,2]", 400, "invalid_argument", "body"},
        {R"({"name":"x","price_cents":1})", 400, "invalid_argument", "sku"},
        {R"({"sku":"X","price_cents":1})", 400, "invalid_argument", "name"},
        {R"({"sku":"X","name":"x"})", 400, "invalid_argument", "price_cents"},
        {R"({"sku":7,"name":"x","price_cents":1})", 400, "invalid_argument", "sku"},
        {R"({"sku":"X","name":"x","price_cents":"12"})", 400, "invalid_argument", "price_cents"},
        {R"({"sku":"X","name":"x","price_cents":12.5})", 400, "invalid_argument", "price_cents"},
        {R"({"sku":"X","name":"x","price_cents":-1})", 400, "invalid_argument", "price_cents"},
        {R"({"sku":"X","name":"x","price_cents":100000000000})", 400, "invalid_argument", "price_cents"},
        {R"({"sku":"","name":"x","price_cents":1})", 400, "invalid_argument", "sku"},
        {R"({"sku":"X","name":"x","price_cents":1,"colour":"red"})", 400, "invalid_argument", "colour"},
        {R"({"sku":"existing","name":"x","price_cents":1})", 409, "already_exists", "sku"},
        {R"({"sku":"NEW","name":"x","price_cents":1,"barcode":"0123456789012"})", 409, "already_exists", "barcode"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.body);
        auto r = shop.request("POST", "/api/products", c.body);
        CHECK(r.status == c.status);
        auto error = r.json()["error"];
        CHECK(error["code"] == c.code);
        CHECK(error["field"] == c.field);
        CHECK(error["request_id"].is_string());
    }
    auto oversized = shop.request("POST", "/api/products", std::string(helm::max_body_bytes + 1, ' '));
    CHECK(oversized.status == 413);
    CHECK(oversized.json()["error"]["field"] == "body");
    CHECK(shop.count("products") == 1);
}

TEST_CASE("a bad edit changes nothing and an unknown product is 404") {
    TestShop shop;
    auto id = shop.post_json("/api/products", widget()).json()["product"]["id"].get<std::int64_t>();
    auto path = "/api/products/" + std::to_string(id);
    CHECK(shop.request("PATCH", path, R"({"price_cents": -5})").status == 400);
    CHECK(shop.request("PATCH", path, R"({})").status == 400);
    CHECK(shop.request("PATCH", path, R"({"name": ""})").json()["error"]["field"] == "name");
    CHECK(shop.request("GET", "/api/products/999").status == 404);
    CHECK(shop.request("GET", "/api/products/abc").json()["error"]["field"] == "id");
    CHECK(shop.request("PATCH", "/api/products/999", R"({"name":"x"})").status == 404);
    CHECK(shop.integer("SELECT version FROM products") == 1);
    CHECK(shop.integer("SELECT price_cents FROM products") == 899);
}

TEST_CASE("an edit made against an old version is refused with 409 and writes nothing") {
    TestShop shop;
    auto id = shop.post_json("/api/products", widget()).json()["product"]["id"].get<std::int64_t>();
    auto path = "/api/products/" + std::to_string(id);
    // Two clerks open version 1; the first saves, the second's save must not overwrite it.
    CHECK(shop.request("PATCH", path, R"({"price_cents": 999, "version": 1})").status == 200);
    auto stale = shop.request("PATCH", path, R"({"price_cents": 111, "version": 1})");
    CHECK(stale.status == 409);
    CHECK(stale.json()["error"]["field"] == "version");
    CHECK(shop.integer("SELECT price_cents FROM products") == 999);
    CHECK(shop.request("PATCH", path, R"({"price_cents": 111, "version": 0})").status == 400);
    CHECK(shop.request("PATCH", path, R"({"price_cents": 111, "version": "2"})").status == 400);
    CHECK(shop.request("PATCH", path, R"({"price_cents": 111, "version": 2})").status == 200);
    CHECK(shop.post_json("/api/products", {{"sku", "V"}, {"name", "v"}, {"price_cents", 1}, {"version", 1}}).status == 400);
}

TEST_CASE("a product can be created inactive") {
    TestShop shop;
    auto created = shop.post_json("/api/products", {{"sku", "OLD"}, {"name", "Old stock"}, {"price_cents", 1}, {"active", false}});
    REQUIRE(created.status == 201);
    CHECK(created.json()["product"]["active"] == false);
    CHECK(shop.integer("SELECT active FROM products") == 0);
}

TEST_CASE("an edit that raced another one is refused with 409 instead of overwriting it") {
    TestShop shop;
    auto id = shop.post_json("/api/products", widget()).json()["product"]["id"].get<std::int64_t>();
    auto path = "/api/products/" + std::to_string(id);
    // Ours reads the product and builds its batch ...
    auto mine = shop.start("PATCH", path, R"({"name":"mine"})");
    shop.run_until_batch(mine);
    // ... another clerk's edit lands first ...
    REQUIRE(shop.request("PATCH", path, R"({"name":"theirs"})").status == 200);
    // ... so ours, rebuilt on the new audit head, finds the product moved on.
    auto res = shop.finish(mine);
    CHECK(res.status == 409);
    CHECK(res.json()["error"]["code"] == "conflict");
    auto names = shop.sql("SELECT name, version FROM products");
    CHECK(helm::Row(names, 0).text("name") == "theirs");
    CHECK(helm::Row(names, 0).integer("version") == 2);
    CHECK(shop.count("audit_events") == 2);  // the create and their edit; nothing of ours
}

TEST_CASE("unknown routes are 404 and a known path with the wrong method is 405, both as JSON errors") {
    TestShop shop;
    auto missing = shop.request("GET", "/api/nothing-here");
    CHECK(missing.status == 404);
    CHECK(missing.json()["error"]["code"] == "not_found");
    auto wrong = shop.request("DELETE", "/api/products");
    CHECK(wrong.status == 405);
    CHECK(wrong.json()["error"]["code"] == "method_not_allowed");
    auto page = shop.request("GET", "/no-such-screen");
    CHECK(page.status == 404);
    CHECK(page.body.find("<!doctype html>") == 0);
}
