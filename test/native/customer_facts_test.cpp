// What the counter is told of a customer (customers::facts_about, gathered in src/app/):
// balances to anyone who may see the customer, open tickets only to those who may see the
// workshop, recent purchases only to those who may see sales.
#include <doctest/doctest.h>

#include "harness.hpp"

using namespace helm;
using namespace helm::testing;

namespace {
bool has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("a customer's facts show each group only to staff whose screens show it") {
    TestShop shop;
    auto created = shop.post_json("/api/customers", {{"name", "Dana Rider"}});
    REQUIRE(created.status == 201);
    const auto dana = created.json()["customer"]["id"].get<std::int64_t>();
    shop.sql("INSERT INTO accounts (kind, customer_id, balance_cents, created_at_ms) VALUES ('store_credit', ?1, 2500, 0)", {dana});
    auto ticket = shop.post_json("/api/work-orders", {{"customer_id", dana}, {"problem", "Creaks"}});
    REQUIRE(ticket.status == 201);
    const std::string number = ticket.json()["work_order"]["number"].get<std::string>();
    shop.sql("INSERT INTO drawer_sessions (register_id, business_date, float_cents, opened_at_ms) VALUES (1, '2000-01-01', 10000, 0)");
    auto bell = shop.post_json("/api/products", {{"sku", "BELL"}, {"name", "Bell"}, {"price_cents", 1000}, {"kind", "non_stock"}});
    REQUIRE(bell.status == 201);
    auto sale = shop.post_json("/api/sales", {{"idempotency_key", "facts-sale-0001"}, {"customer_id", dana},
                                              {"lines", {{{"product_id", bell.json()["product"]["id"]}, {"quantity", 1}}}},
                                              {"payments", {{{"tender", "cash"}, {"amount_cents", 1000}}}}});
    REQUIRE(sale.status == 201);
    const std::string sale_number = sale.json()["sale"]["number"].get<std::string>();
    const std::string page = "/customers/" + std::to_string(dana);

    auto owner = shop.request("GET", page);
    REQUIRE(owner.status == 200);
    CHECK(has(owner.body, "Store credit <strong>25.00</strong>"));
    CHECK(has(owner.body, ">" + number + "</a> Dropped off"));
    CHECK(has(owner.body, ">" + sale_number + "</a> Sale · 10.00"));

    // A junior sees customers and sales, not the workshop.
    shop.sign_in_staff(shop.add_staff("Jay Junior", "junior"));
    auto junior = shop.request("GET", page);
    REQUIRE(junior.status == 200);
    CHECK(has(junior.body, "Store credit <strong>25.00</strong>"));
    CHECK(has(junior.body, ">" + sale_number + "</a>"));
    CHECK_FALSE(has(junior.body, number));
    CHECK_FALSE(has(junior.body, "id=\"new-ticket\""));
}
