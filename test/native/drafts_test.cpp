// The register's carts: kept on the server as the API's own SaleRequest JSON, one open
// per register, any number held; every change made on the version the page showed, so
// two tabs never lose each other's change; hold, resume and discard audited.
#include "harness.hpp"
#include "sales/drafts.hpp"

using helm::Json;
using helm::testing::Reply;
using helm::testing::TestShop;
namespace sales = helm::sales;

namespace {


std::int64_t add_product(TestShop& shop, std::string sku, std::string barcode, bool serialized = false) {
    Json body = {{"sku", sku}, {"name", "Item " + sku}, {"price_cents", 899}, {"serialized", serialized}};
    if (!barcode.empty()) body["barcodes"] = {barcode};
    auto r = shop.post_json("/api/products", body);
    REQUIRE_MESSAGE(r.status == 201, r.body);
    return r.json()["product"]["id"].get<std::int64_t>();
}

struct Cart {
    std::int64_t id = 0, version = 0;
    Json json;
};

// The register's open cart as the database holds it (id 0 when it has none).
Cart open_cart(TestShop& shop, std::int64_t register_id = 1) {
    auto found = shop.sql("SELECT id, version, cart_json FROM sale_drafts WHERE register_id = ?1 AND status = 'open'", {register_id});
    if (found.rows.empty()) return {};
    const helm::Row row(found, 0);
    return {row.integer("id"), row.integer("version"), Json::parse(row.text("cart_json"))};
}

// What the register's forms carry: the cart and version the page showed.
std::string seen(const Cart& c, std::int64_t register_id = 1) {
    return "register=" + std::to_string(register_id) + "&draft=" + std::to_string(c.id) + "&version=" + std::to_string(c.version);
}


Reply scan(TestShop& shop, std::string code, std::int64_t register_id = 1) {
    return shop.post_form("/register/scan", "code=" + helm::percent_encode(code) + "&" + seen(open_cart(shop, register_id), register_id));
}

std::string location(const Reply& r) { return std::string(helm::find_header(r.headers, "location")); }

}  // namespace

TEST_CASE("the cart a draft keeps round-trips through the API's own sale request JSON") {
    sales::SaleRequest cart;
    cart.register_id = 2;
    cart.customer_id = 7;
    cart.note = "Pick up Friday";
    cart.discount = {sales::Discount::Kind::amount, 500};
    sales::LineRequest tube;
    tube.product_id = 11;
    tube.quantity = 3;
    tube.discount = {sales::Discount::Kind::percent, 125'000};
    sales::LineRequest bike;
    bike.product_id = 12;
    bike.serial_unit_id = 40;
    bike.unit_price = helm::Cents{129'900};
    bike.price_reason = "floor model";
    cart.lines = {tube, bike};

    auto back = sales::sale_request_from_json(helm::to_text(sales::sale_request_json(cart)));
    REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error().message));
    CHECK(back->register_id == 2);
    CHECK(back->customer_id == 7);
    CHECK(back->note == "Pick up Friday");
    CHECK(back->discount.kind == sales::Discount::Kind::amount);
    CHECK(back->discount.value == 500);
    REQUIRE(back->lines.size() == 2);
    CHECK(back->lines[0].product_id == 11);
    CHECK(back->lines[0].quantity == 3);
    CHECK(back->lines[0].discount.kind == sales::Discount::Kind::percent);
    CHECK(back->lines[0].discount.value == 125'000);
    CHECK_FALSE(back->lines[0].unit_price);
    CHECK(back->lines[1].serial_unit_id == 40);
    CHECK(back->lines[1].unit_price->value == 129'900);
    CHECK(back->lines[1].price_reason == "floor model");
    CHECK(back->idempotency_key.empty());  // a cart is not a completion attempt
    CHECK(back->payments.empty());
}

TEST_CASE("a clerk types a discount as a share or an amount; what is stored reads back the same way") {
    const struct {
        std::string typed;
        sales::Discount::Kind kind;
        std::int64_t value;
        std::string shown;
    } good[] = {{"10%", sales::Discount::Kind::percent, 100'000, "10%"},
                {" 12.5 % ", sales::Discount::Kind::percent, 125'000, "12.5%"},
                {"0.0001%", sales::Discount::Kind::percent, 1, "0.0001%"},
                {"100%", sales::Discount::Kind::percent, 1'000'000, "100%"},
                {"5", sales::Discount::Kind::amount, 500, "5.00"},
                {"1,234.50", sales::Discount::Kind::amount, 123'450, "1234.50"},
                {"", sales::Discount::Kind::none, 0, ""},
                {"0%", sales::Discount::Kind::none, 0, ""}};
    for (const auto& g : good) {
        CAPTURE(g.typed);
        auto d = sales::discount_from_text("discount", g.typed);
        REQUIRE(d.ok());
        CHECK(d->kind == g.kind);
        CHECK(d->value == g.value);
        CHECK(sales::discount_text(*d) == g.shown);
    }
    for (std::string bad : {"101%", "ten", "5.001", "-5", "1.23456%", "%", "1e3%"}) {
        CAPTURE(bad);
        auto d = sales::discount_from_text("discount", bad);
        REQUIRE_FALSE(d.ok());
        CHECK(d.error().field == "discount");
    }
}

TEST_CASE("a scan adds the product, a second scan one more of it; the register shows the line") {
    TestShop shop;
    add_product(shop, "TUBE-700", "0714401104012");
    auto first = scan(shop, "0714401104012");
    CHECK(first.status == 303);
    CHECK(location(first) == "/register");
    auto cart = open_cart(shop);
    REQUIRE(cart.id != 0);
    CHECK(cart.version == 1);
    REQUIRE(cart.json["lines"].size() == 1);
    CHECK(cart.json["lines"][0]["quantity"] == 1);

    CHECK(scan(shop, "TUBE-700").status == 303);  // by SKU too
    cart = open_cart(shop);
    CHECK(cart.version == 2);
    REQUIRE(cart.json["lines"].size() == 1);
    CHECK(cart.json["lines"][0]["quantity"] == 2);
    CHECK(shop.count("audit_events") == shop.integer("SELECT count(*) FROM audit_events WHERE action NOT LIKE 'sale_draft.%'"));

    auto page = shop.request("GET", "/register");
    CHECK(page.status == 200);
    CHECK(page.body.find("Item TUBE-700") != std::string::npos);
    CHECK(page.body.find("id=\"register-search\"") != std::string::npos);
    CHECK(page.body.find("autofocus") != std::string::npos);
    CHECK(page.body.find("name=\"version\" value=\"2\"") != std::string::npos);
}

TEST_CASE("a change made on a stale page is refused with 409 and the cart as it is now; nothing is written") {
    TestShop shop;
    add_product(shop, "TUBE-700", "0714401104012");
    add_product(shop, "LUBE", "");
    REQUIRE(scan(shop, "TUBE-700").status == 303);
    const Cart first_tab = open_cart(shop);
    // Another tab adds lube on the same version.
    REQUIRE(shop.post_form("/register/scan", "code=LUBE&" + seen(first_tab)).status == 303);
    const Cart after_other = open_cart(shop);
    CHECK(after_other.version == first_tab.version + 1);

    auto stale = shop.post_form("/register/lines/1", "quantity=5&" + seen(first_tab));
    CHECK(stale.status == 409);
    CHECK(stale.body.find("changed on another screen meanwhile") != std::string::npos);
    CHECK(stale.body.find("Item LUBE") != std::string::npos);  // the cart as it is now
    const Cart now = open_cart(shop);
    CHECK(now.version == after_other.version);
    CHECK(now.json == after_other.json);

    // A second tab that never saw the cart cannot start another one for this register.
    auto second_start = shop.post_form("/register/scan", "code=LUBE&register=1&draft=0&version=0");
    CHECK(second_start.status == 409);
    CHECK(shop.integer("SELECT count(*) FROM sale_drafts") == 1);
}

TEST_CASE("each register has at most one open cart, and the database holds to it") {
    TestShop shop;
    add_product(shop, "TUBE-700", "");
    shop.sql("INSERT INTO registers (id, name, created_at_ms) VALUES (2, 'Service desk', 0)");
    REQUIRE(scan(shop, "TUBE-700", 1).status == 303);
    auto at_two = scan(shop, "TUBE-700", 2);
    CHECK(at_two.status == 303);
    CHECK(location(at_two) == "/register?register=2");
    CHECK(open_cart(shop, 1).id != open_cart(shop, 2).id);
    auto second = shop.ports().db->query(
        {"INSERT INTO sale_drafts (register_id, status, cart_json, version, created_at_ms, updated_at_ms) "
         "VALUES (1, 'open', '{\"lines\":[]}', 1, 0, 0)",
         {}});
    CHECK_FALSE(second.ok());
    CHECK(shop.request("GET", "/register?register=3").status == 404);
    CHECK(shop.request("GET", "/register?register=2").body.find("Service desk") != std::string::npos);
}

TEST_CASE("quantities are set on the line, 0 removes it; a serialized product asks for its unit and sells it alone") {
    TestShop shop;
    add_product(shop, "TUBE-700", "0714401104012");
    const auto bike = add_product(shop, "FX3-M", "", true);
    REQUIRE(shop.post_json("/api/products/" + std::to_string(bike) + "/receive",
                           {{"quantity", 2}, {"unit_cost_cents", 90000}, {"serials", {"WTU100", "WTU101"}}})
                .status == 200);
    REQUIRE(scan(shop, "0714401104012").status == 303);
    CHECK(shop.post_form("/register/lines/1", "quantity=3&" + seen(open_cart(shop))).status == 303);
    CHECK(open_cart(shop).json["lines"][0]["quantity"] == 3);
    auto bad = shop.post_form("/register/lines/1", "quantity=-2&" + seen(open_cart(shop)));
    CHECK(bad.status == 400);
    CHECK(bad.body.find("aria-invalid=\"true\"") != std::string::npos);
    CHECK(open_cart(shop).json["lines"][0]["quantity"] == 3);

    auto asks = scan(shop, "FX3-M");
    CHECK(asks.status == 303);
    CHECK(location(asks) == "/register?unit_for=" + std::to_string(bike));
    CHECK(open_cart(shop).json["lines"].size() == 1);  // nothing added until the unit is picked
    auto units = shop.request("GET", location(asks));
    CHECK(units.body.find("WTU100") != std::string::npos);
    const auto unit = shop.integer("SELECT id FROM serial_units WHERE serial = 'WTU101'");
    CHECK(shop.post_form("/register/scan", "product_id=" + std::to_string(bike) + "&serial_unit_id=" + std::to_string(unit) + "&" +
                                                seen(open_cart(shop)))
              .status == 303);
    // The frame serial itself finds the other bike.
    CHECK(scan(shop, "wtu100").status == 303);
    auto cart = open_cart(shop);
    REQUIRE(cart.json["lines"].size() == 3);
    CHECK(cart.json["lines"][1]["serial_unit_id"] == unit);
    CHECK(cart.json["lines"][2]["serial_unit_id"] != unit);
    auto twice = shop.post_form("/register/scan", "product_id=" + std::to_string(bike) + "&serial_unit_id=" + std::to_string(unit) + "&" + seen(cart));
    CHECK(twice.status == 422);
    CHECK(shop.post_form("/register/lines/2", "quantity=2&" + seen(cart)).status == 400);
    CHECK(shop.request("GET", "/register").body.find("A bike with a serial is sold to a customer") != std::string::npos);

    CHECK(shop.post_form("/register/lines/1", "quantity=0&" + seen(cart)).status == 303);
    CHECK(shop.post_form("/register/lines/1/remove", seen(open_cart(shop))).status == 303);
    cart = open_cart(shop);
    REQUIRE(cart.json["lines"].size() == 1);
    CHECK(cart.json["lines"][0]["serial_unit_id"] != unit);
}

TEST_CASE("a code that is no product's lists what matches to pick from") {
    TestShop shop;
    add_product(shop, "TUBE-700", "");
    auto r = scan(shop, "item");
    CHECK(r.status == 303);
    CHECK(location(r) == "/register?q=item");
    CHECK(open_cart(shop).id == 0);  // nothing rung up yet
    auto page = shop.request("GET", "/register?q=item");
    CHECK(page.body.find("name=\"product_id\"") != std::string::npos);
    CHECK(page.body.find("Item TUBE-700") != std::string::npos);
    CHECK(shop.request("GET", "/register?q=zzz").body.find("No product matches") != std::string::npos);
    CHECK(scan(shop, "").status == 400);
}

TEST_CASE("the cart carries a customer, line and sale discounts, a price override with its reason, and a note") {
    TestShop shop;
    add_product(shop, "TUBE-700", "");
    auto customer = shop.post_json("/api/customers", {{"name", "Ann Smith"}});
    REQUIRE(customer.status == 201);
    const auto ann = customer.json()["customer"]["id"].get<std::int64_t>();
    REQUIRE(scan(shop, "TUBE-700").status == 303);

    CHECK(shop.request("GET", "/register?customer_q=ann").body.find("Ann Smith") != std::string::npos);
    CHECK(shop.post_form("/register/customer", "customer_id=" + std::to_string(ann) + "&" + seen(open_cart(shop))).status == 303);
    CHECK(open_cart(shop).json["customer_id"] == ann);
    CHECK(shop.post_form("/register/lines/1/price", "discount=10%25&unit_price=&price_reason=&" + seen(open_cart(shop))).status == 303);
    CHECK(open_cart(shop).json["lines"][0]["discount"]["percent_ppm"] == 100'000);
    auto no_reason = shop.post_form("/register/lines/1/price", "discount=&unit_price=7.50&price_reason=&" + seen(open_cart(shop)));
    CHECK(no_reason.status == 400);
    CHECK(no_reason.body.find("say why the price is overridden") != std::string::npos);
    CHECK(shop.post_form("/register/lines/1/price", "discount=&unit_price=7.50&price_reason=scuffed+box&" + seen(open_cart(shop))).status == 303);
    auto line = open_cart(shop).json["lines"][0];
    CHECK(line["unit_price_cents"] == 750);
    CHECK(line["price_reason"] == "scuffed box");
    CHECK_FALSE(line.contains("discount"));
    CHECK(shop.post_form("/register/discount", "discount=2.00&" + seen(open_cart(shop))).status == 303);
    CHECK(open_cart(shop).json["discount"]["amount_cents"] == 200);
    CHECK(shop.post_form("/register/note", "note=Gift+wrap&" + seen(open_cart(shop))).status == 303);
    CHECK(open_cart(shop).json["note"] == "Gift wrap");
    auto card = shop.post_form("/register/note", "note=4111+1111+1111+1111&" + seen(open_cart(shop)));
    CHECK(card.status == 400);
    CHECK(open_cart(shop).json["note"] == "Gift wrap");
    CHECK(shop.post_form("/register/customer", "customer_id=&" + seen(open_cart(shop))).status == 303);
    CHECK_FALSE(open_cart(shop).json.contains("customer_id"));
    auto unknown = shop.post_form("/register/customer", "customer_id=999&" + seen(open_cart(shop)));
    CHECK(unknown.status == 404);
}

TEST_CASE("a held sale waits under its label while the register rings up others, and resumes once, audited") {
    TestShop shop;
    add_product(shop, "TUBE-700", "");
    add_product(shop, "LUBE", "");
    REQUIRE(scan(shop, "TUBE-700").status == 303);
    const Cart ann_cart = open_cart(shop);
    auto held = shop.post_form("/register/hold", "label=Ann+-+back+at+3&" + seen(ann_cart));
    CHECK(held.status == 303);
    CHECK(location(held) == "/register?done=held");
    CHECK(open_cart(shop).id == 0);
    CHECK(shop.text("SELECT status FROM sale_drafts WHERE id = ?1", {ann_cart.id}) == "held");
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'sale_draft.hold' AND entity_id = ?1", {std::to_string(ann_cart.id)}) == 1);
    // The audit log keeps ids and counts, never the label (it often names a customer).
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE after_json LIKE '%Ann%'") == 0);

    auto list = shop.request("GET", "/register/held");
    CHECK(list.status == 200);
    CHECK(list.body.find("Ann - back at 3") != std::string::npos);
    CHECK(list.body.find("Olive Owner") != std::string::npos);

    // The next customer's sale, then Ann comes back: the register is busy.
    REQUIRE(scan(shop, "LUBE").status == 303);
    const Cart busy = open_cart(shop);
    const std::string resume_path = "/register/held/" + std::to_string(ann_cart.id) + "/resume";
    const std::string held_version = std::to_string(ann_cart.version + 1);
    auto refused = shop.post_form(resume_path, "register=1&version=" + held_version);
    CHECK(refused.status == 422);
    CHECK(refused.body.find("has a sale in progress") != std::string::npos);
    CHECK(open_cart(shop).id == busy.id);
    CHECK(shop.text("SELECT status FROM sale_drafts WHERE id = ?1", {ann_cart.id}) == "held");

    // The lube sale is emptied (its cart stays, empty): an empty cart gives way.
    REQUIRE(shop.post_form("/register/lines/1/remove", seen(busy)).status == 303);
    auto resumed = shop.post_form(resume_path, "register=1&version=" + held_version);
    CHECK(resumed.status == 303);
    CHECK(location(resumed) == "/register?done=resumed");
    const Cart back = open_cart(shop);
    CHECK(back.id == ann_cart.id);
    CHECK(back.json["lines"][0]["quantity"] == 1);
    CHECK(shop.integer("SELECT count(*) FROM sale_drafts") == 1);
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'sale_draft.resume'") == 1);

    // A second resume of the same held sale (another tab, a double click) finds it gone.
    auto again = shop.post_form(resume_path, "register=1&version=" + held_version);
    CHECK(again.status == 409);
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'sale_draft.resume'") == 1);
}

TEST_CASE("an empty sale is not held; discarding needs its confirmation and is audited") {
    TestShop shop;
    add_product(shop, "TUBE-700", "");
    auto nothing = shop.post_form("/register/hold", "label=x&register=1&draft=0&version=0");
    CHECK(nothing.status == 422);
    REQUIRE(scan(shop, "TUBE-700").status == 303);
    const Cart cart = open_cart(shop);
    auto unconfirmed = shop.post_form("/register/discard", seen(cart));
    CHECK(unconfirmed.status == 400);
    CHECK(open_cart(shop).id == cart.id);
    auto discarded = shop.post_form("/register/discard", "confirm=0&confirm=1&" + seen(cart));
    CHECK(discarded.status == 303);
    CHECK(location(discarded) == "/register?done=discarded");
    CHECK(shop.count("sale_drafts") == 0);
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'sale_draft.discard'") == 1);

    // A held one is discarded from the list, at the version listed.
    REQUIRE(scan(shop, "TUBE-700").status == 303);
    const Cart next = open_cart(shop);
    REQUIRE(shop.post_form("/register/hold", "label=&" + seen(next)).status == 303);
    const std::string path = "/register/held/" + std::to_string(next.id) + "/discard";
    CHECK(shop.post_form(path, "register=1&version=" + std::to_string(next.version)).status == 400);  // not confirmed
    CHECK(shop.post_form(path, "register=1&confirm=1&version=" + std::to_string(next.version)).status == 409);  // stale
    CHECK(shop.post_form(path, "register=1&confirm=1&version=" + std::to_string(next.version + 1)).status == 303);
    CHECK(shop.count("sale_drafts") == 0);
}

TEST_CASE("the tender needs a cart, and names the key it completes with") {
    TestShop shop;
    add_product(shop, "TUBE-700", "");
    auto empty = shop.request("GET", "/register/tender");
    CHECK(empty.status == 303);
    CHECK(location(empty) == "/register");
    REQUIRE(scan(shop, "TUBE-700").status == 303);
    auto first = shop.request("GET", "/register/tender");
    CHECK(first.status == 200);
    auto key_of = [](const std::string& body) {
        const std::string marker = "name=\"key\" value=\"";
        auto at = body.find(marker);
        REQUIRE(at != std::string::npos);
        return body.substr(at + marker.size(), 32);
    };
    CHECK(key_of(first.body) != key_of(shop.request("GET", "/register/tender").body));  // one per attempt
    auto stale = shop.post_form("/register/tender", "action=add&tender=cash&amount=20&key=" + key_of(first.body) + "&register=1&draft=" +
                                                         std::to_string(open_cart(shop).id) + "&version=99");
    CHECK(stale.status == 409);
    auto no_key = shop.post_form("/register/tender", "action=complete&" + seen(open_cart(shop)));
    CHECK(no_key.status == 400);
    CHECK(shop.count("sales") == 0);
}

namespace {

std::string key_in(const std::string& page) {
    const std::string marker = "name=\"key\" value=\"";
    auto at = page.find(marker);
    REQUIRE(at != std::string::npos);
    return page.substr(at + marker.size(), 32);
}

void open_drawer(TestShop& shop) {
    shop.sql("INSERT INTO drawer_sessions (register_id, business_date, float_cents, opened_at_ms) VALUES (1, '2026-01-01', 10000, 0)");
}

}  // namespace

TEST_CASE("the tender takes cash with change, completes once with its key, and removes the cart") {
    TestShop shop;
    const auto tube = add_product(shop, "TUBE-700", "0714401104012");
    REQUIRE(shop.post_json("/api/products/" + std::to_string(tube) + "/receive", {{"quantity", 5}, {"unit_cost_cents", 400}}).status == 200);
    REQUIRE(scan(shop, "0714401104012").status == 303);
    REQUIRE(shop.post_form("/register/lines/1", "quantity=2&" + seen(open_cart(shop))).status == 303);
    const Cart cart = open_cart(shop);
    auto page = shop.request("GET", "/register/tender");
    REQUIRE(page.status == 200);
    const std::string state = "key=" + key_in(page.body) + "&" + seen(cart);

    auto no_drawer = shop.post_form("/register/tender", "action=add&tender=cash&amount=20&" + state);
    CHECK(no_drawer.status == 422);
    CHECK(no_drawer.body.find("drawer is not open") != std::string::npos);
    open_drawer(shop);
    auto no_reference = shop.post_form("/register/tender", "action=add&tender=card&amount=&reference=&" + state);
    CHECK(no_reference.status == 400);
    CHECK(no_reference.body.find("id=\"tender-reference\" name=\"reference\" value=\"\" maxlength=\"80\" autocomplete=\"off\" aria-invalid=\"true\"") !=
          std::string::npos);
    auto too_much = shop.post_form("/register/tender", "action=add&tender=card&amount=50&reference=T1&" + state);
    CHECK(too_much.status == 400);
    CHECK(too_much.body.find("only cash gives change") != std::string::npos);

    auto cash = shop.post_form("/register/tender", "action=add&tender=cash&amount=20&" + state);
    REQUIRE(cash.status == 200);
    CHECK(cash.body.find("id=\"due\">0.00<") != std::string::npos);
    CHECK(cash.body.find("Change: <strong>2.02</strong>") != std::string::npos);
    CHECK(cash.body.find("id=\"complete\"") != std::string::npos);
    CHECK(shop.count("sales") == 0);  // nothing is written until it completes

    const std::string paid = "&paid_tender=cash&paid_amount=1798&paid_tendered=2000&paid_reference=";
    auto done = shop.post_form("/register/tender", "action=complete&" + state + paid);
    REQUIRE_MESSAGE(done.status == 303, done.body);
    const auto sale = shop.integer("SELECT id FROM sales");
    CHECK(location(done) == "/sales/" + std::to_string(sale) + "/receipt?done=completed");
    // The landing: the change in large type and New sale focused; a reprint has neither.
    auto landing = shop.request("GET", location(done));
    CHECK(landing.body.find("<h1 id=\"sale-complete-title\">Sale complete</h1>") != std::string::npos);
    CHECK(landing.body.find("Change due <strong>2.02</strong>") != std::string::npos);
    CHECK(landing.body.find("id=\"new-sale\" href=\"/register\" data-key=\"F2\" autofocus") != std::string::npos);
    CHECK(shop.request("GET", "/sales/" + std::to_string(sale) + "/receipt").body.find("sale-complete") == std::string::npos);
    CHECK(shop.integer("SELECT total_cents FROM sales") == 1798);
    CHECK(shop.integer("SELECT change_cents FROM sale_payments") == 202);
    CHECK(shop.count("sale_drafts") == 0);
    CHECK(shop.integer("SELECT on_hand FROM products WHERE id = ?1", {tube}) == 3);

    // A double submit (or a retry after a lost answer) lands on the same receipt.
    auto again = shop.post_form("/register/tender", "action=complete&" + state + paid);
    CHECK(again.status == 303);
    CHECK(location(again) == location(done));
    CHECK(shop.count("sales") == 1);
    CHECK(shop.request("GET", "/register").body.find("id=\"empty-cart\"") != std::string::npos);
}

TEST_CASE("a discount over the limit completes with a manager's PIN, given with the completion only") {
    TestShop shop;
    const auto owner = shop.integer("SELECT id FROM staff WHERE display_name = 'Olive Owner'");
    const auto tube = add_product(shop, "TUBE-700", "");
    REQUIRE(shop.post_json("/api/products/" + std::to_string(tube) + "/receive", {{"quantity", 5}, {"unit_cost_cents", 400}}).status == 200);
    shop.sign_in_staff(shop.add_staff("Sam Sales", "sales"));
    REQUIRE(scan(shop, "TUBE-700").status == 303);
    REQUIRE(shop.post_form("/register/lines/1/price", "discount=50%25&unit_price=&price_reason=&" + seen(open_cart(shop))).status == 303);
    const Cart cart = open_cart(shop);
    auto page = shop.request("GET", "/register/tender");
    REQUIRE(page.status == 200);
    const std::string state = "key=" + key_in(page.body) + "&" + seen(cart) + "&paid_tender=card&paid_amount=449&paid_tendered=&paid_reference=T77";

    auto asked = shop.post_form("/register/tender", "action=complete&" + state);
    CHECK(asked.status == 403);
    CHECK(asked.body.find("Manager approval: staff + PIN") != std::string::npos);
    CHECK(asked.body.find("Approve and complete") != std::string::npos);
    CHECK(shop.count("sales") == 0);

    auto wrong = shop.post_form("/register/tender", "action=complete&approval_staff=" + std::to_string(owner) + "&approval_pin=11111&" + state);
    CHECK(wrong.status == 401);
    CHECK(wrong.body.find("Approve and complete") != std::string::npos);
    CHECK(wrong.body.find("11111") == std::string::npos);  // a PIN is never written back into the page
    CHECK(shop.count("sales") == 0);

    auto approved = shop.post_form("/register/tender", "action=complete&approval_staff=" + std::to_string(owner) + "&approval_pin=" +
                                                            std::string(helm::testing::test_pin) + "&" + state);
    REQUIRE_MESSAGE(approved.status == 303, approved.body);
    CHECK(shop.integer("SELECT approved_by_staff_id FROM sales") == owner);
    CHECK(shop.integer("SELECT discount_cents FROM sales") == 450);
}
