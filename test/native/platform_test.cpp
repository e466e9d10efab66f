// The runtime under the core: coroutines, the router, the request log line, the money
// and time helpers, and the native ports (D1 on SQLite, R2/KV stores, crypto, fetch).
#include "harness.hpp"

#include "core/hex.hpp"
#include "core/html.hpp"
#include "core/money.hpp"
#include "core/sha256.hpp"
#include "core/time.hpp"
#include "ops/cron.hpp"

using namespace helm;
using helm::testing::TestShop;

TEST_CASE("every request logs one JSON line with shop, request id, route, status and D1 rows") {
    TestShop shop;
    shop.request("GET", "/api/health");
    REQUIRE(shop.logs.size() == 1);
    auto line = Json::parse(shop.logs[0], nullptr, false);
    CHECK(line["type"] == "request");
    CHECK(line["shop"] == "test-shop");
    CHECK(line["route"] == "/api/health");
    CHECK(line["status"] == 200);
    CHECK(line["method"] == "GET");
    CHECK(line["request_id"] == "req-1");
    CHECK(line["d1_rows_read"].get<int>() >= 1);
    CHECK(line["d1_queries"].get<int>() >= 1);
    CHECK(line["r2_ops"] == 0);
    CHECK(line["external_calls"] == 0);
    CHECK(line.contains("ms"));
}

TEST_CASE("the log line names the staff member and the path, never the query string, and says what went wrong") {
    TestShop shop;
    shop.logs.clear();
    shop.request("GET", "/api/customers?q=Zelda+Quartermaine");
    REQUIRE(shop.logs.size() == 1);
    auto line = Json::parse(shop.logs[0], nullptr, false);
    CHECK(line["staff_id"].is_number());
    CHECK(line["path"] == "/api/customers");
    CHECK(shop.logs[0].find("Zelda") == std::string::npos);
    shop.logs.clear();
    shop.post_json("/api/work-orders", {{"problem", "Flat"}});
    REQUIRE(shop.logs.size() == 1);
    auto refused = Json::parse(shop.logs[0], nullptr, false);
    CHECK(refused["status"] == 400);
    CHECK(refused["error"]["class"] == "invalid_argument");
    CHECK(refused["error"]["field"] == "customer_id");
}

TEST_CASE("health names the shop, the build and the latest migration") {
    TestShop shop;
    auto health = shop.request("GET", "/api/health").json();
    CHECK(health["shop"] == "test-shop");
    CHECK(health["build"]["commit"] == "abc1234");
    std::string latest;
    for (const auto& f : std::filesystem::directory_iterator(std::filesystem::path(HELM_SOURCE_DIR) / "migrations"))
        latest = std::max(latest, f.path().filename().string());
    CHECK(health["migration"] == latest);
    CHECK(health["server_time"].get<std::string>().size() == 24);
}

TEST_CASE("the hourly cron trigger reaches each due job and logs one summary line per job") {
    TestShop shop;
    // Noon on Monday 2026-11-23 in Vancouver: every job is due.
    helm::testing::clock_offset_ms = helm::utc_day_start_ms("2026-11-23") + 20 * 3'600'000 - helm::platform::now_ms();
    shop.cron(std::string(ops::hourly_trigger));
    REQUIRE(shop.logs.size() == std::size(ops::cron_jobs));
    for (std::size_t i = 0; i < shop.logs.size(); ++i) {
        auto line = Json::parse(shop.logs[i], nullptr, false);
        CHECK(line["type"] == "cron");
        CHECK(line["job"] == ops::cron_jobs[i].job);
        CHECK(line["status"] == "ok");
    }
    shop.logs.clear();
    shop.cron("* * * * *");
    CHECK(Json::parse(shop.logs.at(0), nullptr, false)["status"] == "unknown_trigger");
}

TEST_CASE("the native R2 store keeps objects whole, lists by prefix in key order and cannot escape its root") {
    auto dir = testing::fresh_dir("r2");
    native::DirectoryStore r2(dir / "bucket");
    const Blob bytes{0, 1, 2, 255};
    REQUIRE(r2.put("backups/daily/2026-11-23.sql.gz", bytes, "application/gzip").ok());
    REQUIRE(r2.put("backups/daily/2026-11-22.sql.gz", bytes, "application/gzip").ok());
    REQUIRE(r2.put("../../escape", bytes, "text/plain").ok());
    REQUIRE(r2.put("a.type", bytes, "text/plain").ok());
    CHECK_FALSE(std::filesystem::exists(dir / "escape"));
    auto got = r2.get("backups/daily/2026-11-23.sql.gz");
    REQUIRE(got.ok());
    REQUIRE(got->has_value());
    CHECK((*got)->body == bytes);
    CHECK((*got)->content_type == "application/gzip");
    auto listing = r2.list("backups/", "", 1);
    REQUIRE(listing.ok());
    REQUIRE(listing->objects.size() == 1);
    CHECK(listing->objects[0].key == "backups/daily/2026-11-22.sql.gz");
    CHECK(listing->truncated);
    auto rest = r2.list("backups/", listing->cursor, 10);
    CHECK(rest->objects.size() == 1);
    CHECK(rest->objects[0].key == "backups/daily/2026-11-23.sql.gz");
    CHECK(r2.list("", "", 100)->objects.size() == 4);
    REQUIRE(r2.remove("../../escape").ok());
    CHECK_FALSE(r2.get("../../escape")->has_value());
    std::filesystem::remove_all(dir);
}

namespace {
Blob bytes_of(std::string_view text) { return Blob(text.begin(), text.end()); }

// A handler-shaped coroutine that awaits several ports in a row. (No braced lists inside
// a coroutine: g++ 12 miscompiles initializer_list temporaries in coroutine frames.)
Task<Result<std::string>> touch_every_port(Context& cx) {
    auto put = co_await cx.kv.put("greeting", "hello");
    if (!put) co_return std::move(put).error();
    auto value = co_await cx.kv.get("greeting");
    if (!value || !*value) co_return Error{Code::internal, "kv lost the value", ""};
    auto stored = co_await cx.assets.put("notes/a.txt", bytes_of("hi"), "text/plain");
    if (!stored) co_return std::move(stored).error();
    auto object = co_await cx.assets.get("notes/a.txt");
    if (!object || !*object) co_return Error{Code::internal, "r2 lost the object", ""};
    auto key = co_await cx.crypto.pbkdf2_sha256(bytes_of("abc"), bytes_of("salt"), 1);
    if (!key) co_return std::move(key).error();
    co_return **value + "/" + std::string((*object)->body.begin(), (*object)->body.end()) + "/" + to_hex(*key);
}
}  // namespace

TEST_CASE("one coroutine awaits KV, R2 and crypto in turn through the native ports") {
    TestShop shop;
    Context cx(shop.app().shop(), "ports");
    auto task = touch_every_port(cx);
    auto result = native::drive(task, cx.channel, shop.ports());
    REQUIRE(result.ok());
    CHECK(*result == "hello/hi/4692611c548e502cb4f0aed01e554e4be3f5ebf1f0e102cb0f050c6d1191a7ad");
    CHECK(cx.channel.stats().operations == 5);
}

TEST_CASE("the core's SHA-256 gives FIPS 180-4's answers and OpenSSL's on every length around the block edges") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1'000'000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    std::string text;
    for (int length = 0; length <= 300; ++length) {
        CAPTURE(length);
        const Blob bytes(text.begin(), text.end());
        CHECK(to_hex(native::sha256(bytes)) == sha256_hex(text));
        text += char((length * 131 + 7) & 0xff);  // every byte value, high bits too
    }
}

TEST_CASE("an outbound fetch to a closed port fails as unavailable, not as a crash") {
    auto r = native::http_fetch({"GET", "http://127.0.0.1:9/", {}, ""});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Code::unavailable);
}

TEST_CASE("money parses exactly and refuses what is not an amount") {
    CHECK(parse_cents("12")->value == 1200);
    CHECK(parse_cents("12.3")->value == 1230);
    CHECK(parse_cents("$1,234.05")->value == 123405);
    CHECK(parse_cents("0.07")->value == 7);
    CHECK(parse_cents(".5")->value == 50);
    for (auto bad : {"", ".", "1.234", "-1", "12a", "1e3", "10000000.01", "99999999999999999999"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_cents(bad).has_value());
    }
    CHECK(format_cents(Cents{123405}) == "1234.05");
    CHECK(format_cents(Cents{-7}) == "-0.07");
}

TEST_CASE("html escapes every argument but raw markup") {
    Html h;
    h.add("<p title=\"{}\">{}{}</p>", "a\"b", "<b>&", raw("<i>ok</i>"));
    CHECK(h.str() == "<p title=\"a&quot;b\">&lt;b&gt;&amp;<i>ok</i></p>");
}

TEST_CASE("a business date is a day of the calendar, leap years included") {
    CHECK(utc_day_start_ms("2028-02-29") == utc_day_start_ms("2028-02-28") + 86'400'000);
    CHECK(iso_utc(utc_day_start_ms("2000-02-29")) == "2000-02-29T00:00:00.000Z");
    CHECK(iso_utc(utc_day_start_ms("2026-12-31")) == "2026-12-31T00:00:00.000Z");
    for (const char* not_a_day : {"2026-02-29", "1900-02-29", "2100-02-29", "2026-02-31", "2026-04-31", "2026-06-31",
                                  "2026-09-31", "2026-11-31", "2026-01-32", "2026-13-01", "2026-00-10", "2026-01-00"})
        CHECK_MESSAGE(utc_day_start_ms(not_a_day) == -1, not_a_day);
}

TEST_CASE("time and targets: ISO UTC, percent-decoded paths, '+' kept in paths") {
    CHECK(iso_utc(0) == "1970-01-01T00:00:00.000Z");
    CHECK(iso_utc(1795426200123) == "2026-11-23T09:30:00.123Z");
    Request rq;
    set_target(rq, "https://helm-x.kvick.bike/api/products/a%2Fb+c?q=tube+700&x=%26");
    CHECK(rq.path == "/api/products/a/b+c");
    CHECK(rq.query_value("q") == "tube 700");
    CHECK(rq.query_value("x") == "&");
}
