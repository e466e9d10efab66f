// The light gate (migration 0019): a signed-in request reads who is signed in from their
// device session's copy, and any change to who may do what is seen at the very next
// request, whoever made it and however (a screen, the API, a migration's SQL).
#include <doctest/doctest.h>

#include "auth/auth_sql.hpp"
#include "harness.hpp"

using namespace helm;
using namespace helm::testing;

TEST_CASE("the gate reads the signed-in staff member from their session's copy, and a change to who may do what is seen at the next request") {
    TestShop shop;
    REQUIRE(shop.request("GET", "/api/z-reports").status == 200);  // read afresh, the copy written
    CHECK(shop.integer("SELECT cached_version FROM device_sessions WHERE id = ?1", {shop.device_id()}) ==
          shop.integer("SELECT access_version FROM shop_settings"));
    // The copy is what the gate reads (D1 bills the rows the permissions would cost):
    // emptied behind the gate's back, without a change to access, it refuses.
    shop.sql("UPDATE device_sessions SET cached_permissions = '' WHERE id = ?1", {shop.device_id()});
    CHECK(shop.request("GET", "/api/z-reports").status == 403);
    shop.sql("UPDATE shop_settings SET access_version = access_version + 1");
    CHECK(shop.request("GET", "/api/z-reports").status == 200);

    const auto junior = shop.add_staff("Jay Junior", "junior");
    shop.sign_in_staff(junior);  // another staff member on the device: never the Owner's copy
    CHECK(shop.request("GET", "/api/ops/settings").status == 403);
    REQUIRE(shop.request("GET", "/api/z-reports").status == 200);  // screen.sales, by the role
    REQUIRE(shop.request("GET", "/api/z-reports").status == 200);  // the same, from the copy

    SUBCASE("their own answer") {
        shop.sql("INSERT INTO staff_screen_permissions (staff_id, permission_key, allowed) VALUES (?1, 'screen.sales', 0)", {junior});
        CHECK(shop.request("GET", "/api/z-reports").status == 403);
        shop.sql("DELETE FROM staff_screen_permissions WHERE staff_id = ?1", {junior});
        CHECK(shop.request("GET", "/api/z-reports").status == 200);
    }
    SUBCASE("their role's") {
        shop.sql("DELETE FROM role_permissions WHERE role_key = 'junior' AND permission_key = 'screen.sales'");
        CHECK(shop.request("GET", "/api/z-reports").status == 403);
        shop.sql("INSERT INTO role_permissions (role_key, permission_key) VALUES ('junior', 'screen.settings')");
        CHECK(shop.request("GET", "/api/ops/settings").status == 200);
    }
    SUBCASE("a new role, a new name, a new idle time") {
        shop.sql("UPDATE staff SET role_key = 'sales', display_name = 'Jay Sales', idle_timeout_s = 600 WHERE id = ?1", {junior});
        auto session = shop.request("GET", "/api/session");
        CHECK(session.body.find("Jay Sales") != std::string::npos);
        CHECK(shop.text("SELECT cached_role FROM device_sessions WHERE id = ?1", {shop.device_id()}) == "sales");
        CHECK(shop.integer("SELECT cached_idle_timeout_s FROM device_sessions WHERE id = ?1", {shop.device_id()}) == 600);
    }
    SUBCASE("disabled: their session ends") {
        shop.sql("UPDATE staff SET disabled = 1 WHERE id = ?1", {junior});
        CHECK(shop.request("GET", "/api/z-reports").status == 401);
        CHECK(shop.integer("SELECT count(*) FROM device_sessions WHERE id = ?1 AND staff_id IS NULL", {shop.device_id()}) == 1);
    }
}

TEST_CASE("a copy read before a change to who may do what is not kept after it (migration 0021)") {
    TestShop shop;
    REQUIRE(shop.request("GET", "/api/z-reports").status == 200);  // the copy written
    const auto version = shop.integer("SELECT access_version FROM shop_settings");
    const auto owner = shop.integer("SELECT staff_id FROM device_sessions WHERE id = ?1", {shop.device_id()});
    // A change clears every copy: the next request reads afresh.
    shop.sql("DELETE FROM role_permissions WHERE role_key = 'junior' AND permission_key = 'screen.sales'");
    CHECK(shop.integer("SELECT count(*) FROM device_sessions WHERE cached_version IS NOT NULL") == 0);
    // A gate that read at the old version and writes its copy back after the change: the
    // write does not land, so the stale permissions are never served from the copy.
    shop.sql(std::string(helm::auth::sql::cache_staff), {shop.device_id(), version, owner, "Old name", "owner", 60, "screen.sales"});
    CHECK(shop.integer("SELECT count(*) FROM device_sessions WHERE cached_version IS NOT NULL") == 0);
    REQUIRE(shop.request("GET", "/api/z-reports").status == 200);  // read afresh, written at the new version
    CHECK(shop.integer("SELECT cached_version FROM device_sessions WHERE id = ?1", {shop.device_id()}) == version + 1);
}
