// The receipt renderer on documents built by hand: what it prints, and that every text
// the clerk or the shop typed comes out escaped. The pages that use it are tested with
// real sales in test/browser/sales.test.mjs.
#include <doctest/doctest.h>

#include <string>

#include "core/shop.hpp"
#include "harness.hpp"
#include "sales/views/receipt.hpp"

using namespace helm;
using namespace helm::sales;

namespace {

bool has(const std::string& html, std::string_view text) { return html.find(text) != std::string::npos; }

Shop receipt_shop() {
    Shop shop;
    shop.slug = "test-shop";
    shop.name = "Test Cycles";
    shop.timezone = "America/Vancouver";
    shop.receipt.address = "1 Spoke Lane\nVancouver, BC";
    shop.receipt.tax_numbers = {"GST 123456789 RT0001", "PST-1234-5678"};
    shop.receipt.footer = "Returns within 30 days with this receipt.";
    return shop;
}

SaleLine line(std::int64_t id, std::string description, std::int64_t quantity, std::int64_t unit_cents) {
    SaleLine l;
    l.id = id;
    l.line_no = id;
    l.kind = "stock";
    l.description = std::move(description);
    l.tax_class = "goods";
    l.quantity = quantity;
    l.list_price = l.unit_price = Cents{unit_cents};
    l.base = Cents{quantity * unit_cents};
    return l;
}

// A bike and two tubes, one discounted, GST and PST, paid in cash with change.
Sale bike_sale() {
    Sale s;
    s.id = 12;
    s.number = "S-00012";
    s.kind = "sale";
    s.business_date = "2026-11-23";
    s.completed_at_ms = 1'795'426'200'000;  // 2026-11-23T09:30:00Z
    s.staff_name = "Olive Owner";
    s.customer_name = "Ann Smith";
    s.tax_rounding = "line";
    auto bike = line(1, "Trek FX 3, M", 1, 149999);
    bike.sku = "FX3-M";
    bike.serial = "WTU301C0412K";
    bike.serial_unit_id = 4;
    auto tubes = line(2, "Inner tube 700c", 2, 899);
    tubes.line_discount = Cents{180};
    tubes.base = Cents{1618};
    s.lines = {bike, tubes};
    s.subtotal = Cents{151617};
    s.discount = Cents{180};
    s.taxes = {{1, "GST", 50000, Cents{151617}, Cents{7581}}, {2, "PST", 70000, Cents{151617}, Cents{10613}}};
    s.tax = Cents{18194};
    s.total = Cents{169811};
    Payment cash;
    cash.tender = "cash";
    cash.amount = Cents{69811};
    cash.tendered = Cents{70000};
    cash.change = Cents{189};
    Payment card;
    card.tender = "card";
    card.amount = Cents{100000};
    card.reference = "TERM-8812";
    s.payments = {card, cash};
    s.change = Cents{189};
    return s;
}

}  // namespace

TEST_CASE("a receipt prints the shop, the document, its lines, tax by rate, tenders and change") {
    const auto html = receipt_html(receipt_shop(), bike_sale());
    CHECK(has(html, "class=\"receipt\""));
    CHECK(has(html, "Test Cycles"));
    CHECK(has(html, "1 Spoke Lane\nVancouver, BC"));
    CHECK(has(html, "<li>GST 123456789 RT0001</li><li>PST-1234-5678</li>"));
    CHECK(has(html, "Sale <span class=\"receipt-number\">S-00012</span>"));
    // The shop's wall clock for the reader (09:30 UTC is 01:30 in Vancouver), the instant for machines.
    CHECK(has(html, "<time datetime=\"2026-11-23T09:30:00.000Z\">2026-11-23 01:30</time>"));
    CHECK(has(html, "<dt>Served by</dt><dd>Olive Owner</dd>"));
    CHECK(has(html, "<dt>Customer</dt><dd>Ann Smith</dd>"));
    // Lines: quantity, description, amount; the bike's serial under it; the tubes' unit price and discount.
    CHECK(has(html, "<td class=\"num\">1</td><td>Trek FX 3, M</td><td class=\"num\">1499.99</td>"));
    CHECK(has(html, "Serial WTU301C0412K"));
    CHECK(has(html, "<td class=\"num\">2</td><td>Inner tube 700c</td><td class=\"num\">17.98</td>"));
    CHECK(has(html, "@ 8.99"));
    CHECK(has(html, "<td>Discount</td><td class=\"num\">-1.80</td>"));
    // Prices before tax: subtotal, each rate with its percentage, total.
    CHECK(has(html, "<th scope=\"row\">Subtotal</th><td class=\"num\">1516.17</td>"));
    CHECK(has(html, "<th scope=\"row\">GST 5%</th><td class=\"num\">75.81</td>"));
    CHECK(has(html, "<th scope=\"row\">PST 7%</th><td class=\"num\">106.13</td>"));
    CHECK(has(html, "<th scope=\"row\">Total</th><td class=\"num\">1698.11</td>"));
    CHECK(has(html, "<th scope=\"row\">Card TERM-8812</th><td class=\"num\">1000.00</td>"));
    CHECK(has(html, "<th scope=\"row\">Cash tendered</th><td class=\"num\">700.00</td>"));
    CHECK(has(html, "<th scope=\"row\">Change</th><td class=\"num\">1.89</td>"));
    CHECK(has(html, "Returns within 30 days with this receipt."));
    CHECK(html.find("Subtotal") < html.find("GST 5%"));
    CHECK(html.find("GST 5%") < html.find(">Total<"));
    CHECK(html.find(">Total<") < html.find("Cash tendered"));
}

TEST_CASE("with prices including tax, the receipt says how much tax the total includes") {
    auto sale = bike_sale();
    sale.prices_include_tax = true;
    const auto html = receipt_html(receipt_shop(), sale);
    CHECK(has(html, "<th scope=\"row\">incl. GST 5%</th><td class=\"num\">75.81</td>"));
    CHECK(has(html, "<th scope=\"row\">Before tax</th>"));
    CHECK(html.find(">Total<") < html.find("incl. GST"));
}

TEST_CASE("a receipt escapes every text the clerk, the catalog or the shop typed") {
    auto shop = receipt_shop();
    shop.name = "Bikes & <Co>";
    shop.receipt.footer = "<script>alert(1)</script>";
    auto sale = bike_sale();
    sale.lines[0].description = "<img src=x onerror=alert(1)>";
    sale.lines[0].serial = "\"><b>";
    sale.customer_name = "O'Brien & Sons";
    sale.note = "<i>note</i>";
    const auto html = receipt_html(shop, sale);
    CHECK_FALSE(has(html, "<script>"));
    CHECK_FALSE(has(html, "<img"));
    CHECK_FALSE(has(html, "<b>"));
    CHECK_FALSE(has(html, "<i>"));
    CHECK(has(html, "Bikes &amp; &lt;Co&gt;"));
    CHECK(has(html, "&lt;img src=x onerror=alert(1)&gt;"));
    CHECK(has(html, "Serial &quot;&gt;&lt;b&gt;"));
    CHECK(has(html, "O&#39;Brien &amp; Sons"));
    CHECK(has(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
}

TEST_CASE("a void's receipt names the sale it voids and the reason, with every amount negative") {
    Sale v;
    v.id = 13;
    v.number = "S-00013";
    v.kind = "void";
    v.original_sale_id = 12;
    v.original_number = "S-00012";
    v.reason = "rang up the wrong bike";
    v.completed_at_ms = 1'795'426'500'000;
    auto l = line(1, "Trek FX 3, M", -1, 149999);
    l.serial = "WTU301C0412K";
    v.lines = {l};
    v.subtotal = Cents{-149999};
    v.taxes = {{1, "GST", 50000, Cents{-149999}, Cents{-7500}}};
    v.tax = Cents{-7500};
    v.total = Cents{-157499};
    Payment refund;
    refund.tender = "card";
    refund.amount = Cents{-157499};
    v.payments = {refund};
    const auto html = receipt_html(receipt_shop(), v);
    CHECK(has(html, "Void <span class=\"receipt-number\">S-00013</span>"));
    CHECK(has(html, "<dt>Voids</dt><dd class=\"receipt-original\">S-00012</dd>"));
    CHECK(has(html, "<dt>Reason</dt><dd class=\"receipt-reason\">rang up the wrong bike</dd>"));
    CHECK(has(html, "<td class=\"num\">-1</td><td>Trek FX 3, M</td><td class=\"num\">-1499.99</td>"));
    CHECK(has(html, "Serial WTU301C0412K"));
    CHECK(has(html, "<th scope=\"row\">Total</th><td class=\"num\">-1574.99</td>"));
    CHECK(has(html, "<th scope=\"row\">Refund to card</th><td class=\"num\">-1574.99</td>"));
    CHECK_FALSE(has(html, "You saved"));
}

TEST_CASE("a return's receipt names its original, and store credit and gift cards print as such") {
    Sale r;
    r.id = 14;
    r.number = "S-00014";
    r.kind = "return";
    r.original_number = "S-00012";
    r.reason = "too small";
    auto l = line(1, "Inner tube 700c", -1, 899);
    l.returns_line_id = 2;
    r.lines = {l};
    Payment credit;
    credit.tender = "store_credit";
    credit.amount = Cents{-944};
    Payment card;
    card.tender = "gift_card";
    card.amount = Cents{500};
    card.reference = "GIFT-CARD-7731";
    r.payments = {credit, card};
    const auto html = receipt_html(receipt_shop(), r);
    CHECK(has(html, "Return <span class=\"receipt-number\">S-00014</span>"));
    CHECK(has(html, "<dt>Returns from</dt><dd class=\"receipt-original\">S-00012</dd>"));
    CHECK(has(html, "Refund to store credit"));
    CHECK(has(html, "Gift card …7731"));
    CHECK_FALSE(has(html, "GIFT-CARD-7731"));  // the code spends the card: only its end is printed
    r.original_number.reset();
    CHECK(has(receipt_html(receipt_shop(), r), "<dt>Returns from</dt><dd class=\"receipt-original\">no receipt</dd>"));
}

TEST_CASE("a shop's receipt identity comes from its own overrides, never from another shop's bundle") {
    const std::string overrides =
        R"("overrides":{"slug":"%s","receipt":{"address":"1 Spoke Lane","tax_numbers":["GST 123456789 RT0001","PST-1234-5678"],"footer":"Thanks"}})";
    auto config = [&](std::string_view slug) {
        std::string o = overrides;
        o.replace(o.find("%s"), 2, slug);
        return R"({"vars":{"SHOP_SLUG":"test-shop","SHOP_TIMEZONE":"UTC"},)" + o + "}";
    };
    auto own = shop_from_config(config("test-shop"));
    REQUIRE(own.ok());
    CHECK(own->receipt.address == "1 Spoke Lane");
    CHECK(own->receipt.tax_numbers == std::vector<std::string>{"GST 123456789 RT0001", "PST-1234-5678"});
    CHECK(own->receipt.footer == "Thanks");
    auto other = shop_from_config(config("another-shop"));
    REQUIRE(other.ok());
    CHECK(other->receipt.address.empty());
    CHECK(other->receipt.tax_numbers.empty());
    CHECK(other->receipt.footer.empty());
}

// ---------------------------------------------------------------------------------------
// The pages over real sales, natively: the list, a sale's page, its printable receipt,
// the return and void forms, Settings › Register.

using helm::testing::TestShop;
using PageReply = helm::testing::Reply;

namespace {

struct Counter {
    TestShop shop;
    int keys = 0;
    Counter() {
        for (auto [cls, name, ppm] : {std::tuple{"goods", "GST", 50'000}, std::tuple{"goods", "PST", 70'000}})
            REQUIRE(shop.post_json("/api/tax-rates", {{"tax_class", cls}, {"name", name}, {"rate_ppm", ppm}, {"valid_from", "2020-01-01"}}).status == 201);
        shop.sql("INSERT INTO drawer_sessions (register_id, business_date, float_cents, opened_at_ms) VALUES (1, '2000-01-01', 10000, 0)");
    }
    std::int64_t product(std::string sku, std::int64_t price, std::int64_t stock) {
        auto r = shop.post_json("/api/products", {{"sku", sku}, {"name", "Item " + sku}, {"price_cents", price}});
        REQUIRE(r.status == 201);
        const auto id = r.json()["product"]["id"].get<std::int64_t>();
        REQUIRE(shop.post_json("/api/products/" + std::to_string(id) + "/receive", {{"quantity", stock}, {"unit_cost_cents", price / 2}}).status == 200);
        return id;
    }
    std::int64_t customer(std::string name) {
        auto r = shop.post_json("/api/customers", {{"name", name}});
        REQUIRE(r.status == 201);
        return r.json()["customer"]["id"].get<std::int64_t>();
    }
    Json sell(Json body) {
        body["idempotency_key"] = "pages-key-" + std::to_string(++keys);
        auto r = shop.post_json("/api/sales", body);
        REQUIRE_MESSAGE(r.status == 201, r.body);
        return r.json()["sale"];
    }
    PageReply form(std::string target, std::string body) {
        return shop.request("POST", std::move(target), std::move(body), {{"content-type", "application/x-www-form-urlencoded"}});
    }
};

std::string path_of(const Json& sale) { return "/sales/" + std::to_string(sale["id"].get<std::int64_t>()); }
std::string location(const PageReply& r) { return std::string(helm::find_header(r.headers, "location")); }
// The hidden field a page rendered, e.g. the form's idempotency key.
std::string hidden(const std::string& html, std::string_view name) {
    const std::string marker = "name=\"" + std::string(name) + "\" value=\"";
    const auto at = html.find(marker);
    REQUIRE(at != std::string::npos);
    const auto start = at + marker.size();
    return html.substr(start, html.find('"', start) - start);
}

}  // namespace

TEST_CASE("the sales list shows today's documents, and a number typed in any form jumps to its sale") {
    Counter c;
    const auto tube = c.product("TUBE", 899, 10);
    const auto sale = c.sell({{"lines", {{{"product_id", tube}, {"quantity", 2}}}}, {"payments", {{{"tender", "cash"}, {"amount_cents", 2014}}}}});
    auto list = c.shop.request("GET", "/sales");
    CHECK(list.status == 200);
    CHECK(has(list.body, "S-00001"));
    CHECK(has(list.body, "20.14"));
    CHECK(has(list.body, "<td>Cash</td>"));
    for (std::string typed : {"S-00001", "s-00001", "1", "S-1"}) {
        CAPTURE(typed);
        auto jump = c.shop.request("GET", "/sales?number=" + helm::percent_encode(typed));
        CHECK(jump.status == 303);
        CHECK(location(jump) == path_of(sale));
    }
    auto missing = c.shop.request("GET", "/sales?number=S-00099");
    CHECK(missing.status == 404);
    CHECK(has(missing.body, "No receipt has the number S-00099."));
    auto other_day = c.shop.request("GET", "/sales?date=2001-01-01");
    CHECK(has(other_day.body, "No sales, returns or voids on this date."));
    CHECK(c.shop.request("GET", "/sales?date=yesterday").status == 400);
}

TEST_CASE("a sale's page shows its receipt, and the printable receipt stands alone") {
    Counter c;
    const auto tube = c.product("TUBE", 899, 10);
    const auto sale = c.sell({{"lines", {{{"product_id", tube}, {"quantity", 1}}}}, {"payments", {{{"tender", "cash"}, {"amount_cents", 1007}, {"tendered_cents", 2000}}}}});
    auto page = c.shop.request("GET", path_of(sale));
    CHECK(page.status == 200);
    CHECK(has(page.body, "class=\"receipt\""));
    CHECK(has(page.body, "Item TUBE"));
    CHECK(has(page.body, "<th scope=\"row\">GST 5%</th><td class=\"num\">0.45</td>"));
    CHECK(has(page.body, "<th scope=\"row\">Cash tendered</th><td class=\"num\">20.00</td>"));
    CHECK(has(page.body, "<th scope=\"row\">Change</th><td class=\"num\">9.93</td>"));
    CHECK(has(page.body, path_of(sale) + "/receipt"));
    CHECK(has(page.body, path_of(sale) + "/return"));
    CHECK(has(page.body, "id=\"void\""));
    auto printable = c.shop.request("GET", path_of(sale) + "/receipt");
    CHECK(printable.status == 200);
    CHECK(has(printable.body, "class=\"receipt-page\""));
    CHECK(has(printable.body, "<th scope=\"row\">Total</th><td class=\"num\">10.07</td>"));
    CHECK_FALSE(has(printable.body, "<nav aria-label=\"Main\">"));  // the receipt alone, no navigation
    CHECK(c.shop.request("GET", "/sales/99/receipt").status == 404);
}

TEST_CASE("the return form refuses more than is left to return and writes nothing; a return to store credit completes after review") {
    Counter c;
    const auto tube = c.product("TUBE", 1000, 10);
    const auto ann = c.customer("Ann Smith");
    const auto sale = c.sell({{"customer_id", ann}, {"lines", {{{"product_id", tube}, {"quantity", 2}}}},
                              {"payments", {{{"tender", "card"}, {"amount_cents", 2240}, {"reference", "T-1"}}}}});
    const auto line_id = sale["lines"][0]["id"].get<std::int64_t>();
    const std::string qty = "qty_" + std::to_string(line_id), restock = "restock_" + std::to_string(line_id);
    auto form = c.shop.request("GET", path_of(sale) + "/return");
    REQUIRE(form.status == 200);
    const std::string key = hidden(form.body, "key");
    const auto sales_before = c.shop.count("sales");

    auto over = c.form(path_of(sale) + "/return", qty + "=3&" + restock + "=1&reason=too+small&refund_to=store_credit&key=" + key + "&step=review");
    CHECK(over.status == 400);
    CHECK(has(over.body, "only 2 of Item TUBE can come back"));
    CHECK(has(over.body, "name=\"" + qty + "\" value=\"3\""));
    CHECK(has(over.body, "aria-invalid=\"true\""));
    CHECK(c.shop.count("sales") == sales_before);

    auto reviewed = c.form(path_of(sale) + "/return", qty + "=1&" + restock + "=1&reason=too+small&refund_to=store_credit&key=" + key + "&step=review");
    CHECK(reviewed.status == 200);
    CHECK(has(reviewed.body, "Refund due</th><td class=\"num\" id=\"due\">11.20"));
    CHECK(hidden(reviewed.body, "reviewed_due") == "-1120");
    CHECK(c.shop.count("sales") == sales_before);

    auto done = c.form(path_of(sale) + "/return",
                       qty + "=1&" + restock + "=1&reason=too+small&refund_to=store_credit&key=" + key + "&reviewed_due=-1120&step=complete");
    CHECK(done.status == 303);
    CHECK(c.shop.count("sales") == sales_before + 1);
    CHECK(c.shop.integer("SELECT balance_cents FROM accounts WHERE kind = 'store_credit' AND customer_id = ?1", {ann}) == 1120);
    auto receipt = c.shop.request("GET", location(done).substr(0, location(done).find('?')));
    CHECK(has(receipt.body, "Return <span class=\"receipt-number\">S-00002</span>"));
    CHECK(has(receipt.body, "<dt>Returns from</dt><dd class=\"receipt-original\">S-00001</dd>"));
    CHECK(has(receipt.body, "Refund to store credit"));
    // The same form sent again (a reload) completes nothing new.
    auto again = c.form(path_of(sale) + "/return",
                        qty + "=1&" + restock + "=1&reason=too+small&refund_to=store_credit&key=" + key + "&reviewed_due=-1120&step=complete");
    CHECK(c.shop.count("sales") == sales_before + 1);
    // The second tube is still returnable; the first shows as returned.
    auto original = c.shop.request("GET", path_of(sale) + "/return");
    CHECK(has(original.body, "<td class=\"num\">2</td><td class=\"num\">1</td>"));
    CHECK(has(c.shop.request("GET", path_of(sale)).body, "Return <a href=\"/sales/2\">S-00002</a>"));
}

TEST_CASE("the void form needs a reason, voids today's sale with it, and the void's receipt says so") {
    Counter c;
    const auto tube = c.product("TUBE", 1000, 10);
    const auto sale = c.sell({{"lines", {{{"product_id", tube}, {"quantity", 1}}}}, {"payments", {{{"tender", "card"}, {"amount_cents", 1120}, {"reference", "T-1"}}}}});
    const std::string key = hidden(c.shop.request("GET", path_of(sale)).body, "key");
    auto no_reason = c.form(path_of(sale) + "/void", "reason=&key=" + key);
    CHECK(no_reason.status == 400);
    CHECK(has(no_reason.body, "say why the sale is voided"));
    CHECK(c.shop.count("sales") == 1);
    auto voided = c.form(path_of(sale) + "/void", "reason=rang+up+the+wrong+%3Citem%3E&key=" + key);
    REQUIRE(voided.status == 303);
    auto page = c.shop.request("GET", location(voided));
    CHECK(has(page.body, "Void <span class=\"receipt-number\">S-00002</span>"));
    CHECK(has(page.body, "<dd class=\"receipt-reason\">rang up the wrong &lt;item&gt;</dd>"));
    CHECK(has(page.body, "Voids <a href=\"/sales/1\">S-00001</a>"));
    auto original = c.shop.request("GET", path_of(sale));
    CHECK(has(original.body, "Voided by <a href=\"/sales/2\">S-00002</a>"));
    CHECK_FALSE(has(original.body, "id=\"void\""));
    CHECK_FALSE(has(original.body, "id=\"return-link\""));
    CHECK(c.shop.integer("SELECT on_hand FROM products WHERE id = ?1", {tube}) == 10);
}

TEST_CASE("Settings › Register saves the pricing and returns rules, and a bad discount limit writes nothing") {
    Counter c;
    auto page = c.shop.request("GET", "/settings/register");
    CHECK(page.status == 200);
    CHECK(has(page.body, "value=\"10\""));  // the default limit, in percent
    CHECK(has(c.shop.request("GET", "/settings").body, "/settings/register"));
    auto bad = c.form("/settings/register", "prices_include_tax=0&prices_include_tax=1&tax_rounding=invoice&discount_limit=12.345&receiptless_returns=0");
    CHECK(bad.status == 400);
    CHECK(has(bad.body, "the discount limit is a percentage"));
    CHECK(c.shop.integer("SELECT discount_limit_ppm FROM shop_settings") == 100000);
    auto saved = c.form("/settings/register", "prices_include_tax=0&prices_include_tax=1&tax_rounding=invoice&discount_limit=12.75&receiptless_returns=0&receiptless_returns=1");
    CHECK(saved.status == 303);
    CHECK(c.shop.integer("SELECT discount_limit_ppm FROM shop_settings") == 127500);
    CHECK(c.shop.integer("SELECT prices_include_tax FROM shop_settings") == 1);
    CHECK(c.shop.text("SELECT tax_rounding FROM shop_settings") == "invoice");
    CHECK(c.shop.integer("SELECT receiptless_returns FROM shop_settings") == 1);
    CHECK(has(c.shop.request("GET", "/settings/register").body, "value=\"12.75\""));
}

TEST_CASE("a return without receipt is refused while the shop's setting is off, and gives store credit when it is on") {
    Counter c;
    const auto tube = c.product("TUBE", 1000, 10);
    const auto ann = c.customer("Ann Smith");
    CHECK(has(c.shop.request("GET", "/sales/return").body, "id=\"receiptless-off\""));
    // The customer as the box's suggestions name them: "#12".
    const std::string body = "items=TUBE&customer=%23" + std::to_string(ann) + "&reason=no+receipt&key=receiptless-0001";
    auto off = c.form("/sales/return", body + "&step=review");
    CHECK(off.status == 422);
    c.shop.sql("UPDATE shop_settings SET receiptless_returns = 1");
    auto reviewed = c.form("/sales/return", body + "&step=review");
    CHECK(reviewed.status == 200);
    CHECK(has(reviewed.body, "Refund due</th><td class=\"num\" id=\"due\">11.20"));
    auto done = c.form("/sales/return", body + "&reviewed_due=-1120&step=complete");
    CHECK(done.status == 303);
    CHECK(c.shop.integer("SELECT balance_cents FROM accounts WHERE kind = 'store_credit' AND customer_id = ?1", {ann}) == 1120);
    CHECK(c.shop.integer("SELECT on_hand FROM products WHERE id = ?1", {tube}) == 11);
}

TEST_CASE("a return completes only the amounts reviewed: changed meanwhile, the form asks again and writes nothing") {
    Counter c;
    const auto tube = c.product("TUBE", 1000, 10);
    const auto sale = c.sell({{"lines", {{{"product_id", tube}, {"quantity", 2}}}}, {"payments", {{{"tender", "card"}, {"amount_cents", 2240}, {"reference", "T-1"}}}}});
    const std::string qty = "qty_" + std::to_string(sale["lines"][0]["id"].get<std::int64_t>());
    // Reviewed for one tube (-11.20), sent for two.
    auto moved = c.form(path_of(sale) + "/return", qty + "=2&reason=too+small&refund_to=original&key=moved-0001&reviewed_due=-1120&step=complete");
    CHECK(moved.status == 409);
    CHECK(has(moved.body, "The amounts changed since they were worked out"));
    CHECK(has(moved.body, "Refund due</th><td class=\"num\" id=\"due\">22.40"));
    CHECK(c.shop.count("sales") == 1);
    auto done = c.form(path_of(sale) + "/return", qty + "=2&reason=too+small&refund_to=original&key=moved-0001&reviewed_due=-2240&step=complete");
    CHECK(done.status == 303);
    CHECK(c.shop.integer("SELECT amount_cents FROM sale_payments WHERE sale_id = 2") == -2240);  // back to the card
    CHECK(c.shop.text("SELECT tender FROM sale_payments WHERE sale_id = 2") == "card");
    CHECK_FALSE(has(c.shop.request("GET", path_of(sale)).body, "id=\"return-link\""));  // nothing left to return
}

TEST_CASE("yesterday's sale shows no void form, and a void posted anyway is refused with nothing written") {
    Counter c;
    const auto tube = c.product("TUBE", 1000, 10);
    const auto sale = c.sell({{"lines", {{{"product_id", tube}, {"quantity", 1}}}}, {"payments", {{{"tender", "card"}, {"amount_cents", 1120}, {"reference", "T-1"}}}}});
    helm::testing::clock_offset_ms = 2 * 86'400'000;
    c.shop.sign_in_device("owner@test-shop.example");
    c.shop.sign_in_staff(c.shop.integer("SELECT id FROM staff WHERE role_key = 'owner'"));
    auto page = c.shop.request("GET", path_of(sale));
    CHECK(has(page.body, "id=\"no-void\""));
    CHECK_FALSE(has(page.body, "id=\"void\""));
    CHECK(has(page.body, "id=\"return-link\""));
    auto refused = c.form(path_of(sale) + "/void", "reason=too+late&key=late-void-0001");
    CHECK(refused.status == 422);
    CHECK(has(refused.body, "only today&#39;s sales are voided"));
    CHECK(c.shop.count("sales") == 1);
    helm::testing::clock_offset_ms = 0;
}

TEST_CASE("an exchange on the return page: a tube back, two bells out, the difference paid by card") {
    Counter c;
    const auto tube = c.product("TUBE", 1000, 10);
    const auto bell = c.product("BELL", 1500, 5);
    const auto sale = c.sell({{"lines", {{{"product_id", tube}, {"quantity", 1}}}}, {"payments", {{{"tender", "card"}, {"amount_cents", 1120}, {"reference", "T-1"}}}}});
    const std::string qty = "qty_" + std::to_string(sale["lines"][0]["id"].get<std::int64_t>());
    // The textarea's lines end in CR LF, as a browser sends them.
    const std::string body = qty + "=1&restock_" + qty.substr(4) + "=1&reason=wrong+size&refund_to=original&exchange=2+BELL%0D%0A%0D%0A&pay_tender=card&key=exchange-0001";
    auto reviewed = c.form(path_of(sale) + "/return", body + "&step=review");
    CHECK(reviewed.status == 200);
    CHECK(has(reviewed.body, "To pay</th><td class=\"num\" id=\"due\">22.40"));  // 2 x 16.80 - 11.20
    auto no_reference = c.form(path_of(sale) + "/return", body + "&reviewed_due=2240&step=complete");
    CHECK(no_reference.status == 400);
    CHECK(has(no_reference.body, "id=\"card-reference\" name=\"reference\" value=\"\" maxlength=\"80\" autocomplete=\"off\" aria-invalid=\"true\""));
    CHECK(c.shop.count("sales") == 1);
    auto done = c.form(path_of(sale) + "/return", body + "&reference=T-2&reviewed_due=2240&step=complete");
    REQUIRE(done.status == 303);
    auto receipt = c.shop.request("GET", location(done));
    CHECK(has(receipt.body, "Exchange <span class=\"receipt-number\">S-00002</span>"));
    CHECK(has(receipt.body, "<th scope=\"row\">Card T-2</th><td class=\"num\">22.40</td>"));
    CHECK(c.shop.integer("SELECT on_hand FROM products WHERE id = ?1", {tube}) == 10);
    CHECK(c.shop.integer("SELECT on_hand FROM products WHERE id = ?1", {bell}) == 3);
}
