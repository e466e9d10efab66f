// The service department natively, on real SQLite through the real App: a ticket always
// has a customer, moves only as the lifecycle table allows, never loses an update, leaves
// stock alone until its sale completes, and applies its deposit exactly once.
#include <string>

#include "harness.hpp"
#include "service/lifecycle.hpp"

using helm::Json;
using helm::to_text;
using helm::testing::Reply;
using helm::testing::TestShop;

namespace {

// A shop with British Columbia's rates (parts GST + PST, labor GST only), an open
// drawer, a service-menu labor item, a stocked part and a customer with a bike.
struct Workshop {
    TestShop shop;
    int keys = 0;
    std::int64_t tune = 0, tube = 0, ann = 0, bike = 0;

    Workshop() {
        rate("goods", "GST", 50'000);
        rate("goods", "PST", 70'000);
        rate("labor", "GST", 50'000);
        shop.sql("INSERT INTO drawer_sessions (register_id, business_date, float_cents, opened_at_ms) VALUES (1, '2000-01-01', 10000, 0)");
        tune = product({{"sku", "TUNE"}, {"name", "Basic tune-up"}, {"kind", "labor"}, {"tax_class", "labor"}, {"price_cents", 8900},
                        {"standard_minutes", 60}});
        tube = product({{"sku", "TUBE"}, {"name", "Tube 700x25"}, {"price_cents", 899}});
        receive(tube, 5);
        ann = customer({{"name", "Ann Rider"}, {"phone", "604-555-0199"}, {"consent_sms", true}});
        auto b = shop.post_json("/api/customers/" + std::to_string(ann) + "/bikes",
                                {{"make", "Trek"}, {"model", "Domane"}, {"frame_serial", "WTU123X"}});
        REQUIRE(b.status == 201);
        bike = b.json()["bike"]["id"].get<std::int64_t>();
    }
    void rate(std::string tax_class, std::string name, std::int64_t ppm) {
        REQUIRE(shop.post_json("/api/tax-rates", {{"tax_class", tax_class}, {"name", name}, {"rate_ppm", ppm}, {"valid_from", "2020-01-01"}}).status == 201);
    }
    std::int64_t product(Json body) {
        auto r = shop.post_json("/api/products", body);
        REQUIRE(r.status == 201);
        return r.json()["product"]["id"].get<std::int64_t>();
    }
    void receive(std::int64_t id, std::int64_t n) {
        REQUIRE(shop.post_json("/api/products/" + std::to_string(id) + "/receive", {{"quantity", n}, {"unit_cost_cents", 300}}).status == 200);
    }
    std::int64_t customer(Json body) {
        auto r = shop.post_json("/api/customers", body);
        REQUIRE(r.status == 201);
        return r.json()["customer"]["id"].get<std::int64_t>();
    }
    Json open_ticket(Json extra = Json::object()) {
        Json body = {{"customer_id", ann}, {"bike_id", bike}, {"problem", "Gears skip"}};
        body.update(extra);
        auto r = shop.post_json("/api/work-orders", body);
        REQUIRE(r.status == 201);
        return r.json()["work_order"];
    }
    static std::string path(const Json& w, std::string rest = "") { return "/api/work-orders/" + std::to_string(w["id"].get<std::int64_t>()) + rest; }
    Json get(const Json& w) { return shop.request("GET", path(w)).json(); }
    Reply add(const Json& w, Json line) {
        line["version"] = get(w)["work_order"]["version"];
        return shop.post_json(path(w, "/lines"), line);
    }
    Reply move(const Json& w, std::string to) {
        return shop.post_json(path(w, "/status"), {{"to", to}, {"version", get(w)["work_order"]["version"]}});
    }
    Reply invoice(const Json& w) { return shop.post_json(path(w, "/invoice"), {{"version", get(w)["work_order"]["version"]}}); }
    // Completes a held sale at the register with `payments` added to those its cart holds.
    Reply pay_held(std::int64_t draft_id, Json payments) {
        auto row = shop.sql("SELECT cart_json, version FROM sale_drafts WHERE id = ?1", {draft_id});
        REQUIRE(row.rows.size() == 1);
        Json cart = Json::parse(helm::Row(row, 0).text("cart_json"));
        Json all = cart.value("payments", Json::array());
        for (auto& p : payments) all.push_back(p);
        cart["payments"] = all;
        cart["draft_id"] = draft_id;
        cart["draft_version"] = helm::Row(row, 0).integer("version");
        cart["idempotency_key"] = "service-key-" + std::to_string(++keys);
        return shop.post_json("/api/sales", cart);
    }
    std::int64_t on_hand(std::int64_t id) { return shop.integer("SELECT on_hand FROM products WHERE id = ?1", {id}); }
    std::int64_t held_draft() { return shop.integer("SELECT max(id) FROM sale_drafts WHERE status = 'held'"); }
};

Json cash(std::int64_t amount) { return {{"tender", "cash"}, {"amount_cents", amount}, {"tendered_cents", amount}}; }

}  // namespace

TEST_CASE("there is no walk-in ticket: without a live customer the API refuses and writes nothing") {
    Workshop w;
    auto none = w.shop.post_json("/api/work-orders", {{"problem", "Flat"}});
    CHECK(none.status == 400);
    CHECK(none.json()["error"]["field"] == "customer_id");
    auto null = w.shop.post_json("/api/work-orders", {{"customer_id", nullptr}, {"problem", "Flat"}});
    CHECK(null.status == 400);
    CHECK(null.json()["error"]["field"] == "customer_id");
    auto unknown = w.shop.post_json("/api/work-orders", {{"customer_id", 9999}, {"problem", "Flat"}});
    CHECK(unknown.status == 404);
    CHECK(unknown.json()["error"]["field"] == "customer_id");

    const auto erased = w.customer({{"name", "Gone Person"}});
    w.shop.sql("UPDATE customers SET erased_at_ms = 1 WHERE id = ?1", {erased});
    auto to_erased = w.shop.post_json("/api/work-orders", {{"customer_id", erased}, {"problem", "Flat"}});
    CHECK(to_erased.status == 400);
    CHECK(to_erased.json()["error"]["field"] == "customer_id");
    const auto merged = w.customer({{"name", "Merged Person"}});
    w.shop.sql("UPDATE customers SET merged_into_id = ?2 WHERE id = ?1", {merged, w.ann});
    CHECK(w.shop.post_json("/api/work-orders", {{"customer_id", merged}, {"problem", "Flat"}}).json()["error"]["field"] == "customer_id");
    // A bike that is not theirs, and a problem left blank.
    const auto bob = w.customer({{"name", "Bob"}});
    CHECK(w.shop.post_json("/api/work-orders", {{"customer_id", bob}, {"bike_id", w.bike}, {"problem", "x"}}).json()["error"]["field"] == "bike_id");
    CHECK(w.shop.post_json("/api/work-orders", {{"customer_id", bob}, {"problem", " "}}).json()["error"]["field"] == "problem");
    // A promised date that is not a day of the calendar.
    for (const char* day : {"2026-02-29", "2026-04-31", "2026-12-32"}) {
        auto bad_date = w.shop.post_json("/api/work-orders", {{"customer_id", bob}, {"problem", "Flat"}, {"promised_date", day}});
        CHECK(bad_date.status == 400);
        CHECK(bad_date.json()["error"]["field"] == "promised_date");
    }
    CHECK(w.shop.count("work_orders") == 0);
    CHECK(w.shop.count("work_order_history") == 0);
    CHECK(w.shop.integer("SELECT count(*) FROM audit_events WHERE entity = 'work_order'") == 0);
}

TEST_CASE("a ticket is numbered T-00001 and up, found by its bike's serial, and opened with a history row and an audit row") {
    Workshop w;
    auto first = w.shop.post_json("/api/work-orders", {{"customer_id", w.ann}, {"bike_serial", "wtu123x"}, {"problem", "Brakes rub"},
                                                       {"promised_date", "2026-12-24"}, {"hook_tag", "14"}, {"internal_notes", "frame scratched"}});
    REQUIRE(first.status == 201);
    const Json t = first.json()["work_order"];
    CHECK(t["number"] == "T-00001");
    CHECK(t["bike_id"] == w.bike);
    CHECK(t["status"] == "dropped_off");
    CHECK(t["history"].size() == 1);
    CHECK(w.open_ticket()["number"] == "T-00002");
    CHECK(w.shop.integer("SELECT count(*) FROM audit_events WHERE action = 'work_order.create'") == 2);
    // The audit log never holds the words typed about the customer or their bike.
    CHECK(w.shop.integer("SELECT count(*) FROM audit_events WHERE after_json LIKE '%scratched%' OR after_json LIKE '%Brakes%'") == 0);
    auto unknown = w.shop.post_json("/api/work-orders", {{"customer_id", w.ann}, {"bike_serial", "NOPE"}, {"problem", "x"}});
    CHECK(unknown.status == 404);
    CHECK(unknown.json()["error"]["field"] == "bike_serial");

    for (std::string q : {"T-00001", "1", "Ann", "0199", "WTU123X"}) {
        auto found = w.shop.request("GET", "/api/work-orders?q=" + q).json()["work_orders"];
        INFO(q);
        REQUIRE(!found.empty());
        bool has_first = false;
        for (const auto& c : found) has_first = has_first || c["number"] == "T-00001";
        CHECK(has_first);
    }
}

TEST_CASE("the lifecycle table is the only way a ticket moves: every other move is refused and changes nothing") {
    using namespace helm::service;
    for (const auto& to : statuses) {
        CHECK(transition("picked_up", to.key) == nullptr);
        CHECK(transition("cancelled", to.key) == nullptr);
    }
    Workshop w;
    const Json t = w.open_ticket();
    const auto id = t["id"].get<std::int64_t>();
    for (const auto& from : statuses) {
        if (from.key == "picked_up") continue;  // needs its sale: the table says nothing leaves it (above)
        for (const auto& to : statuses) {
            w.shop.sql("UPDATE work_orders SET status = ?2 WHERE id = ?1", {id, std::string(from.key)});
            const auto before = w.shop.integer("SELECT version FROM work_orders WHERE id = ?1", {id});
            const Transition* move = transition(from.key, to.key);
            auto r = w.move(t, std::string(to.key));
            INFO(from.key << " -> " << to.key);
            if (move && move->by == MovedBy::staff) {
                CHECK(r.status == 200);
                CHECK(w.shop.text("SELECT status FROM work_orders WHERE id = ?1", {id}) == to.key);
                CHECK(w.shop.integer("SELECT to_status = ?2 FROM work_order_history WHERE work_order_id = ?1 ORDER BY id DESC LIMIT 1",
                                     {id, std::string(to.key)}) == 1);
            } else {
                CHECK(r.status == 400);
                CHECK(r.json()["error"]["field"] == "to");
                CHECK(w.shop.text("SELECT status FROM work_orders WHERE id = ?1", {id}) == from.key);
                CHECK(w.shop.integer("SELECT version FROM work_orders WHERE id = ?1", {id}) == before);
            }
        }
    }
    CHECK(w.shop.integer("SELECT count(*) FROM audit_events WHERE action = 'work_order.move'") ==
          w.shop.integer("SELECT count(*) FROM work_order_history WHERE from_status IS NOT NULL"));
}

TEST_CASE("two staff moving one ticket at once: the second gets 409 with the ticket as it is now, never a lost update") {
    Workshop w;
    const Json t = w.open_ticket();
    const auto version = t["version"].get<std::int64_t>();
    auto first = w.shop.start("POST", Workshop::path(t, "/status"), to_text(Json{{"to", "in_progress"}, {"version", version}}));
    auto second = w.shop.start("POST", Workshop::path(t, "/status"), to_text(Json{{"to", "cancelled"}, {"version", version}}));
    w.shop.run_until_batch(first);
    w.shop.run_until_batch(second);
    CHECK(w.shop.finish(first).status == 200);
    auto lost = w.shop.finish(second);
    CHECK(lost.status == 409);
    CHECK(lost.json()["error"]["field"] == "version");
    CHECK(lost.json()["work_order"]["status"] == "in_progress");
    CHECK(lost.json()["work_order"]["version"] == version + 1);
    CHECK(w.shop.text("SELECT status FROM work_orders") == "in_progress");
    CHECK(w.shop.integer("SELECT count(*) FROM work_order_history") == 2);
    // An edit on a stale version is refused the same way.
    auto stale = w.shop.request("PATCH", Workshop::path(t), to_text(Json{{"hook_tag", "9"}, {"version", version}}), {{"content-type", "application/json"}});
    CHECK(stale.status == 409);
    CHECK(stale.json()["work_order"]["hook_tag"].is_null());
}

TEST_CASE("labor and parts are taxed by their own classes, parts leave stock only when the invoice's sale completes, and pickup follows") {
    Workshop w;
    const Json t = w.open_ticket();
    REQUIRE(w.add(t, {{"product_id", w.tune}}).status == 201);
    REQUIRE(w.add(t, {{"code", "TUBE"}, {"quantity", 2}}).status == 201);
    auto custom = w.add(t, {{"description", "True rear wheel"}, {"unit_price_cents", 2500}, {"minutes", 20}});
    REQUIRE(custom.status == 201);
    const Json money = custom.json()["money"];
    // Labor 89.00 + 25.00 at GST 5% = 5.70; parts 17.98 at 12% = 2.16 (0.90 + 1.26).
    CHECK(money["subtotal_cents"] == 8900 + 2500 + 1798);
    CHECK(money["tax_cents"] == 570 + 90 + 126);
    CHECK(money["total_cents"] == 8900 + 2500 + 1798 + 786);
    CHECK(custom.json()["work_order"]["labor_minutes"] == 80);
    CHECK(w.on_hand(w.tube) == 5);

    REQUIRE(w.move(t, "in_progress").status == 200);
    REQUIRE(w.move(t, "completed").status == 200);
    CHECK(w.on_hand(w.tube) == 5);
    auto invoiced = w.invoice(t);
    REQUIRE(invoiced.status == 201);
    CHECK(invoiced.json()["work_order"]["status"] == "invoiced");
    CHECK(w.on_hand(w.tube) == 5);
    // Read-only from now on.
    CHECK(w.add(t, {{"product_id", w.tune}}).status == 422);
    CHECK(w.move(t, "cancelled").status == 400);
    CHECK(w.shop.integer("SELECT count(*) FROM work_order_lines") == 3);

    auto paid = w.pay_held(w.held_draft(), Json::array({cash(13984)}));
    REQUIRE(paid.status == 201);
    const Json sale = paid.json()["sale"];
    CHECK(sale["total_cents"] == 13984);
    CHECK(sale["tax_cents"] == 786);
    CHECK(sale["work_order_id"] == t["id"]);
    CHECK(sale["work_order_number"] == t["number"]);
    auto receipt = w.shop.request("GET", "/sales/" + std::to_string(sale["id"].get<std::int64_t>()) + "/receipt");
    CHECK(receipt.body.find("Service ticket") != std::string::npos);
    CHECK(receipt.body.find(t["number"].get<std::string>()) != std::string::npos);
    bool custom_line = false;
    for (const auto& l : sale["lines"]) custom_line = custom_line || (l["description"] == "True rear wheel" && l["tax_class"] == "labor");
    CHECK(custom_line);
    CHECK(w.on_hand(w.tube) == 3);
    const Json after = w.get(t)["work_order"];
    CHECK(after["status"] == "picked_up");
    CHECK(after["sale_id"] == sale["id"]);
    CHECK(after["history"].back()["to"] == "picked_up");
    CHECK(w.invoice(t).status == 400);
}

TEST_CASE("a deposit paid at the register is applied to the invoice exactly once") {
    Workshop w;
    const Json t = w.open_ticket();
    REQUIRE(w.add(t, {{"product_id", w.tune}}).status == 201);
    auto held = w.shop.post_json(Workshop::path(t, "/deposit"), {{"amount_cents", 5000}});
    REQUIRE(held.status == 201);
    REQUIRE(w.pay_held(held.json()["held_sale_id"].get<std::int64_t>(), Json::array({cash(5000)})).status == 201);
    CHECK(w.get(t)["money"]["deposit_held_cents"] == 5000);

    REQUIRE(w.move(t, "in_progress").status == 200);
    REQUIRE(w.move(t, "completed").status == 200);
    REQUIRE(w.invoice(t).status == 201);
    const auto draft = w.held_draft();
    const Json cart = Json::parse(w.shop.text("SELECT cart_json FROM sale_drafts WHERE id = ?1", {draft}));
    REQUIRE(cart["payments"].size() == 1);
    CHECK(cart["payments"][0]["tender"] == "deposit");
    CHECK(cart["payments"][0]["amount_cents"] == 5000);
    // 89.00 + 5% = 93.45, less the 50.00 deposit.
    auto paid = w.pay_held(draft, Json::array({cash(4345)}));
    REQUIRE(paid.status == 201);
    CHECK(w.shop.integer("SELECT balance_cents FROM accounts WHERE kind = 'deposit'") == 0);
    const Json money = w.get(t)["money"];
    CHECK(money["deposits_paid_cents"] == 5000);
    CHECK(money["deposits_applied_cents"] == 5000);
    CHECK(money["deposit_held_cents"] == 0);
    // The same held sale completed again (a second tab): its cart is gone, nothing is written.
    const auto sales = w.shop.count("sales");
    CHECK(w.shop.count("sale_drafts") == 0);
    CHECK(w.invoice(t).status == 400);
    CHECK(w.shop.count("sales") == sales);
}

TEST_CASE("completing queues one ready-for-pickup message on the channel the customer consented to") {
    Workshop w;
    const auto by_email = w.customer({{"name", "Eve"}, {"email", "eve@example.com"}, {"consent_email", true}});
    const auto no_consent = w.customer({{"name", "Nia"}, {"phone", "604-555-0100"}});
    const Json sms = w.open_ticket();
    const Json email = w.open_ticket({{"customer_id", by_email}, {"bike_id", nullptr}});
    const Json none = w.open_ticket({{"customer_id", no_consent}, {"bike_id", nullptr}});
    for (const Json* t : {&sms, &email, &none}) {
        REQUIRE(w.move(*t, "in_progress").status == 200);
        REQUIRE(w.move(*t, "completed").status == 200);
    }
    auto messages = [&](const Json& t) { return w.get(t)["outbox"]; };
    REQUIRE(messages(sms).size() == 1);
    CHECK(messages(sms)[0]["channel"] == "sms");
    CHECK(messages(sms)[0]["status"] == "queued");
    CHECK(messages(sms)[0]["body"].get<std::string>().find("Trek Domane") != std::string::npos);
    CHECK(messages(sms)[0]["body"].get<std::string>().find("Ann") == std::string::npos);
    REQUIRE(messages(email).size() == 1);
    CHECK(messages(email)[0]["channel"] == "email");
    CHECK(messages(none).empty());
    // Reopened and completed again: still one message waiting.
    REQUIRE(w.move(sms, "in_progress").status == 200);
    REQUIRE(w.move(sms, "completed").status == 200);
    CHECK(messages(sms).size() == 1);
    REQUIRE(w.move(sms, "notified").status == 200);
}

TEST_CASE("a part short of stock becomes a special order, and cancelling the ticket releases it") {
    Workshop w;
    const auto chain = w.product({{"sku", "CHAIN"}, {"name", "Chain 11s"}, {"price_cents", 4500}});
    const Json t = w.open_ticket();
    auto needless = w.add(t, {{"product_id", w.tube}, {"special_order", true}});
    CHECK(needless.status == 400);
    CHECK(needless.json()["error"]["field"] == "special_order");
    REQUIRE(w.add(t, {{"product_id", chain}, {"special_order", true}}).status == 201);
    CHECK(w.shop.text("SELECT status FROM special_orders") == "open");
    CHECK(w.get(t)["work_order"]["lines"][0]["special_order_status"] == "open");
    CHECK(w.on_hand(chain) == 0);
    REQUIRE(w.move(t, "cancelled").status == 200);
    CHECK(w.shop.text("SELECT status FROM special_orders") == "released");
}

TEST_CASE("a line over the approved not-to-exceed is refused until the customer approves more") {
    Workshop w;
    const Json t = w.open_ticket({{"not_to_exceed_cents", 10000}, {"approved_by", "Ann, by phone"}});
    CHECK(t["approved_at_ms"].is_number());
    REQUIRE(w.add(t, {{"product_id", w.tune}}).status == 201);  // 93.45
    auto over = w.add(t, {{"product_id", w.tube}});               // + 10.07
    CHECK(over.status == 422);
    CHECK(over.json()["error"]["field"] == "not_to_exceed_cents");
    CHECK(w.shop.count("work_order_lines") == 1);
    auto raised = w.shop.request("PATCH", Workshop::path(t),
                                 to_text(Json{{"not_to_exceed_cents", 15000}, {"approved_by", "Ann, by text"}, {"version", w.get(t)["work_order"]["version"]}}),
                                 {{"content-type", "application/json"}});
    REQUIRE(raised.status == 200);
    CHECK(w.add(t, {{"product_id", w.tube}}).status == 201);
}

TEST_CASE("the board lists open tickets with their labor minutes; the mechanic's day sums them per promised day") {
    Workshop w;
    const auto mechanic = w.shop.add_staff("Max Mechanic", "mechanic");
    const Json a = w.open_ticket({{"mechanic_staff_id", mechanic}, {"promised_date", "2026-12-01"}});
    const Json b = w.open_ticket({{"mechanic_staff_id", mechanic}, {"promised_date", "2026-12-01"}});
    const Json c = w.open_ticket({{"promised_date", "2026-12-02"}});
    REQUIRE(w.add(a, {{"product_id", w.tune}}).status == 201);
    REQUIRE(w.add(b, {{"product_id", w.tune}, {"quantity", 2}}).status == 201);
    REQUIRE(w.move(c, "cancelled").status == 200);
    auto board = w.shop.request("GET", "/api/work-orders").json()["work_orders"];
    CHECK(board.size() == 2);
    CHECK(board[1]["labor_minutes"] == 120);
    CHECK(board[1]["bike_id"] == w.bike);
    // A customer's history links each ticket's bike to its page.
    auto customer_page = w.shop.request("GET", "/customers/" + std::to_string(w.ann));
    CHECK(customer_page.body.find("/service/bikes/" + std::to_string(w.bike)) != std::string::npos);
    auto day = w.shop.request("GET", "/api/mechanics/" + std::to_string(mechanic) + "/day").json();
    REQUIRE(day["by_day"].size() == 1);
    CHECK(day["by_day"][0]["date"] == "2026-12-01");
    CHECK(day["by_day"][0]["minutes"] == 180);
    CHECK(day["by_day"][0]["tickets"] == 2);
    auto load = w.shop.request("GET", "/api/workshop-load?from=2026-11-30&days=3").json()["mechanics"];
    REQUIRE(load.size() == 1);
    CHECK(load[0]["staff_name"] == "Max Mechanic");
    CHECK(load[0]["by_day"][0]["minutes"] == 180);
}

TEST_CASE("merging customers moves their tickets, special orders and messages to the survivor") {
    Workshop w;
    const auto dup = w.customer({{"name", "Ann R."}, {"phone", "604-555-0199"}, {"consent_sms", true}});
    const auto chain = w.product({{"sku", "CHAIN"}, {"name", "Chain 11s"}, {"price_cents", 4500}});
    const Json t = w.open_ticket({{"customer_id", dup}, {"bike_id", nullptr}});
    REQUIRE(w.add(t, {{"product_id", chain}, {"special_order", true}}).status == 201);
    REQUIRE(w.move(t, "in_progress").status == 200);
    REQUIRE(w.move(t, "completed").status == 200);
    auto merged = w.shop.post_json("/api/customers/" + std::to_string(dup) + "/merge", {{"into_id", w.ann}, {"version", 1}});
    REQUIRE_MESSAGE(merged.status == 200, merged.body);
    CHECK(w.get(t)["work_order"]["customer_id"] == w.ann);
    CHECK(w.shop.integer("SELECT customer_id FROM special_orders") == w.ann);
    CHECK(w.shop.integer("SELECT customer_id FROM outbox") == w.ann);
    auto history = w.shop.request("GET", "/api/work-orders?q=" + helm::percent_encode("Ann Rider")).json()["work_orders"];
    REQUIRE(history.size() == 1);
    CHECK(history[0]["number"] == t["number"]);
}

TEST_CASE("erasing a customer erases the words typed about them on their tickets and cancels their waiting messages") {
    Workshop w;
    const Json t = w.open_ticket({{"dropoff_notes", "Ann's blue panniers"}, {"internal_notes", "Ann's husband picks up"},
                                  {"customer_notes", "Thanks Ann"}, {"estimate_cents", 9000}, {"approved_by", "Ann Rider"}});
    REQUIRE(w.move(t, "in_progress").status == 200);
    REQUIRE(w.move(t, "completed").status == 200);
    const auto version = w.shop.integer("SELECT version FROM customers WHERE id = ?1", {w.ann});
    auto erased = w.shop.post_json("/api/customers/" + std::to_string(w.ann) + "/erase", {{"version", version}});
    REQUIRE_MESSAGE(erased.status == 200, erased.body);
    CHECK(w.shop.integer("SELECT count(*) FROM work_orders WHERE problem || coalesce(dropoff_notes, '') || coalesce(internal_notes, '') || "
                         "coalesce(customer_notes, '') || coalesce(approved_by, '') LIKE '%Ann%'") == 0);
    CHECK(w.shop.text("SELECT approved_by FROM work_orders") == "(erased)");
    CHECK(w.shop.text("SELECT status FROM outbox") == "cancelled");
    CHECK(w.get(t)["work_order"]["status"] == "completed");
}

TEST_CASE("only the ticket's own invoice, as invoiced, picks it up: another sale naming it is refused") {
    Workshop w;
    const Json t = w.open_ticket();
    REQUIRE(w.add(t, {{"product_id", w.tune}}).status == 201);
    REQUIRE(w.move(t, "in_progress").status == 200);
    REQUIRE(w.move(t, "completed").status == 200);
    REQUIRE(w.invoice(t).status == 201);
    const auto invoice = w.held_draft();
    // A 0.00 custom-labor sale naming the ticket pays nothing for its 93.45.
    auto nothing = w.shop.post_json("/api/sales", {{"idempotency_key", "not-the-invoice-1"}, {"customer_id", w.ann}, {"work_order_id", t["id"]},
                                                  {"lines", {{{"custom_labor", true}, {"description", "Looked at it"}, {"unit_price_cents", 0}}}}});
    CHECK(nothing.status == 422);
    CHECK(nothing.json()["error"]["field"] == "work_order_id");
    // The same total with other lines (the tune-up typed as custom labor) is not the invoice either.
    auto lookalike = w.shop.post_json("/api/sales", {{"idempotency_key", "not-the-invoice-2"}, {"customer_id", w.ann}, {"work_order_id", t["id"]},
                                                    {"lines", {{{"custom_labor", true}, {"description", "Basic tune-up"}, {"unit_price_cents", 8900}}}},
                                                    {"payments", {cash(9345)}}});
    CHECK(lookalike.status == 422);
    CHECK(w.get(t)["work_order"]["status"] == "invoiced");
    CHECK(w.shop.count("sales") == 0);
    auto paid = w.pay_held(invoice, Json::array({cash(9345)}));
    REQUIRE(paid.status == 201);
    CHECK(w.get(t)["work_order"]["status"] == "picked_up");
}

TEST_CASE("a deposit cart completed after its ticket was invoiced is refused, never counted as the payment") {
    Workshop w;
    const Json t = w.open_ticket();
    REQUIRE(w.add(t, {{"product_id", w.tune}}).status == 201);
    auto held = w.shop.post_json(Workshop::path(t, "/deposit"), {{"amount_cents", 9345}});
    REQUIRE(held.status == 201);
    const auto deposit_cart = held.json()["held_sale_id"].get<std::int64_t>();
    REQUIRE(w.move(t, "in_progress").status == 200);
    REQUIRE(w.move(t, "completed").status == 200);
    REQUIRE(w.invoice(t).status == 201);
    const auto invoice = w.held_draft();
    auto late_deposit = w.pay_held(deposit_cart, Json::array({cash(9345)}));
    CHECK(late_deposit.status == 422);
    CHECK(late_deposit.json()["error"]["field"] == "work_order_id");
    CHECK(w.get(t)["work_order"]["status"] == "invoiced");
    CHECK(w.shop.count("sales") == 0);
    REQUIRE(w.pay_held(invoice, Json::array({cash(9345)})).status == 201);
    CHECK(w.get(t)["work_order"]["status"] == "picked_up");
}

TEST_CASE("finished work is reopened only on purpose: a completed ticket's first move is forward, the reopening last") {
    const auto moves = helm::service::staff_moves_from("completed");
    REQUIRE(moves.size() == 3);
    CHECK(moves.front().to == "notified");
    CHECK(moves.back().to == "in_progress");
    CHECK(moves.back().reopens);
    CHECK_FALSE(helm::service::staff_moves_from("waiting_for_parts").front().reopens);  // back to work is no reopening
}
