// The register's documents natively, on real SQLite through the real App: completing,
// paying, returning and voiding, and every guard that keeps money and stock right.
#include <string>

#include "core/fields.hpp"
#include "core/time.hpp"
#include "harness.hpp"

using helm::Json;
using helm::to_text;
using helm::testing::TestShop;

namespace {

// A shop with British Columbia's rates, an open drawer and stocked products.
struct Counter {
    TestShop shop;
    int keys = 0;

    explicit Counter(helm::Shop kept = helm::testing::test_shop()) : shop(std::move(kept)) {
        rate("goods", "GST", 50'000);
        rate("goods", "PST", 70'000);
        rate("labor", "GST", 50'000);
        shop.sql("INSERT INTO drawer_sessions (register_id, business_date, float_cents, opened_at_ms) VALUES (1, '2000-01-01', 10000, 0)");
    }
    void rate(std::string tax_class, std::string name, std::int64_t ppm) {
        REQUIRE(shop.post_json("/api/tax-rates", {{"tax_class", tax_class}, {"name", name}, {"rate_ppm", ppm}, {"valid_from", "2020-01-01"}}).status == 201);
    }
    std::int64_t product(std::string sku, std::int64_t price, std::int64_t stock, Json extra = Json::object()) {
        Json body = {{"sku", sku}, {"name", "Item " + sku}, {"price_cents", price}};
        body.update(extra);
        auto r = shop.post_json("/api/products", body);
        REQUIRE(r.status == 201);
        const auto id = r.json()["product"]["id"].get<std::int64_t>();
        if (stock > 0)
            REQUIRE(shop.post_json("/api/products/" + std::to_string(id) + "/receive", {{"quantity", stock}, {"unit_cost_cents", price / 2}}).status == 200);
        return id;
    }
    // After the clock moved on: the owner signs in again on a new device session.
    void sign_in_again() {
        const auto owner = shop.integer("SELECT id FROM staff WHERE role_key = 'owner'");
        shop.sign_in_device("owner@test-shop.example");
        shop.sign_in_staff(owner);
    }
    std::string key() { return "test-key-" + std::to_string(++keys); }
    helm::testing::Reply sell(Json body) {
        if (!body.contains("idempotency_key")) body["idempotency_key"] = key();
        return shop.post_json("/api/sales", body);
    }
    std::int64_t on_hand(std::int64_t id) { return shop.integer("SELECT on_hand FROM products WHERE id = ?1", {id}); }
};

Json line(std::int64_t product_id, std::int64_t quantity = 1) { return {{"product_id", product_id}, {"quantity", quantity}}; }
Json cash(std::int64_t amount, std::int64_t tendered) { return {{"tender", "cash"}, {"amount_cents", amount}, {"tendered_cents", tendered}}; }
Json card(std::int64_t amount) { return {{"tender", "card"}, {"amount_cents", amount}, {"reference", "T-8812"}}; }

}  // namespace

TEST_CASE("a cash sale is one batch: the sale, its taxed lines, its payment with change, the stock and its audit row") {
    Counter c;
    const auto helmet = c.product("HELMET", 1000, 5);
    const auto events = c.shop.count("audit_events");
    auto r = c.sell({{"lines", {line(helmet, 2)}}, {"payments", {cash(2240, 5000)}}});
    REQUIRE(r.status == 201);
    const Json sale = r.json()["sale"];
    CHECK(sale["number"] == "S-00001");
    CHECK(sale["kind"] == "sale");
    CHECK(sale["subtotal_cents"] == 2000);
    CHECK(sale["tax_cents"] == 240);
    CHECK(sale["total_cents"] == 2240);
    CHECK(sale["change_cents"] == 2760);
    CHECK(sale["taxes"].size() == 2);
    CHECK(sale["lines"][0]["taxes"].size() == 2);
    CHECK(sale["payments"][0]["tendered_cents"] == 5000);
    CHECK(c.on_hand(helmet) == 3);
    CHECK(c.shop.count("audit_events") == events + 1);
    CHECK(c.shop.text("SELECT action FROM audit_events ORDER BY seq DESC LIMIT 1") == "sale.sale");
    CHECK(c.shop.text("SELECT reference FROM stock_movements WHERE reason = 'sale'") == "S-00001");
    CHECK(c.shop.integer("SELECT amount_cents FROM sale_payments") == 2240);  // what stays in the drawer
}

TEST_CASE("a retried completion answers the first sale and writes nothing new") {
    Counter c;
    const auto tube = c.product("TUBE", 899, 10);
    const Json body = {{"idempotency_key", "retry-0001"}, {"lines", {line(tube, 1)}}, {"payments", {card(1007)}}};
    auto first = c.sell(body);
    REQUIRE(first.status == 201);
    auto again = c.sell(body);
    CHECK(again.status == 200);
    CHECK(again.json()["replayed"] == true);
    CHECK(again.json()["sale"]["id"] == first.json()["sale"]["id"]);
    CHECK(c.shop.count("sales") == 1);
    CHECK(c.shop.count("sale_payments") == 1);
    CHECK(c.on_hand(tube) == 9);
}

TEST_CASE("a sale completes only when its payments equal its total, and bad input writes nothing") {
    Counter c;
    const auto tube = c.product("TUBE", 899, 10);
    const auto before = c.shop.count("audit_events");
    auto short_paid = c.sell({{"lines", {line(tube)}}, {"payments", {card(1000)}}});
    CHECK(short_paid.status == 422);
    CHECK(short_paid.json()["error"]["field"] == "payments");
    const struct {
        Json body;
        std::string field;
    } bad[] = {
        {{{"lines", Json::array()}, {"payments", {card(1)}}}, "lines"},
        {{{"lines", {{{"product_id", tube}, {"quantity", 0}}}}}, "lines[0].quantity"},
        {{{"lines", {{{"code", "NOPE"}}}}}, "lines[0].code"},
        {{{"lines", {line(tube)}}, {"payments", {{{"tender", "bitcoin"}, {"amount_cents", 1007}}}}}, "payments[0].tender"},
        {{{"lines", {line(tube)}}, {"payments", {{{"tender", "card"}, {"amount_cents", 1007}}}}}, "payments[0].reference"},
        {{{"lines", {line(tube)}}, {"payments", {cash(1007, 1000)}}}, "payments[0].tendered_cents"},
        {{{"lines", {{{"product_id", tube}, {"unit_price_cents", 100}}}}, {"payments", {card(112)}}}, "lines[0].price_reason"},
        {{{"lines", {line(tube)}}, {"discount", {{"percent_ppm", 2000000}}}}, "discount"},
        {{{"lines", {line(tube)}}, {"colour", "red"}}, "colour"},
        {{{"lines", {line(tube, 11)}}, {"payments", {card(11077)}}}, "lines[0].quantity"},
    };
    for (const auto& b : bad) {
        CAPTURE(b.field);
        auto r = c.sell(b.body);
        CHECK(r.status >= 400);
        CHECK(r.status < 500);
        CHECK(r.json()["error"]["field"] == b.field);
    }
    CHECK(c.shop.count("sales") == 0);
    CHECK(c.shop.count("audit_events") == before);
    CHECK(c.on_hand(tube) == 10);
}

TEST_CASE("a sale's messages name amounts in the shop's currency") {
    helm::Shop pounds = helm::testing::test_shop();
    pounds.currency = "GBP";
    Counter c(pounds);
    const auto tube = c.product("TUBE", 1000, 10);
    auto short_paid = c.sell({{"lines", {line(tube)}}, {"payments", {card(1000)}}});
    CHECK(short_paid.status == 422);
    CHECK(short_paid.json()["error"]["message"] == "the payments come to £10.00 but the total is £11.20");
}

TEST_CASE("split tender: card and cash together; the drawer keeps only the cash that stays") {
    Counter c;
    const auto wheel = c.product("WHEEL", 10000, 2);
    auto r = c.sell({{"lines", {line(wheel)}}, {"payments", {card(10000), cash(1200, 2000)}}});
    REQUIRE(r.status == 201);
    CHECK(r.json()["sale"]["change_cents"] == 800);
    CHECK(c.shop.integer("SELECT sum(amount_cents) FROM sale_payments WHERE tender = 'cash'") == 1200);
    c.shop.sql("UPDATE drawer_sessions SET status = 'closed', closed_at_ms = 1, counted_cents = 0, expected_cents = 0, variance_cents = 0");
    auto no_drawer = c.sell({{"lines", {line(wheel)}}, {"payments", {cash(11200, 11200)}}});
    CHECK(no_drawer.status == 422);
    CHECK(no_drawer.json()["error"]["field"] == "payments[0].tender");
}

TEST_CASE("two completions racing for the last unit: exactly one sells it") {
    Counter c;
    const auto bell = c.product("BELL", 1000, 1);
    auto a = c.shop.start("POST", "/api/sales", to_text(Json{{"idempotency_key", "race-a-0001"}, {"lines", {line(bell)}}, {"payments", {card(1120)}}}));
    auto b = c.shop.start("POST", "/api/sales", to_text(Json{{"idempotency_key", "race-b-0001"}, {"lines", {line(bell)}}, {"payments", {card(1120)}}}));
    c.shop.run_until_batch(a);
    c.shop.run_until_batch(b);  // both priced it with one in stock
    auto first = c.shop.finish(a);
    auto second = c.shop.finish(b);
    CHECK(first.status == 201);
    CHECK(second.status == 409);
    CHECK(c.on_hand(bell) == 0);
    CHECK(c.shop.count("sales") == 1);
}

TEST_CASE("a five-line card sale waits on D1 four times: the gate, its inputs, the chain's head with its number, its write") {
    Counter c;
    Json lines = Json::array();
    for (int i = 0; i < 5; ++i) lines.push_back(line(c.product("PART-" + std::to_string(i), 1000, 3)));
    auto by_code = line(c.product("PART-5", 1000, 3));
    by_code.erase("product_id");
    by_code["code"] = "PART-5";  // one line as scanned: found by its code in the same batch
    lines.back() = by_code;
    c.shop.logs.clear();
    auto sold = c.sell({{"lines", lines}, {"payments", {card(5 * 1120)}}});
    REQUIRE(sold.status == 201);
    CHECK(sold.json()["sale"]["lines"].size() == 5);  // the answer read back in the write's batch
    const auto logged = std::find_if(c.shop.logs.rbegin(), c.shop.logs.rend(), [](const std::string& l) { return l.find("\"type\":\"request\"") != std::string::npos; });
    REQUIRE(logged != c.shop.logs.rend());
    const Json log = Json::parse(*logged);
    CHECK(log["route"] == "/api/sales");
    CHECK(log["d1_round_trips"] == 4);
}

TEST_CASE("tax: labor and goods rates, an exempt customer, and tax-inclusive prices") {
    Counter c;
    const auto tune = c.product("TUNE", 8500, 0, {{"kind", "labor"}});
    const auto chain = c.product("CHAIN", 3999, 5);
    auto r = c.sell({{"lines", {line(tune), line(chain)}}, {"payments", {card(13404)}}});
    REQUIRE(r.status == 201);
    CHECK(r.json()["sale"]["tax_cents"] == 425 + 480);
    auto customer = c.shop.post_json("/api/customers", {{"name", "Band Council"}, {"tax_exempt", true}, {"tax_exempt_reference", "Status 123"}});
    REQUIRE(customer.status == 201);
    const auto customer_id = customer.json()["customer"]["id"];
    auto exempt = c.sell({{"customer_id", customer_id}, {"lines", {line(chain)}}, {"payments", {card(3999)}}});
    REQUIRE(exempt.status == 201);
    CHECK(exempt.json()["sale"]["tax_cents"] == 0);
    CHECK(exempt.json()["sale"]["tax_exempt_reference"] == "Status 123");
    REQUIRE(c.shop.request("PUT", "/api/register-settings", R"({"prices_include_tax":true})", {{"content-type", "application/json"}}).status == 200);
    auto inclusive = c.sell({{"lines", {line(chain)}}, {"payments", {card(3999)}}});
    REQUIRE(inclusive.status == 201);
    CHECK(inclusive.json()["sale"]["total_cents"] == 3999);
    CHECK(inclusive.json()["sale"]["subtotal_cents"] == 3571);  // 39.99 / 1.12 = 35.705 -> 35.71
    CHECK(inclusive.json()["sale"]["tax_cents"] == 428);
}

TEST_CASE("a discount over the shop's limit needs the permission or a manager's PIN") {
    Counter c;
    const auto saddle = c.product("SADDLE", 10000, 3);
    const auto owner = c.shop.integer("SELECT id FROM staff WHERE role_key = 'owner'");
    c.shop.sign_in_staff(c.shop.add_staff("Sam Sales", "sales"));
    const Json body = {{"lines", {{{"product_id", saddle}, {"discount", {{"percent_ppm", 200000}}}}}}, {"payments", {card(8960)}}};
    auto refused = c.sell(body);
    CHECK(refused.status == 403);
    CHECK(refused.json()["error"]["field"] == "approval");
    Json wrong_pin = body;
    wrong_pin["approval"] = {{"staff_id", owner}, {"pin", "11111"}};
    CHECK(c.sell(wrong_pin).status == 401);
    Json approved = body;
    approved["approval"] = {{"staff_id", owner}, {"pin", std::string(helm::testing::test_pin)}};
    auto r = c.sell(approved);
    REQUIRE(r.status == 201);
    CHECK(r.json()["sale"]["approved_by_staff_id"] == owner);
    CHECK(r.json()["sale"]["discount_cents"] == 2000);
    auto within = c.sell({{"lines", {{{"product_id", saddle}, {"discount", {{"percent_ppm", 100000}}}}}}, {"payments", {card(10080)}}});
    CHECK(within.status == 201);
}

TEST_CASE("returns: partial, prorated to the cent, never more than was sold, also when two race") {
    Counter c;
    c.shop.sql("UPDATE shop_settings SET tax_rounding = 'invoice'");
    const auto grip = c.product("GRIP", 333, 10);
    auto sold = c.sell({{"lines", {line(grip, 3)}}, {"payments", {card(1119)}}});
    REQUIRE(sold.status == 201);
    const Json sale = sold.json()["sale"];
    const auto line_id = sale["lines"][0]["id"];
    auto give_back = [&](std::int64_t quantity, std::int64_t refund, std::string key) {
        return c.sell({{"idempotency_key", key}, {"original_sale_id", sale["id"]}, {"returns", {{{"line_id", line_id}, {"quantity", quantity}}}},
                       {"reason", "wrong colour"}, {"payments", {{{"tender", "card"}, {"amount_cents", refund}}}}});
    };
    auto one = give_back(1, -373, "return-1-aaaa");
    REQUIRE(one.status == 201);
    CHECK(one.json()["sale"]["kind"] == "return");
    CHECK(one.json()["sale"]["total_cents"] == -373);
    CHECK(c.on_hand(grip) == 8);
    auto too_many = give_back(3, -1119, "return-2-aaaa");
    CHECK(too_many.status == 422);
    CHECK(too_many.json()["error"]["field"] == "returns[0].quantity");
    // The last two, as two returns racing for the last one: one wins.
    auto a = give_back(1, -373, "return-3-aaaa");
    REQUIRE(a.status == 201);
    auto race_a = c.shop.start("POST", "/api/sales", to_text(Json{{"idempotency_key", "return-4-aaaa"}, {"original_sale_id", sale["id"]},
                                                               {"returns", {{{"line_id", line_id}, {"quantity", 1}}}}, {"reason", "race"},
                                                               {"payments", {{{"tender", "card"}, {"amount_cents", -373}}}}}));
    auto race_b = c.shop.start("POST", "/api/sales", to_text(Json{{"idempotency_key", "return-5-aaaa"}, {"original_sale_id", sale["id"]},
                                                               {"returns", {{{"line_id", line_id}, {"quantity", 1}}}}, {"reason", "race"},
                                                               {"payments", {{{"tender", "card"}, {"amount_cents", -373}}}}}));
    c.shop.run_until_batch(race_a);  // past reading the receipt, at its write
    c.shop.run_until_batch(race_b);
    auto won = c.shop.finish(race_a);
    auto lost = c.shop.finish(race_b);
    CHECK(won.status == 201);
    CHECK(lost.status == 409);
    // Everything returned: the refunds add up to exactly what was paid.
    CHECK(c.shop.integer("SELECT sum(total_cents) FROM sales") == 0);
    CHECK(c.shop.integer("SELECT sum(tax_cents) FROM sale_lines") == 0);
    CHECK(c.on_hand(grip) == 10);
}

TEST_CASE("a refund goes to a tender the sale was paid with, or to store credit") {
    Counter c;
    const auto pump = c.product("PUMP", 5000, 2);
    auto customer = c.shop.post_json("/api/customers", {{"name", "Rita Rider"}});
    const auto customer_id = customer.json()["customer"]["id"];
    auto sold = c.sell({{"customer_id", customer_id}, {"lines", {line(pump)}}, {"payments", {card(5600)}}});
    REQUIRE(sold.status == 201);
    const Json sale = sold.json()["sale"];
    Json back = {{"customer_id", customer_id}, {"original_sale_id", sale["id"]}, {"returns", {{{"line_id", sale["lines"][0]["id"]}}}},
                 {"reason", "did not fit"}, {"payments", {{{"tender", "cheque"}, {"amount_cents", -5600}}}}};
    auto by_cheque = c.sell(back);
    CHECK(by_cheque.status == 422);
    CHECK(by_cheque.json()["error"]["field"] == "payments[0].tender");
    back["payments"] = {{{"tender", "store_credit"}, {"amount_cents", -5600}}};
    REQUIRE(c.sell(back).status == 201);
    CHECK(c.shop.integer("SELECT balance_cents FROM accounts WHERE kind = 'store_credit'") == 5600);
    // Store credit pays, and never more than is there.
    auto spend = c.sell({{"customer_id", customer_id}, {"lines", {line(pump)}}, {"payments", {{{"tender", "store_credit"}, {"amount_cents", 5600}}}}});
    REQUIRE(spend.status == 201);
    CHECK(c.shop.integer("SELECT balance_cents FROM accounts WHERE kind = 'store_credit'") == 0);
    auto again = c.sell({{"customer_id", customer_id}, {"lines", {line(pump)}}, {"payments", {{{"tender", "store_credit"}, {"amount_cents", 5600}}}}});
    CHECK(again.status == 422);
}

TEST_CASE("an exchange returns one item and sells another in one document") {
    Counter c;
    const auto small = c.product("JERSEY-S", 6000, 2);
    const auto large = c.product("JERSEY-L", 6500, 2);
    auto sold = c.sell({{"lines", {line(small)}}, {"payments", {card(6720)}}});
    REQUIRE(sold.status == 201);
    const Json sale = sold.json()["sale"];
    auto swap = c.sell({{"original_sale_id", sale["id"]}, {"returns", {{{"line_id", sale["lines"][0]["id"]}}}}, {"reason", "too small"},
                        {"lines", {line(large)}}, {"payments", {card(560)}}});
    REQUIRE(swap.status == 201);
    CHECK(swap.json()["sale"]["kind"] == "exchange");
    CHECK(swap.json()["sale"]["total_cents"] == 560);
    CHECK(c.on_hand(small) == 2);
    CHECK(c.on_hand(large) == 1);
}

TEST_CASE("a void undoes today's sale once, with its reason; an older sale is returned instead") {
    Counter c;
    const auto light = c.product("LIGHT", 2500, 4);
    auto sold = c.sell({{"lines", {line(light, 2)}}, {"payments", {cash(5600, 6000)}}});
    REQUIRE(sold.status == 201);
    const std::string path = "/api/sales/" + to_string(sold.json()["sale"]["id"]) + "/void";
    auto no_reason = c.shop.post_json(path, {{"reason", ""}, {"idempotency_key", "void-0001"}});
    CHECK(no_reason.status == 400);
    auto voided = c.shop.post_json(path, {{"reason", "rang up twice"}, {"idempotency_key", "void-0001"}});
    REQUIRE(voided.status == 201);
    CHECK(voided.json()["sale"]["kind"] == "void");
    CHECK(voided.json()["sale"]["total_cents"] == -5600);
    CHECK(c.on_hand(light) == 4);
    CHECK(c.shop.integer("SELECT sum(amount_cents) FROM sale_payments WHERE tender = 'cash'") == 0);
    CHECK(c.shop.post_json(path, {{"reason", "again"}, {"idempotency_key", "void-0002"}}).status == 409);
    CHECK(c.shop.request("GET", "/api/sales/" + to_string(sold.json()["sale"]["id"])).json()["sale"]["voided_by_sale_id"] ==
          voided.json()["sale"]["id"]);
    auto old = c.sell({{"lines", {line(light)}}, {"payments", {card(2800)}}});
    REQUIRE(old.status == 201);
    helm::testing::clock_offset_ms = 2 * 86'400'000;
    c.sign_in_again();
    auto late = c.shop.post_json("/api/sales/" + to_string(old.json()["sale"]["id"]) + "/void", {{"reason", "too late"}, {"idempotency_key", "void-0003"}});
    CHECK(late.status == 422);
    // A staff member without action.void is refused at the door.
    c.shop.sign_in_staff(c.shop.add_staff("Sam Sales", "sales"));
    CHECK(c.shop.post_json(path, {{"reason", "no right"}, {"idempotency_key", "void-0004"}}).status == 403);
}

TEST_CASE("a bike sold by its serial needs its customer, becomes theirs, and comes back as returned") {
    Counter c;
    const auto bike = c.product("ROAD-54", 250000, 0, {{"serialized", true}});
    REQUIRE(c.shop.post_json("/api/products/" + std::to_string(bike) + "/receive",
                             {{"quantity", 1}, {"unit_cost_cents", 150000}, {"serials", {"WTU123"}}}).status == 200);
    const auto unit = c.shop.integer("SELECT id FROM serial_units WHERE serial = 'WTU123'");
    auto anonymous = c.sell({{"lines", {{{"product_id", bike}, {"serial_unit_id", unit}}}}, {"payments", {card(280000)}}});
    CHECK(anonymous.status == 400);
    CHECK(anonymous.json()["error"]["field"] == "customer_id");
    const auto customer_id = c.shop.post_json("/api/customers", {{"name", "Bea Buyer"}}).json()["customer"]["id"];
    auto sold = c.sell({{"customer_id", customer_id}, {"lines", {{{"product_id", bike}, {"serial_unit_id", unit}}}}, {"payments", {card(280000)}}});
    REQUIRE(sold.status == 201);
    CHECK(sold.json()["sale"]["lines"][0]["serial"] == "WTU123");
    CHECK(c.shop.text("SELECT status FROM serial_units WHERE id = ?1", {unit}) == "sold");
    CHECK(c.shop.integer("SELECT customer_id FROM bikes WHERE serial_unit_id = ?1", {unit}) == customer_id.get<std::int64_t>());
    auto twice = c.sell({{"customer_id", customer_id}, {"lines", {{{"product_id", bike}, {"serial_unit_id", unit}}}}, {"payments", {card(280000)}}});
    CHECK(twice.status == 409);
    const Json sale = sold.json()["sale"];
    auto back = c.sell({{"customer_id", customer_id}, {"original_sale_id", sale["id"]}, {"returns", {{{"line_id", sale["lines"][0]["id"]}}}},
                        {"reason", "changed mind"}, {"payments", {{{"tender", "card"}, {"amount_cents", -280000}}}}});
    REQUIRE(back.status == 201);
    CHECK(c.shop.text("SELECT status FROM serial_units WHERE id = ?1", {unit}) == "returned");
}

TEST_CASE("gift cards: sold untaxed onto a code, spent, never below zero") {
    Counter c;
    const auto gift = c.product("GIFT", 0, 0, {{"kind", "gift_card"}, {"tax_class", "exempt"}, {"discountable", false}});
    const auto tube = c.product("TUBE", 899, 5);
    auto bought = c.sell({{"lines", {{{"product_id", gift}, {"gift_card_code", "GC-7781-4402-9"}, {"amount_cents", 2000}}}}, {"payments", {card(2000)}}});
    REQUIRE(bought.status == 201);
    CHECK(bought.json()["sale"]["tax_cents"] == 0);
    auto spent = c.sell({{"lines", {line(tube)}}, {"payments", {{{"tender", "gift_card"}, {"reference", "GC-7781-4402-9"}, {"amount_cents", 1007}}}}});
    REQUIRE(spent.status == 201);
    CHECK(c.shop.integer("SELECT balance_cents FROM accounts WHERE code = 'GC-7781-4402-9'") == 993);
    auto over = c.sell({{"lines", {line(tube)}}, {"payments", {{{"tender", "gift_card"}, {"reference", "GC-7781-4402-9"}, {"amount_cents", 1007}}}}});
    CHECK(over.status == 422);
    auto unknown = c.sell({{"lines", {line(tube)}}, {"payments", {{{"tender", "gift_card"}, {"reference", "GC-0000-0000-0"}, {"amount_cents", 1007}}}}});
    CHECK(unknown.status == 404);
}

TEST_CASE("a new gift card's code is made by Helm or typed at 12 characters or more; a legacy card still loads and pays") {
    Counter c;
    const auto gift = c.product("GIFT", 0, 0, {{"kind", "gift_card"}, {"tax_class", "exempt"}, {"discountable", false}});
    const auto tube = c.product("TUBE", 899, 5);
    auto made = c.sell({{"lines", {{{"product_id", gift}, {"amount_cents", 2000}}}}, {"payments", {card(2000)}}});
    REQUIRE(made.status == 201);
    const std::string code = made.json()["sale"]["lines"][0]["account_code"];  // shown whole at the sale, to hand over
    CHECK(code.size() >= 16);
    CHECK(c.shop.integer("SELECT balance_cents FROM accounts WHERE code = ?1", {code}) == 2000);
    auto other = c.sell({{"lines", {{{"product_id", gift}, {"amount_cents", 2000}}}}, {"payments", {card(2000)}}});
    CHECK(other.json()["sale"]["lines"][0]["account_code"] != code);

    auto short_code = c.sell({{"lines", {{{"product_id", gift}, {"gift_card_code", "GC-7781"}, {"amount_cents", 2000}}}}, {"payments", {card(2000)}}});
    CHECK(short_code.status == 400);
    CHECK(short_code.json()["error"]["field"] == "lines[0].gift_card_code");
    CHECK(c.shop.integer("SELECT count(*) FROM accounts WHERE code = 'GC-7781'") == 0);

    // A card brought over from the shop's old system keeps its short code.
    c.shop.sql("INSERT INTO accounts (kind, code, balance_cents, created_at_ms) VALUES ('gift_card', 'OLD1', 0, 0)");
    REQUIRE(c.sell({{"lines", {{{"product_id", gift}, {"gift_card_code", "old1"}, {"amount_cents", 1500}}}}, {"payments", {card(1500)}}}).status == 201);
    CHECK(c.sell({{"lines", {line(tube)}}, {"payments", {{{"tender", "gift_card"}, {"reference", "OLD1"}, {"amount_cents", 1007}}}}}).status == 201);
    CHECK(c.shop.integer("SELECT balance_cents FROM accounts WHERE code = 'OLD1'") == 493);
}

TEST_CASE("gift card codes show whole only at the moment of sale: a sale, its page and its receipt read back masked") {
    Counter c;
    const auto gift = c.product("GIFT", 0, 0, {{"kind", "gift_card"}, {"tax_class", "exempt"}, {"discountable", false}});
    const auto tube = c.product("TUBE", 899, 5);
    auto made = c.sell({{"lines", {{{"product_id", gift}, {"amount_cents", 2000}}}}, {"payments", {card(2000)}}});
    REQUIRE(made.status == 201);
    const std::string code = made.json()["sale"]["lines"][0]["account_code"];
    auto paid = c.sell({{"lines", {line(tube)}}, {"payments", {{{"tender", "gift_card"}, {"reference", code}, {"amount_cents", 1007}}}}});
    REQUIRE(paid.status == 201);
    const auto paid_id = paid.json()["sale"]["id"].get<std::int64_t>();
    const auto made_id = made.json()["sale"]["id"].get<std::int64_t>();
    const std::string last4 = code.substr(code.size() - 4);
    CHECK(c.shop.request("GET", "/api/sales").body.find(code) == std::string::npos);
    for (const auto& path : {"/api/sales/" + std::to_string(made_id), "/api/sales/" + std::to_string(paid_id),
                             "/sales/" + std::to_string(made_id), "/sales/" + std::to_string(paid_id) + "/receipt"}) {
        CAPTURE(path);
        auto read = c.shop.request("GET", path);
        REQUIRE(read.status == 200);
        CHECK(read.body.find(code) == std::string::npos);
        CHECK(read.body.find(last4) != std::string::npos);  // enough to tell cards apart
    }
}

TEST_CASE("a device may look up 10 gift card codes that match no card an hour; racing look-ups cannot get past that") {
    Counter c;
    const auto gift = c.product("GIFT", 0, 0, {{"kind", "gift_card"}, {"tax_class", "exempt"}, {"discountable", false}});
    const auto tube = c.product("TUBE", 899, 5);
    auto made = c.sell({{"lines", {{{"product_id", gift}, {"amount_cents", 5000}}}}, {"payments", {card(5000)}}});
    const std::string code = made.json()["sale"]["lines"][0]["account_code"];
    auto quote = [&](std::string reference) {
        return helm::to_text(Json{{"lines", {line(tube)}}, {"payments", {{{"tender", "gift_card"}, {"reference", reference}, {"amount_cents", 1007}}}}});
    };
    // A real card's balance does not count against the limit.
    for (int i = 0; i < 12; ++i) REQUIRE(c.shop.request("POST", "/api/sales/quote", quote(code), {{"content-type", "application/json"}}).status == 200);
    // Twelve guesses racing: each passed the limit's check before any was written.
    std::vector<TestShop::Pending> racing;
    for (int i = 0; i < 12; ++i) {
        racing.push_back(c.shop.start("POST", "/api/sales/quote", quote("GUESS-0000-000" + std::to_string(i % 10))));
        c.shop.run_until_batch(racing.back());
    }
    std::map<int, int> statuses;
    for (auto& p : racing) ++statuses[c.shop.finish(p).status];
    CHECK(statuses[404] == 10);
    CHECK(statuses[429] == 2);
    // The device is held back, even for a real code and at completion; another device is not.
    auto held = c.shop.request("POST", "/api/sales/quote", quote(code), {{"content-type", "application/json"}});
    CHECK(held.status == 429);
    CHECK(held.json()["error"]["field"] == "payments[0].reference");
    CHECK(c.sell(Json::parse(quote(code))).status == 429);
    c.sign_in_again();
    CHECK(c.shop.request("POST", "/api/sales/quote", quote(code), {{"content-type", "application/json"}}).status == 200);
}

TEST_CASE("card numbers are refused in every text field of a sale and stored nowhere") {
    Counter c;
    const auto tube = c.product("TUBE", 899, 5);
    const std::string visa = "4111 1111 1111 1111", amex = "378282246310005";
    const std::vector<Json> bodies = {
        {{"lines", {line(tube)}}, {"note", "card " + visa}, {"payments", {card(1007)}}},
        {{"lines", {line(tube)}}, {"payments", {{{"tender", "card"}, {"amount_cents", 1007}, {"reference", amex}}}}},
        {{"lines", {{{"product_id", tube}, {"unit_price_cents", 100}, {"price_reason", visa}}}}, {"payments", {card(112)}}},
        {{"lines", {{{"code", visa}}}}, {"payments", {card(1007)}}},
        {{"lines", {line(tube)}}, {"reason", amex}, {"payments", {card(1007)}}},
    };
    for (const auto& body : bodies) {
        auto r = c.sell(body);
        CHECK(r.status == 400);
        CHECK(r.body.find("4111") == std::string::npos);
    }
    CHECK(c.shop.count("sales") == 0);
    for (const auto& l : c.shop.logs) CHECK(l.find("4111") == std::string::npos);
    CHECK(helm::holds_card_number("4111-1111-1111-1111"));
    CHECK_FALSE(helm::holds_card_number("4111 1111 1111 1112"));
    CHECK_FALSE(helm::holds_card_number("SKU 12345"));
}

TEST_CASE("a sale's business date is the shop's local date, so an evening sale stays on its day") {
    // 21:30 in Vancouver on 23 November is 05:30 UTC on the 24th.
    CHECK(helm::business_date("America/Vancouver", helm::utc_day_start_ms("2026-11-24") + 5 * 3'600'000 + 1'800'000) == "2026-11-23");
    CHECK(helm::business_date("America/Toronto", helm::utc_day_start_ms("2026-07-01") + 3 * 3'600'000) == "2026-06-30");
    CHECK(helm::business_date("UTC", helm::utc_day_start_ms("2026-07-01")) == "2026-07-01");
    CHECK(helm::local_date_time("America/Vancouver", helm::utc_day_start_ms("2026-11-24") + 5 * 3'600'000 + 1'800'000) == "2026-11-23 21:30");
    // A local day starts at the shop's midnight, whatever the clocks did that day: 1 November
    // 2026 has 25 hours in Vancouver (PDT to PST), 8 March 23.
    const auto hour = std::int64_t{3'600'000};
    CHECK(helm::local_day_start_ms("America/Vancouver", "2026-11-23") == helm::utc_day_start_ms("2026-11-23") + 8 * hour);
    CHECK(helm::local_day_start_ms("America/Vancouver", "2026-11-01") == helm::utc_day_start_ms("2026-11-01") + 7 * hour);
    CHECK(helm::local_day_start_ms("America/Vancouver", "2026-11-02") - helm::local_day_start_ms("America/Vancouver", "2026-11-01") == 25 * hour);
    CHECK(helm::local_day_start_ms("America/Vancouver", "2026-03-09") - helm::local_day_start_ms("America/Vancouver", "2026-03-08") == 23 * hour);
    CHECK(helm::local_day_start_ms("Europe/Berlin", "2026-07-01") == helm::utc_day_start_ms("2026-07-01") - 2 * hour);
    CHECK(helm::local_day_start_ms("America/Vancouver", "2026-02-30") == -1);
    Counter c;
    const auto tube = c.product("TUBE", 899, 5);
    helm::testing::clock_offset_ms = helm::utc_day_start_ms("2026-11-24") + 5 * 3'600'000 + 1'800'000 - helm::platform::now_ms();
    c.sign_in_again();
    auto r = c.sell({{"lines", {line(tube)}}, {"payments", {card(1007)}}});
    REQUIRE(r.status == 201);
    CHECK(r.json()["sale"]["business_date"] == "2026-11-23");
}

// ---------------------------------------------------------------------------------------
// Money: refunds tied to what each tender took, and idempotency keys tied to their request.

namespace {

// Two untaxed 50.00 items sold to `customer` (or nobody), paid with `payments`.
Json two_items_sold(Counter& c, Json payments, Json customer = nullptr) {
    const auto kit = c.product("KIT-" + std::to_string(c.keys), 5000, 2, {{"tax_class", "exempt"}});
    Json body = {{"lines", {line(kit, 2)}}, {"payments", std::move(payments)}};
    if (!customer.is_null()) body["customer_id"] = customer;
    auto sold = c.sell(body);
    REQUIRE(sold.status == 201);
    return sold.json()["sale"];
}

Json give_back(const Json& sale, std::int64_t quantity, Json payments, Json extra = Json::object()) {
    Json body = {{"original_sale_id", sale["id"]}, {"returns", {{{"line_id", sale["lines"][0]["id"]}, {"quantity", quantity}}}},
                 {"reason", "changed mind"}, {"payments", std::move(payments)}};
    body.update(extra);
    return body;
}

Json refund(std::string tender, std::int64_t amount, Json reference = nullptr) {
    Json p = {{"tender", tender}, {"amount_cents", -amount}};
    if (!reference.is_null()) p["reference"] = reference;
    return p;
}

}  // namespace

TEST_CASE("a refund to a tender never exceeds what that tender took, net of earlier refunds") {
    Counter c;
    const Json sale = two_items_sold(c, {cash(100, 100), card(9900)});
    // Sold for 1.00 cash and 99.00 card: 50.00 back in cash is money the drawer never took.
    auto all_cash = c.sell(give_back(sale, 1, {refund("cash", 5000)}));
    CHECK(all_cash.status == 422);
    CHECK(all_cash.json()["error"]["field"] == "payments[0].amount_cents");
    REQUIRE(c.sell(give_back(sale, 1, {refund("cash", 100), refund("card", 4900)})).status == 201);
    // The cash is all given back now: the second item's refund cannot take any more of it.
    auto cash_again = c.sell(give_back(sale, 1, {refund("cash", 100), refund("card", 4900)}));
    CHECK(cash_again.status == 422);
    CHECK(cash_again.json()["error"]["field"] == "payments[0].amount_cents");
    REQUIRE(c.sell(give_back(sale, 1, {refund("card", 5000)})).status == 201);
    CHECK(c.shop.integer("SELECT sum(amount_cents) FROM sale_payments WHERE tender = 'cash'") == 0);
    CHECK(c.shop.integer("SELECT sum(amount_cents) FROM sale_payments WHERE tender = 'card'") == 0);
}

TEST_CASE("two returns racing for the same tender's money: the SQL cap lets one through") {
    Counter c;
    const Json sale = two_items_sold(c, {cash(6000, 6000), card(4000)});
    // Each alone may take 50.00 of the 60.00 cash; both together would take 100.00.
    auto a = c.shop.start("POST", "/api/sales", to_text(Json(give_back(sale, 1, {refund("cash", 5000)}, {{"idempotency_key", "refund-race-a"}}))));
    auto b = c.shop.start("POST", "/api/sales", to_text(Json(give_back(sale, 1, {refund("cash", 5000)}, {{"idempotency_key", "refund-race-b"}}))));
    c.shop.run_until_batch(a);
    c.shop.run_until_batch(b);
    auto won = c.shop.finish(a);
    auto lost = c.shop.finish(b);
    CHECK(won.status == 201);
    CHECK(lost.status == 409);
    CHECK(lost.json()["error"]["field"] == "payments");
    CHECK(c.shop.integer("SELECT -sum(amount_cents) FROM sale_payments WHERE tender = 'cash' AND amount_cents < 0") == 5000);
    CHECK(c.shop.count("sales") == 2);
}

TEST_CASE("a gift-card refund goes back to the card that paid, and opens no new card") {
    Counter c;
    const auto gift = c.product("GIFT", 0, 0, {{"kind", "gift_card"}, {"tax_class", "exempt"}, {"discountable", false}});
    REQUIRE(c.sell({{"lines", {{{"product_id", gift}, {"gift_card_code", "GC-PAID-4411"}, {"amount_cents", 20000}}}}, {"payments", {card(20000)}}})
                .status == 201);
    const Json sale = two_items_sold(c, {{{"tender", "gift_card"}, {"reference", "GC-PAID-4411"}, {"amount_cents", 10000}}});
    const auto accounts = c.shop.count("accounts");
    auto elsewhere = c.sell(give_back(sale, 1, {refund("gift_card", 5000, "GC-NEW-9999")}));
    CHECK(elsewhere.status == 422);
    CHECK(elsewhere.json()["error"]["field"] == "payments[0].reference");
    CHECK(c.shop.count("accounts") == accounts);
    REQUIRE(c.sell(give_back(sale, 1, {refund("gift_card", 5000, "GC-PAID-4411")})).status == 201);
    CHECK(c.shop.integer("SELECT balance_cents FROM accounts WHERE code = 'GC-PAID-4411'") == 15000);
}

TEST_CASE("store credit goes to the sale's customer; a sale without one gives it to the customer chosen, audited") {
    Counter c;
    const auto rita = c.shop.post_json("/api/customers", {{"name", "Rita Rider"}}).json()["customer"]["id"];
    const auto otto = c.shop.post_json("/api/customers", {{"name", "Otto Other"}}).json()["customer"]["id"];
    const Json ritas = two_items_sold(c, {card(10000)}, rita);
    auto to_otto = c.sell(give_back(ritas, 1, {refund("store_credit", 5000)}, {{"customer_id", otto}}));
    CHECK(to_otto.status == 422);
    CHECK(to_otto.json()["error"]["field"] == "customer_id");
    CHECK(c.shop.count("accounts") == 0);
    REQUIRE(c.sell(give_back(ritas, 1, {refund("store_credit", 5000)}, {{"customer_id", rita}})).status == 201);
    CHECK(c.shop.integer("SELECT customer_id FROM accounts WHERE kind = 'store_credit'") == rita.get<std::int64_t>());
    // A walk-in sale: the clerk (who may refund) names whose store credit it becomes.
    const Json walk_in = two_items_sold(c, {card(10000)});
    REQUIRE(c.sell(give_back(walk_in, 1, {refund("store_credit", 5000)}, {{"customer_id", otto}})).status == 201);
    const Json event = Json::parse(c.shop.text("SELECT after_json FROM audit_events ORDER BY seq DESC LIMIT 1"));
    CHECK(event["customer_id"] == otto);
    CHECK(event["store_credit_to"] == otto);
}

TEST_CASE("the return screen caps each tender at what it took less earlier refunds") {
    Counter c;
    const Json sale = two_items_sold(c, {cash(100, 100), card(9900)});
    const std::string page = "/sales/" + to_string(sale["id"]) + "/return";
    REQUIRE(c.sell(give_back(sale, 1, {refund("cash", 100), refund("card", 4900)})).status == 201);
    auto shown = c.shop.request("GET", page);
    REQUIRE(shown.status == 200);
    CHECK(shown.body.find("Cash 0.00 left") != std::string::npos);
    CHECK(shown.body.find("Card 50.00 left") != std::string::npos);
    // Refunding to the original tenders now spreads over what is left: all of it on the card.
    auto done = c.shop.post_form(page, "qty_" + to_string(sale["lines"][0]["id"]) + "=1&reason=changed+mind&refund_to=original&key=return-screen-0001&reviewed_due=-5000&step=complete");
    CHECK(done.status == 303);
    CHECK(c.shop.integer("SELECT -sum(amount_cents) FROM sale_payments WHERE tender = 'card' AND amount_cents < 0") == 9900);
}

TEST_CASE("a key used again with another request is refused, and writes nothing") {
    Counter c;
    const auto tube = c.product("TUBE", 899, 10);
    const Json body = {{"idempotency_key", "reused-0001"}, {"lines", {line(tube, 1)}}, {"payments", {card(1007)}}};
    REQUIRE(c.sell(body).status == 201);
    Json other = body;
    other["lines"] = {line(tube, 2)};
    other["payments"] = {card(2014)};
    auto reused = c.sell(other);
    CHECK(reused.status == 409);
    CHECK(reused.json()["error"]["code"] == "idempotency_key_reused");
    CHECK(reused.json()["error"]["field"] == "idempotency_key");
    CHECK(c.shop.count("sales") == 1);
    CHECK(c.on_hand(tube) == 9);
    // The same request again is still the first one's answer.
    CHECK(c.sell(body).status == 200);
    // A void sent with the sale's key is another kind of request: refused, nothing voided.
    auto other_sale = c.sell({{"lines", {line(tube)}}, {"payments", {card(1007)}}});
    REQUIRE(other_sale.status == 201);
    const std::string path = "/api/sales/" + to_string(other_sale.json()["sale"]["id"]) + "/void";
    auto void_with_sale_key = c.shop.post_json(path, {{"reason", "rang up twice"}, {"idempotency_key", "reused-0001"}});
    CHECK(void_with_sale_key.status == 409);
    CHECK(void_with_sale_key.json()["error"]["code"] == "idempotency_key_reused");
    CHECK(c.shop.count("sales") == 2);
    auto voided = c.shop.post_json(path, {{"reason", "rang up twice"}, {"idempotency_key", "void-key-0001"}});
    REQUIRE(voided.status == 201);
    CHECK(c.shop.post_json(path, {{"reason", "rang up twice"}, {"idempotency_key", "void-key-0001"}}).status == 200);
    // The void's key sent with a sale is refused too.
    Json sale_with_void_key = body;
    sale_with_void_key["idempotency_key"] = "void-key-0001";
    CHECK(c.sell(sale_with_void_key).json()["error"]["code"] == "idempotency_key_reused");
}
