// The cash drawer and the Z report, natively: opening once, the expected cash from real
// payment and movement rows, the variance recorded as counted, a closed drawer refusing
// cash, the close racing a sale and another close, and the Z report's numbers.
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "harness.hpp"

using helm::Json;
using helm::to_text;
using helm::Value;
using helm::testing::TestShop;

namespace {

std::string drawer_path(std::int64_t id) { return "/api/drawers/" + std::to_string(id); }

std::int64_t open_drawer(TestShop& shop, std::int64_t float_cents) {
    auto r = shop.post_json("/api/drawers", {{"register_id", 1}, {"float_cents", float_cents}});
    REQUIRE_MESSAGE(r.status == 201, r.body);
    return r.json()["drawer"]["id"].get<std::int64_t>();
}

Json drawer_of(TestShop& shop, std::int64_t id) { return shop.request("GET", drawer_path(id)).json()["drawer"]; }

// Shops count blind unless they choose otherwise (Settings › Register).
void show_expected_cash(TestShop& shop) {
    REQUIRE(shop.request("PUT", "/api/register-settings", R"({"show_expected_cash": true})").status == 200);
}

// A completed document written as the register writes one (until the tests below that go
// through the real API): its row, lines with their tax by rate, and payments.
struct Line {
    std::string kind;  // stock, labor, gift_card, ...
    std::int64_t quantity, base, gst, pst;
};
struct Paid {
    std::string tender;
    std::int64_t amount;
};
int documents = 0;
std::int64_t insert_document(TestShop& shop, std::string kind, std::string date, std::vector<Line> lines, std::vector<Paid> paid,
                             std::int64_t drawer_id, std::int64_t discount = 0, std::optional<std::int64_t> original = {}) {
    std::int64_t subtotal = 0, tax = 0;
    for (const auto& l : lines) subtotal += l.base, tax += l.gst + l.pst;
    const std::int64_t id = shop.integer("SELECT coalesce(max(id), 0) + 1 FROM sales");
    const std::string number = "S-" + std::to_string(id);
    shop.sql("INSERT INTO sales (id, number, kind, original_sale_id, register_id, business_date, prices_include_tax, tax_rounding, "
             "subtotal_cents, discount_cents, tax_cents, total_cents, reason, idempotency_key, completed_at_ms) "
             "VALUES (?1, ?2, ?3, ?4, 1, ?5, 0, 'line', ?6, ?7, ?8, ?9, ?10, ?11, 0)",
             {id, number, kind, original ? Value(*original) : Value(nullptr), date, subtotal, discount, tax, subtotal + tax,
              kind == "sale" ? Value(nullptr) : Value(std::string("customer changed their mind")), "key-" + number + "-" + std::to_string(++documents)});
    int line_no = 0;
    for (const auto& l : lines) {
        const std::string tax_class = l.kind == "labor" ? "labor" : l.kind == "gift_card" ? "exempt" : "goods";
        shop.sql("INSERT INTO sale_lines (sale_id, line_no, kind, description, tax_class_key, quantity, list_price_cents, unit_price_cents, "
                 "base_cents, tax_cents, total_cents) VALUES (?1, ?2, ?3, 'item', ?4, ?5, 0, 0, ?6, ?7, ?8)",
                 {id, std::int64_t{++line_no}, l.kind, tax_class, l.quantity, l.base, l.gst + l.pst, l.base + l.gst + l.pst});
        const std::int64_t line_id = shop.integer("SELECT max(id) FROM sale_lines");
        if (l.gst != 0 || l.kind == "labor" || l.kind == "stock")
            shop.sql("INSERT INTO sale_line_taxes (sale_line_id, tax_rate_id, name, rate_ppm, base_cents, tax_cents) VALUES (?1, 1, 'GST', 50000, ?2, ?3)",
                     {line_id, l.base, l.gst});
        if (l.pst != 0)
            shop.sql("INSERT INTO sale_line_taxes (sale_line_id, tax_rate_id, name, rate_ppm, base_cents, tax_cents) VALUES (?1, 2, 'PST', 70000, ?2, ?3)",
                     {line_id, l.base, l.pst});
    }
    for (const auto& p : paid)
        shop.sql("INSERT INTO sale_payments (sale_id, tender, amount_cents, drawer_session_id) VALUES (?1, ?2, ?3, ?4)",
                 {id, p.tender, p.amount, p.tender == "cash" ? Value(drawer_id) : Value(nullptr)});
    return id;
}

// The whole <input ...> tag with this id, or nothing.
std::string input_tag(const std::string& body, std::string_view id) {
    const auto at = body.find("id=\"" + std::string(id) + "\"");
    if (at == std::string::npos) return {};
    const auto start = body.rfind('<', at), end = body.find('>', at);
    return body.substr(start, end - start + 1);
}

void add_tax_rates(TestShop& shop) {
    shop.sql("INSERT INTO tax_rates (id, tax_class_key, name, rate_ppm, valid_from, created_at_ms) VALUES "
             "(1, 'goods', 'GST', 50000, '2020-01-01', 0), (2, 'goods', 'PST', 70000, '2020-01-01', 0), (3, 'labor', 'GST', 50000, '2020-01-01', 0)");
}

}  // namespace

TEST_CASE("a register's drawer opens once: a second open is refused until it closes") {
    TestShop shop;
    show_expected_cash(shop);
    auto id = open_drawer(shop, 15000);
    auto again = shop.post_json("/api/drawers", {{"float_cents", 10000}});
    CHECK(again.status == 409);
    CHECK(again.json()["error"]["field"] == "register_id");
    CHECK(shop.count("drawer_sessions") == 1);

    auto current = shop.request("GET", "/api/drawers/current?register_id=1").json();
    CHECK(current["drawer"]["id"] == id);
    CHECK(current["drawer"]["status"] == "open");
    CHECK(current["drawer"]["expected_cents"] == 15000);
    CHECK(shop.request("GET", "/api/drawers/current?register_id=9").status == 404);

    REQUIRE(shop.post_json(drawer_path(id) + "/close", {{"counted_cents", 15000}}).status == 200);
    CHECK(shop.request("GET", "/api/drawers/current").json()["drawer"].is_null());
    CHECK(open_drawer(shop, 10000) == id + 1);
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'drawer.open'") == 2);
}

TEST_CASE("a float counted by denomination must add up to the float given") {
    TestShop shop;
    auto wrong = shop.post_json("/api/drawers", {{"float_cents", 20000}, {"float_counts", {{"10000", 1}, {"2000", 3}, {"25", 40}}}});
    CHECK(wrong.status == 400);
    CHECK(wrong.json()["error"]["field"] == "float_cents");
    const struct {
        Json body;
        std::string field;
    } bad[] = {{Json::object(), "float_cents"},
               {{{"float_cents", -1}}, "float_cents"},
               {{{"float_cents", "150"}}, "float_cents"},
               {{{"float_counts", {{"ten", 1}}}}, "float_counts"},
               {{{"float_counts", {{"25", -2}}}}, "float_counts"},
               {{{"float_counts", {1, 2}}}, "float_counts"},
               {{{"float_cents", 100}, {"till", 1}}, "till"}};
    for (const auto& b : bad) {
        auto r = shop.post_json("/api/drawers", b.body);
        CHECK_MESSAGE(r.status == 400, b.body.dump());
        CHECK(r.json()["error"]["field"] == b.field);
    }
    CHECK(shop.count("drawer_sessions") == 0);

    auto right = shop.post_json("/api/drawers", {{"float_cents", 17000}, {"float_counts", {{"10000", 1}, {"2000", 3}, {"25", 40}, {"5", 0}}}});
    REQUIRE(right.status == 201);
    CHECK(right.json()["drawer"]["float_cents"] == 17000);
    CHECK(right.json()["drawer"]["float_counts"] == Json{{"10000", 1}, {"2000", 3}, {"25", 40}});
    // Counts alone give the float.
    shop.sql("INSERT INTO registers (id, name, created_at_ms) VALUES (2, 'Service desk', 0)");
    auto counted = shop.post_json("/api/drawers", {{"register_id", 2}, {"float_counts", {{"500", 4}, {"100", 5}}}});
    REQUIRE(counted.status == 201);
    CHECK(counted.json()["drawer"]["float_cents"] == 2500);
}

TEST_CASE("the close expects the float plus cash kept from sales, minus cash refunds, plus paid in, minus paid out") {
    TestShop shop;
    show_expected_cash(shop);
    add_tax_rates(shop);
    auto id = open_drawer(shop, 15000);
    const std::string today = drawer_of(shop, id)["business_date"];
    // Cash amounts are what stays in the drawer (tendered minus change); card never enters it.
    auto sold = insert_document(shop, "sale", today, {{"stock", 1, 2232, 112, 156}}, {{"cash", 2500}}, id);
    insert_document(shop, "sale", today, {{"stock", 1, 5000, 250, 350}}, {{"card", 5600}}, id);
    insert_document(shop, "return", today, {{"stock", -1, -625, -31, -44}}, {{"cash", -700}}, id, 0, sold);
    REQUIRE(shop.post_json(drawer_path(id) + "/movements", {{"kind", "paid_in"}, {"amount_cents", 1000}, {"reason", "change from the bank"}}).status == 201);
    auto out = shop.post_json(drawer_path(id) + "/movements", {{"kind", "paid_out"}, {"amount_cents", 300}, {"reason", "milk for the coffee"}});
    REQUIRE(out.status == 201);
    CHECK(out.json()["movement"]["kind"] == "paid_out");
    CHECK(out.json()["movement"]["staff"] == "Olive Owner");
    REQUIRE(shop.post_json(drawer_path(id) + "/movements", {{"kind", "no_sale"}, {"reason", "customer needed change"}}).status == 201);

    auto open = drawer_of(shop, id);
    CHECK(open["cash_sales_cents"] == 2500);
    CHECK(open["cash_refunds_cents"] == -700);
    CHECK(open["paid_in_cents"] == 1000);
    CHECK(open["paid_out_cents"] == 300);
    CHECK(open["no_sales"] == 1);
    CHECK(open["expected_cents"] == 15000 + 2500 - 700 + 1000 - 300);

    // Fifty cents short: recorded as counted, never forced to zero.
    auto closed = shop.post_json(drawer_path(id) + "/close", {{"counts", {{"10000", 1}, {"2000", 3}, {"25", 58}}}, {"note", "short 50c"}});
    REQUIRE_MESSAGE(closed.status == 200, closed.body);
    auto c = closed.json()["drawer"];
    CHECK(c["status"] == "closed");
    CHECK(c["counted_cents"] == 17450);
    CHECK(c["expected_cents"] == 17500);
    CHECK(c["variance_cents"] == -50);
    CHECK(c["closed_by"] == "Olive Owner");
    auto row = shop.sql("SELECT expected_cents, counted_cents, variance_cents, counts_json FROM drawer_sessions WHERE id = ?1", {id});
    CHECK(helm::Row(row, 0).integer("variance_cents") == -50);
    CHECK(Json::parse(helm::Row(row, 0).text("counts_json")) == Json{{"10000", 1}, {"2000", 3}, {"25", 58}});
    auto event = Json::parse(shop.text("SELECT after_json FROM audit_events WHERE action = 'drawer.close'"));
    CHECK(event["variance_cents"] == -50);
    CHECK(event["expected_cents"] == 17500);
}

TEST_CASE("an open drawer is counted blind: neither its screen nor its API tells what it should hold until it is closed") {
    TestShop shop;
    add_tax_rates(shop);
    auto id = open_drawer(shop, 15000);
    const std::string today = drawer_of(shop, id)["business_date"];
    insert_document(shop, "sale", today, {{"stock", 1, 2232, 112, 156}}, {{"cash", 2500}}, id);
    for (const auto& open : {drawer_of(shop, id), shop.request("GET", "/api/drawers/current?register_id=1").json()["drawer"],
                             shop.request("GET", "/api/drawers?register_id=1").json()["drawers"][0]}) {
        CHECK(open["expected_cents"].is_null());
        CHECK(open["cash_sales_cents"].is_null());
        CHECK(open["cash_refunds_cents"].is_null());
        CHECK(open["float_cents"] == 15000);
    }
    for (const std::string page : {std::string("/drawer"), "/drawer/sessions/" + std::to_string(id)}) {
        auto shown = shop.request("GET", page);
        CHECK(shown.body.find("id=\"expected-hidden\"") != std::string::npos);
        CHECK(shown.body.find("175.00") == std::string::npos);  // 150.00 float + 25.00 cash
        CHECK(shown.body.find("25.00") == std::string::npos);
    }
    // A paid-out beyond the drawer is refused without naming what it holds.
    auto too_much = shop.post_json(drawer_path(id) + "/movements", {{"kind", "paid_out"}, {"amount_cents", 20000}, {"reason", "courier"}});
    CHECK(too_much.status == 422);
    CHECK(too_much.json()["error"]["message"].get<std::string>().find("175") == std::string::npos);
    // Closed, the count stands against the expected cash, for everyone to see.
    auto closed = shop.post_json(drawer_path(id) + "/close", {{"counted_cents", 17400}});
    REQUIRE(closed.status == 200);
    CHECK(closed.json()["drawer"]["expected_cents"] == 17500);
    CHECK(drawer_of(shop, id)["expected_cents"] == 17500);
    CHECK(shop.request("GET", "/drawer/sessions/" + std::to_string(id)).body.find("id=\"expected\"") != std::string::npos);
    // A shop that wants the figure shown while open says so on Settings › Register.
    auto form = shop.post_form("/settings/register", "tax_rounding=line&discount_limit=10&show_expected_cash=0&show_expected_cash=1");
    CHECK(form.status == 303);
    CHECK(shop.integer("SELECT show_expected_cash FROM shop_settings") == 1);
    auto next = open_drawer(shop, 10000);
    CHECK(drawer_of(shop, next)["expected_cents"] == 10000);
}

TEST_CASE("a closed drawer takes no cash, no movement and no second close") {
    TestShop shop;
    auto id = open_drawer(shop, 10000);
    REQUIRE(shop.post_json(drawer_path(id) + "/close", {{"counted_cents", 10100}}).status == 200);
    CHECK(drawer_of(shop, id)["variance_cents"] == 100);
    auto moved = shop.post_json(drawer_path(id) + "/movements", {{"kind", "paid_in"}, {"amount_cents", 500}, {"reason", "float top-up"}});
    CHECK(moved.status == 422);
    auto again = shop.post_json(drawer_path(id) + "/close", {{"counted_cents", 10000}});
    CHECK(again.status == 409);
    CHECK(drawer_of(shop, id)["counted_cents"] == 10100);
    CHECK(shop.count("drawer_movements") == 0);
    // Below the API too: the schema refuses cash into a closed drawer.
    CHECK_FALSE(shop.ports().db->query({"INSERT INTO drawer_movements (drawer_session_id, kind, amount_cents, reason, at_ms) "
                                        "VALUES (?1, 'paid_in', 5, 'sneaky', 0)", {id}}).ok());
    CHECK(shop.request("GET", drawer_path(99)).status == 404);
    CHECK(shop.post_json(drawer_path(99) + "/movements", {{"kind", "no_sale"}, {"reason", "nobody"}}).status == 404);
}

TEST_CASE("a movement needs its reason, and a paid-out no more than the drawer should hold") {
    TestShop shop;
    auto id = open_drawer(shop, 2000);
    const struct {
        Json body;
        std::string field;
    } bad[] = {{{{"kind", "paid_out"}, {"amount_cents", 100}}, "reason"},
               {{{"kind", "paid_out"}, {"amount_cents", 100}, {"reason", "ab"}}, "reason"},
               {{{"kind", "paid_out"}, {"reason", "no amount"}}, "amount_cents"},
               {{{"kind", "paid_out"}, {"amount_cents", 0}, {"reason", "zero"}}, "amount_cents"},
               {{{"kind", "no_sale"}, {"amount_cents", 100}, {"reason", "money on a no sale"}}, "amount_cents"},
               {{{"kind", "refund"}, {"amount_cents", 100}, {"reason", "not a movement"}}, "kind"},
               {{{"kind", "paid_in"}, {"amount_cents", 100}, {"reason", "card 4111 1111 1111 1111"}}, "reason"}};
    for (const auto& b : bad) {
        auto r = shop.post_json(drawer_path(id) + "/movements", b.body);
        CHECK_MESSAGE(r.status == 400, b.body.dump());
        CHECK(r.json()["error"]["field"] == b.field);
    }
    auto too_much = shop.post_json(drawer_path(id) + "/movements", {{"kind", "paid_out"}, {"amount_cents", 2001}, {"reason", "courier"}});
    CHECK(too_much.status == 422);
    CHECK(too_much.json()["error"]["field"] == "amount_cents");
    CHECK(shop.count("drawer_movements") == 0);
    CHECK(shop.post_json(drawer_path(id) + "/movements", {{"kind", "paid_out"}, {"amount_cents", 2000}, {"reason", "courier"}}).status == 201);
}

TEST_CASE("a drawer closed while a sale lands counts that sale's cash, and of two closes one wins") {
    TestShop shop;
    add_tax_rates(shop);
    auto id = open_drawer(shop, 10000);
    const std::string today = drawer_of(shop, id)["business_date"];
    auto closing = shop.start("POST", drawer_path(id) + "/close", R"({"counted_cents": 12000})");
    shop.run_until_batch(closing);  // the close has read the drawer: expected 100.00 so far
    insert_document(shop, "sale", today, {{"stock", 1, 1786, 89, 125}}, {{"cash", 2000}}, id);
    auto closed = shop.finish(closing);
    REQUIRE_MESSAGE(closed.status == 200, closed.body);
    // Worked out in the closing statement itself: the late sale is in it.
    CHECK(shop.integer("SELECT expected_cents FROM drawer_sessions WHERE id = ?1", {id}) == 12000);
    CHECK(shop.integer("SELECT variance_cents FROM drawer_sessions WHERE id = ?1", {id}) == 0);

    auto second = open_drawer(shop, 5000);
    auto a = shop.start("POST", drawer_path(second) + "/close", R"({"counted_cents": 5000})");
    auto b = shop.start("POST", drawer_path(second) + "/close", R"({"counted_cents": 4000})");
    shop.run_until_batch(a);
    shop.run_until_batch(b);
    auto ra = shop.finish(a);
    auto rb = shop.finish(b);
    CHECK(ra.status == 200);
    CHECK(rb.status == 409);
    CHECK(shop.integer("SELECT counted_cents FROM drawer_sessions WHERE id = ?1", {second}) == 5000);
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'drawer.close'") == 2);
}

TEST_CASE("the Z report sums a business date's documents, labor and parts, tax by rate, tenders and drawers") {
    TestShop shop;
    add_tax_rates(shop);
    auto id = open_drawer(shop, 20000);
    const std::string today = drawer_of(shop, id)["business_date"];
    // A sale of parts and labor with a discount, paid in cash.
    auto first = insert_document(shop, "sale", today, {{"stock", 2, 4000, 200, 280}, {"labor", 1, 6000, 300, 0}}, {{"cash", 10780}}, id, 500);
    // Parts by card, then voided.
    auto second = insert_document(shop, "sale", today, {{"stock", 1, 1000, 50, 70}}, {{"card", 1120}}, id);
    insert_document(shop, "void", today, {{"stock", -1, -1000, -50, -70}}, {{"card", -1120}}, id, 0, second);
    // One of the two parts comes back, refunded in cash.
    insert_document(shop, "return", today, {{"stock", -1, -2000, -100, -140}}, {{"cash", -2240}}, id, 0, first);
    // A gift card loaded (not revenue), paid by card.
    insert_document(shop, "sale", today, {{"gift_card", 1, 5000, 0, 0}}, {{"card", 5000}}, id);
    // Another day's sale stays out.
    insert_document(shop, "sale", "2020-01-02", {{"stock", 1, 999, 50, 70}}, {{"card", 1119}}, id);
    REQUIRE(shop.post_json(drawer_path(id) + "/movements", {{"kind", "paid_out"}, {"amount_cents", 1500}, {"reason", "window cleaner"}}).status == 201);
    REQUIRE(shop.post_json(drawer_path(id) + "/close", {{"counted_cents", 27000}}).status == 200);

    auto run = shop.post_json("/api/z-reports", {{"business_date", today}});
    REQUIRE_MESSAGE(run.status == 201, run.body);
    auto z = run.json()["z_report"];
    CHECK(z["id"] == 1);
    auto r = z["report"];
    CHECK(r["number"] == 1);
    CHECK(r["business_date"] == today);
    CHECK(r["created_by"] == "Olive Owner");
    const Json documents = r["documents"];
    REQUIRE(documents.size() == 4);
    CHECK(documents[0] == Json{{"kind", "sale"}, {"count", 3}, {"subtotal_cents", 16000}, {"discount_cents", 500}, {"tax_cents", 900},
                               {"total_cents", 16900}});
    CHECK(documents[1]["kind"] == "return");
    CHECK(documents[1]["total_cents"] == -2240);
    CHECK(documents[2]["count"] == 0);
    CHECK(documents[3]["total_cents"] == -1120);
    CHECK(r["net"] == Json{{"count", 5}, {"subtotal_cents", 13000}, {"discount_cents", 500}, {"tax_cents", 540}, {"total_cents", 13540}});
    CHECK(r["revenue"] == Json{{"labor_cents", 6000}, {"parts_cents", 2000}, {"total_cents", 8000}});
    CHECK(r["gift_cards_and_deposits_cents"] == 5000);
    CHECK(r["discounts_cents"] == 500);
    REQUIRE(r["taxes"].size() == 2);
    CHECK(r["taxes"][0]["name"] == "GST");
    CHECK(r["taxes"][0]["base_cents"] == 8000);  // 4000 + 6000 + 1000 - 1000 - 2000
    CHECK(r["taxes"][0]["tax_cents"] == 400);
    CHECK(r["taxes"][1] == Json{{"name", "PST"}, {"rate_ppm", 70000}, {"base_cents", 2000}, {"tax_cents", 140}});
    CHECK(r["tax_cents"] == 540);
    REQUIRE(r["tenders"].size() == 2);
    CHECK(r["tenders"][0] == Json{{"tender", "card"}, {"count", 3}, {"taken_cents", 6120}, {"refunded_cents", -1120}, {"net_cents", 5000}});
    CHECK(r["tenders"][1] == Json{{"tender", "cash"}, {"count", 2}, {"taken_cents", 10780}, {"refunded_cents", -2240}, {"net_cents", 8540}});
    CHECK(r["tendered_cents"] == r["net"]["total_cents"]);
    REQUIRE(r["drawers"].size() == 1);
    CHECK(r["drawers"][0]["expected_cents"] == 20000 + 8540 - 1500);
    CHECK(r["cash"] == Json{{"expected_cents", 27040}, {"counted_cents", 27000}, {"variance_cents", -40}, {"open_drawers", 0}});

    // Stored as run: a later sale of the same date does not change it.
    insert_document(shop, "sale", today, {{"stock", 1, 100, 5, 7}}, {{"card", 112}}, id);
    auto stored = shop.request("GET", "/api/z-reports/1").json()["z_report"];
    CHECK(stored["report"] == r);
    auto list = shop.request("GET", "/api/z-reports").json()["z_reports"];
    REQUIRE(list.size() == 1);
    CHECK(list[0]["net_total_cents"] == 13540);
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'z_report.create'") == 1);
}

TEST_CASE("a business date has one Z report: a second run is 409 naming the first") {
    TestShop shop;
    auto first = shop.request("POST", "/api/z-reports");
    REQUIRE_MESSAGE(first.status == 201, first.body);
    const std::string today = first.json()["z_report"]["business_date"];
    auto again = shop.post_json("/api/z-reports", {{"business_date", today}});
    CHECK(again.status == 409);
    CHECK(again.json()["error"]["field"] == "business_date");
    CHECK(again.json()["z_report"]["id"] == 1);
    CHECK(shop.count("z_reports") == 1);

    CHECK(shop.post_json("/api/z-reports", {{"business_date", "2099-01-01"}}).status == 422);
    for (std::string bad : {"2026-02-31", "yesterday", "2026-1-5"}) {
        auto r = shop.post_json("/api/z-reports", {{"business_date", bad}});
        CHECK(r.status == 400);
        CHECK(r.json()["error"]["field"] == "business_date");
    }
    auto earlier = shop.post_json("/api/z-reports", {{"business_date", "2020-01-02"}});
    CHECK(earlier.status == 201);
    CHECK(earlier.json()["z_report"]["id"] == 2);
    CHECK(shop.request("GET", "/api/z-reports/9").status == 404);
}

TEST_CASE("a Z report waits for every drawer of its day to be counted and closed") {
    TestShop shop;
    auto id = open_drawer(shop, 20000);
    const std::string today = drawer_of(shop, id)["business_date"];
    auto early = shop.post_json("/api/z-reports", {{"business_date", today}});
    CHECK(early.status == 422);
    CHECK(early.json()["error"]["field"] == "business_date");
    CHECK(early.json()["error"]["message"].get<std::string>().find("drawer " + std::to_string(id) + " (") != std::string::npos);
    CHECK(shop.count("z_reports") == 0);
    CHECK(shop.count("audit_events WHERE action = 'z_report.create'") == 0);
    REQUIRE(shop.post_json(drawer_path(id) + "/close", {{"counted_cents", 20000}}).status == 200);
    auto z = shop.post_json("/api/z-reports", {{"business_date", today}});
    REQUIRE(z.status == 201);
    CHECK(z.json()["z_report"]["report"]["cash"]["open_drawers"] == 0);
}

TEST_CASE("closing needs action.drawer_close and the Z report action.z_report") {
    TestShop shop;
    auto id = open_drawer(shop, 1000);
    shop.sign_in_staff(shop.add_staff("Jo Junior", "junior"));
    CHECK(shop.request("GET", "/api/drawers/current").status == 200);
    CHECK(shop.post_json(drawer_path(id) + "/movements", {{"kind", "no_sale"}, {"reason", "change for the meter"}}).status == 201);
    CHECK(shop.post_json(drawer_path(id) + "/close", {{"counted_cents", 1000}}).status == 403);
    auto page = shop.request("GET", "/drawer");
    CHECK(page.body.find("id=\"close\"") == std::string::npos);
    shop.sign_in_staff(shop.add_staff("Sam Sales", "sales"));
    CHECK(shop.post_json("/api/z-reports", Json::object()).status == 403);
    CHECK(shop.request("GET", "/drawer").body.find("id=\"z-run\"") == std::string::npos);
    CHECK(shop.post_json(drawer_path(id) + "/close", {{"counted_cents", 1000}}).status == 200);
    CHECK(shop.count("z_reports") == 0);
}

TEST_CASE("the Drawer screen opens, pays out and closes the drawer with forms, and shows the variance") {
    TestShop shop;
    const auto form = [&](std::string target, std::string body) { return shop.post_form(std::move(target), std::move(body)); };
    auto empty = shop.request("GET", "/drawer");
    REQUIRE(empty.status == 200);
    CHECK(empty.body.find("id=\"open\"") != std::string::npos);
    CHECK(empty.body.find("name=\"count_2000\"") != std::string::npos);  // the shop is CAD: no $1 note

    auto wrong = form("/drawer/open", "register_id=1&float=150.00&count_10000=1");
    CHECK(wrong.status == 400);
    CHECK(wrong.body.find("does not match") != std::string::npos);
    CHECK(input_tag(wrong.body, "open-float").find("aria-invalid=\"true\"") != std::string::npos);
    CHECK(input_tag(wrong.body, "open-float").find("value=\"150.00\"") != std::string::npos);
    CHECK(shop.count("drawer_sessions") == 0);

    auto opened = form("/drawer/open", "register_id=1&float=&count_10000=1&count_2000=2&count_25=40");
    REQUIRE(opened.status == 303);
    const auto id = shop.integer("SELECT id FROM drawer_sessions");
    CHECK(shop.integer("SELECT float_cents FROM drawer_sessions") == 15000);
    auto page = shop.request("GET", "/drawer?register_id=1&done=opened");
    CHECK(page.body.find("The drawer is open.") != std::string::npos);
    CHECK(page.body.find("id=\"expected-hidden\"") != std::string::npos);  // counted blind

    auto short_reason = form("/drawer/sessions/" + std::to_string(id) + "/movements", "kind=paid_out&amount=12.50&reason=no");
    CHECK(short_reason.status == 400);
    CHECK(input_tag(short_reason.body, "movement-reason").find("value=\"no\"") != std::string::npos);
    CHECK(input_tag(short_reason.body, "movement-reason").find("aria-invalid=\"true\"") != std::string::npos);
    REQUIRE(form("/drawer/sessions/" + std::to_string(id) + "/movements", "kind=paid_out&amount=12.50&reason=stamps").status == 303);
    CHECK(shop.request("GET", "/drawer").body.find("$137.50") == std::string::npos);

    auto closed = form("/drawer/sessions/" + std::to_string(id) + "/close", "counted=137.00&note=");
    REQUIRE(closed.status == 303);
    auto session = shop.request("GET", "/drawer/sessions/" + std::to_string(id) + "?done=closed");
    CHECK(session.body.find("id=\"variance\"") != std::string::npos);
    CHECK(session.body.find("$0.50 short") != std::string::npos);
    CHECK(session.body.find("<strong>$137.50</strong>") != std::string::npos);
    CHECK(session.body.find("stamps") != std::string::npos);

    auto z = form("/drawer/z", "business_date=" + shop.text("SELECT business_date FROM drawer_sessions"));
    REQUIRE(z.status == 303);
    auto printable = shop.request("GET", "/drawer/z/1");
    REQUIRE(printable.status == 200);
    CHECK(printable.body.find("id=\"z-drawers\"") != std::string::npos);
    CHECK(printable.body.find("-$0.50") != std::string::npos);
    auto twice = form("/drawer/z", "business_date=" + shop.text("SELECT business_date FROM drawer_sessions"));
    CHECK(twice.status == 409);
    CHECK(twice.body.find("id=\"existing-z\"") != std::string::npos);
}

namespace {

// A shop at the counter for a whole day through the real register API.
struct Day {
    TestShop shop;
    int keys = 0;
    Day() {
        for (auto [tax_class, name, ppm] : {std::tuple{"goods", "GST", 50'000}, {"goods", "PST", 70'000}, {"labor", "GST", 50'000}})
            REQUIRE(shop.post_json("/api/tax-rates", {{"tax_class", tax_class}, {"name", name}, {"rate_ppm", ppm}, {"valid_from", "2020-01-01"}})
                        .status == 201);
    }
    std::int64_t product(Json body, std::int64_t stock = 0) {
        auto r = shop.post_json("/api/products", body);
        REQUIRE_MESSAGE(r.status == 201, r.body);
        const auto id = r.json()["product"]["id"].get<std::int64_t>();
        if (stock > 0)
            REQUIRE(shop.post_json("/api/products/" + std::to_string(id) + "/receive", {{"quantity", stock}, {"unit_cost_cents", 100}}).status == 200);
        return id;
    }
    // What the request comes to, then completed with `pay(total)` as its payments.
    Json complete(Json body, const std::function<Json(std::int64_t total)>& pay) {
        auto quoted = shop.post_json("/api/sales/quote", body);
        REQUIRE_MESSAGE(quoted.status == 200, quoted.body);
        body["payments"] = pay(quoted.json()["quote"]["total_cents"].get<std::int64_t>());
        body["idempotency_key"] = "day-key-" + std::to_string(++keys);
        auto done = shop.post_json("/api/sales", body);
        REQUIRE_MESSAGE(done.status == 201, done.body);
        return done.json()["sale"];
    }
};

Json line(std::int64_t product_id, std::int64_t quantity = 1) { return {{"product_id", product_id}, {"quantity", quantity}}; }
Json cash(std::int64_t amount) { return {{"tender", "cash"}, {"amount_cents", amount}, {"tendered_cents", (amount + 499) / 500 * 500}}; }
Json card(std::int64_t amount) { return {{"tender", "card"}, {"amount_cents", amount}, {"reference", "T-" + std::to_string(amount)}}; }

}  // namespace

TEST_CASE("a day of sales whose Z report adds up to the sum of its receipts") {
    Day day;
    auto& shop = day.shop;
    const auto helmet = day.product({{"sku", "HELMET"}, {"name", "Helmet"}, {"price_cents", 5999}}, 5);
    const auto tube = day.product({{"sku", "TUBE"}, {"name", "Tube 700c"}, {"price_cents", 899}}, 20);
    const auto tune = day.product({{"sku", "TUNE"}, {"name", "Tune-up"}, {"kind", "labor"}, {"tax_class", "labor"}, {"price_cents", 8500}});
    const auto gift = day.product({{"sku", "GIFT"}, {"name", "Gift card"}, {"kind", "gift_card"}, {"tax_class", "exempt"}, {"price_cents", 0},
                                   {"discountable", false}});
    auto drawer = open_drawer(shop, 20000);

    // Parts and labor with 10% off the whole sale, in cash.
    auto first = day.complete({{"lines", {line(helmet, 2), line(tune)}}, {"discount", {{"percent_ppm", 100000}}}},
                              [](std::int64_t total) { return Json{cash(total)}; });
    auto second = day.complete({{"lines", {line(tube, 3)}}}, [](std::int64_t total) { return Json{card(total)}; });
    // Split: part card, the rest cash.
    day.complete({{"lines", {line(tube), line(helmet)}}}, [](std::int64_t total) { return Json{card(4000), cash(total - 4000)}; });
    day.complete({{"lines", {{{"product_id", gift}, {"gift_card_code", "GC-DAY-000000001"}, {"amount_cents", 2500}}}}},
                 [](std::int64_t total) { return Json{card(total)}; });
    // One helmet of the first sale comes back, refunded in cash.
    day.complete({{"original_sale_id", first["id"]}, {"returns", {{{"line_id", first["lines"][0]["id"]}, {"quantity", 1}}}}, {"reason", "too big"}},
                 [](std::int64_t total) { return Json{{{"tender", "cash"}, {"amount_cents", total}}}; });
    auto voided = shop.post_json("/api/sales/" + to_text(second["id"]) + "/void", {{"reason", "rang up twice"}, {"idempotency_key", "day-void-1"}});
    REQUIRE_MESSAGE(voided.status == 201, voided.body);
    REQUIRE(shop.post_json(drawer_path(drawer) + "/movements", {{"kind", "paid_out"}, {"amount_cents", 1250}, {"reason", "courier"}}).status == 201);
    show_expected_cash(shop);
    const auto expected = drawer_of(shop, drawer)["expected_cents"].get<std::int64_t>();
    REQUIRE(shop.post_json(drawer_path(drawer) + "/close", {{"counted_cents", expected - 35}}).status == 200);

    // The receipts, each as the register reads it back.
    const std::string today = drawer_of(shop, drawer)["business_date"];
    auto listed = shop.request("GET", "/api/sales?date=" + today).json()["sales"];
    REQUIRE(listed.size() == 6);
    std::map<std::string, std::int64_t> count, total, subtotal, tax, discount, tendered;
    std::map<std::pair<std::string, std::int64_t>, std::pair<std::int64_t, std::int64_t>> by_rate;
    std::int64_t labor = 0, parts = 0, gift_cards = 0, cash_kept = 0;
    for (const auto& listed_sale : listed) {
        const Json receipt = shop.request("GET", "/api/sales/" + to_text(listed_sale["id"])).json()["sale"];
        const std::string kind = receipt["kind"];
        ++count[kind];
        total[kind] += receipt["total_cents"].get<std::int64_t>();
        subtotal[kind] += receipt["subtotal_cents"].get<std::int64_t>();
        tax[kind] += receipt["tax_cents"].get<std::int64_t>();
        discount[kind] += receipt["discount_cents"].get<std::int64_t>();
        for (const auto& t : receipt["taxes"]) {
            auto& [base, amount] = by_rate[{t["name"].get<std::string>(), t["rate_ppm"].get<std::int64_t>()}];
            base += t["base_cents"].get<std::int64_t>();
            amount += t["tax_cents"].get<std::int64_t>();
        }
        for (const auto& l : receipt["lines"]) {
            const std::int64_t base = l["base_cents"];
            (l["kind"] == "labor" ? labor : l["kind"] == "gift_card" || l["kind"] == "deposit" ? gift_cards : parts) += base;
        }
        for (const auto& p : receipt["payments"]) {
            tendered[p["tender"]] += p["amount_cents"].get<std::int64_t>();
            if (p["tender"] == "cash") cash_kept += p["amount_cents"].get<std::int64_t>();
        }
    }
    CHECK(count["sale"] == 4);
    CHECK(count["return"] == 1);
    CHECK(count["void"] == 1);
    CHECK(labor > 0);
    CHECK(discount["sale"] > 0);

    auto run = shop.post_json("/api/z-reports", {{"business_date", today}});
    REQUIRE_MESSAGE(run.status == 201, run.body);
    const Json z = run.json()["z_report"]["report"];
    std::int64_t net_total = 0, net_tax = 0;
    for (const auto& d : z["documents"]) {
        const std::string kind = d["kind"];
        CAPTURE(kind);
        CHECK(d["count"] == count[kind]);
        CHECK(d["total_cents"] == total[kind]);
        CHECK(d["subtotal_cents"] == subtotal[kind]);
        CHECK(d["tax_cents"] == tax[kind]);
        CHECK(d["discount_cents"] == discount[kind]);
        net_total += total[kind];
        net_tax += tax[kind];
    }
    CHECK(z["net"]["total_cents"] == net_total);
    CHECK(z["net"]["tax_cents"] == net_tax);
    CHECK(z["revenue"]["labor_cents"] == labor);
    CHECK(z["revenue"]["parts_cents"] == parts);
    CHECK(z["gift_cards_and_deposits_cents"] == gift_cards);
    REQUIRE(z["taxes"].size() == by_rate.size());
    for (const auto& t : z["taxes"]) {
        const auto& [base, amount] = by_rate.at({t["name"].get<std::string>(), t["rate_ppm"].get<std::int64_t>()});
        CHECK(t["base_cents"] == base);
        CHECK(t["tax_cents"] == amount);
    }
    CHECK(z["tax_cents"] == net_tax);
    REQUIRE(z["tenders"].size() == tendered.size());
    for (const auto& t : z["tenders"]) CHECK(t["net_cents"] == tendered[t["tender"].get<std::string>()]);
    CHECK(z["tendered_cents"] == net_total);
    CHECK(z["cash"]["expected_cents"] == 20000 + cash_kept - 1250);
    CHECK(z["cash"]["counted_cents"] == 20000 + cash_kept - 1250 - 35);
    CHECK(z["cash"]["variance_cents"] == -35);
}

TEST_CASE("a float counted on the form stops at the same bound as the JSON and the schema") {
    TestShop shop;
    // 100,000 $100 notes: each entry within its bounds, the whole far beyond $1,000,000.00.
    auto form = shop.post_form("/drawer/open", "register_id=1&float=&count_10000=100000&count_5000=100000&count_25=4");
    CHECK(form.status == 400);
    CHECK(form.body.find("adds up to more than $1000000.00") != std::string::npos);
    auto json = shop.post_json("/api/drawers", {{"register_id", 1}, {"float_counts", {{"10000", 100000}, {"5000", 100000}, {"25", 4}}}});
    CHECK(json.status == 400);
    CHECK(json.json()["error"]["message"].get<std::string>().find("adds up to more than $1000000.00") != std::string::npos);
    // A denomination named twice is refused on the form as in the JSON, not summed past its bound.
    auto twice = shop.post_form("/drawer/open", "register_id=1&float=&count_10000=6000&count_10000=6000");
    CHECK(twice.status == 400);
    CHECK(twice.body.find("names a denomination twice") != std::string::npos);
    CHECK(shop.count("drawer_sessions") == 0);
    // At the bound itself the form opens the drawer.
    REQUIRE(shop.post_form("/drawer/open", "register_id=1&float=&count_10000=10000").status == 303);
    CHECK(shop.integer("SELECT float_cents FROM drawer_sessions") == 100'000'000);
}

TEST_CASE("a shop that keeps euros sees euros on the Drawer screen and in the drawer's messages") {
    helm::Shop euros = helm::testing::test_shop();
    euros.currency = "EUR";
    TestShop shop(euros);
    auto empty = shop.request("GET", "/drawer");
    REQUIRE(empty.status == 200);
    CHECK(empty.body.find("€100") != std::string::npos);  // a note's label
    CHECK(empty.body.find("€0.05") != std::string::npos);  // a coin's
    auto over = shop.post_json("/api/drawers", {{"register_id", 1}, {"float_counts", {{"10000", 100000}, {"5000", 100000}}}});
    CHECK(over.status == 400);
    CHECK(over.json()["error"]["message"].get<std::string>().find("adds up to more than €1000000.00") != std::string::npos);
    const auto id = open_drawer(shop, 15000);
    auto page = shop.request("GET", "/drawer/sessions/" + std::to_string(id));
    REQUIRE(page.status == 200);
    CHECK(page.body.find("€150.00") != std::string::npos);
    CHECK(page.body.find("$150.00") == std::string::npos);
}
