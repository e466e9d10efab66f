#include <filesystem>
#include <fstream>
#include <iterator>

#include "harness.hpp"

#include "core/hex.hpp"

using helm::Json;
using helm::Row;
using helm::testing::TestShop;

namespace {
Json member(std::string name, std::string role = "sales", std::string pin = "48213") {
    return {{"display_name", name}, {"role", role}, {"pin", pin}};
}
std::int64_t create(TestShop& shop, Json body) {
    auto r = shop.post_json("/api/staff", body);
    REQUIRE(r.status == 201);
    return r.json()["staff"]["id"].get<std::int64_t>();
}
}  // namespace

TEST_CASE("PBKDF2-SHA256 through the native port matches the published test vectors") {
    auto bytes = [](std::string_view s) { return helm::Blob(s.begin(), s.end()); };
    CHECK(helm::to_hex(helm::native::pbkdf2_sha256(bytes("password"), bytes("salt"), 1)) ==
          "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
    CHECK(helm::to_hex(helm::native::pbkdf2_sha256(bytes("password"), bytes("salt"), 4096)) ==
          "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
}

TEST_CASE("a staff member is stored with PBKDF2 of the PIN and a fresh salt, and the PIN is never shown") {
    TestShop shop;
    auto created = shop.post_json("/api/staff", member("Robin"));
    REQUIRE(created.status == 201);
    CHECK(created.body.find("48213") == std::string::npos);
    CHECK_FALSE(created.json()["staff"].contains("pin_hash"));
    auto stored = shop.sql("SELECT pin_hash, pin_salt, pin_iterations FROM staff WHERE display_name = 'Robin'");
    const auto salt = Row(stored, 0).text("pin_salt");
    CHECK(salt.size() == 32);
    CHECK(Row(stored, 0).integer("pin_iterations") == 100000);
    CHECK(Row(stored, 0).text("pin_hash") ==
          helm::to_hex(helm::native::pbkdf2_sha256(helm::Blob{'4', '8', '2', '1', '3'}, helm::from_hex(salt), 100000)));
    create(shop, member("Sam", "sales", "48213"));
    auto salts = shop.sql("SELECT DISTINCT pin_salt FROM staff WHERE display_name IN ('Robin', 'Sam')");
    CHECK(salts.rows.size() == 2);  // the same PIN, two different hashes
    auto events = shop.request("GET", "/api/audit?entity=staff").json()["events"];
    CHECK(events.dump().find("pin") == std::string::npos);
}

TEST_CASE("bad staff input is refused with the field at fault and writes nothing") {
    TestShop shop;
    struct Case {
        Json body;
        std::string field;
    };
    const Case cases[] = {
        {{{"role", "sales"}, {"pin", "48213"}}, "display_name"},
        {member("A", "wizard"), "role"},
        {member("A", "sales", "1234"), "pin"},
        {member("A", "sales", "12a45"), "pin"},
        {member("A", "sales", "11111"), "pin"},
        {member("A", "sales", "12345"), "pin"},
        {member("A", "sales", "98765"), "pin"},
        {{{"display_name", "A"}, {"role", "sales"}}, "pin"},
        {{{"display_name", "A"}, {"role", "sales"}, {"pin", "48213"}, {"pin_hash", "x"}}, "pin_hash"},
        {{{"display_name", "A"}, {"role", "sales"}, {"pin", 48213}}, "pin"},
        {{{"display_name", "A"}, {"role", "sales"}, {"pin", "48213"}, {"idle_timeout_s", 5}}, "idle_timeout_s"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.body.dump());
        auto r = shop.post_json("/api/staff", c.body);
        CHECK(r.status == 400);
        CHECK(r.json()["error"]["field"] == c.field);
    }
    CHECK(shop.count("staff") == 1);  // the harness's owner only
    CHECK(shop.count("audit_events") == 0);
}

TEST_CASE("effective permissions: the staff member's own answer, else the role's default, else no") {
    TestShop shop;
    auto id = create(shop, member("Jo", "junior"));
    auto path = "/api/staff/" + std::to_string(id);
    auto allowed = [&](std::string key) {
        const auto answer = shop.request("GET", path).json();  // kept: a range over a temporary's member dangles
        for (const auto& p : answer["permissions"])
            if (p["key"] == key) return std::make_pair(p["allowed"].get<bool>(), p["source"].get<std::string>());
        FAIL("no such permission " << key);
        return std::make_pair(false, std::string());
    };
    CHECK(allowed("screen.sales") == std::make_pair(true, std::string("role")));
    CHECK(allowed("screen.reports") == std::make_pair(false, std::string("role")));
    CHECK(allowed("action.refund") == std::make_pair(false, std::string("role")));

    auto put = shop.request("PUT", path + "/permissions", R"({"overrides":{"screen.reports":true,"screen.sales":false}})");
    REQUIRE(put.status == 200);
    CHECK(allowed("screen.reports") == std::make_pair(true, std::string("staff")));
    CHECK(allowed("screen.sales") == std::make_pair(false, std::string("staff")));
    CHECK(shop.request("PUT", path + "/permissions", R"({"overrides":{"screen.sales":null}})").status == 200);
    CHECK(allowed("screen.sales") == std::make_pair(true, std::string("role")));

    // A role change moves every default with it; the staff member's own answers stay.
    REQUIRE(shop.request("PATCH", path, R"({"role":"mechanic","version":1})").status == 200);
    CHECK(allowed("screen.service") == std::make_pair(true, std::string("role")));
    CHECK(allowed("screen.sales") == std::make_pair(false, std::string("role")));
    CHECK(allowed("screen.reports") == std::make_pair(true, std::string("staff")));

    REQUIRE(shop.request("DELETE", path + "/permissions").status == 200);
    CHECK(allowed("screen.reports") == std::make_pair(false, std::string("role")));
    auto events = shop.request("GET", "/api/audit?entity=staff&entity_id=" + std::to_string(id)).json()["events"];
    REQUIRE(events.size() == 5);
    CHECK(events[0]["action"] == "staff.permissions");
    CHECK(events[0]["before"] == Json{{"screen.reports", true}});
    CHECK(events[0]["after"] == Json::object());

    CHECK(shop.request("PUT", path + "/permissions", R"({"overrides":{"screen.nowhere":true}})").json()["error"]["field"] ==
          "screen.nowhere");
    CHECK(shop.request("PUT", path + "/permissions", R"({"overrides":{"screen.sales":"yes"}})").status == 400);
    CHECK(shop.request("PUT", path + "/permissions", R"({"grants":{}})").status == 400);
    CHECK(shop.count("audit_events") == 5);  // the refused requests wrote nothing
}

TEST_CASE("every role starts with the defaults the shop was promised") {
    TestShop shop;
    auto granted = [&](std::string role) {
        auto r = shop.sql("SELECT group_concat(permission_key, ' ') AS keys FROM (SELECT permission_key FROM role_permissions "
                          "WHERE role_key = ?1 ORDER BY permission_key)",
                          {role});
        return Row(r, 0).text("keys");
    };
    CHECK(granted("junior") == "screen.customers screen.sales");
    CHECK(granted("mechanic") == "screen.customers screen.inventory screen.service");
    CHECK(granted("service_lead") == "action.catalog_edit action.customer_merge action.drawer_close action.inventory_receive action.refund action.z_report screen.customers screen.inventory screen.sales screen.service");
    CHECK(granted("sales") == "action.drawer_close action.inventory_receive screen.customers screen.inventory screen.sales");
    CHECK(shop.integer("SELECT count(*) FROM role_permissions WHERE role_key = 'owner'") == shop.count("permissions"));
    CHECK(shop.integer("SELECT count(*) FROM role_permissions WHERE role_key = 'sys_admin'") == shop.count("permissions"));
}

TEST_CASE("every permission in the matrix guards something: its key is checked by a route or the code") {
    TestShop shop;
    std::string code;
    for (const auto& file : std::filesystem::recursive_directory_iterator(std::filesystem::path(HELM_SOURCE_DIR) / "src")) {
        if (file.path().extension() != ".cpp" && file.path().extension() != ".hpp") continue;
        std::ifstream in(file.path());
        code += std::string(std::istreambuf_iterator<char>(in), {});
    }
    const auto keys = shop.sql("SELECT key FROM permissions ORDER BY key");
    REQUIRE(keys.rows.size() > 10);
    for (std::size_t i = 0; i < keys.rows.size(); ++i) {
        const std::string key = Row(keys, i).text("key");
        CHECK_MESSAGE(code.find("\"" + key + "\"") != std::string::npos, (key + " guards nothing"));
    }
}

TEST_CASE("a PIN reset changes the hash and the salt, is audited without them, and a stale edit is refused") {
    TestShop shop;
    auto id = create(shop, member("Lee"));
    auto path = "/api/staff/" + std::to_string(id);
    auto before = shop.sql("SELECT pin_hash, pin_salt FROM staff WHERE id = ?1", {id});
    REQUIRE(shop.request("PUT", path + "/pin", R"({"pin":"70319"})").status == 200);
    auto after = shop.sql("SELECT pin_hash, pin_salt FROM staff WHERE id = ?1", {id});
    CHECK(Row(after, 0).text("pin_hash") != Row(before, 0).text("pin_hash"));
    CHECK(Row(after, 0).text("pin_salt") != Row(before, 0).text("pin_salt"));
    auto event = shop.request("GET", "/api/audit?entity=staff").json()["events"][0];
    CHECK(event["action"] == "staff.pin_reset");
    CHECK(event["after"]["version"] == 2);
    CHECK(shop.request("PUT", path + "/pin", R"({"pin":"22222"})").status == 400);
    CHECK(shop.request("PATCH", path, R"({"pin":"70319"})").json()["error"]["field"] == "pin");
    CHECK(shop.request("PATCH", path, R"({"disabled":true,"version":1})").status == 409);
    CHECK(shop.request("PATCH", path, R"({"disabled":true,"version":2})").status == 200);
    CHECK(shop.integer("SELECT disabled FROM staff WHERE id = ?1", {id}) == 1);
}

TEST_CASE("two owners editing one staff member: an edit names the version it saw, a stale one is a 409 and writes nothing") {
    TestShop shop;
    auto id = create(shop, member("Lee"));
    auto path = "/api/staff/" + std::to_string(id);
    const auto events = shop.count("audit_events");
    auto unversioned = shop.request("PATCH", path, R"({"display_name":"Lee B"})");
    CHECK(unversioned.status == 400);
    CHECK(unversioned.json()["error"]["field"] == "version");
    CHECK(shop.request("PATCH", path, R"({"display_name":"Lee A","version":1})").status == 200);
    auto stale = shop.request("PATCH", path, R"({"display_name":"Lee B","version":1})");
    CHECK(stale.status == 409);
    CHECK(stale.json()["error"]["field"] == "version");
    CHECK(shop.text("SELECT display_name FROM staff WHERE id = ?1", {id}) == "Lee A");
    CHECK(shop.count("audit_events") == events + 1);
}

TEST_CASE("the gate's permissions are the effective_permissions view's, with overrides both ways") {
    TestShop shop;
    auto id = create(shop, member("Jo", "junior"));
    REQUIRE(shop.request("PUT", "/api/staff/" + std::to_string(id) + "/permissions",
                         R"({"overrides":{"screen.reports":true,"screen.sales":false}})").status == 200);
    shop.sign_in_staff(id);
    const auto session = shop.request("GET", "/api/session").json();
    std::vector<std::string> from_gate;
    for (const auto& key : session["staff"]["permissions"]) from_gate.push_back(key);
    auto view = shop.sql("SELECT key FROM effective_permissions WHERE staff_id = ?1 AND allowed ORDER BY key", {id});
    std::vector<std::string> from_view;
    for (std::size_t i = 0; i < view.rows.size(); ++i) from_view.push_back(helm::Row(view, i).text("key"));
    CHECK(from_gate == from_view);
    CHECK(std::find(from_gate.begin(), from_gate.end(), "screen.reports") != from_gate.end());
    CHECK(std::find(from_gate.begin(), from_gate.end(), "screen.sales") == from_gate.end());
    CHECK(shop.request("GET", "/api/products").status == 403);  // junior: no screen.inventory
}
