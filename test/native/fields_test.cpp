// The one place typed text is checked (core/fields): card numbers in any spelling,
// invisible and direction characters, and SKUs that cannot look like one another.
#include <string>
#include <vector>

#include "core/fields.hpp"
#include "harness.hpp"

using helm::Json;
using helm::testing::Reply;
using helm::testing::TestShop;

namespace {

std::int64_t created_id(const Reply& r, const char* what) {
    REQUIRE_MESSAGE(r.status == 201, r.body);
    return r.json()[what]["id"].get<std::int64_t>();
}

void check_refused(const Reply& r, const std::string& field) {
    CHECK_MESSAGE(r.status == 400, r.body);
    CHECK(r.json()["error"]["field"] == field);
}

}  // namespace

TEST_CASE("a card number is found in text however its digit groups are separated or joined") {
    const std::vector<std::string> cards = {
        "Visa 4111 1111 1111 1111",          "4111.1111.1111.1111",        "4111-1111-1111-1111",
        "order 12 4111 1111 1111 1111",      "4111 1111 1111 1111 exp 12", "ref 7. 5555-5555 5555.4444",
        "amex 3782 822463 10005",             "4111111111111111",           "x4111111111111111y",
    };
    for (const auto& text : cards) CHECK_MESSAGE(helm::holds_card_number(text), text);
    const std::vector<std::string> not_cards = {
        "4111 1111 1111 1112", "SKU 12345", "call 604 555 0199", "12 3", "", "1.50 - 2.75",
        "4111/1111/1111/1111",  // a slash ends a stretch
        "41111111111111111111",  // 20 digits in one group is no card number
    };
    for (const auto& text : not_cards) CHECK_FALSE_MESSAGE(helm::holds_card_number(text), text);
}

TEST_CASE("no stored free-text field takes a card number: customer, bike and stock notes, names and references") {
    TestShop shop;
    const std::string visa = "Visa 4111.1111.1111.1111", joined = "order 12 4111 1111 1111 1111";
    for (const char* field : {"name", "company", "tax_exempt_reference", "notes"}) {
        Json body{{"name", "Ann"}};
        body[field] = std::string(field) == "notes" ? joined : visa;
        check_refused(shop.post_json("/api/customers", body), field);
    }
    CHECK(shop.count("customers") == 0);
    const auto ann = created_id(shop.post_json("/api/customers", {{"name", "Ann"}}), "customer");
    check_refused(shop.post_json("/api/customers/" + std::to_string(ann) + "/bikes", {{"make", "Trek"}, {"notes", visa}}), "notes");
    const auto tube = created_id(shop.post_json("/api/products", {{"sku", "TUBE"}, {"name", "Tube"}, {"price_cents", 899}}), "product");
    const std::string receive = "/api/products/" + std::to_string(tube) + "/receive";
    check_refused(shop.post_json(receive, {{"quantity", 1}, {"unit_cost_cents", 100}, {"note", joined}}), "note");
    check_refused(shop.post_json(receive, {{"quantity", 1}, {"unit_cost_cents", 100}, {"reference", visa}}), "reference");
    CHECK(shop.count("stock_movements") == 0);
    // A code's digits may pass the Luhn check by chance: barcodes and serials are not words.
    CHECK(shop.post_json("/api/products", {{"sku", "BELL"}, {"name", "Bell"}, {"price_cents", 100}, {"barcodes", {"4222222222222"}}})
              .status == 201);
    CHECK(shop.post_json("/api/customers/" + std::to_string(ann) + "/bikes", {{"make", "Trek"}, {"frame_serial", "4222222222222"}})
              .status == 201);
}

TEST_CASE("text with control, invisible or text-direction characters, or broken UTF-8, is refused") {
    const std::vector<std::string> hidden = {
        "a\tb", "a\x7f", "a\xc2\x85", "a\xc2\xad" "b",  // tab, DEL, NEL (C1), soft hyphen
        "a\u200bb", "a\u200db", "a\u200fb", "a\u202eb", "a\u2066b", "a\u2069b", "\ufeffa", "a\u2028b", "a\U000E0041",
    };
    for (const auto& text : hidden) CHECK_FALSE_MESSAGE(helm::check_text("name", text, 200).ok(), text);
    for (const auto& text : hidden) CHECK_FALSE_MESSAGE(helm::check_code_text("barcodes", text, 200).ok(), text);
    for (const std::string broken : {"a\xff", "\xc0\xaf", "a\xe2\x80", "\xed\xa0\x80"}) CHECK_FALSE(helm::check_text("name", broken, 200).ok());
    // Other scripts and accents stay welcome.
    for (const std::string fine : {"Café Vélo", "Велосипед", "自転車", "دراجة", "Ünal Öz"}) CHECK_MESSAGE(helm::check_text("name", fine, 200).ok(), fine);

    TestShop shop;
    check_refused(shop.post_json("/api/products", {{"sku", "T1"}, {"name", "Tube \u202e007"}, {"price_cents", 1}}), "name");
    check_refused(shop.post_json("/api/customers", {{"name", "Ann\u200b"}}), "name");
    CHECK(shop.count("products") == 0);
}

TEST_CASE("a SKU is printable ASCII without spaces, compared without case, so two SKUs never look alike") {
    TestShop shop;
    REQUIRE(shop.post_json("/api/products", {{"sku", "TUBE-700"}, {"name", "Tube"}, {"price_cents", 899}}).status == 201);
    for (const std::string lookalike : {"TUBE\u2010700", "\u0422UBE-700", "TUBE-700\u200b", "TUBE 700", "TUBE\u00a0700", "ＴＵＢＥ-700"})
        check_refused(shop.post_json("/api/products", {{"sku", lookalike}, {"name", "Tube"}, {"price_cents", 899}}), "sku");
    CHECK(shop.post_json("/api/products", {{"sku", "tube-700"}, {"name", "Tube"}, {"price_cents", 899}}).status == 409);
    CHECK(shop.count("products") == 1);
    CHECK(shop.post_json("/api/products", {{"sku", "FX3-2026-M/GRY_#2"}, {"name", "Trek FX 3"}, {"price_cents", 1}}).status == 201);
}
