#include "harness.hpp"

using helm::Json;
using helm::testing::TestShop;

namespace {
helm::testing::Reply import_csv(TestShop& shop, std::string csv, bool dry_run) {
    return shop.request("POST", std::string("/api/catalog/import?dry_run=") + (dry_run ? "true" : "false"), std::move(csv),
                        {{"content-type", "text/csv"}});
}
}  // namespace

TEST_CASE("a catalog CSV dry run reports every bad row by line and writes nothing; the real run writes in batches") {
    TestShop shop;
    REQUIRE(shop.post_json("/api/products", {{"sku", "TUBE-700"}, {"name", "Tube"}, {"price_cents", 899}, {"barcodes", {"111"}}}).status == 201);
    const std::string bad =
        "sku,name,kind,price,barcodes,standard_minutes\r\n"
        "TIRE-1,Road tire,stock,59.99,4019238066102,\r\n"  // line 2: good
        "TIRE-2,Gravel tire,stock,12.345,,\r\n"            // line 3: price with a third decimal
        "TIRE-3,,stock,10,,\r\n"                             // line 4: no name
        "TIRE-4,Tubeless,stock,10,111,\r\n"                  // line 5: a barcode of TUBE-700
        "tire-1,Again,stock,10,,\r\n"                        // line 6: the same SKU twice
        "TUNE,Tune-up,stock,89,,60\r\n";                     // line 7: minutes on a stock item
    auto checked = import_csv(shop, bad, true);
    CHECK(checked.status == 400);
    auto errors = checked.json()["import"]["errors"];
    REQUIRE(errors.size() == 5);
    std::vector<std::int64_t> lines;
    for (const auto& e : errors) lines.push_back(e["line"]);
    CHECK(lines == std::vector<std::int64_t>{3, 4, 5, 6, 7});
    CHECK(errors[0]["field"] == "price");
    CHECK(errors[2]["field"] == "barcodes");
    CHECK(errors[4]["field"] == "standard_minutes");
    CHECK(import_csv(shop, bad, false).status == 400);  // the real run checks first: still nothing written
    CHECK(shop.count("products") == 1);
    CHECK(shop.count("audit_events") == 1);

    std::string good = "sku,name,kind,price,barcodes,standard_minutes\r\n";
    for (int i = 0; i < 45; ++i) good += "PART-" + std::to_string(i) + ",Part " + std::to_string(i) + ",stock,1.50,CODE" + std::to_string(i) + ",\r\n";
    good += "tube-700,\"Tube, 700x25 \"\"presta\"\"\",stock,9.49,111 222,\r\n";  // updates the existing one
    good += "TUNE,Tune-up,labor,89,,60\r\n";
    auto dry = import_csv(shop, good, true);
    REQUIRE(dry.status == 200);
    CHECK(dry.json()["import"]["created"] == 46);
    CHECK(dry.json()["import"]["updated"] == 1);
    CHECK(shop.count("products") == 1);
    auto real = import_csv(shop, good, false);
    REQUIRE(real.status == 200);
    CHECK(shop.count("products") == 47);
    CHECK(shop.integer("SELECT price_cents FROM products WHERE sku = 'TUBE-700'") == 949);
    CHECK(shop.text("SELECT name FROM products WHERE sku = 'TUBE-700'") == "Tube, 700x25 \"presta\"");
    CHECK(shop.count("product_barcodes") == 47);
    CHECK(shop.text("SELECT tax_class_key FROM products WHERE sku = 'TUNE'") == "labor");
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'product.import'") == 3);  // 47 rows, 20 a batch
}

TEST_CASE("a CSV with broken quoting or unknown columns is refused whole") {
    TestShop shop;
    auto broken = import_csv(shop, "sku,name,price\nA,\"unclosed,1\nB,b,2\n", true);
    CHECK(broken.status == 400);
    CHECK(broken.json()["error"]["message"].get<std::string>().find("line 2") != std::string::npos);
    auto unknown = import_csv(shop, "sku,name,price,flavour\nA,a,1,red\n", true);
    CHECK(unknown.status == 400);
    CHECK(unknown.json()["error"]["field"] == "flavour");
    auto no_sku = import_csv(shop, "name,price\na,1\n", true);
    CHECK(no_sku.json()["error"]["field"] == "sku");
    CHECK(shop.request("POST", "/api/catalog/import?dry_run=maybe", "sku\nA\n").json()["error"]["field"] == "dry_run");
    CHECK(shop.count("products") == 0);
}

TEST_CASE("the catalog exports as CSV and the export imports back unchanged") {
    TestShop shop;
    REQUIRE(shop.post_json("/api/products", {{"sku", "BELL"}, {"name", "Bell, \"brass\""}, {"price_cents", 2250}, {"brand", "Crane"},
                                            {"barcodes", {"0012345678905", "0012345678912"}}, {"reorder_min", 2}}).status == 201);
    REQUIRE(shop.post_json("/api/products", {{"sku", "TUNE"}, {"name", "Tune-up"}, {"kind", "labor"}, {"price_cents", 8900}, {"standard_minutes", 60}}).status == 201);
    auto exported = shop.request("GET", "/api/catalog/export.csv");
    REQUIRE(exported.status == 200);
    CHECK(helm::find_header(exported.headers, "content-type") == "text/csv; charset=utf-8");
    CHECK(exported.body.find("\"Bell, \"\"brass\"\"\"") != std::string::npos);
    auto before = shop.request("GET", "/api/products").json()["products"];
    auto again = import_csv(shop, exported.body, false);
    REQUIRE(again.status == 200);
    CHECK(again.json()["import"]["updated"] == 2);
    auto after = shop.request("GET", "/api/products").json()["products"];
    for (std::size_t i = 0; i < before.size(); ++i) {
        for (auto key : {"sku", "name", "price_cents", "brand", "barcodes", "reorder_min", "kind", "standard_minutes", "tax_class"})
            CHECK(before[i][key] == after[i][key]);
    }
}

TEST_CASE("the import screen checks, shows the bad rows by line, and imports") {
    TestShop shop;
    auto bad = shop.request("POST", "/products/import", "mode=check&csv=" + helm::percent_encode("sku,name,price\nA,,1\n"));
    CHECK(bad.status == 400);
    CHECK(bad.body.find("id=\"import-errors\"") != std::string::npos);
    CHECK(bad.body.find("<td>2</td><td>name</td>") != std::string::npos);
    auto ok = shop.request("POST", "/products/import", "mode=import&csv=" + helm::percent_encode("sku,name,price\nA,Alpha,1\n"));
    CHECK(ok.status == 200);
    CHECK(ok.body.find("Imported 1 rows: 1 new, 0 updated.") != std::string::npos);
    CHECK(shop.count("products") == 1);
}

TEST_CASE("a product named like a formula exports behind a quote and imports back unchanged") {
    TestShop shop;
    const std::string name = "=HYPERLINK(\"http://evil.example\",\"Bell\")", brand = "@Crane", colour = "-red";
    REQUIRE(shop.post_json("/api/products", {{"sku", "+BELL"}, {"name", name}, {"brand", brand}, {"colour", colour}, {"price_cents", 2250}})
                .status == 201);
    auto exported = shop.request("GET", "/api/catalog/export.csv");
    REQUIRE(exported.status == 200);
    CHECK(exported.body.find("\"'=HYPERLINK(") != std::string::npos);
    CHECK(exported.body.find("\"'@Crane\"") != std::string::npos);
    CHECK(exported.body.find("\"'+BELL\"") != std::string::npos);
    CHECK(exported.body.find(",=") == std::string::npos);
    CHECK(exported.body.find(",\"=") == std::string::npos);
    auto again = import_csv(shop, exported.body, false);
    REQUIRE(again.status == 200);
    CHECK(again.json()["import"]["updated"] == 1);
    auto product = shop.request("GET", "/api/products").json()["products"][0];
    CHECK(product["sku"] == "+BELL");
    CHECK(product["name"] == name);
    CHECK(product["brand"] == brand);
    CHECK(product["colour"] == colour);
}
