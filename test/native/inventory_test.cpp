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
    CHECK(shop.post_json(unit_path + "/status", {{"status", "in_stock"}}).status == 200);
    CHECK(shop.post_json(unit_path + "/status", {{"status", "with_customer"}, {"reference", "test ride"}}).status == 200);
    CHECK(shop.post_json(unit_path + "/status", {{"status", "in_stock"}}).status == 200);
    CHECK(shop.integer("SELECT on_hand FROM products WHERE id = ?1", {bike}) == 2);
    auto history = shop.request("GET", unit_path).json()["history"];
    std::vector<std::string> path;
    for (const auto& e : history) path.push_back(e["to"]);
    CHECK(path == std::vector<std::string>{"in_stock", "reserved", "in_stock", "with_customer", "in_stock"});
    CHECK(shop.post_json(unit_path + "/status", {{"status", "stolen"}}).json()["error"]["field"] == "status");
    CHECK(shop.post_json("/api/serial-units/999/status", {{"status", "reserved"}}).status == 404);
}

TEST_CASE("a bike becomes sold or comes back to stock only through a sale, a return or a void") {
    TestShop shop;
    auto bike = add_product(shop, "FX3-M", true);
    REQUIRE(shop.post_json(product_path(bike) + "/receive", {{"quantity", 1}, {"unit_cost_cents", 90000}, {"serials", {"WTU100"}}}).status == 200);
    const auto unit = shop.integer("SELECT id FROM serial_units");
    const auto path = "/api/serial-units/" + std::to_string(unit) + "/status";
    const auto movements = shop.count("stock_movements");
    for (const std::string to : {"sold", "returned"}) {
        CAPTURE(to);
        auto refused = shop.post_json(path, {{"status", to}, {"reference", "S-1"}});
        CHECK(refused.status == 422);
        CHECK(refused.json()["error"]["field"] == "status");
    }
    auto by_form = shop.post_form("/stock/units/" + std::to_string(unit), "status=sold&reference=S-1");
    CHECK(by_form.status == 422);
    CHECK(shop.text("SELECT status FROM serial_units") == "in_stock");
    // A bike the register sold does not come back by hand either.
    shop.sql("UPDATE serial_units SET status = 'sold'");
    CHECK(shop.post_json(path, {{"status", "in_stock"}, {"reference", "oops"}}).status == 422);
    CHECK(shop.text("SELECT status FROM serial_units") == "sold");
    CHECK(shop.count("stock_movements") == movements);
    CHECK(shop.integer("SELECT on_hand FROM products WHERE id = ?1", {bike}) == 1);
}

TEST_CASE("error messages name a bike by its unit id, never by its serial, so no serial reaches a log line") {
    TestShop shop;
    auto bike = add_product(shop, "FX3-M", true);
    auto twice = shop.post_json(product_path(bike) + "/receive", {{"quantity", 2}, {"unit_cost_cents", 1}, {"serials", {"QZX-WTU", "qzx-wtu"}}});
    CHECK(twice.status == 400);
    CHECK(twice.json()["error"]["field"] == "serials");
    REQUIRE(shop.post_json(product_path(bike) + "/receive", {{"quantity", 1}, {"unit_cost_cents", 1}, {"serials", {"QZX-WTU"}}}).status == 200);
    const auto unit = shop.integer("SELECT id FROM serial_units");
    const auto path = "/api/serial-units/" + std::to_string(unit) + "/status";
    auto same = shop.post_json(path, {{"status", "in_stock"}});
    CHECK(same.status == 409);
    CHECK(same.json()["error"]["message"].get<std::string>().find("unit " + std::to_string(unit)) != std::string::npos);
    CHECK(shop.post_json(path, {{"status", "reserved"}, {"version", 7}}).status == 409);
    CHECK(shop.post_json(path, {{"status", "sold"}, {"reference", "S-1"}}).status == 422);
    REQUIRE(shop.logs.size() > 4);
    for (const auto& line : shop.logs) {
        CAPTURE(line);
        CHECK(line.find("QZX") == std::string::npos);
        CHECK(line.find("qzx") == std::string::npos);
    }
}

TEST_CASE("a lost or damaged bike leaves stock with a reason, by who may adjust stock, and comes back when found") {
    TestShop shop;
    auto bike = add_product(shop, "FX3-M", true);
    REQUIRE(shop.post_json(product_path(bike) + "/receive", {{"quantity", 1}, {"unit_cost_cents", 90000}, {"serials", {"WTU100"}}}).status == 200);
    const auto unit = shop.integer("SELECT id FROM serial_units");
    const auto path = "/api/serial-units/" + std::to_string(unit);
    // Not a plain status change, and never without a reason.
    CHECK(shop.post_json(path + "/status", {{"status", "lost"}}).status == 422);
    auto no_reason = shop.post_json(path + "/adjust", {{"status", "lost"}});
    CHECK(no_reason.status == 400);
    CHECK(no_reason.json()["error"]["field"] == "reason");
    CHECK(shop.post_json(path + "/adjust", {{"status", "reserved"}, {"reason", "hold it"}}).json()["error"]["field"] == "status");
    // A mechanic sees the stock but may not adjust it.
    shop.sign_in_staff(shop.add_staff("Mo Mechanic", "mechanic"));
    auto mechanic = shop.post_json(path + "/adjust", {{"status", "lost"}, {"reason", "not on the floor"}});
    CHECK(mechanic.status == 403);
    CHECK(mechanic.json()["error"]["field"] == "action.inventory_adjust");
    CHECK(shop.count("stock_movements") == 1);
    shop.sign_in_staff(shop.integer("SELECT id FROM staff WHERE role_key = 'owner'"));

    auto lost = shop.post_json(path + "/adjust", {{"status", "lost"}, {"reason", "not on the floor at the count"}});
    REQUIRE(lost.status == 200);
    CHECK(lost.json()["unit"]["status"] == "lost");
    CHECK(shop.integer("SELECT on_hand FROM products WHERE id = ?1", {bike}) == 0);
    CHECK(shop.text("SELECT note FROM stock_movements WHERE reason = 'adjust' AND quantity = -1") == "not on the floor at the count");
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'unit.lost'") == 1);
    // A lost bike cannot be reserved, and cannot be lost twice.
    CHECK(shop.post_json(path + "/status", {{"status", "reserved"}}).status == 422);
    CHECK(shop.post_json(path + "/adjust", {{"status", "damaged"}, {"reason", "and damaged"}}).status == 422);

    auto found = shop.post_json(path + "/adjust", {{"status", "in_stock"}, {"reason", "behind the workshop door"}});
    REQUIRE(found.status == 200);
    CHECK(found.json()["unit"]["status"] == "in_stock");
    CHECK(shop.integer("SELECT on_hand FROM products WHERE id = ?1", {bike}) == 1);
    auto damaged = shop.post_form("/stock/units/" + std::to_string(unit) + "/adjust", "status=damaged&reason=frame+cracked+in+the+van");
    CHECK(damaged.status == 303);
    CHECK(shop.integer("SELECT on_hand FROM products WHERE id = ?1", {bike}) == 0);
    auto history = shop.request("GET", path).json()["history"];
    std::vector<std::string> steps;
    for (const auto& e : history) steps.push_back(e["to"]);
    CHECK(steps == std::vector<std::string>{"in_stock", "lost", "in_stock", "damaged"});
    CHECK(shop.request("GET", "/api/inventory/check").json()["agrees"] == true);
}

TEST_CASE("two write-offs of one serialized unit racing each other: exactly one lands") {
    TestShop shop;
    auto bike = add_product(shop, "E-BIKE", true);
    REQUIRE(shop.post_json(product_path(bike) + "/receive", {{"quantity", 1}, {"unit_cost_cents", 250000}, {"serials", {"SN-1"}}}).status == 200);
    const auto unit = shop.integer("SELECT id FROM serial_units");
    const auto path = "/api/serial-units/" + std::to_string(unit) + "/adjust";
    // Both read the unit as in stock and build their batch before either writes.
    auto first = shop.start("POST", path, R"({"status":"lost","reason":"gone from the floor"})");
    auto second = shop.start("POST", path, R"({"status":"lost","reason":"not in the van either"})");
    shop.run_until_batch(first);
    shop.run_until_batch(second);
    auto a = shop.finish(first);
    auto b = shop.finish(second);
    CHECK(a.status == 200);
    CHECK(b.status == 409);
    CHECK(shop.integer("SELECT count(*) FROM stock_movements WHERE reason = 'adjust'") == 1);
    CHECK(shop.integer("SELECT on_hand FROM products WHERE id = ?1", {bike}) == 0);
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'unit.lost'") == 1);
    CHECK(shop.text("SELECT written_off FROM serial_units") == "lost");
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

