// The operator's metrics: an isolate's request counts, the p95 read from their latency
// buckets, flushed as additions to the hour's row, and GET /api/ops/metrics answering
// only the shop's operator token, with the cron runs, the newest backup and the chain.
#include "bindings/wire.hpp"
#include "core/time.hpp"
#include "harness.hpp"
#include "ops/cron.hpp"
#include "ops/metrics.hpp"

using helm::Json;
using helm::testing::TestShop;
using helm::testing::test_clock;
namespace ops = helm::ops;

namespace {

constexpr std::string_view token = "0123456789abcdef0123456789abcdef-operator";

helm::Shop operated_shop() {
    auto shop = helm::testing::test_shop();
    shop.operator_token = std::string(token);
    return shop;
}

void flush(TestShop& shop, ops::RequestMetrics& metrics) {
    helm::Context cx(shop.app().shop(), "flush", test_clock);
    auto task = ops::flush(cx, metrics);
    auto done = helm::native::drive(task, cx.channel, shop.ports());
    REQUIRE(done.ok());
}

std::int64_t column(TestShop& shop, std::string_view name, const std::string& hour) {
    return shop.integer("SELECT " + std::string(name) + " FROM request_metrics WHERE hour_utc = ?1", {hour});
}

}  // namespace

TEST_CASE("a request's time falls in the first bucket whose bound holds it") {
    CHECK(ops::latency_bucket(0) == 0);
    CHECK(ops::latency_bucket(1) == 0);
    CHECK(ops::latency_bucket(2) == 1);
    CHECK(ops::latency_bucket(3) == 2);
    CHECK(ops::latency_bucket(10'000) == 12);
    CHECK(ops::latency_bucket(10'001) == 13);
}

TEST_CASE("the p95 is the bound of the bucket holding the 95th percentile") {
    ops::Latencies l{};
    CHECK_FALSE(ops::p95_ms(l).has_value());
    l[ops::latency_bucket(8)] = 90;    // <= 10 ms
    l[ops::latency_bucket(40)] = 5;    // <= 50 ms: the 95th of 100 is the last of these
    l[ops::latency_bucket(900)] = 5;   // <= 1000 ms
    CHECK(ops::p95_ms(l) == 50);
    l[ops::latency_bucket(900)] = 6;   // 101 requests: the 96th is needed, a slow one
    CHECK(ops::p95_ms(l) == 1000);
    ops::Latencies slow{};
    slow.back() = 3;                   // all beyond the last bound
    CHECK(ops::p95_ms(slow) == 10'000);
}

TEST_CASE("an isolate's counts are due once a minute and go back when a flush fails") {
    ops::RequestMetrics m;
    CHECK_FALSE(m.flush_due(1'000'000));  // nothing counted
    m.record(1'000'000, 200, 3, 2, 0);
    CHECK(m.flush_due(1'000'000));        // the isolate's first flush comes at once
    auto taken = m.take(1'000'000);
    REQUIRE(taken.size() == 1);
    CHECK(taken.begin()->second.requests == 1);
    m.record(1'000'500, 503, 3, 0, 0);
    CHECK_FALSE(m.flush_due(1'059'999));
    CHECK(m.flush_due(1'060'000));
    m.give_back(taken);
    auto again = m.take(1'060'000);
    REQUIRE(again.size() == 1);
    CHECK(again.begin()->second.requests == 2);
    CHECK(again.begin()->second.errors_5xx == 1);
}

TEST_CASE("a flush adds the isolate's counts to the hour's row, and two flushes in one hour add up") {
    TestShop shop;
    const auto now = test_clock();
    const auto hour = ops::hour_utc(now);
    CHECK(hour == helm::iso_utc(now).substr(0, 13) + ":00Z");
    ops::RequestMetrics m;
    m.record(now, 200, 3, 10, 0);
    m.record(now, 404, 40, 1, 0);
    m.record(now, 503, 12'000, 0, 0);
    flush(shop, m);
    CHECK(column(shop, "requests", hour) == 3);
    CHECK(column(shop, "errors_4xx", hour) == 1);
    CHECK(column(shop, "errors_5xx", hour) == 1);
    CHECK(column(shop, "rows_read", hour) == 11);
    CHECK(column(shop, "le_5", hour) == 1);
    CHECK(column(shop, "le_50", hour) == 1);
    CHECK(column(shop, "over_10000", hour) == 1);

    m.record(now, 201, 4, 2, 5);
    m.record(now + 3'600'000, 200, 1, 0, 0);  // the next hour has a row of its own
    flush(shop, m);
    CHECK(column(shop, "requests", hour) == 4);
    CHECK(column(shop, "rows_written", hour) == 5);
    CHECK(column(shop, "le_5", hour) == 2);
    CHECK(column(shop, "requests", ops::hour_utc(now + 3'600'000)) == 1);
    CHECK(shop.count("request_metrics") == 2);

    flush(shop, m);  // nothing new: the rows stay as they are
    CHECK(column(shop, "requests", hour) == 4);
}

TEST_CASE("GET /api/ops/metrics answers only the shop's operator token") {
    TestShop shop(operated_shop());
    const auto bearer = [](std::string t) { return helm::Headers{{"authorization", "Bearer " + t}}; };

    auto missing = shop.request("GET", "/api/ops/metrics");
    CHECK(missing.status == 401);
    CHECK(missing.json()["error"]["field"] == "authorization");
    auto wrong = shop.request("GET", "/api/ops/metrics", {}, bearer(std::string(token) + "x"));
    CHECK(wrong.status == 401);
    CHECK(wrong.json()["error"]["field"] == "authorization");
    // A shop without a token of its own has no operator routes at all.
    TestShop unset;
    CHECK(unset.request("GET", "/api/ops/metrics", {}, bearer("")).status == 401);
    CHECK(unset.request("GET", "/api/ops/metrics", {}, bearer(std::string(token))).status == 401);
}

TEST_CASE("the metrics route reports the counts, each cron job's last run, the newest backup and the chain") {
    TestShop shop(operated_shop());
    const helm::Headers operator_headers{{"authorization", "Bearer " + std::string(token)}};
    CHECK(shop.request("GET", "/api/health").status == 200);
    CHECK(shop.request("GET", "/api/no-such-thing").status == 404);
    CHECK(shop.request("GET", "/api/ops/metrics").status == 401);

    auto first = shop.request("GET", "/api/ops/metrics", {}, operator_headers);
    REQUIRE(first.status == 200);
    Json report = first.json();
    CHECK(report["shop"] == "test-shop");
    CHECK(report["build"]["commit"] == "abc1234");
    // What this isolate counted before the report, flushed by the report itself.
    CHECK(report["last_24h"]["requests"] == 3);
    CHECK(report["last_24h"]["errors_4xx"] == 2);
    CHECK(report["last_24h"]["errors_5xx"] == 0);
    CHECK(report["last_24h"]["error_rate"] == 0.0);
    CHECK(report["last_24h"]["p95_ms"].is_number());
    REQUIRE(report["hours"].size() == 1);
    CHECK(report["hours"][0]["hour"] == ops::hour_utc(test_clock()));
    CHECK(report["cron"]["daily"].is_null());
    CHECK(report["cron"]["weekly"].is_null());
    CHECK(report["backup"].is_null());
    CHECK(report["audit"]["status"] == "unknown");

    // A daily run that backed up and found the chain whole ten hours ago, a later backup
    // key without a run of its own, and a weekly run that failed.
    const auto now = test_clock();
    const auto ten_hours_ago = now - 10 * 3'600'000;
    const std::string today = helm::iso_utc(now).substr(0, 10);
    shop.sql("INSERT INTO cron_runs (job, period, run_id, status, started_at_ms, finished_at_ms, summary_json) "
             "VALUES ('daily', ?1, 'r1', 'ok', ?2, ?2, ?3)",
             {today, ten_hours_ago, helm::to_text({{"status", "ok"}, {"audit_checked", 7}})});
    shop.sql("INSERT INTO cron_runs (job, period, run_id, status, started_at_ms, finished_at_ms, summary_json) "
             "VALUES ('weekly', '2026-W48', 'r2', 'failed', ?1, ?1, ?2)",
             {now, helm::to_text({{"status", "failed"}, {"problems", {"the digest could not be sent"}}})});
    REQUIRE(shop.ports().assets.put("backups/daily/2026-01-02.sql.gz", helm::Blob(5, 1), "application/gzip").ok());
    REQUIRE(shop.ports().assets.put("backups/daily/" + today + ".sql.gz", helm::Blob(1234, 7), "application/gzip").ok());

    report = shop.request("GET", "/api/ops/metrics", {}, operator_headers).json();
    CHECK(report["last_24h"]["requests"] == 4);  // the first report counted as well
    CHECK(report["cron"]["daily"]["status"] == "ok");
    CHECK(report["cron"]["daily"]["period"] == today);
    CHECK(report["cron"]["weekly"]["status"] == "failed");
    CHECK(report["cron"]["weekly"]["problems"] == Json::array({"the digest could not be sent"}));
    CHECK(report["cron"]["monthly"].is_null());
    CHECK(report["backup"]["key"] == "backups/daily/" + today + ".sql.gz");
    CHECK(report["backup"]["bytes"] == 1234);
    CHECK(report["backup"]["age_hours"].get<double>() == doctest::Approx(10.0).epsilon(0.01));
    CHECK(report["audit"]["status"] == "ok");
    CHECK(report["audit"]["checked"] == 7);

    shop.sql("UPDATE cron_runs SET summary_json = ?1 WHERE job = 'daily'",
             {helm::to_text({{"status", "audit_chain_broken"}, {"audit_checked", 7}, {"audit_first_broken_seq", 5}})});
    report = shop.request("GET", "/api/ops/metrics", {}, operator_headers).json();
    CHECK(report["audit"]["status"] == "broken");
    CHECK(report["audit"]["first_broken_seq"] == 5);
}

TEST_CASE("a request counts as reading or writing D1 by the rows it touched, for the cost meter's CPU classes") {
    ops::RequestMetrics m;
    m.record(1'000'000, 200, 1, 0, 0);  // no D1: a static file
    m.record(1'000'000, 200, 3, 4, 0);  // a scan
    m.record(1'000'000, 404, 3, 1, 0);
    m.record(1'000'000, 201, 9, 12, 7);  // a sale
    const auto taken = m.take(1'000'000);
    REQUIRE(taken.size() == 1);
    const auto& c = taken.begin()->second;
    CHECK(c.requests == 4);
    CHECK(c.requests_read == 2);
    CHECK(c.requests_written == 1);
}

TEST_CASE("R2 operations are counted in the class Cloudflare bills them in, a stream's parts as its port tells") {
    helm::PortStats stats;
    stats.count(helm::op::R2Get{"a"});
    stats.count(helm::op::R2StreamCopy{"s1", "a"});  // reads its source: a GetObject
    stats.count(helm::op::R2Put{"b", {}, "text/plain"});
    stats.count(helm::op::R2List{"", "", 1000});
    stats.count(helm::op::R2Delete{"b"});  // free
    stats.count(helm::op::R2StreamOpen{"c", "application/gzip"});
    stats.count(helm::op::R2StreamWrite{"s1", {}});
    CHECK(stats.r2_ops == 7);
    CHECK(stats.r2_class_a == 2);
    CHECK(stats.r2_class_b == 2);

    // A stream's close says how many class A operations it took: a multipart upload of
    // three parts is its create, the parts and its completion.
    helm::Channel channel;
    channel.complete(helm::Reply(helm::WrittenObject{16 << 20, 5}));
    CHECK(channel.stats().r2_class_a == 5);
    auto closed = helm::wire::decode(helm::op::R2StreamClose{"s1"}, R"({"size":12,"class_a_ops":1})", {});
    REQUIRE(closed.ok());
    CHECK(std::get<helm::WrittenObject>(*closed).class_a_ops == 1);
    // The native port writes a file: one put.
    TestShop shop;
    auto& store = shop.ports().assets;
    auto stream = store.open_stream("x.gz", "application/gzip", true);
    REQUIRE(stream.ok());
    REQUIRE(store.write(stream->id, helm::Blob(10, 'x')).ok());
    auto written = store.close(stream->id, true);
    REQUIRE(written.ok());
    CHECK(written->class_a_ops == 1);
}

TEST_CASE("a flush adds the requests by their D1 work and the R2 operations by class to the hour's row") {
    TestShop shop;
    const auto now = test_clock();
    const auto hour = ops::hour_utc(now);
    ops::RequestMetrics m;
    m.record_storage_ops(now, 0, 0);
    CHECK_FALSE(m.flush_due(now));  // no operation: nothing to write
    m.record(now, 200, 3, 2, 0);
    m.record(now, 201, 3, 2, 4);
    m.record_storage_ops(now, 3, 1);
    flush(shop, m);
    CHECK(column(shop, "requests_read", hour) == 1);
    CHECK(column(shop, "requests_written", hour) == 1);
    CHECK(column(shop, "r2_class_a", hour) == 3);
    CHECK(column(shop, "r2_class_b", hour) == 1);
    m.record_storage_ops(now, 2, 5);  // a cron run's, alone: due, and added
    CHECK(m.flush_due(now + ops::flush_every_ms));
    flush(shop, m);
    CHECK(column(shop, "r2_class_a", hour) == 5);
    CHECK(column(shop, "r2_class_b", hour) == 6);
    CHECK(column(shop, "requests", hour) == 2);
}

TEST_CASE("the metrics route sums the cost meter's window and tells D1's and R2's sizes, a cron run's R2 operations counted") {
    TestShop shop(operated_shop());
    const helm::Headers operator_headers{{"authorization", "Bearer " + std::string(token)}};
    helm::testing::set_clock("2026-11-23T20:00Z");  // the daily backup's hour in Vancouver
    // Hours from before the window are left out of it.
    shop.sql("INSERT INTO request_metrics (hour_utc, requests, requests_read, r2_class_a) VALUES ('2026-09-01T10:00Z', 50, 50, 9)");
    shop.sql("INSERT INTO request_metrics (hour_utc, requests, requests_read, requests_written, rows_read, r2_class_b) "
             "VALUES ('2026-11-22T14:00Z', 10, 6, 3, 40, 2)");
    REQUIRE(shop.ports().assets.put("exports/a.csv", helm::Blob(300, 1), "text/csv").ok());
    shop.cron(std::string(ops::hourly_trigger));
    auto backup = shop.ports().assets.get("backups/daily/2026-11-23.sql.gz");
    REQUIRE(backup.ok());
    REQUIRE(backup->has_value());

    auto res = shop.request("GET", "/api/ops/metrics", {}, operator_headers);
    REQUIRE(res.status == 200);
    const Json report = res.json();
    const Json& window = report["window"];
    CHECK(window["days"] == 30);
    CHECK(window["from"] == "2026-11-22T14:00Z");
    CHECK(window["hours"].get<double>() == doctest::Approx(30.0).epsilon(0.01));  // 14:00 the day before to 20:00
    CHECK(window["requests"] == 10);  // the report itself is counted after it answered
    CHECK(window["requests_read"] == 6);
    CHECK(window["requests_written"] == 3);
    CHECK(window["rows_read"] == 40);
    // The backup: one put (the native port writes no parts); the anchor and the rest of
    // the daily run's R2 work as they happened.
    CHECK(window["r2_class_a"].get<std::int64_t>() >= 2);  // its backup's put, its lists
    CHECK(window["r2_class_b"].get<std::int64_t>() >= 3);  // the window's 2, and its reads
    CHECK(report["last_24h"]["r2_class_a"] == window["r2_class_a"]);

    const Json& storage = report["storage"];
    CHECK(storage["d1_bytes"].get<std::int64_t>() > 0);
    CHECK(storage["d1_bytes"].get<std::int64_t>() % 512 == 0);  // whole SQLite pages
    std::int64_t bytes = 0, objects = 0;
    auto listed = shop.ports().assets.list("", "", 1000);
    REQUIRE(listed.ok());
    for (const auto& o : listed->objects) bytes += o.size, ++objects;
    CHECK(objects >= 2);
    CHECK(storage["r2_objects"] == objects);
    CHECK(storage["r2_bytes"] == bytes);
    CHECK(report["backup"]["key"] == "backups/daily/2026-11-23.sql.gz");
}
