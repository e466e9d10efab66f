// The gate, natively against real SQLite: every route against every kind of caller, PIN
// sessions and their lockout, idle and 12-hour ends, CSRF, the cookie's name, recovery.
#include <set>

#include "harness.hpp"
#include "route_paths.hpp"

using helm::Json;
using helm::Row;
using helm::testing::TestShop;

namespace {

// What any request may change without counting as a write: sessions and PIN tries are
// the gate's own bookkeeping. Everything else (and the audit log) must stand still.
std::string data_fingerprint(TestShop& shop) {
    std::string out;
    for (auto table : {"audit_events", "products", "staff", "staff_screen_permissions", "allowlist"})
        out += std::string(table) + "=" + std::to_string(shop.count(table)) + " ";
    return out;
}

std::string error_field(const helm::testing::Reply& r) {
    auto j = r.json();
    return j.is_object() && j.contains("error") && j["error"].contains("field") ? j["error"]["field"].get<std::string>() : "";
}

bool is_api(std::string_view path) { return path.rfind("/api/", 0) == 0; }

}  // namespace

TEST_CASE("every route answers exactly as its declared access says: anonymous, device only, each role") {
    TestShop shop;
    std::set<std::string> known;
    for (auto& row : shop.sql("SELECT key FROM permissions").rows) known.insert(std::get<std::string>(row[0]));
    const std::vector<std::string> roles = {"sys_admin", "owner", "service_lead", "mechanic", "sales", "junior"};
    std::map<std::string, std::int64_t> staff_of_role;
    for (const auto& role : roles) staff_of_role[role] = shop.add_staff("Walker " + role, role);
    // Routes whose every caller was tried and answered as declared: a route counts only
    // when at least one expectation ran and none failed.
    std::size_t verified = 0;

    for (const auto& route : shop.app().routes()) {
        const std::string access(route.access);
        const bool gated = access != "open";
        const bool by_operator = access == helm::access::operator_token;
        if (gated && !by_operator && access != "device" && access != "staff") CHECK_MESSAGE(known.count(access) == 1, "no permission " << access);
        const std::string path = concrete_path(route.pattern);
        const std::string method(route.method);
        const std::string body = method == "GET" ? "" : (is_api(path) ? "{}" : "");
        const helm::Headers type = {{"content-type", is_api(path) ? "application/json" : "application/x-www-form-urlencoded"}};
        CAPTURE(method);
        CAPTURE(path);
        int tried = 0;
        bool held = true;

        // Each caller gets a fresh device: a route such as sign-out must not spoil the next.
        auto ask = [&](std::string who) {
            shop.sign_in_device("walker@test-shop.example");
            if (who == "anonymous") shop.sign_out_device();
            if (who != "anonymous" && who != "device") shop.sign_in_staff(staff_of_role[who]);
            const auto before = data_fingerprint(shop);
            auto reply = shop.request(method, path, body, type);
            return std::make_pair(reply, before);
        };
        auto expect_refused = [&](std::string who, int status, std::string field) {
            CAPTURE(who);
            auto [reply, before] = ask(who);
            bool ok = true;
            if (!is_api(path) && method == "GET" && status == 401) {
                ok = reply.status == 303;  // a person at a page is sent to sign in or to the PIN pad
            } else {
                ok = reply.status == status && (!is_api(path) || error_field(reply) == field);
            }
            ok = ok && data_fingerprint(shop) == before;
            CHECK_MESSAGE(ok, "status " << reply.status << ", field " << error_field(reply));
            ++tried;
            held = held && ok;
        };
        auto expect_admitted = [&](std::string who) {
            CAPTURE(who);
            auto [reply, before] = ask(who);
            const bool refused_by_gate = reply.status == 303 ? false
                                         : reply.status == 401 ? (error_field(reply) == "device" || error_field(reply) == "pin")
                                         : reply.status == 403 ? error_field(reply) == access
                                                               : false;
            const bool sent_to_sign_in =
                !is_api(path) && reply.status == 303 && find_header(reply.headers, "location").find("/auth/sign-in") != std::string::npos;
            CHECK_FALSE(refused_by_gate);
            CHECK_FALSE(sent_to_sign_in);
            ++tried;
            held = held && !refused_by_gate && !sent_to_sign_in;
        };
        auto count_route = [&] {
            if (tried > 0 && held) ++verified;
        };

        if (!gated) {
            expect_admitted("anonymous");
            count_route();
            continue;
        }
        if (by_operator) {
            // No device or staff member stands in for the operator's token (the test shop has none).
            for (const std::string who : {"anonymous", "device", "owner", "sys_admin"}) expect_refused(who, 401, "authorization");
            count_route();
            continue;
        }
        expect_refused("anonymous", 401, "device");
        if (access == "device") {
            expect_admitted("device");
        } else {
            expect_refused("device", 401, "pin");
        }
        for (const auto& role : roles) {
            if (access == "device" || access == "staff") {
                expect_admitted(role);
                continue;
            }
            const bool allowed = shop.integer("SELECT count(*) FROM role_permissions WHERE role_key = ?1 AND permission_key = ?2", {role, access}) == 1;
            if (allowed)
                expect_admitted(role);
            else
                expect_refused(role, 403, access);
        }
        count_route();
    }
    CHECK(verified == shop.app().routes().size());
    CHECK(verified > 40);
}

namespace {
helm::testing::Reply pin(TestShop& shop, std::int64_t staff_id, std::string_view code) {
    return shop.post_json("/api/pin", Json{{"staff_id", staff_id}, {"pin", code}});
}
Json session_of(TestShop& shop) { return shop.request("GET", "/api/session").json(); }
}  // namespace

TEST_CASE("the right PIN signs a staff member in on this device, audited; a wrong one says how many tries are left") {
    TestShop shop;
    auto sam = shop.add_staff("Sam Sales", "sales");
    shop.sign_out_staff();
    CHECK(session_of(shop)["staff"].is_null());
    CHECK(shop.request("GET", "/api/products").status == 401);

    auto wrong = pin(shop, sam, "11112");
    CHECK(wrong.status == 401);
    CHECK(error_field(wrong) == "pin");
    CHECK(wrong.json()["error"]["message"] == "wrong PIN; 4 tries left");
    CHECK(pin(shop, sam, helm::testing::test_pin).status == 200);
    auto session = session_of(shop);
    CHECK(session["staff"]["display_name"] == "Sam Sales");
    CHECK(session["staff"]["role"] == "sales");
    CHECK(session["staff"]["permissions"] == Json{"action.drawer_close", "action.inventory_receive", "screen.customers", "screen.inventory", "screen.sales"});
    CHECK(shop.request("GET", "/api/products").status == 200);
    CHECK(shop.request("GET", "/api/staff").status == 403);
    auto events = shop.request("GET", "/api/audit");  // Sam may not read the audit log
    CHECK(events.status == 403);
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'staff.sign_in' AND entity_id = ?1", {std::to_string(sam)}) == 1);
    // The right PIN forgave the wrong try before it.
    CHECK(shop.integer("SELECT count(*) FROM pin_attempts WHERE staff_id = ?1 AND outcome = 'pending'", {sam}) == 0);

    CHECK(shop.request("POST", "/api/pin/sign-out", "{}").status == 200);
    CHECK(session_of(shop)["staff"].is_null());
    CHECK(pin(shop, sam, "123").json()["error"]["field"] == "pin");
    CHECK(pin(shop, 999, helm::testing::test_pin).json()["error"]["field"] == "staff_id");
}

TEST_CASE("five wrong PINs within a minute lock that staff member for five minutes, on every device") {
    TestShop shop;
    auto sam = shop.add_staff("Sam Sales", "sales");
    shop.sign_out_staff();
    for (int i = 1; i <= 4; ++i) CHECK(pin(shop, sam, "11112").status == 401);
    auto fifth = pin(shop, sam, "11112");
    CHECK(fifth.status == 429);
    CHECK(fifth.json()["error"]["code"] == "too_many_attempts");
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'staff.pin_locked'") == 1);
    // Locked: the right PIN too, and from another device.
    CHECK(pin(shop, sam, helm::testing::test_pin).status == 429);
    shop.sign_in_device("other@test-shop.example");
    CHECK(pin(shop, sam, helm::testing::test_pin).status == 429);
    CHECK(shop.integer("SELECT count(*) FROM pin_attempts WHERE staff_id = ?1", {sam}) == 5);
    helm::testing::clock_offset_ms = 4 * 60'000;
    CHECK(pin(shop, sam, helm::testing::test_pin).status == 429);
    helm::testing::clock_offset_ms = 5 * 60'000 + 1000;
    CHECK(pin(shop, sam, helm::testing::test_pin).status == 200);
}

TEST_CASE("racing PIN guesses cannot get past five: each try is reserved in D1 before the PIN is checked") {
    TestShop shop;
    auto sam = shop.add_staff("Sam Sales", "sales");
    shop.sign_out_staff();
    std::vector<TestShop::Pending> racing;
    for (int i = 0; i < 12; ++i) {
        racing.push_back(shop.start("POST", "/api/pin", helm::to_text(Json{{"staff_id", sam}, {"pin", "2468" + std::to_string(i % 10)}})));
        shop.run_until_batch(racing.back());  // every guess has passed the lock check before any is written
    }
    std::map<int, int> statuses;
    for (auto& p : racing) ++statuses[shop.finish(p).status];
    CHECK(statuses[401] == 4);   // four reserved tries were simply wrong
    CHECK(statuses[429] == 8);   // the fifth locked, and seven never got a try
    CHECK(shop.integer("SELECT count(*) FROM pin_attempts WHERE staff_id = ?1", {sam}) == 5);
}

TEST_CASE("twenty wrong PINs without a right one lock that PIN until the owner sets a new one; each wrong try is audited") {
    TestShop shop;
    const auto owner = shop.integer("SELECT id FROM staff WHERE role_key = 'owner'");
    auto sam = shop.add_staff("Sam Sales", "sales");
    shop.sign_out_staff();
    // Four lockouts, five minutes apart: twenty wrong tries.
    for (int round = 0; round < 4; ++round) {
        helm::testing::clock_offset_ms = round * (5 * 60'000 + 1000);
        for (int i = 1; i <= 4; ++i) CHECK(pin(shop, sam, "11112").status == 401);
        CHECK(pin(shop, sam, "11112").status == 429);
    }
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action IN ('staff.pin_wrong', 'staff.pin_locked') AND entity_id = ?1",
                       {std::to_string(sam)}) == 20);
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'staff.pin_wrong' AND after_json LIKE '%device_session_id%'") == 16);
    // A day later the right PIN is still refused, on any device: the owner must act.
    helm::testing::clock_offset_ms = 26 * 60 * 60'000;
    auto refused = pin(shop, sam, helm::testing::test_pin);
    CHECK(refused.status == 429);
    CHECK(refused.json()["error"]["message"].get<std::string>().find("owner") != std::string::npos);
    shop.sign_in_device("other@test-shop.example");
    CHECK(pin(shop, sam, helm::testing::test_pin).status == 429);
    CHECK(shop.integer("SELECT count(*) FROM pin_attempts WHERE staff_id = ?1", {sam}) == 20);  // refused tries are not tries

    // The home screen tells whoever signs in next.
    shop.sign_in_staff(owner);
    auto home = shop.request("GET", "/");
    REQUIRE(home.status == 200);
    const auto notice = home.body.find("id=\"pin-problems\"");
    REQUIRE(notice != std::string::npos);
    CHECK(home.body.find("Sam Sales", notice) != std::string::npos);

    // The owner sets a new PIN: the lock is gone, and so is the notice.
    REQUIRE(shop.request("PUT", "/api/staff/" + std::to_string(sam) + "/pin", R"({"pin":"97531"})", {{"content-type", "application/json"}}).status == 200);
    CHECK(shop.request("GET", "/").body.find("id=\"pin-problems\"") == std::string::npos);
    shop.sign_out_staff();
    CHECK(pin(shop, sam, "97531").status == 200);
}

TEST_CASE("a staff session ends after its idle time (staff, role or shop) and after 12 hours regardless") {
    TestShop shop;
    CHECK(session_of(shop)["staff"]["idle_timeout_s"] == 60);
    helm::testing::clock_offset_ms = 59'000;
    CHECK_FALSE(session_of(shop)["staff"].is_null());  // activity moves the idle window
    helm::testing::clock_offset_ms = 59'000 + 61'000;
    CHECK(session_of(shop)["staff"].is_null());
    auto refused = shop.request("GET", "/api/products");
    CHECK(refused.status == 401);
    CHECK(error_field(refused) == "pin");
    auto page = shop.request("GET", "/products");
    CHECK(page.status == 303);
    CHECK(find_header(page.headers, "location") == "/pin?next=/products");

    // The role's idle time, then the staff member's own, win over the shop's.
    helm::testing::clock_offset_ms = 0;
    shop.sql("UPDATE roles SET idle_timeout_s = 600 WHERE key = 'owner'");
    shop.sign_in_staff(1);
    helm::testing::clock_offset_ms = 300'000;
    CHECK(session_of(shop)["staff"]["idle_timeout_s"] == 600);
    shop.sql("UPDATE staff SET idle_timeout_s = 30 WHERE id = 1");
    helm::testing::clock_offset_ms = 300'000 + 31'000;
    CHECK(session_of(shop)["staff"].is_null());

    // 12 hours after the PIN, however busy.
    helm::testing::clock_offset_ms = 0;
    shop.sql("UPDATE staff SET idle_timeout_s = 43200 WHERE id = 1");
    shop.sign_in_staff(1);
    helm::testing::clock_offset_ms = 6 * 3600'000;
    CHECK_FALSE(session_of(shop)["staff"].is_null());
    helm::testing::clock_offset_ms = 12 * 3600'000 + 1000;
    CHECK(session_of(shop)["staff"].is_null());
}

TEST_CASE("a disabled staff member's session dies at once") {
    TestShop shop;
    auto sam = shop.add_staff("Sam Sales", "sales");
    auto owner_device = shop.device_token();
    shop.sign_in_device("counter@test-shop.example");
    shop.sign_in_staff(sam);
    CHECK(session_of(shop)["staff"]["id"] == sam);
    // The owner disables Sam from the back office, through the API.
    auto disabled = shop.request("PATCH", "/api/staff/" + std::to_string(sam), R"({"disabled":true,"version":1})",
                                 {{"cookie", "__Host-helm_device=" + owner_device}});
    REQUIRE(disabled.status == 200);
    CHECK(session_of(shop)["staff"].is_null());
    CHECK(shop.request("GET", "/api/products").status == 401);
    CHECK(shop.integer("SELECT count(*) FROM device_sessions WHERE staff_id = ?1", {sam}) == 0);
    CHECK(pin(shop, sam, helm::testing::test_pin).status == 404);
}

TEST_CASE("a change sent from another site is refused (CSRF), and so is a cookie without the __Host- name") {
    TestShop shop;
    const std::string product = R"({"sku":"CSRF-1","name":"Bell","price_cents":1200})";
    for (const helm::Headers& cross : {helm::Headers{{"origin", "https://evil.example"}}, helm::Headers{{"origin", "null"}},
                                       helm::Headers{{"origin", ""}, {"sec-fetch-site", "cross-site"}}}) {
        auto r = shop.request("POST", "/api/products", product, cross);
        CHECK(r.status == 403);
        CHECK(error_field(r) == "origin");
    }
    auto form = shop.request("POST", "/products", "sku=CSRF-2&name=Bell&price=12.00",
                             {{"origin", "https://evil.example"}, {"content-type", "application/x-www-form-urlencoded"}});
    CHECK(form.status == 403);
    CHECK(shop.count("products") == 0);
    CHECK(shop.request("POST", "/api/products", product).status == 201);

    auto plain = shop.request("GET", "/api/products", "", {{"cookie", "helm_device=" + shop.device_token()}});
    CHECK(plain.status == 401);
    CHECK(error_field(plain) == "device");
    CHECK(shop.request("GET", "/api/products", "", {{"cookie", "__Host-helm_device=" + std::string(64, 'a')}}).status == 401);
}

TEST_CASE("device sessions: revoked and expired ones stop at once; an active one slides its 30 days") {
    TestShop shop;
    shop.sql("UPDATE device_sessions SET seen_at_ms = seen_at_ms - 7200000 WHERE id = ?1", {shop.device_id()});
    auto slid = shop.request("GET", "/api/session");
    const auto cookie = std::string(find_header(slid.headers, "set-cookie"));
    CHECK(cookie.rfind("__Host-helm_device=" + shop.device_token() + "; Max-Age=2592000; Path=/; Secure; HttpOnly; SameSite=Lax", 0) == 0);
    CHECK(shop.request("GET", "/api/session").headers.size() == slid.headers.size() - 1);  // once an hour, not every request

    auto devices = shop.request("GET", "/api/devices").json()["devices"];
    REQUIRE(devices.size() == 1);
    CHECK(devices[0]["current"] == true);
    shop.sign_in_device("owner@test-shop.example");  // a second device for the same person
    auto second = shop.device_id();
    CHECK(shop.request("DELETE", "/api/devices/" + std::to_string(second)).status == 401);  // no PIN on it yet
    shop.sign_in_staff(1);
    CHECK(shop.request("DELETE", "/api/devices/" + std::to_string(second)).status == 200);
    CHECK(shop.request("GET", "/api/session").status == 401);
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'device.revoke'") == 1);

    shop.sign_in_device("owner@test-shop.example");
    shop.sql("UPDATE device_sessions SET expires_at_ms = 1 WHERE id = ?1", {shop.device_id()});
    CHECK(shop.request("GET", "/api/session").status == 401);
}

TEST_CASE("the allowlist: owners add and remove addresses; removing one signs its devices out") {
    TestShop shop;
    auto added = shop.post_json("/api/allowlist", Json{{"email", "  Mechanic@Test-Shop.example "}});
    REQUIRE(added.status == 201);
    CHECK(added.json()["entry"]["email"] == "mechanic@test-shop.example");
    CHECK(shop.post_json("/api/allowlist", Json{{"email", "mechanic@test-shop.example"}}).status == 409);
    for (auto bad : {"", "no-at-sign", "@x", "a b@c.d", "<script>@x.y"})
        CHECK(error_field(shop.post_json("/api/allowlist", Json{{"email", bad}})) == "email");
    const auto owner_device = shop.device_token();
    auto id = added.json()["entry"]["id"].get<std::int64_t>();
    shop.sign_in_device("mechanic@test-shop.example");
    CHECK(shop.request("GET", "/api/session").status == 200);
    const helm::Headers as_owner = {{"cookie", "__Host-helm_device=" + owner_device}};
    CHECK(shop.request("DELETE", "/api/allowlist/" + std::to_string(id), "", as_owner).status == 200);
    CHECK(shop.request("GET", "/api/session").status == 401);
    // The owner may not remove the address this very device is signed in with.
    auto own = shop.request("DELETE", "/api/allowlist/1", "", as_owner);
    CHECK(own.status == 422);
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action IN ('allowlist.add', 'allowlist.remove')") == 2);
}

TEST_CASE("owner recovery needs the shop's secret, resets the owner's PIN and lock, rebinds the email, and is audited") {
    auto config = helm::testing::test_shop();
    config.recovery_secret = "correct horse battery staple, 32+ chars";
    TestShop shop(config);
    // Olive (the harness's owner) locks herself out.
    shop.sign_out_staff();
    for (int i = 0; i < 5; ++i) pin(shop, 1, "11112");
    CHECK(pin(shop, 1, helm::testing::test_pin).status == 429);
    shop.sql("UPDATE allowlist SET issuer = 'https://issuer.example', subject = 'old', bound_at_ms = 1 WHERE id = 1");

    const auto before = shop.count("audit_events");
    auto wrong = shop.post_json("/auth/recover", Json{{"secret", "guess"}, {"email", "owner@test-shop.example"},
                                                      {"display_name", "Olive Owner"}, {"pin", "70319"}});
    CHECK(wrong.status == 401);
    CHECK(shop.count("audit_events") == before);
    shop.sign_out_device();  // recovery needs no device: the owner may have none left
    auto done = shop.post_json("/auth/recover", Json{{"secret", config.recovery_secret}, {"email", "owner@test-shop.example"},
                                                     {"display_name", "olive owner"}, {"pin", "70319"}});
    REQUIRE(done.status == 200);
    CHECK(shop.count("staff") == 1);  // Olive again, not a second owner
    CHECK(shop.integer("SELECT count(*) FROM allowlist WHERE id = 1 AND issuer IS NULL") == 1);
    CHECK(shop.integer("SELECT count(*) FROM device_sessions WHERE revoked_at_ms IS NULL") == 0);
    auto event = shop.sql("SELECT actor, action FROM audit_events ORDER BY seq DESC LIMIT 1");
    CHECK(Row(event, 0).text("actor") == "recovery");
    CHECK(Row(event, 0).text("action") == "staff.recovery");
    shop.sign_in_device("owner@test-shop.example");
    CHECK(pin(shop, 1, "70319").status == 200);

    // A new shop's first owner comes the same way.
    auto first = shop.post_json("/auth/recover", Json{{"secret", config.recovery_secret}, {"email", "new@test-shop.example"},
                                                      {"display_name", "Nia New"}, {"pin", "70319"}});
    CHECK(first.status == 200);
    CHECK(shop.integer("SELECT count(*) FROM staff WHERE role_key = 'owner'") == 2);

    TestShop unset;  // no secret set: recovery is off
    CHECK(unset.post_json("/auth/recover", Json{{"secret", ""}}).status == 422);
}

TEST_CASE("names with SQL metacharacters and script tags are stored literally and shown escaped on the PIN pad") {
    TestShop shop;
    const std::string name = "<script>alert(1)</script>'); DROP TABLE staff;--";
    auto created = shop.post_json("/api/staff", Json{{"display_name", name}, {"role", "sales"}, {"pin", "70319"}});
    REQUIRE(created.status == 201);
    CHECK(shop.integer("SELECT count(*) FROM staff WHERE display_name = ?1", {name}) == 1);
    shop.sign_out_staff();
    auto page = shop.request("GET", "/pin");
    CHECK(page.status == 200);
    CHECK(page.body.find("<script>alert") == std::string::npos);
    CHECK(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;&#39;); DROP TABLE staff;--") != std::string::npos);
}

TEST_CASE("the callback shows a fixed message for the provider's error, never the text it was sent") {
    TestShop shop;
    shop.sign_out_device();
    auto declined = shop.request("GET", "/auth/callback?error=access_denied&error_description=Call%20555-0100%20to%20unlock");
    CHECK(declined.status == 401);
    CHECK(declined.body.find("You did not allow the sign-in") != std::string::npos);
    CHECK(declined.body.find("555-0100") == std::string::npos);
    auto planted = shop.request("GET", "/auth/callback?error=Your%20account%20is%20suspended%3A%20call%20555-0100");
    CHECK(planted.status == 401);
    CHECK(planted.body.find("suspended") == std::string::npos);
    CHECK(planted.body.find("555-0100") == std::string::npos);
    CHECK(planted.body.find("The sign-in provider did not sign you in") != std::string::npos);
}

namespace {

helm::Shop shop_with_issuer() {
    helm::Shop shop = helm::testing::test_shop();
    shop.oidc_issuer = "https://idp.test-shop.example";
    shop.oidc_client_id = "helm-test";
    shop.oidc_client_secret = "secret";
    return shop;
}

// Starts an anonymous sign-in and answers its outbound fetches as the issuer would,
// counting them; the rest runs on the native ports.
helm::testing::Reply start_sign_in(TestShop& shop, int& fetches) {
    auto p = shop.start("GET", "/auth/sign-in");
    const std::string discovery = helm::to_text(Json{{"issuer", "https://idp.test-shop.example"},
                                                     {"authorization_endpoint", "https://idp.test-shop.example/authorize"},
                                                     {"token_endpoint", "https://idp.test-shop.example/token"},
                                                     {"jwks_uri", "https://idp.test-shop.example/jwks"}});
    while (p.cx->channel.waiting()) {
        auto op = p.cx->channel.take_pending();
        if (std::holds_alternative<helm::op::Fetch>(op)) {
            ++fetches;
            p.cx->channel.complete(helm::Reply(helm::FetchResponse{200, {}, discovery}));
        } else {
            p.cx->channel.complete(shop.ports().perform(std::move(op)));
        }
        p.cx->channel.resume();
    }
    return shop.finish(p);
}

}  // namespace

TEST_CASE("anonymous sign-ins: the issuer's discovery is cached, pending attempts are capped and expire") {
    TestShop shop(shop_with_issuer());
    shop.sign_out_device();
    int fetches = 0;
    for (int i = 0; i < 3; ++i) {
        auto started = start_sign_in(shop, fetches);
        CHECK(started.status == 303);
        CHECK(find_header(started.headers, "location").rfind("https://idp.test-shop.example/authorize?", 0) == 0);
    }
    CHECK(fetches == 1);  // one discovery for three sign-ins
    helm::testing::clock_offset_ms = 61 * 60'000;
    CHECK(start_sign_in(shop, fetches).status == 303);
    CHECK(fetches == 2);  // an hour on, it is read again
    CHECK(shop.count("sign_in_attempts") == 1);  // the three older ones expired and went

    // A flood of anonymous starts fills the cap; past it nothing is written or fetched.
    for (int i = 0; i < 200; ++i) start_sign_in(shop, fetches);
    const auto pending = shop.count("sign_in_attempts");
    CHECK(pending <= 50);
    auto refused = start_sign_in(shop, fetches);
    CHECK(refused.status == 429);
    CHECK(shop.count("sign_in_attempts") == pending);
    CHECK(fetches == 2);
    // Ten minutes on, they have expired and sign-in works again.
    helm::testing::clock_offset_ms += 11 * 60'000;
    CHECK(start_sign_in(shop, fetches).status == 303);
    CHECK(shop.count("sign_in_attempts") == 1);
}
