#include <algorithm>

#include "harness.hpp"

using helm::Json;
using helm::testing::TestShop;

namespace {

std::int64_t add_product(TestShop& shop, std::string sku, bool serialized = false) {
    auto r = shop.post_json("/api/products", {{"sku", sku}, {"name", "Item " + sku}, {"price_cents", 1000}, {"serialized", serialized}});
    REQUIRE(r.status == 201);
    return r.json()["product"]["id"].get<std::int64_t>();
}

std::string product_path(std::int64_t id) { return "/api/products/" + std::to_string(id); }

}  // namespace

TEST_CASE("receiving adds stock through the ledger and averages the cost in, half-up") {
    TestShop shop;
    auto id = add_product(shop, "TUBE");
    auto first = shop.post_json(product_path(id) + "/receive", {{"quantity", 3}, {"unit_cost_cents", 1000}, {"reference", "PO 1"}});
    REQUIRE(first.status == 200);
    CHECK(first.json()["product"]["on_hand"] == 3);
    CHECK(first.json()["product"]["average_cost_cents"] == 1000);
    auto second = shop.post_json(product_path(id) + "/receive", {{"quantity", 1}, {"unit_cost_cents", 2001}});
    CHECK(second.json()["product"]["average_cost_cents"] == 1250);  // (3 x 10.00 + 20.01) / 4 = 12.5025
    auto movements = shop.request("GET", product_path(id) + "/movements").json();
    REQUIRE(movements["movements"].size() == 2);
    CHECK(movements["movements"][1]["reference"] == "PO 1");
    CHECK(movements["movements"][0]["staff"] == "Olive Owner");
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'stock.receive'") == 2);
}

TEST_CASE("an adjustment needs a reason, and stock never goes below zero") {
    TestShop shop;
    auto id = add_product(shop, "LUBE");
    REQUIRE(shop.post_json(product_path(id) + "/receive", {{"quantity", 2}, {"unit_cost_cents", 500}}).status == 200);
    auto no_reason = shop.post_json(product_path(id) + "/adjust", {{"quantity", -1}});
    CHECK(no_reason.status == 400);
    CHECK(no_reason.json()["error"]["field"] == "reason");
    auto too_many = shop.post_json(product_path(id) + "/adjust", {{"quantity", -3}, {"reason", "damaged in the workshop"}});
    CHECK(too_many.status == 422);
    CHECK(too_many.json()["error"]["field"] == "quantity");
    const struct {
        Json body;
        std::string field;
    } bad[] = {{{{"quantity", 0}, {"reason", "nothing"}}, "quantity"},
               {{{"quantity", 2000000}, {"reason", "a lot"}}, "quantity"},
               {{{"quantity", "2"}, {"reason", "text"}}, "quantity"},
               {{{"quantity", 1}, {"reason", "ok reason"}, {"colour", "red"}}, "colour"}};
    for (const auto& b : bad) {
        auto r = shop.post_json(product_path(id) + "/adjust", b.body);
        CHECK(r.status == 400);
        CHECK(r.json()["error"]["field"] == b.field);
    }
    auto ok = shop.post_json(product_path(id) + "/adjust", {{"quantity", -2}, {"reason", "damaged in the workshop"}});
    REQUIRE(ok.status == 200);
    CHECK(ok.json()["product"]["on_hand"] == 0);
    CHECK(shop.count("stock_movements") == 2);
    CHECK(shop.request("POST", product_path(999) + "/adjust", R"({"quantity":1,"reason":"why not"})").status == 404);
}

TEST_CASE("the ledger is append-only and the cached level agrees with it") {
    TestShop shop;
    auto id = add_product(shop, "PADS");
    REQUIRE(shop.post_json(product_path(id) + "/receive", {{"quantity", 5}, {"unit_cost_cents", 900}}).status == 200);
    REQUIRE(shop.post_json(product_path(id) + "/adjust", {{"quantity", -1}, {"reason", "shop use"}}).status == 200);
    auto check = shop.request("GET", "/api/inventory/check").json();
    CHECK(check["agrees"] == true);
    CHECK(check["checked"] == 1);
    auto edit = shop.ports().db->query({"UPDATE stock_movements SET quantity = 50", {}});
    CHECK_FALSE(edit.ok());
    auto erase = shop.ports().db->query({"DELETE FROM stock_movements", {}});
    CHECK_FALSE(erase.ok());
    // Someone edits the cached level by hand: the check finds it.
    shop.sql("UPDATE products SET on_hand = 9 WHERE id = ?1", {id});
    check = shop.request("GET", "/api/inventory/check").json();
    CHECK(check["agrees"] == false);
    REQUIRE(check["mismatches"].size() == 1);
    CHECK(check["mismatches"][0]["ledger"] == 4);
}

TEST_CASE("non-stock items, labor and serialized products refuse the wrong kind of stock change") {
    TestShop shop;
    auto fee = shop.post_json("/api/products", {{"sku", "FEE"}, {"name", "Disposal fee"}, {"kind", "fee"}, {"price_cents", 300}});
    auto fee_id = fee.json()["product"]["id"].get<std::int64_t>();
    CHECK(shop.post_json(product_path(fee_id) + "/receive", {{"quantity", 1}, {"unit_cost_cents", 0}}).json()["error"]["field"] == "product");
    auto bike = add_product(shop, "BIKE", true);
    auto no_serials = shop.post_json(product_path(bike) + "/receive", {{"quantity", 2}, {"unit_cost_cents", 90000}, {"serials", {"WTU1"}}});
    CHECK(no_serials.status == 400);
    CHECK(no_serials.json()["error"]["field"] == "serials");
    auto twice = shop.post_json(product_path(bike) + "/receive", {{"quantity", 2}, {"unit_cost_cents", 90000}, {"serials", {"WTU1", "wtu1"}}});
    CHECK(twice.json()["error"]["field"] == "serials");
    CHECK(shop.post_json(product_path(bike) + "/adjust", {{"quantity", 1}, {"reason", "found one"}}).status == 422);
    CHECK(shop.count("stock_movements") == 0);
    CHECK(shop.count("serial_units") == 0);
}

TEST_CASE("receiving serialized bikes records each unit with its history; a serial is unique per product") {
    TestShop shop;
    auto bike = add_product(shop, "FX3-M", true);
    auto received = shop.post_json(product_path(bike) + "/receive",
                                   {{"quantity", 2}, {"unit_cost_cents", 90000}, {"reference", "Trek order 88"}, {"serials", {"WTU100", "WTU101"}}});
    REQUIRE(received.status == 200);
    CHECK(received.json()["product"]["on_hand"] == 2);
    auto units = shop.request("GET", product_path(bike) + "/units").json()["units"];
    REQUIRE(units.size() == 2);
    CHECK(units[0]["status"] == "in_stock");
    CHECK(shop.count("stock_movements") == 2);  // one per unit

    auto again = shop.post_json(product_path(bike) + "/receive", {{"quantity", 1}, {"unit_cost_cents", 90000}, {"serials", {"wtu100"}}});
    CHECK(again.status == 400);
    CHECK(again.json()["error"]["field"] == "serials");
    CHECK(shop.count("serial_units") == 2);

    auto found = shop.request("GET", "/api/serial-units?serial=wtu101").json()["units"];
    REQUIRE(found.size() == 1);
    const auto unit_id = found[0]["id"].get<std::int64_t>();
    const auto unit_path = "/api/serial-units/" + std::to_string(unit_id);
    CHECK(shop.post_json(unit_path + "/status", {{"status", "reserved"}, {"reference", "for Ann"}}).status == 200);
    CHECK(shop.post_json(unit_path + "/status", {{"status", "sold"}}).json()["error"]["field"] == "reference");
    CHECK(shop.post_json(unit_path + "/status", {{"status", "sold"}, {"reference", "S-1"}}).status == 200);
    CHECK(shop.integer("SELECT on_hand FROM products WHERE id = ?1", {bike}) == 1);
    auto refused = shop.post_json(unit_path + "/status", {{"status", "reserved"}});
    CHECK(refused.status == 422);
    CHECK(shop.post_json(unit_path + "/status", {{"status", "returned"}, {"reference", "R-1"}}).status == 200);
    CHECK(shop.post_json(unit_path + "/status", {{"status", "in_stock"}}).status == 200);
    CHECK(shop.integer("SELECT on_hand FROM products WHERE id = ?1", {bike}) == 2);
    auto history = shop.request("GET", unit_path).json()["history"];
    std::vector<std::string> path;
    for (const auto& e : history) path.push_back(e["to"]);
    CHECK(path == std::vector<std::string>{"in_stock", "reserved", "sold", "returned", "in_stock"});
    CHECK(shop.post_json(unit_path + "/status", {{"status", "stolen"}}).json()["error"]["field"] == "status");
    CHECK(shop.post_json("/api/serial-units/999/status", {{"status", "reserved"}}).status == 404);
}

TEST_CASE("two sales of one serialized unit racing each other: exactly one wins") {
    TestShop shop;
    auto bike = add_product(shop, "E-BIKE", true);
    REQUIRE(shop.post_json(product_path(bike) + "/receive", {{"quantity", 1}, {"unit_cost_cents", 250000}, {"serials", {"SN-1"}}}).status == 200);
    const auto unit = shop.integer("SELECT id FROM serial_units");
    const auto path = "/api/serial-units/" + std::to_string(unit) + "/status";
    // Both read the unit as in stock and build their batch before either writes.
    auto first = shop.start("POST", path, R"({"status":"sold","reference":"S-1"})");
    auto second = shop.start("POST", path, R"({"status":"sold","reference":"S-2"})");
    shop.run_until_batch(first);
    shop.run_until_batch(second);
    auto a = shop.finish(first);
    auto b = shop.finish(second);
    CHECK(a.status == 200);
    CHECK(b.status == 409);
    CHECK(shop.integer("SELECT count(*) FROM stock_movements WHERE reason = 'sale'") == 1);
    CHECK(shop.integer("SELECT on_hand FROM products WHERE id = ?1", {bike}) == 0);
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'unit.sold'") == 1);
    CHECK(shop.text("SELECT reference FROM serial_units") == "S-1");
}

TEST_CASE("a count posts its variance as movements against on-hand at posting, once") {
    TestShop shop;
    auto tube = add_product(shop, "TUBE");
    auto tire = add_product(shop, "TIRE");
    REQUIRE(shop.post_json(product_path(tube) + "/receive", {{"quantity", 10}, {"unit_cost_cents", 400}}).status == 200);
    REQUIRE(shop.post_json(product_path(tire) + "/receive", {{"quantity", 4}, {"unit_cost_cents", 3000}}).status == 200);
    auto started = shop.post_json("/api/counts", {{"note", "back wall"}});
    REQUIRE(started.status == 201);
    const auto count = "/api/counts/" + started.json()["count"]["id"].dump();
    CHECK(shop.request("PUT", count + "/lines", R"({"code":"tube","counted":7})").status == 200);
    CHECK(shop.request("PUT", count + "/lines", R"({"code":"TIRE","counted":4})").status == 200);
    CHECK(shop.request("PUT", count + "/lines", R"({"code":"nope","counted":4})").status == 404);
    CHECK(shop.request("PUT", count + "/lines", R"({"code":"TIRE","counted":-1})").json()["error"]["field"] == "counted");
    auto report = shop.request("GET", count).json()["count"]["lines"];
    REQUIRE(report.size() == 2);
    CHECK(report[1]["sku"] == "TUBE");
    CHECK(report[1]["variance"] == -3);
    CHECK(report[1]["variance_cost_cents"] == -1200);
    auto posted = shop.request("POST", count + "/post");
    REQUIRE(posted.status == 200);
    CHECK(posted.json()["count"]["status"] == "posted");
    CHECK(shop.integer("SELECT on_hand FROM products WHERE id = ?1", {tube}) == 7);
    CHECK(shop.integer("SELECT count(*) FROM stock_movements WHERE reason = 'count'") == 1);  // the tires agreed
    CHECK(posted.json()["count"]["lines"][1]["variance"] == -3);  // the report still shows what was found
    CHECK(shop.request("POST", count + "/post").status == 422);
    CHECK(shop.request("PUT", count + "/lines", R"({"code":"tube","counted":1})").status == 422);
    CHECK(shop.integer("SELECT count(*) FROM stock_movements WHERE reason = 'count'") == 1);
}

TEST_CASE("stock changes need their permissions") {
    TestShop shop;
    auto id = add_product(shop, "BELL");
    shop.sign_in_staff(shop.add_staff("Jo Junior", "junior"));
    CHECK(shop.post_json(product_path(id) + "/receive", {{"quantity", 1}, {"unit_cost_cents", 1}}).status == 403);
    shop.sign_in_staff(shop.add_staff("Sam Sales", "sales"));
    CHECK(shop.post_json(product_path(id) + "/receive", {{"quantity", 1}, {"unit_cost_cents", 1}}).status == 200);
    auto adjust = shop.post_json(product_path(id) + "/adjust", {{"quantity", 1}, {"reason", "found it"}});
    CHECK(adjust.status == 403);
    CHECK(adjust.json()["error"]["field"] == "action.inventory_adjust");
    CHECK(shop.post_json("/api/products", {{"sku", "X"}, {"name", "x"}, {"price_cents", 1}}).status == 403);
}

TEST_CASE("the stock screens receive, adjust and count through forms") {
    TestShop shop;
    add_product(shop, "TUBE");
    auto received = shop.request("POST", "/stock/receive", "product=tube&quantity=4&unit_cost=3.50&reference=PO+9&serials=");
    CHECK(received.status == 303);
    auto page = shop.request("GET", std::string(helm::find_header(received.headers, "location")));
    CHECK(page.body.find("Received TUBE: 4 on hand now.") != std::string::npos);
    auto bad = shop.request("POST", "/stock/adjust", "product=tube&quantity=-9&reason=lost");
    CHECK(bad.status == 422);
    CHECK(bad.body.find("id=\"form-error\"") != std::string::npos);
    CHECK(bad.body.find("id=\"adjust-quantity\" name=\"quantity\" value=\"-9\"") != std::string::npos);
    auto unknown = shop.request("POST", "/stock/receive", "product=zzz&quantity=1&unit_cost=1");
    CHECK(unknown.status == 400);
    CHECK(unknown.body.find("no product has this barcode or SKU") != std::string::npos);
    auto started = shop.request("POST", "/stock/counts", "note=front");
    REQUIRE(started.status == 303);
    const std::string sheet(helm::find_header(started.headers, "location"));
    CHECK(shop.request("POST", sheet + "/lines", "code=TUBE&counted=3").status == 303);
    CHECK(shop.request("GET", sheet).body.find("<td class=\"num\">-1</td>") != std::string::npos);
    CHECK(shop.request("POST", sheet + "/post", "").status == 303);
    CHECK(shop.integer("SELECT on_hand FROM products") == 3);
    CHECK(shop.count("stock_movements") == 2);
}

TEST_CASE("what is at or below its reorder point shows with how many to order") {
    TestShop shop;
    auto low = shop.post_json("/api/products", {{"sku", "PADS"}, {"name", "Pads"}, {"price_cents", 2499}, {"reorder_min", 4}, {"reorder_max", 12}});
    auto fine = shop.post_json("/api/products", {{"sku", "TUBE"}, {"name", "Tube"}, {"price_cents", 899}, {"reorder_min", 2}});
    const auto low_id = low.json()["product"]["id"].get<std::int64_t>();
    const auto fine_id = fine.json()["product"]["id"].get<std::int64_t>();
    REQUIRE(shop.post_json(product_path(low_id) + "/receive", {{"quantity", 3}, {"unit_cost_cents", 900}}).status == 200);
    REQUIRE(shop.post_json(product_path(fine_id) + "/receive", {{"quantity", 5}, {"unit_cost_cents", 300}}).status == 200);
    auto list = shop.request("GET", "/api/inventory/reorder").json()["products"];
    REQUIRE(list.size() == 1);
    CHECK(list[0]["sku"] == "PADS");
    CHECK(list[0]["suggested"] == 9);
    CHECK(shop.request("GET", "/stock").body.find("id=\"reorder-list\"") != std::string::npos);
}

TEST_CASE("a bike sold to a customer joins their bikes, linked to its unit, in the sale's own batch") {
    TestShop shop;
    auto bike = shop.post_json("/api/products", {{"sku", "FX3-M"}, {"name", "FX 3 Disc"}, {"brand", "Trek"}, {"model_year", 2026}, {"size", "M"},
                                                 {"colour", "Lithium Grey"}, {"price_cents", 149999}, {"serialized", true}});
    const auto product = bike.json()["product"]["id"].get<std::int64_t>();
    REQUIRE(shop.post_json(product_path(product) + "/receive", {{"quantity", 1}, {"unit_cost_cents", 98000}, {"serials", {"WTU-1"}}}).status == 200);
    const auto unit = shop.integer("SELECT id FROM serial_units");
    const auto path = "/api/serial-units/" + std::to_string(unit) + "/status";
    auto ann = shop.post_json("/api/customers", {{"name", "Ann Smith"}}).json()["customer"]["id"].get<std::int64_t>();
    auto bob = shop.post_json("/api/customers", {{"name", "Bob Jones"}}).json()["customer"]["id"].get<std::int64_t>();

    CHECK(shop.post_json(path, {{"status", "reserved"}, {"customer_id", ann}}).json()["error"]["field"] == "customer_id");
    auto nobody = shop.post_json(path, {{"status", "sold"}, {"reference", "S-1"}, {"customer_id", 999}});
    CHECK(nobody.status == 400);
    CHECK(nobody.json()["error"]["field"] == "customer_id");
    CHECK(shop.text("SELECT status FROM serial_units") == "in_stock");

    REQUIRE(shop.post_json(path, {{"status", "sold"}, {"reference", "S-1"}, {"customer_id", ann}}).status == 200);
    auto bikes = shop.request("GET", "/api/customers/" + std::to_string(ann)).json()["bikes"];
    REQUIRE(bikes.size() == 1);
    CHECK(bikes[0]["make"] == "Trek");
    CHECK(bikes[0]["frame_serial"] == "WTU-1");
    CHECK(bikes[0]["serial_unit_id"] == unit);
    CHECK(bikes[0]["year"] == 2026);

    // Returned, restocked and sold again: the unit now links to the new owner's bike only.
    REQUIRE(shop.post_json(path, {{"status", "returned"}, {"reference", "R-1"}}).status == 200);
    REQUIRE(shop.post_json(path, {{"status", "in_stock"}}).status == 200);
    REQUIRE(shop.post_json(path, {{"status", "sold"}, {"reference", "S-2"}, {"customer_id", bob}}).status == 200);
    CHECK(shop.integer("SELECT customer_id FROM bikes WHERE serial_unit_id = ?1", {unit}) == bob);
    CHECK(shop.count("bikes") == 2);  // Ann's record of her bike stays, unlinked
}

TEST_CASE("a sale to a customer who was merged away meanwhile writes nothing") {
    TestShop shop;
    auto bike = shop.post_json("/api/products", {{"sku", "B"}, {"name", "Bike"}, {"price_cents", 1}, {"serialized", true}});
    const auto product = bike.json()["product"]["id"].get<std::int64_t>();
    REQUIRE(shop.post_json(product_path(product) + "/receive", {{"quantity", 1}, {"unit_cost_cents", 1}, {"serials", {"X1"}}}).status == 200);
    auto ann = shop.post_json("/api/customers", {{"name", "Ann"}}).json()["customer"]["id"].get<std::int64_t>();
    auto other = shop.post_json("/api/customers", {{"name", "Ann S"}}).json()["customer"]["id"].get<std::int64_t>();
    const auto unit = shop.integer("SELECT id FROM serial_units");
    auto sale = shop.start("POST", "/api/serial-units/" + std::to_string(unit) + "/status",
                           helm::to_text(Json{{"status", "sold"}, {"reference", "S-1"}, {"customer_id", ann}}));
    shop.run_until_batch(sale);
    REQUIRE(shop.post_json("/api/customers/" + std::to_string(ann) + "/merge", {{"into_id", other}}).status == 200);
    auto res = shop.finish(sale);
    CHECK(res.status >= 400);
    CHECK(shop.text("SELECT status FROM serial_units") == "in_stock");
    CHECK(shop.count("bikes") == 0);
    CHECK(shop.integer("SELECT count(*) FROM stock_movements WHERE reason = 'sale'") == 0);
}
