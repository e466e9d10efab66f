// A generated sweep of bad input over every route of every module's table, sent as the
// owner so that the handlers, not the gate, see it: path ids, query values, malformed
// bodies and, field by field, bad values in an otherwise plausible body. Every answer is
// below 500; every refusal is JSON naming a field, with a message that names no input
// value, and writes nothing. Then the rules behind it, one case each.
#include <functional>
#include <set>

#include "harness.hpp"
#include "route_paths.hpp"

using helm::Json;
using helm::Row;
using helm::testing::Reply;
using helm::testing::TestShop;

namespace {

// A text no message may repeat: it stands for whatever a person or a program typed.
constexpr std::string_view marker = "Zq7Sweep";

const helm::Headers json_type = {{"content-type", "application/json"}};
const helm::Headers json_accept = {{"accept", "application/json"}};

bool is_api(std::string_view path) { return path.rfind("/api/", 0) == 0; }

Json error_of(const Reply& r) {
    auto j = r.json();
    return j.is_object() && j.contains("error") && j["error"].is_object() ? j["error"] : Json::object();
}

// Every table's rows, hashed: what "wrote nothing" means. The gate's own bookkeeping
// (device sessions, PIN tries) is not shop data.
class Snapshot {
public:
    explicit Snapshot(TestShop& shop) : shop_(shop) {
        auto tables = shop.sql("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                               "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT IN ('device_sessions', 'pin_attempts') ORDER BY name");
        for (std::size_t i = 0; i < tables.rows.size(); ++i) tables_.push_back(Row(tables, i).text("name"));
    }
    // Cheap when nothing changed since the last look: SQLite's own count of changed rows.
    std::size_t now() {
        const auto changes = shop_.integer("SELECT total_changes() AS n");
        if (changes != changes_) {
            hash_ = full();
            changes_ = shop_.integer("SELECT total_changes() AS n");
        }
        return hash_;
    }

private:
    std::size_t full() {
        std::string all;
        for (const auto& table : tables_) {
            all += table + "\n";
            auto rows = shop_.sql("SELECT * FROM \"" + table + "\"");
            for (const auto& row : rows.rows)
                for (const auto& v : row) {
                    if (auto* n = std::get_if<std::int64_t>(&v)) all += "i" + std::to_string(*n);
                    else if (auto* d = std::get_if<double>(&v)) all += "d" + std::to_string(*d);
                    else if (auto* s = std::get_if<std::string>(&v)) all += "s" + std::to_string(s->size()) + ":" + *s;
                    else if (auto* b = std::get_if<helm::Blob>(&v)) all += "b" + std::string(b->begin(), b->end());
                    else all += "n";
                }
        }
        return std::hash<std::string>{}(all);
    }
    TestShop& shop_;
    std::vector<std::string> tables_;
    std::int64_t changes_ = -1;
    std::size_t hash_ = 0;
};

// A first guess at a field's value from its name, to get a body past its required fields.
Json guess(const std::string& name) {
    auto ends = [&](std::string_view tail) { return name.size() >= tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0; };
    if (name == "pin") return "70319";
    if (name == "email") return "sweep@test-shop.example";
    if (name == "role") return "sales";
    if (name == "idempotency_key") return "sweep-key-0001";
    if (ends("date") || name == "valid_from") return "2026-03-02";
    if (ends("_id") || ends("_cents") || ends("_ppm") || ends("_hour") || name == "version" || name == "quantity" || name == "counted" ||
        name == "minutes" || name == "year" || name.rfind("keep_", 0) == 0)
        return 1;
    if (name == "lines" || name == "payments" || name == "returns" || name == "serials" || name == "barcodes" || name == "vendors") return Json::array();
    if (name == "overrides") return Json::object();
    return "sweep";
}

// The value a refusal's message asks for, when it says the type.
std::optional<Json> retyped(const std::string& message) {
    if (message.find("must be a string") != std::string::npos) return Json("sweep");
    if (message.find("whole number") != std::string::npos || message.find("must be an id") != std::string::npos) return Json(1);
    if (message.find("true or false") != std::string::npos) return Json(true);
    if (message.find("must be a list") != std::string::npos) return Json::array();
    if (message.find("object") != std::string::npos) return Json::object();
    return std::nullopt;
}

// Values no field should take, as JSON text (some are not what nlohmann would write).
std::vector<std::string> bad_values() {
    std::string deep;
    for (int i = 0; i < 200; ++i) deep += "[";
    for (int i = 0; i < 200; ++i) deep += "]";
    return {"9007199254740992",
            "-9007199254740992",
            "9223372036854775807",
            "-9223372036854775808",
            "18446744073709551616",
            "1e308",
            "-0.5",
            "0",
            "-1",
            "\"\"",
            "\"\\u0000\"",
            "\"" + std::string(marker) + "\\u0001\"",
            "\"\\ud800\"",
            "\"\\u202e" + std::string(marker) + "\"",
            "\"" + std::string(70'000, 'x') + "\"",
            "\"" + std::string(marker) + "\"",
            "null",
            "true",
            "[]",
            "{}",
            deep};
}

// Bodies that are not a JSON object of known fields.
std::vector<std::string> malformed_bodies() {
    std::string deep;
    for (int i = 0; i < 5000; ++i) deep += "{\"a\":";
    return {"{", "[]", "null", "\"" + std::string(marker) + "\"", "42", "{\"sweep_unknown\":1}", "{\"a\":1,\"a\":2}",
            "\xff\xfe{}", deep, "{\"" + std::string(3000, 'k') + "\":1}", "{\"" + std::string(marker) + "\\u0001\":1}",
            std::string(helm::max_body_bytes + 1, ' ')};
}

// Every query name a handler reads (grep query_value and query_number in src/).
const std::vector<std::string> query_names = {
    "actor", "added", "before", "bike", "built", "code", "customer", "customer_id", "customer_q", "date", "days", "done",
    "dry_run", "entity", "entity_id", "error", "from", "key", "limit", "login_hint", "moved", "next", "number", "product",
    "q", "receive", "register", "register_id", "removed", "revoked", "serial", "staff", "state", "unit_for", "version"};

const std::vector<std::string> bad_query_values = {
    "%00", "%01", std::string(marker) + "%07", "%FF%FE", "9007199254740993", "-9223372036854775809", "%22*%22", "NEAR(a", "%E2%80%AE" + std::string(marker),
    "1.5", std::string(5000, 'q')};

const std::vector<std::string> bad_path_values = {"0", "-1", "9007199254740992", "99999999999999999999", "1e3", std::string(marker),
                                                  "%00", "%01x", "%FF", "%E2%80%AE1", std::string(3000, '7')};

struct Sweep {
    TestShop& shop;
    Snapshot snapshot;
    std::int64_t owner;
    std::size_t requests = 0;

    explicit Sweep(TestShop& s) : shop(s), snapshot(s), owner(s.integer("SELECT min(id) FROM staff")) {}

    // One request, checked: below 500; a refusal is JSON with a field, names no value and
    // wrote nothing.
    Reply ask(const std::string& method, const std::string& target, const std::string& body, const helm::Headers& headers) {
        CAPTURE(method);
        CAPTURE(target.substr(0, 200));
        CAPTURE(body.substr(0, 200));
        const auto before = snapshot.now();
        const auto logged = shop.logs.size();
        auto reply = shop.request(method, target, body, headers);
        ++requests;
        CHECK(reply.status < 500);
        // A screen that shows its own refusal on its form answers that page; every error the
        // app renders, and every API answer, is JSON naming the field.
        const bool page = !is_api(target) && target != "/auth/recover" && find_header(reply.headers, "content-type").find("text/html") == 0;
        if (reply.status >= 400 && !page) {
            const Json error = error_of(reply);
            CHECK_MESSAGE(error.contains("code"), reply.body.substr(0, 300));
            CHECK_MESSAGE(error.value("field", "") != "", reply.body.substr(0, 300));
            CHECK_MESSAGE(error.value("message", "").find(marker) == std::string::npos, reply.body.substr(0, 300));
        }
        if (reply.status >= 400) {
            for (std::size_t i = logged; i < shop.logs.size(); ++i) {
                const Json line = Json::parse(shop.logs[i], nullptr, false);
                if (line.is_object() && line.contains("error"))
                    CHECK_MESSAGE(line["error"].value("message", "").find(marker) == std::string::npos, shop.logs[i].substr(0, 300));
            }
            // A PIN try is the gate's bookkeeping; everything else must stand still.
            if (target.rfind("/api/pin", 0) != 0) CHECK(snapshot.now() == before);
        }
        // A route that signs the owner out (or a refused PIN) must not spoil the next request.
        if (shop.integer("SELECT count(*) FROM device_sessions WHERE id = ?1 AND staff_id = ?2", {shop.device_id(), owner}) == 0) {
            shop.sign_in_device("owner@test-shop.example");
            shop.sign_in_staff(owner);
        }
        return reply;
    }

    // A body that gets as far as the handler lets it: add each field a refusal names as
    // required, with a value guessed from its name or from the type the refusal asks for.
    Json seed(const std::string& method, const std::string& path) {
        Json body = Json::object();
        for (int step = 0; step < 12; ++step) {
            auto reply = ask(method, path, helm::to_text(body), json_type);
            if (reply.status != 400) break;
            const Json error = error_of(reply);
            const std::string field = error.value("field", "");
            if (field.empty() || field == "body" || field.find_first_of("[.") != std::string::npos) break;
            if (!body.contains(field)) {
                body[field] = guess(field);
                continue;
            }
            auto wanted = retyped(error.value("message", ""));
            if (!wanted || *wanted == body[field]) break;
            body[field] = *wanted;
        }
        return body;
    }
};

// Routes whose body is not JSON (CSV) and so has no fields to name.
bool takes_json_body(const helm::Route& route) {
    return is_api(route.pattern) && route.pattern != "/api/catalog/import" && route.access != helm::access::operator_token;
}

}  // namespace

TEST_CASE("a generated sweep of bad input over every route gets 4xx answers naming a field, never a value, and writes nothing") {
    TestShop shop;
    // One of each thing the routes' ":id" can name as 1, so handlers read the body past
    // their lookups.
    CHECK(shop.post_json("/api/products", Json{{"sku", "SWEEP-1"}, {"name", "Sweep chain"}, {"price_cents", 2500}}).status == 201);
    CHECK(shop.post_json("/api/customers", Json{{"name", "Sam Sweep"}}).status == 201);
    CHECK(shop.post_json("/api/customers/1/bikes", Json{{"make", "Kona"}}).status == 201);
    CHECK(shop.post_json("/api/work-orders", Json{{"customer_id", 1}, {"problem", "creaks"}}).status == 201);
    CHECK(shop.post_json("/api/counts", Json::object()).status == 201);
    CHECK(shop.post_json("/api/drawers", Json{{"float_cents", 10000}}).status == 201);
    Sweep sweep(shop);
    const auto values = bad_values();
    std::size_t routes = 0;
    for (const auto& route : shop.app().routes()) {
        const std::string method(route.method);
        const std::string pattern(route.pattern);
        CAPTURE(pattern);
        // A program's request gets JSON errors whatever the path: the pages' too.
        const helm::Headers headers = method == "GET" ? json_accept : json_type;
        const std::string blank_body = method == "GET" ? "" : "{}";
        if (method != "GET" && !is_api(pattern) && pattern != "/auth/recover") continue;  // forms: their own tests
        ++routes;

        if (pattern.find(':') != std::string::npos)
            for (const auto& v : bad_path_values) sweep.ask(method, concrete_path(pattern, v), blank_body, headers);

        if (method == "GET") {
            for (const auto& v : bad_query_values) {
                std::string all;
                for (const auto& name : query_names) all += (all.empty() ? "?" : "&") + name + "=" + v;
                sweep.ask(method, concrete_path(pattern) + all, "", headers);
            }
            // One name at a time for the values most likely to reach SQL.
            for (const auto& name : query_names)
                for (const std::string v : {"%00", "9007199254740993"}) sweep.ask(method, concrete_path(pattern) + "?" + name + "=" + v, "", headers);
            continue;
        }

        const std::string path = concrete_path(pattern);
        for (const auto& body : malformed_bodies()) {
            auto reply = sweep.ask(method, path, body, headers);
            if (takes_json_body(route) && reply.status != 401 && reply.status != 403) {
                CHECK_MESSAGE(reply.status >= 400, body.substr(0, 100));
                if (body == "{\"sweep_unknown\":1}" && reply.status != 404) CHECK(error_of(reply).value("field", "") == "sweep_unknown");
            }
        }
        if (!takes_json_body(route)) continue;
        const Json seed = sweep.seed(method, path);
        CAPTURE(helm::to_text(seed));
        for (const auto& [key, _] : seed.items()) {
            for (const auto& v : values) {
                Json others = seed;
                others.erase(key);
                std::string body = helm::to_text(others);
                body = body.size() > 2 ? body.substr(0, body.size() - 1) + ",\"" + key + "\":" + v + "}" : "{\"" + key + "\":" + v + "}";
                sweep.ask(method, path, body, headers);
                if (seed[key].is_array()) {
                    body = helm::to_text(others);
                    body = body.size() > 2 ? body.substr(0, body.size() - 1) + "," : "{";
                    sweep.ask(method, path, body + "\"" + key + "\":[" + v + "]}", headers);
                    sweep.ask(method, path, body + "\"" + key + "\":[{\"product_id\":" + v + ",\"quantity\":" + v + "}]}", headers);
                }
            }
        }
    }
    MESSAGE("swept " << routes << " routes with " << sweep.requests << " requests");
    CHECK(routes > 100);
}

TEST_CASE("an id beyond 2^53 in a body is a 400 naming its field, not a 500, and writes nothing") {
    TestShop shop;
    const auto events = shop.count("audit_events");
    auto pin = shop.post_json("/api/pin", Json::parse(R"({"staff_id": 9007199254740993, "pin": "70319"})"));
    CHECK(pin.status == 400);
    CHECK(error_of(pin)["field"] == "staff_id");
    auto sale = shop.request("POST", "/api/sales/quote", R"({"lines":[{"product_id":9007199254740993,"quantity":1}]})", json_type);
    CHECK(sale.status == 400);
    CHECK(error_of(sale)["field"] == "lines[0].product_id");
    auto quantity = shop.request("POST", "/api/sales/quote", R"({"lines":[{"product_id":1,"quantity":9007199254740993}]})", json_type);
    CHECK(quantity.status == 400);
    auto ticket = shop.request("POST", "/api/work-orders", R"({"customer_id":18446744073709551615})", json_type);
    CHECK(ticket.status == 400);
    CHECK(error_of(ticket)["field"] == "customer_id");
    CHECK(shop.count("audit_events") == events);
}

TEST_CASE("a search with control characters is a 400 naming q, not a database error") {
    TestShop shop;
    for (const std::string target : {"/api/products?q=a%00b", "/api/customers?q=%00", "/api/products?q=x%01", "/api/customers?q=%FF%FE"}) {
        CAPTURE(target);
        auto reply = shop.request("GET", target);
        CHECK(reply.status == 400);
        CHECK(error_of(reply)["field"] == "q");
    }
    CHECK(shop.request("GET", "/api/products?q=chain").status == 200);
}

TEST_CASE("a JSON request gets a JSON error whatever its path; the router's 404 and 405 name the path or the method") {
    TestShop shop;
    shop.sign_out_device();
    auto recover = shop.request("POST", "/auth/recover", R"({"secret":"wrong"})", json_type);
    CHECK(recover.status >= 400);
    CHECK(recover.status < 500);
    CHECK(find_header(recover.headers, "content-type").find("application/json") == 0);
    CHECK(error_of(recover).value("field", "") != "");
    auto asked = shop.request("GET", "/no/such/page", "", json_accept);
    CHECK(asked.status == 404);
    CHECK(error_of(asked)["field"] == "path");
    auto method = shop.request("DELETE", "/api/health");
    CHECK(method.status == 405);
    CHECK(error_of(method)["field"] == "method");
    // A person's browser still gets a page.
    auto page = shop.request("GET", "/no/such/page", "", {{"accept", "text/html,application/xhtml+xml,*/*;q=0.8"}});
    CHECK(page.status == 404);
    CHECK(find_header(page.headers, "content-type").find("text/html") == 0);
}

TEST_CASE("every JSON route refuses an unknown field and a malformed body with a 400 naming it, and acts on neither") {
    TestShop shop;
    auto extra = shop.post_json("/api/pin", Json{{"staff_id", 1}, {"pin", "70319"}, {"remember", true}});
    CHECK(extra.status == 400);
    CHECK(error_of(extra)["field"] == "remember");
    auto twice = shop.request("POST", "/api/allowlist", R"({"email":"a@test-shop.example","email":"b@test-shop.example"})", json_type);
    CHECK(twice.status == 400);
    CHECK(error_of(twice)["field"] == "email");
    CHECK(shop.integer("SELECT count(*) FROM allowlist WHERE email LIKE '_@test-shop.example'") == 0);
    auto broken = shop.request("POST", "/api/pin/sign-out", "{", json_type);
    CHECK(broken.status == 400);
    CHECK(error_of(broken)["field"] == "body");
    CHECK(shop.request("GET", "/api/session").json()["staff"].is_object());  // still signed in
    auto unknown = shop.request("POST", "/api/counts/1/cancel", R"({"force":true})", json_type);
    CHECK(unknown.status == 400);
    CHECK(error_of(unknown)["field"] == "force");
    CHECK(shop.request("POST", "/api/pin/sign-out", "", json_type).status == 200);  // no body is no fields
}

TEST_CASE("a mechanic's day of a staff member who does not exist is a 404 naming the id") {
    TestShop shop;
    auto missing = shop.request("GET", "/api/mechanics/4242/day");
    CHECK(missing.status == 404);
    CHECK(error_of(missing)["field"] == "id");
    CHECK(shop.request("GET", "/api/mechanics/1/day").status == 200);
}

TEST_CASE("a refusal's message names the field and the rule, never the value sent") {
    TestShop shop;
    const std::string secret = "Zq7Sweep-4111";
    for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
             {"GET", "/api/barcodes/" + secret}, {"GET", "/" + secret}, {"POST", "/api/products/" + secret + "/adjust"}}) {
        CAPTURE(target);
        auto reply = shop.request(method, target, method == "GET" ? "" : "{}", json_type);
        CHECK(reply.status >= 400);
        CHECK(error_of(reply).value("message", "").find(secret) == std::string::npos);
        const Json line = Json::parse(shop.logs.back(), nullptr, false);
        REQUIRE(line.contains("error"));
        CHECK(line["error"].value("message", "").find(secret) == std::string::npos);
    }
}
