// Settings -> Staff, as a browser uses it: forms posted urlencoded, 303 back with a
// notice, a refused form back with its error; what it writes checked in the database
// and through the API the screens share their writes with.
#include <regex>

#include "harness.hpp"

using helm::Json;
using helm::Row;
using helm::testing::Reply;
using helm::testing::TestShop;

namespace {

Reply post_form(TestShop& shop, std::string target, std::string body) {
    return shop.request("POST", std::move(target), std::move(body), {{"content-type", "application/x-www-form-urlencoded"}});
}

// The opening tag of the element with this id, or "" when there is none.
std::string tag_of(const std::string& html, std::string_view id) {
    const auto at = html.find("id=\"" + std::string(id) + "\"");
    if (at == std::string::npos) return "";
    const auto open = html.rfind('<', at);
    return html.substr(open, html.find('>', at) - open + 1);
}

bool marked_invalid(const std::string& html, std::string_view id) {
    return tag_of(html, id).find("aria-invalid=\"true\"") != std::string::npos;
}

std::ptrdiff_t matches(const std::string& html, const char* pattern) {
    const std::regex re(pattern);
    return std::distance(std::sregex_iterator(html.begin(), html.end(), re), std::sregex_iterator());
}

std::string location(const Reply& r) { return std::string(helm::find_header(r.headers, "location")); }

// The permission as the API resolves it: {allowed, source}.
std::pair<bool, std::string> permission(TestShop& shop, std::int64_t id, std::string_view key) {
    const Json answer = shop.request("GET", "/api/staff/" + std::to_string(id)).json();
    for (const auto& p : answer["permissions"])
        if (p["key"] == key) return {p["allowed"].get<bool>(), p["source"].get<std::string>()};
    FAIL("no permission " << key);
    return {};
}

// The whole matrix as the page sends it: every row, at its role default unless chosen.
std::string matrix(TestShop& shop, const std::map<std::string, std::string>& chosen) {
    std::string body;
    for (auto& row : shop.sql("SELECT key FROM permissions ORDER BY key").rows) {
        const auto key = std::get<std::string>(row[0]);
        const auto it = chosen.find(key);
        body += (body.empty() ? "" : "&") + key + "=" + (it == chosen.end() ? "role" : it->second);
    }
    return body;
}

Json last_event(TestShop& shop) { return shop.request("GET", "/api/audit?entity=staff").json()["events"][0]; }

}  // namespace

TEST_CASE("the staff list shows every member escaped, with a link to their page, and a form to add one") {
    TestShop shop;
    const auto id = shop.add_staff("<script>x</script>", "mechanic");
    shop.sql("UPDATE staff SET disabled = 1, idle_timeout_s = 300 WHERE id = ?1", {id});
    auto page = shop.request("GET", "/settings/staff");
    REQUIRE(page.status == 200);
    CHECK(page.body.find("<script>x</script>") == std::string::npos);
    CHECK(page.body.find("<a href=\"/settings/staff/" + std::to_string(id) + "\">&lt;script&gt;x&lt;/script&gt;</a>") != std::string::npos);
    CHECK(page.body.find("<td>Mechanic</td><td>Disabled</td><td>5 min</td>") != std::string::npos);
    CHECK(page.body.find("<td>Owner</td><td>Active</td><td>1 min (default)</td>") != std::string::npos);  // the shop's 60 s
    // The roles, by rank, as the select offers them.
    std::string offered;
    const std::regex option("<option value=\"([a-z_]+)\"");
    for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), option); it != std::sregex_iterator(); ++it)
        offered += (*it)[1].str() + " ";
    CHECK(offered == "sys_admin owner service_lead mechanic sales junior ");
    CHECK(tag_of(page.body, "add-pin").find("type=\"password\"") != std::string::npos);
    CHECK(tag_of(page.body, "add-pin").find("maxlength=\"5\"") != std::string::npos);

    auto member = shop.request("GET", "/settings/staff/" + std::to_string(id));
    REQUIRE(member.status == 200);
    CHECK(member.body.find("<script>x</script>") == std::string::npos);
    CHECK(member.body.find("&lt;script&gt;x&lt;/script&gt;") != std::string::npos);
    CHECK(shop.request("GET", "/settings/staff/999").status == 404);
}

TEST_CASE("every input on the staff screens has its label, and every permission row its legend") {
    TestShop shop;
    const auto id = shop.add_staff("Robin", "sales");
    for (std::string path : {std::string("/settings/staff"), "/settings/staff/" + std::to_string(id)}) {
        CAPTURE(path);
        auto page = shop.request("GET", path);
        REQUIRE(page.status == 200);
        const std::regex control("<(input|select)([^>]*)>");
        int labelled = 0;
        for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), control); it != std::sregex_iterator(); ++it) {
            const std::string attrs = (*it)[2].str();
            if (attrs.find("type=\"hidden\"") != std::string::npos) continue;
            std::smatch id_attr;
            REQUIRE_MESSAGE(std::regex_search(attrs, id_attr, std::regex("id=\"([^\"]+)\"")), attrs);
            CHECK_MESSAGE(page.body.find("<label for=\"" + id_attr[1].str() + "\">") != std::string::npos, attrs);
            ++labelled;
        }
        CHECK(labelled >= 3);
        const auto fieldsets = matches(page.body, "<fieldset");
        const auto legends = matches(page.body, "<fieldset[^>]*><legend>");
        CHECK(fieldsets == legends);
        if (path != "/settings/staff") CHECK(fieldsets == shop.count("permissions"));
    }
}

TEST_CASE("adding a staff member through the form creates them with their audit event and opens their page") {
    TestShop shop;
    auto added = post_form(shop, "/settings/staff", "display_name=+Robin+Rider+&role=mechanic&pin=48213");
    REQUIRE(added.status == 303);
    const auto id = shop.integer("SELECT id FROM staff WHERE display_name = 'Robin Rider' AND role_key = 'mechanic'");
    CHECK(location(added) == "/settings/staff/" + std::to_string(id) + "?done=added");
    auto event = last_event(shop);
    CHECK(event["action"] == "staff.create");
    CHECK(event["entity_id"] == std::to_string(id));
    CHECK(event["after"]["display_name"] == "Robin Rider");
    CHECK(event.dump().find("48213") == std::string::npos);
    auto page = shop.request("GET", location(added));
    CHECK(page.body.find("<p class=\"notice\" role=\"status\">Added Robin Rider.") != std::string::npos);
    CHECK(page.body.find("48213") == std::string::npos);
    // The new PIN is the one that was typed.
    CHECK(shop.post_json("/api/pin", Json{{"staff_id", id}, {"pin", "48213"}}).status == 200);
}

TEST_CASE("a refused add comes back with status 400, the field at fault marked, what was typed kept, and nothing written") {
    TestShop shop;
    const auto audit_before = shop.count("audit_events");
    auto bad_pin = post_form(shop, "/settings/staff", "display_name=%3Cb%3ERobin&role=sales&pin=12345");
    CHECK(bad_pin.status == 400);
    CHECK(bad_pin.body.find("role=\"alert\">that PIN is among the first a thief would try") != std::string::npos);
    CHECK(marked_invalid(bad_pin.body, "add-pin"));
    CHECK_FALSE(marked_invalid(bad_pin.body, "add-name"));
    CHECK(tag_of(bad_pin.body, "add-name").find("value=\"&lt;b&gt;Robin\"") != std::string::npos);
    CHECK(bad_pin.body.find("12345") == std::string::npos);  // a PIN never comes back
    CHECK(bad_pin.body.find("<option value=\"sales\" selected>") != std::string::npos);

    auto bad_role = post_form(shop, "/settings/staff", "display_name=Robin&role=wizard&pin=48213");
    CHECK(bad_role.status == 400);
    CHECK(marked_invalid(bad_role.body, "add-role"));
    CHECK_FALSE(marked_invalid(bad_role.body, "add-pin"));
    auto no_name = post_form(shop, "/settings/staff", "display_name=++&role=sales&pin=48213");
    CHECK(no_name.status == 400);
    CHECK(marked_invalid(no_name.body, "add-name"));

    CHECK(shop.count("staff") == 1);  // the harness's owner only
    CHECK(shop.count("audit_events") == audit_before);
}

TEST_CASE("the member form changes the role, disables and sets the idle time; a stale version gets 409 and the message") {
    TestShop shop;
    const auto id = shop.add_staff("Lee", "sales");
    const auto path = "/settings/staff/" + std::to_string(id);
    // A ticked checkbox sends its 1 after the hidden 0, as a browser does.
    auto saved = post_form(shop, path, "display_name=Lee&role=mechanic&disabled=0&disabled=1&idle_timeout_s=90&version=1");
    REQUIRE(saved.status == 303);
    CHECK(location(saved) == path + "?done=saved");
    auto row = shop.sql("SELECT role_key, disabled, idle_timeout_s, version FROM staff WHERE id = ?1", {id});
    CHECK(Row(row, 0).text("role_key") == "mechanic");
    CHECK(Row(row, 0).integer("disabled") == 1);
    CHECK(Row(row, 0).integer("idle_timeout_s") == 90);
    CHECK(Row(row, 0).integer("version") == 2);
    CHECK(last_event(shop)["action"] == "staff.update");
    auto page = shop.request("GET", path + "?done=saved");
    CHECK(page.body.find("role=\"status\">Saved.</p>") != std::string::npos);
    CHECK(tag_of(page.body, "member-disabled").find(" checked") != std::string::npos);
    CHECK(page.body.find("<option value=\"mechanic\" selected>") != std::string::npos);

    const auto events = shop.count("audit_events");
    auto stale = post_form(shop, path, "display_name=Lee&role=junior&disabled=0&idle_timeout_s=&version=1");
    CHECK(stale.status == 409);
    CHECK(stale.body.find("role=\"alert\">staff member " + std::to_string(id) + " was changed by someone else; reload") !=
          std::string::npos);
    // It shows what is stored now, with the version to make the change over.
    CHECK(stale.body.find("<input type=\"hidden\" name=\"version\" value=\"2\">") != std::string::npos);
    CHECK(stale.body.find("<option value=\"mechanic\" selected>") != std::string::npos);
    CHECK(shop.integer("SELECT version FROM staff WHERE id = ?1", {id}) == 2);
    CHECK(shop.count("audit_events") == events);

    // Unticked: only the hidden 0 comes; a blank idle time goes back to the default.
    REQUIRE(post_form(shop, path, "display_name=Lee&role=junior&disabled=0&idle_timeout_s=&version=2").status == 303);
    row = shop.sql("SELECT role_key, disabled, idle_timeout_s FROM staff WHERE id = ?1", {id});
    CHECK(Row(row, 0).text("role_key") == "junior");
    CHECK(Row(row, 0).integer("disabled") == 0);
    CHECK(Row(row, 0).is_null("idle_timeout_s"));

    auto bad_idle = post_form(shop, path, "display_name=Lee&role=junior&disabled=0&idle_timeout_s=5&version=3");
    CHECK(bad_idle.status == 400);
    CHECK(marked_invalid(bad_idle.body, "member-idle"));
    CHECK(tag_of(bad_idle.body, "member-idle").find("value=\"5\"") != std::string::npos);
    CHECK(post_form(shop, path, "display_name=Lee&role=junior&idle_timeout_s=soon&version=3").status == 400);
    CHECK(shop.integer("SELECT version FROM staff WHERE id = ?1", {id}) == 3);
}

TEST_CASE("the PIN form resets the PIN, audited without it; a weak one is refused on the field") {
    TestShop shop;
    const auto id = shop.add_staff("Kim", "sales");
    const auto path = "/settings/staff/" + std::to_string(id);
    const auto hash = [&] {
        const auto stored = shop.sql("SELECT pin_hash FROM staff WHERE id = ?1", {id});
        return Row(stored, 0).text("pin_hash");
    };
    const auto before = hash();
    auto weak = post_form(shop, path + "/pin", "pin=22222");
    CHECK(weak.status == 400);
    CHECK(marked_invalid(weak.body, "member-pin"));
    CHECK(hash() == before);
    auto reset = post_form(shop, path + "/pin", "pin=70319");
    REQUIRE(reset.status == 303);
    CHECK(location(reset) == path + "?done=pin");
    CHECK(hash() != before);
    auto event = last_event(shop);
    CHECK(event["action"] == "staff.pin_reset");
    CHECK(event.dump().find("70319") == std::string::npos);
    CHECK(shop.post_json("/api/pin", Json{{"staff_id", id}, {"pin", "70319"}}).status == 200);
}

TEST_CASE("the permission matrix saves allow, deny and role default, and shows what is in force and why") {
    TestShop shop;
    const auto id = shop.add_staff("Jo", "junior");
    const auto path = "/settings/staff/" + std::to_string(id);
    auto page = shop.request("GET", path);
    REQUIRE(page.status == 200);
    // Screens first, then actions.
    const auto screens = page.body.find("<h3>Screens</h3>"), actions = page.body.find("<h3>Actions</h3>");
    REQUIRE(screens != std::string::npos);
    REQUIRE(actions != std::string::npos);
    CHECK(screens < page.body.find("id=\"perm-screen.customers-role\""));
    CHECK(page.body.find("id=\"perm-screen.customers-role\"") < actions);
    CHECK(actions < page.body.find("id=\"perm-action.staff_manage-role\""));
    CHECK(page.body.find("screen.customers</") == std::string::npos);  // a person reads words, not keys
    CHECK(tag_of(page.body, "perm-screen.reports-role").find(" checked") != std::string::npos);
    CHECK(page.body.find("<label for=\"perm-screen.reports-role\">Role default (no)</label>") != std::string::npos);
    CHECK(page.body.find("<label for=\"perm-screen.sales-role\">Role default (yes)</label>") != std::string::npos);

    auto saved = post_form(shop, path + "/permissions", matrix(shop, {{"screen.reports", "allow"}, {"screen.sales", "deny"}}));
    REQUIRE(saved.status == 303);
    CHECK(location(saved) == path + "?done=permissions");
    CHECK(permission(shop, id, "screen.reports") == std::make_pair(true, std::string("staff")));
    CHECK(permission(shop, id, "screen.sales") == std::make_pair(false, std::string("staff")));
    CHECK(permission(shop, id, "screen.customers") == std::make_pair(true, std::string("role")));
    CHECK(permission(shop, id, "action.refund") == std::make_pair(false, std::string("role")));
    auto event = last_event(shop);
    CHECK(event["action"] == "staff.permissions");
    CHECK(event["before"] == Json::object());
    CHECK(event["after"] == Json{{"screen.reports", true}, {"screen.sales", false}});

    page = shop.request("GET", path);
    CHECK(tag_of(page.body, "perm-screen.reports-allow").find(" checked") != std::string::npos);
    CHECK(tag_of(page.body, "perm-screen.sales-deny").find(" checked") != std::string::npos);
    CHECK(tag_of(page.body, "perm-screen.customers-role").find(" checked") != std::string::npos);
    CHECK(page.body.find("<legend>Reports</legend>") != std::string::npos);

    // Back to the role for one row; the other stays.
    REQUIRE(post_form(shop, path + "/permissions", matrix(shop, {{"screen.reports", "allow"}})).status == 303);
    CHECK(permission(shop, id, "screen.sales") == std::make_pair(true, std::string("role")));
    CHECK(permission(shop, id, "screen.reports") == std::make_pair(true, std::string("staff")));

    const auto events = shop.count("audit_events");
    auto bad = post_form(shop, path + "/permissions", matrix(shop, {{"screen.reports", "maybe"}}));
    CHECK(bad.status == 400);
    CHECK(bad.body.find("role=\"alert\">screen.reports is role, allow or deny") != std::string::npos);
    CHECK(marked_invalid(bad.body, "perm-screen.reports-allow"));
    CHECK(post_form(shop, path + "/permissions", "screen.nowhere=allow").status == 400);
    CHECK(shop.count("audit_events") == events);
    CHECK(permission(shop, id, "screen.reports") == std::make_pair(true, std::string("staff")));
}

TEST_CASE("reset to role defaults clears every own answer of that member, audited") {
    TestShop shop;
    const auto id = shop.add_staff("Ash", "mechanic");
    const auto other = shop.add_staff("Bo", "mechanic");
    const auto path = "/settings/staff/" + std::to_string(id);
    REQUIRE(post_form(shop, path + "/permissions", matrix(shop, {{"screen.reports", "allow"}, {"screen.service", "deny"}})).status == 303);
    REQUIRE(post_form(shop, "/settings/staff/" + std::to_string(other) + "/permissions", matrix(shop, {{"screen.sales", "allow"}})).status == 303);
    auto reset = post_form(shop, path + "/permissions/reset", "");
    REQUIRE(reset.status == 303);
    CHECK(location(reset) == path + "?done=reset");
    CHECK(shop.integer("SELECT count(*) FROM staff_screen_permissions WHERE staff_id = ?1", {id}) == 0);
    CHECK(shop.integer("SELECT count(*) FROM staff_screen_permissions WHERE staff_id = ?1", {other}) == 1);
    CHECK(permission(shop, id, "screen.reports") == std::make_pair(false, std::string("role")));
    CHECK(permission(shop, id, "screen.service") == std::make_pair(true, std::string("role")));
    auto event = last_event(shop);
    CHECK(event["action"] == "staff.permissions");
    CHECK(event["entity_id"] == std::to_string(id));
    CHECK(event["before"] == Json{{"screen.reports", true}, {"screen.service", false}});
    CHECK(event["after"] == Json::object());
    CHECK(shop.request("GET", path + "?done=reset").body.find("Permissions are back to the role&#39;s defaults.") != std::string::npos);
    CHECK(post_form(shop, "/settings/staff/999/permissions/reset", "").status == 404);
}
