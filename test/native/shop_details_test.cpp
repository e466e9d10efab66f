// Settings › Shop: the details start from the shop's overrides, are saved through a plain
// form (refused on a bad line, a stale version or a logo that is not an SVG, writing
// nothing), and then print on the receipt and the drop-off receipt; the logo is served
// from what was saved.
#include <doctest/doctest.h>

#include "harness.hpp"

using namespace helm;
using namespace helm::testing;

namespace {

bool has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

Shop overridden_shop() {
    Shop shop = test_shop();
    shop.receipt.address = "1 Spoke Lane\nVancouver, BC";
    shop.receipt.tax_numbers = {"GST 123456789 RT0001"};
    shop.receipt.footer = "Thank you!";
    return shop;
}

std::string form(std::string_view address, std::string_view extra = "") {
    return "address=" + percent_encode(address) + "&phone=604+555+0100&tax_numbers=GST+987654321+RT0001%0D%0APST-1111-2222" +
           "&footer=Returns+within+30+days&hours=Mon-Sat+10-6%0D%0ASun+closed" + std::string(extra);
}

}  // namespace

TEST_CASE("Settings › Shop starts from the overrides, saves the details once checked, and receipts print them") {
    TestShop shop(overridden_shop());
    auto page = shop.request("GET", "/settings/shop");
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "id=\"from-overrides\""));
    CHECK(has(page.body, "1 Spoke Lane\nVancouver, BC</textarea>"));
    CHECK(has(page.body, "name=\"version\" value=\"0\""));

    // Refused, naming the field, and nothing written: a card number, a hidden character,
    // a logo that is not an SVG, a stale version.
    for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
             {form("4111 1111 1111 1111") + "&version=0", "address"},
             {form("1 Spoke\xE2\x80\x8B Lane") + "&version=0", "address"},
             {form("2 Chain Road", "&logo_svg=%3Chtml%3E%3C%2Fhtml%3E") + "&version=0", "logo_svg"},
             {form("2 Chain Road", "&logo_svg=%3Csvg%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E%3C%2Fsvg%3E") + "&version=0", "logo_svg"},
             {form("2 Chain Road") + "&version=3", "version"}}) {
        auto refused = shop.post_form("/settings/shop", body);
        CAPTURE(body);
        CHECK(refused.status >= 400);
        CHECK(refused.status < 500);
        CHECK(has(refused.body, "id=\"form-error\""));
        CHECK(shop.integer("SELECT count(*) FROM shop_details") == 0);
    }

    auto saved = shop.post_form("/settings/shop", form("2 Chain Road\r\nVancouver, BC V5K 1A1", "&logo_svg=%3Csvg+xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%3E%3C%2Fsvg%3E") + "&version=0");
    REQUIRE(saved.status == 303);
    CHECK(shop.text("SELECT address FROM shop_details") == "2 Chain Road\nVancouver, BC V5K 1A1");
    CHECK(shop.text("SELECT tax_numbers FROM shop_details") == "GST 987654321 RT0001\nPST-1111-2222");
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'shop_details.update'") == 1);
    auto logo = shop.request("GET", "/brand/logo.svg");
    CHECK(logo.body == "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>");

    // A second save over the first one's version; the one before it is stale.
    CHECK(shop.post_form("/settings/shop", form("3 Hub Street") + "&version=0").status == 409);
    REQUIRE(shop.post_form("/settings/shop", form("3 Hub Street", "&remove_logo=1") + "&version=1").status == 303);
    CHECK(has(shop.request("GET", "/brand/logo.svg").body, "<circle"));  // Helm's own

    // What prints: a sale's receipt and a drop-off receipt.
    shop.sql("INSERT INTO drawer_sessions (register_id, business_date, float_cents, opened_at_ms) VALUES (1, '2000-01-01', 10000, 0)");
    auto product = shop.post_json("/api/products", {{"sku", "BELL"}, {"name", "Bell"}, {"price_cents", 1000}, {"kind", "non_stock"}});
    REQUIRE(product.status == 201);
    auto sale = shop.post_json("/api/sales", {{"idempotency_key", "shop-details-0001"},
                                              {"lines", {{{"product_id", product.json()["product"]["id"]}, {"quantity", 1}}}},
                                              {"payments", {{{"tender", "cash"}, {"amount_cents", 1000}}}}});
    REQUIRE(sale.status == 201);
    auto receipt = shop.request("GET", "/sales/" + std::to_string(sale.json()["sale"]["id"].get<std::int64_t>()) + "/receipt");
    CHECK(has(receipt.body, "3 Hub Street"));
    CHECK(has(receipt.body, "604 555 0100"));
    CHECK(has(receipt.body, "<li>PST-1111-2222</li>"));
    CHECK(has(receipt.body, "Returns within 30 days"));
    CHECK_FALSE(has(receipt.body, "1 Spoke Lane"));
}
