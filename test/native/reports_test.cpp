// The owner's reports natively: the weekly digest and the monthly sales tax and profit,
// worked out from real register documents (a void, a return, a work order picked up, a
// Sunday-night sale, two tax rates) across a week's and a month's boundary in Vancouver,
// written to R2 once per period by the cron, and shown and served by the Reports screen.
#include "core/time.hpp"
#include "harness.hpp"
#include "ops/cron.hpp"
#include "ops/reports.hpp"

using helm::Json;
using helm::testing::Reply;
using helm::testing::TestShop;
namespace ops = helm::ops;

namespace {

// A shop with British Columbia's rates (goods GST 5% + PST 7%, labor GST 5%), three
// stocked products bought at half their price, a service-menu tune-up and two customers.
struct Shop {
    TestShop shop;
    int keys = 0;
    std::int64_t helmet = 0, tube = 0, light = 0, tune = 0, ann = 0, bea = 0;

    Shop() {
        rate("goods", "GST", 50'000);
        rate("goods", "PST", 70'000);
        rate("labor", "GST", 50'000);
        helmet = product({{"sku", "HELMET"}, {"name", "Helmet"}, {"price_cents", 1000}}, 20, 500);
        tube = product({{"sku", "TUBE"}, {"name", "Tube 700x25"}, {"price_cents", 899}}, 20, 449);
        light = product({{"sku", "LIGHT"}, {"name", "Rear light"}, {"price_cents", 2500}}, 20, 1250);
        tune = product({{"sku", "TUNE"}, {"name", "Basic tune-up"}, {"kind", "labor"}, {"tax_class", "labor"}, {"price_cents", 8900}}, 0, 0);
        ann = customer("Annika Reportsen");
        bea = customer("Beatrix Topbuyer");
    }
    void rate(std::string tax_class, std::string name, std::int64_t ppm) {
        REQUIRE(shop.post_json("/api/tax-rates", {{"tax_class", tax_class}, {"name", name}, {"rate_ppm", ppm}, {"valid_from", "2020-01-01"}}).status == 201);
    }
    std::int64_t product(Json body, std::int64_t stock, std::int64_t cost) {
        auto r = shop.post_json("/api/products", body);
        REQUIRE(r.status == 201);
        const auto id = r.json()["product"]["id"].get<std::int64_t>();
        if (stock > 0)
            REQUIRE(shop.post_json("/api/products/" + std::to_string(id) + "/receive", {{"quantity", stock}, {"unit_cost_cents", cost}}).status == 200);
        return id;
    }
    std::int64_t customer(std::string name) {
        auto r = shop.post_json("/api/customers", {{"name", name}});
        REQUIRE(r.status == 201);
        return r.json()["customer"]["id"].get<std::int64_t>();
    }
    // The clock reads `iso` now; the owner signs in again on it.
    void at_time(std::string_view iso) {
        helm::testing::set_clock(iso);
        const auto owner = shop.integer("SELECT id FROM staff WHERE role_key = 'owner' ORDER BY id LIMIT 1");
        shop.sign_in_device("owner@test-shop.example");
        shop.sign_in_staff(owner);
    }
    Json sell(Json body) {
        body["idempotency_key"] = "report-key-" + std::to_string(++keys);
        auto r = shop.post_json("/api/sales", body);
        REQUIRE_MESSAGE(r.status == 201, r.body);
        return r.json()["sale"];
    }
    Json sell_by_card(std::vector<std::pair<std::int64_t, std::int64_t>> lines, std::int64_t total, std::optional<std::int64_t> customer = {}) {
        Json body = {{"lines", Json::array()}, {"payments", {card(total)}}};
        for (auto [id, n] : lines) body["lines"].push_back({{"product_id", id}, {"quantity", n}});
        if (customer) body["customer_id"] = *customer;
        return sell(body);
    }
    static Json card(std::int64_t amount) { return {{"tender", "card"}, {"amount_cents", amount}, {"reference", "T-1"}}; }
    // A tune-up for `who`, invoiced and paid by card: the payment picks the bike up.
    void tune_up_picked_up(std::int64_t who) {
        auto opened = shop.post_json("/api/work-orders", {{"customer_id", who}, {"problem", "Gears skip"}});
        REQUIRE(opened.status == 201);
        const std::string path = "/api/work-orders/" + std::to_string(opened.json()["work_order"]["id"].get<std::int64_t>());
        auto version = [&] { return shop.request("GET", path).json()["work_order"]["version"]; };
        REQUIRE(shop.post_json(path + "/lines", {{"product_id", tune}, {"version", version()}}).status == 201);
        REQUIRE(shop.post_json(path + "/status", {{"to", "in_progress"}, {"version", version()}}).status == 200);
        REQUIRE(shop.post_json(path + "/status", {{"to", "completed"}, {"version", version()}}).status == 200);
        REQUIRE(shop.post_json(path + "/invoice", {{"version", version()}}).status == 201);
        const auto draft = shop.integer("SELECT max(id) FROM sale_drafts WHERE status = 'held'");
        auto row = shop.sql("SELECT cart_json, version FROM sale_drafts WHERE id = ?1", {draft});
        Json cart = Json::parse(helm::Row(row, 0).text("cart_json"));
        cart["payments"] = {card(9345)};  // 89.00 + GST 4.45
        cart["draft_id"] = draft;
        cart["draft_version"] = helm::Row(row, 0).integer("version");
        sell(cart);
        REQUIRE(shop.text("SELECT status FROM work_orders WHERE id = (SELECT max(id) FROM work_orders)") == "picked_up");
    }
    std::string object(const std::string& key) {
        auto got = shop.ports().assets.get(key);
        REQUIRE(got.ok());
        if (!got->has_value()) return {};
        return std::string((*got)->body.begin(), (*got)->body.end());
    }
    Json cron_line(std::string_view job) {
        for (const auto& text : shop.logs) {
            auto line = Json::parse(text, nullptr, false);
            if (line.is_object() && line.value("job", "") == job) return line;
        }
        return nullptr;
    }
};

// October's last Saturday, then Sunday 15 November (week 46), week 47 (Monday 16 to
// Sunday 22 November) and Monday 23 November (week 48).
void fill_autumn(Shop& s) {
    s.at_time("2026-10-31T19:00Z");
    s.sell_by_card({{s.helmet, 1}}, 1120);
    s.at_time("2026-11-15T20:00Z");
    s.sell_by_card({{s.tube, 1}}, 1007);  // 8.99 + GST 0.45 + PST 0.63
    s.at_time("2026-11-16T20:00Z");
    const Json b = s.sell_by_card({{s.helmet, 2}, {s.tube, 1}}, 3247, s.ann);
    s.at_time("2026-11-18T20:00Z");
    const Json d = s.sell_by_card({{s.light, 1}}, 2800);
    auto voided = s.shop.post_json("/api/sales/" + std::to_string(d["id"].get<std::int64_t>()) + "/void",
                                   {{"reason", "rang up twice"}, {"idempotency_key", "report-void-1"}});
    REQUIRE(voided.status == 201);
    s.at_time("2026-11-20T20:00Z");
    s.sell({{"customer_id", s.ann}, {"original_sale_id", b["id"]}, {"returns", {{{"line_id", b["lines"][0]["id"]}, {"quantity", 1}}}},
            {"reason", "wrong size"}, {"payments", {Shop::card(-1120)}}});
    s.tune_up_picked_up(s.bea);
    s.at_time("2026-11-23T07:30Z");  // 23:30 on Sunday the 22nd in Vancouver: still week 47
    s.sell_by_card({{s.light, 1}}, 2800);
    s.at_time("2026-11-23T19:00Z");
    s.sell_by_card({{s.tube, 3}}, 3021);  // 26.97 + GST 1.35 + PST 1.89
}

}  // namespace

TEST_CASE("a report covers the week or the month before the one its job runs in") {
    auto week = ops::week_before("2026-W48");
    REQUIRE(week);
    CHECK(week->label == "2026-W47");
    CHECK(week->from == "2026-11-16");
    CHECK(week->to == "2026-11-22");
    week = ops::week_before("2026-W01");  // its Monday is 29 December 2025
    REQUIRE(week);
    CHECK((week->label == "2025-W52" && week->from == "2025-12-22" && week->to == "2025-12-28"));
    week = ops::week_before("2027-W01");  // 2026 has a week 53
    REQUIRE(week);
    CHECK((week->label == "2026-W53" && week->from == "2026-12-28" && week->to == "2027-01-03"));
    CHECK(!ops::week_before("2025-W53"));
    CHECK(!ops::week_before("2026-11"));
    CHECK(!ops::week_before("2026-W4x"));
    auto month = ops::month_before("2026-01");
    REQUIRE(month);
    CHECK((month->label == "2025-12" && month->from == "2025-12-01" && month->to == "2025-12-31"));
    month = ops::month_before("2028-03");
    REQUIRE(month);
    CHECK(month->to == "2028-02-29");
    CHECK(!ops::month_before("2026-13"));
    CHECK(!ops::month_before("2026-W48"));
}

TEST_CASE("the weekly digest and the monthly tax and profit reports are written once per period, to the cent") {
    Shop s;
    fill_autumn(s);

    // Monday 23 November, noon in Vancouver: the week of the 16th is reported, and October.
    s.at_time("2026-11-23T20:00Z");
    s.shop.logs.clear();
    s.shop.cron(std::string(ops::hourly_trigger));
    const Json weekly = s.cron_line("weekly");
    CHECK(weekly["status"] == "ok");
    CHECK(weekly["period"] == "2026-W48");
    CHECK(weekly["covers"] == "2026-W47");
    CHECK(weekly["digest_key"] == "reports/weekly/2026-W47.json");
    CHECK(weekly["sales_count"] == 3);
    const std::string digest_text = s.object("reports/weekly/2026-W47.json");
    const Json digest = Json::parse(digest_text, nullptr, false);
    REQUIRE(digest.is_object());
    CHECK(digest["from"] == "2026-11-16");
    CHECK(digest["to"] == "2026-11-22");
    // Helmets 20.00 less one returned 10.00, a tube 8.99, a light sold and voided, a light
    // on Sunday night 25.00, and the tune-up's labor 89.00.
    CHECK(digest["revenue_cents"] == 1000 + 899 + 2500 + 8900);
    CHECK(digest["tax_cents"] == (100 + 140 + 45 + 63) - (50 + 70) + (125 + 175) + 445);
    CHECK(digest["total_cents"] == 13299 + 973);
    CHECK(digest["sales_count"] == 3);  // four sales, one voided
    CHECK(digest["returns_count"] == 1);
    CHECK(digest["top_products"] == Json::parse(R"([
        {"product_id": 4, "name": "Basic tune-up", "sku": "TUNE", "quantity": 1, "revenue_cents": 8900},
        {"product_id": 3, "name": "Rear light", "sku": "LIGHT", "quantity": 1, "revenue_cents": 2500},
        {"product_id": 1, "name": "Helmet", "sku": "HELMET", "quantity": 1, "revenue_cents": 1000},
        {"product_id": 2, "name": "Tube 700x25", "sku": "TUBE", "quantity": 1, "revenue_cents": 899}])"));
    CHECK(digest["top_customer"] == Json{{"customer_id", s.bea}, {"revenue_cents", 8900}});
    CHECK(digest["service"] == Json{{"work_orders_picked_up", 1}, {"labor_cents", 8900}});
    CHECK(digest_text.find("Beatrix") == std::string::npos);  // stored by id: an erasure leaves no name in R2

    const Json october = s.cron_line("monthly");
    CHECK(october["status"] == "ok");
    CHECK(october["covers"] == "2026-10");
    CHECK(s.object("reports/monthly/2026-10/sales-tax.csv") == "name,rate_percent,taxable_base,tax_collected\r\nGST,5,10.00,0.50\r\nPST,7,10.00,0.70\r\n");

    // A rerun of the hour writes nothing, even with a late sale of week 47 in the books.
    s.at_time("2026-11-22T22:00Z");
    s.sell_by_card({{s.tube, 1}}, 1007);
    s.at_time("2026-11-23T20:30Z");
    s.shop.logs.clear();
    s.shop.cron(std::string(ops::hourly_trigger));
    CHECK(s.cron_line("weekly")["status"] == "already_done");
    CHECK(s.cron_line("monthly")["status"] == "already_done");
    CHECK(s.object("reports/weekly/2026-W47.json") == digest_text);
    CHECK(s.shop.integer("SELECT count(*) FROM cron_runs WHERE job IN ('weekly', 'monthly')") == 2);

    // 1 December, 08:00 in Vancouver: November's reports, and the digest of week 48.
    s.at_time("2026-12-01T16:00Z");
    s.shop.logs.clear();
    s.shop.cron(std::string(ops::hourly_trigger));
    const Json monthly = s.cron_line("monthly");
    CHECK(monthly["status"] == "ok");
    CHECK(monthly["period"] == "2026-12");
    CHECK(monthly["sales_tax_key"] == "reports/monthly/2026-11/sales-tax.csv");
    CHECK(monthly["tax_rates"] == 2);
    // GST on every line of November (goods and labor at 5% are one rate); PST on goods only.
    // The 15th's tube, week 47 (with the late tube), the 23rd's three tubes.
    const std::int64_t gst_base = 899 + 13299 + 899 + 2697, pst_base = 899 + 4399 + 899 + 2697;
    CHECK(gst_base == 17794);
    CHECK(pst_base == 8894);
    CHECK(s.object("reports/monthly/2026-11/sales-tax.csv") ==
          "name,rate_percent,taxable_base,tax_collected\r\n"
          "GST,5,177.94,8.90\r\n"    // 0.45 + 1.00 + 0.45 - 0.50 + 1.25 + 4.45 + 0.45 + 1.35 (the void nets out)
          "PST,7,88.94,6.23\r\n");  // 0.63 + 1.40 + 0.63 - 0.70 + 1.75 + 0.63 + 1.89
    const Json profit = Json::parse(s.object("reports/monthly/2026-11/profit.json"), nullptr, false);
    CHECK(profit["month"] == "2026-11");
    CHECK(profit["revenue_cents"] == gst_base);
    CHECK(profit["labor_cents"] == 8900);
    CHECK(profit["parts_cents"] == gst_base - 8900);
    // At the average cost when sold: six tubes at 4.49, one helmet kept of two at 5.00 (one
    // came back), one light at 12.50 (the voided one came back).
    CHECK(profit["cost_cents"] == 6 * 449 + 500 + 1250);
    CHECK(profit["gross_profit_cents"] == 17794 - 4444);
    CHECK(profit["margin_ppm"] == 750253);  // 133.50 / 177.94, rounded to the ppm
    CHECK(profit["sales_count"] == 6);
    const Json week48 = Json::parse(s.object("reports/weekly/2026-W48.json"), nullptr, false);
    CHECK(week48["revenue_cents"] == 2697);
    CHECK(week48["top_customer"].is_null());

    // The summaries in the logs carry counts and keys, never a customer's name.
    for (const auto& line : s.shop.logs) CHECK(line.find("Beatrix") == std::string::npos);
    for (const auto& line : s.shop.logs) CHECK(line.find("Annika") == std::string::npos);
}

TEST_CASE("the Reports screen shows the latest digest and serves stored reports, and nothing outside reports/") {
    Shop s;
    auto empty = s.shop.request("GET", "/reports");
    CHECK(empty.status == 200);
    CHECK(empty.body.find("id=\"no-reports\"") != std::string::npos);
    CHECK(s.shop.request("GET", "/").body.find("href=\"/reports\" accesskey=\"o\"") != std::string::npos);

    fill_autumn(s);
    s.at_time("2026-11-23T20:00Z");
    s.shop.cron(std::string(ops::hourly_trigger));
    auto page = s.shop.request("GET", "/reports");
    REQUIRE(page.status == 200);
    CHECK(page.body.find("Week 2026-W47: 2026-11-16 to 2026-11-22") != std::string::npos);
    CHECK(page.body.find("<a href=\"/customers/" + std::to_string(s.bea) + "\">Beatrix Topbuyer</a> · 89.00") != std::string::npos);
    CHECK(page.body.find("<td>Basic tune-up</td><td>TUNE</td><td>1</td><td>89.00</td>") != std::string::npos);
    CHECK(page.body.find("<td>132.99</td>") != std::string::npos);  // revenue before tax
    CHECK(page.body.find("href=\"/reports/download?key=reports/monthly/2026-10/sales-tax.csv\"") != std::string::npos);
    CHECK(page.body.find("no-reports") == std::string::npos);

    auto csv = s.shop.request("GET", "/reports/download?key=reports/monthly/2026-10/sales-tax.csv");
    CHECK(csv.status == 200);
    CHECK(helm::find_header(csv.headers, "content-type") == "text/csv; charset=utf-8");
    CHECK(helm::find_header(csv.headers, "content-disposition") == "attachment; filename=\"monthly-2026-10-sales-tax.csv\"");
    CHECK(csv.body == s.object("reports/monthly/2026-10/sales-tax.csv"));
    auto json = s.shop.request("GET", "/reports/download?key=reports%2Fweekly%2F2026-W47.json");
    CHECK(json.status == 200);
    CHECK(helm::find_header(json.headers, "content-type") == "application/json");
    // A backup is the shop's too, but not a report: not served here.
    REQUIRE(!s.object("backups/daily/2026-11-23.sql.gz").empty());
    for (std::string key : {"backups/daily/2026-11-23.sql.gz", "reports/../backups/daily/2026-11-23.sql.gz", "reports/weekly/2026-W01.json", ""})
        CHECK(s.shop.request("GET", "/reports/download?key=" + helm::percent_encode(key)).status == 404);

    // An erased customer is never named again, though the stored digest is unchanged.
    s.shop.sql("UPDATE customers SET erased_at_ms = 1, name = '(erased)' WHERE id = ?1", {s.bea});
    auto after = s.shop.request("GET", "/reports");
    CHECK(after.body.find("Beatrix") == std::string::npos);
    CHECK(after.body.find("Customer #" + std::to_string(s.bea) + " (no longer on file)") != std::string::npos);

    // Reports are the owner's: a sales clerk is refused, and sees no Reports in the nav.
    s.shop.sign_in_staff(s.shop.add_staff("Sam Sales", "sales"));
    CHECK(s.shop.request("GET", "/reports").status == 403);
    CHECK(s.shop.request("GET", "/reports/download?key=reports/weekly/2026-W47.json").status == 403);
    CHECK(s.shop.request("GET", "/").body.find("href=\"/reports\"") == std::string::npos);
}
