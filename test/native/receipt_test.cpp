// The receipt renderer on documents built by hand: what it prints, and that every text
// the clerk or the shop typed comes out escaped. The pages that use it are tested with
// real sales in test/browser/sales.test.mjs.
#include <doctest/doctest.h>

#include <string>

#include "core/shop.hpp"
#include "sales/views/receipt.hpp"

using namespace helm;
using namespace helm::sales;

namespace {

bool has(const std::string& html, std::string_view text) { return html.find(text) != std::string::npos; }

Shop receipt_shop() {
    Shop shop;
    shop.slug = "test-shop";
    shop.name = "Test Cycles";
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
    CHECK(has(html, "2026-11-23T09:30:00Z"));
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

TEST_CASE("percentages print without trailing zeros") {
    CHECK(percent_text(50000) == "5%");
    CHECK(percent_text(71250) == "7.125%");
    CHECK(percent_text(100000) == "10%");
    CHECK(percent_text(125000) == "12.5%");
    CHECK(percent_text(0) == "0%");
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
