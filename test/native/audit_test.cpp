#include <algorithm>

#include "harness.hpp"
#include "core/time.hpp"

using helm::Json;
using helm::Row;
using helm::testing::TestShop;

namespace {
Json product(std::string sku) { return {{"sku", sku}, {"name", "Part " + sku}, {"price_cents", 500}}; }
}  // namespace

TEST_CASE("every product change writes one audit event with the row before and after it, in the same batch") {
    TestShop shop;
    auto id = shop.post_json("/api/products", product("A")).json()["product"]["id"].get<std::int64_t>();
    REQUIRE(shop.request("PATCH", "/api/products/" + std::to_string(id), R"({"price_cents": 650, "version": 1})").status == 200);
    auto events = shop.request("GET", "/api/audit?entity=product").json()["events"];
    REQUIRE(events.size() == 2);
    CHECK(events[0]["action"] == "product.update");
    CHECK(events[0]["before"]["price_cents"] == 500);
    CHECK(events[0]["after"]["price_cents"] == 650);
    CHECK(events[0]["after"]["version"] == 2);
    CHECK(events[0]["actor"] == "staff:1");
    CHECK(events[0]["build_version"] == "0.0.0-test");
    CHECK(events[0]["prev_hash"] == events[1]["hash"]);
    CHECK(events[1]["action"] == "product.create");
    CHECK(events[1]["before"].is_null());
    CHECK(events[1]["after"]["sku"] == "A");
    CHECK(events[1]["entity_id"] == std::to_string(id));
    // The stored row and the after image agree exactly.
    auto stored = shop.request("GET", "/api/products/" + std::to_string(id)).json()["product"];
    CHECK(stored == events[0]["after"]);
}

TEST_CASE("a refused change writes no audit event") {
    TestShop shop;
    REQUIRE(shop.post_json("/api/products", product("A")).status == 201);
    CHECK(shop.post_json("/api/products", product("a")).status == 409);        // duplicate SKU: the batch fails
    CHECK(shop.request("PATCH", "/api/products/1", R"({"price_cents": -1, "version": 1})").status == 400);
    CHECK(shop.request("PATCH", "/api/products/1", R"({"price_cents": 1, "version": 7})").status == 409);
    CHECK(shop.count("audit_events") == 1);
    CHECK(shop.count("products") == 1);
}

TEST_CASE("the chain verifies, and an event edited behind the application's back is found exactly") {
    TestShop shop;
    for (auto sku : {"A", "B", "C", "D"}) REQUIRE(shop.post_json("/api/products", product(sku)).status == 201);
    auto whole = shop.request("GET", "/api/audit/verify").json();
    CHECK(whole["ok"] == true);
    CHECK(whole["checked"] == 4);

    shop.sql("DROP TRIGGER audit_events_are_not_edited");  // what someone with the database could do
    shop.sql("UPDATE audit_events SET after_json = replace(after_json, '500', '1') WHERE seq = 3");
    auto broken = shop.request("GET", "/api/audit/verify").json();
    CHECK(broken["ok"] == false);
    CHECK(broken["first_broken_seq"] == 3);
    CHECK(broken["checked"] == 2);
}

TEST_CASE("a deleted event and a forged hash are found as well") {
    TestShop shop;
    for (auto sku : {"A", "B", "C"}) REQUIRE(shop.post_json("/api/products", product(sku)).status == 201);
    shop.sql("UPDATE audit_events SET hash = '00' WHERE seq = 2 AND 0");  // the append-only trigger is still there
    CHECK(shop.request("GET", "/api/audit/verify").json()["ok"] == true);
    CHECK_FALSE(shop.ports().db->query({"DELETE FROM audit_events WHERE seq = 2", {}}).ok());  // only archived events leave
    shop.sql("DROP TRIGGER audit_events_delete_only_archived");  // as someone with the database in hand could
    shop.sql("DELETE FROM audit_events WHERE seq = 2");
    auto gap = shop.request("GET", "/api/audit/verify").json();
    CHECK(gap["first_broken_seq"] == 2);
}

TEST_CASE("two writers building on the same head never fork the chain: the loser rebuilds on the new head") {
    TestShop shop;
    auto first = shop.start("POST", "/api/products", helm::to_text(product("A")));
    auto second = shop.start("POST", "/api/products", helm::to_text(product("B")));
    shop.run_until_batch(first);
    shop.run_until_batch(second);  // both read the same (empty) head and chose the same product id
    CHECK(shop.finish(first).status == 201);
    auto late = shop.finish(second);
    CHECK(late.status == 201);
    CHECK(late.json()["product"]["id"] == 2);
    auto chain = shop.sql("SELECT seq, prev_hash, hash FROM audit_events ORDER BY seq");
    REQUIRE(chain.rows.size() == 2);
    CHECK(Row(chain, 1).text("prev_hash") == Row(chain, 0).text("hash"));
    CHECK(shop.request("GET", "/api/audit/verify").json()["ok"] == true);
}

TEST_CASE("an event cannot be appended off the head, even by hand") {
    TestShop shop;
    REQUIRE(shop.post_json("/api/products", product("A")).status == 201);
    auto fork = shop.ports().db->query({"INSERT INTO audit_events (seq, at_ms, actor, action, entity, entity_id, request_id, "
                                        "build_version, prev_hash, hash) VALUES (2, 0, 'x', 'x', 'x', 'x', 'x', 'x', 'bogus', 'h')",
                                        {}});
    REQUIRE_FALSE(fork.ok());
    CHECK(fork.error().message.find("audit chain head moved") != std::string::npos);
    auto edit = shop.ports().db->query({"UPDATE audit_events SET actor = 'someone else'", {}});
    CHECK_FALSE(edit.ok());
}

TEST_CASE("the Audit screen lists changes newest first with their before and after, filtered by entity") {
    TestShop shop;
    REQUIRE(shop.post_json("/api/products", product("BELL<1>")).status == 201);
    auto page = shop.request("GET", "/audit?entity=product");
    CHECK(page.status == 200);
    CHECK(page.body.find("product.create") != std::string::npos);
    CHECK(page.body.find("BELL&lt;1&gt;") != std::string::npos);
    CHECK(page.body.find("BELL<1>") == std::string::npos);
    CHECK(shop.request("GET", "/audit?entity=customer").body.find("no-events") != std::string::npos);
    CHECK(shop.request("GET", "/audit?limit=0").status == 400);
}

TEST_CASE("the daily cron walks the audit chain and reports a broken link in its log line") {
    TestShop shop;
    for (auto sku : {"A", "B"}) REQUIRE(shop.post_json("/api/products", product(sku)).status == 201);
    shop.logs.clear();
    // Noon in Vancouver, one day and the next: the daily job runs each day.
    const auto noon = helm::utc_day_start_ms("2026-11-23") + 20 * 3'600'000;
    helm::testing::clock_offset_ms = noon - helm::platform::now_ms();
    shop.cron("0 * * * *");
    auto line = Json::parse(shop.logs.at(0), nullptr, false);
    CHECK(line["job"] == "daily");
    CHECK(line["status"] == "ok");
    CHECK(line["audit_checked"] == 2);
    shop.sql("DROP TRIGGER audit_events_are_not_edited");
    shop.sql("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2");
    shop.logs.clear();
    helm::testing::clock_offset_ms = noon + 86'400'000 - helm::platform::now_ms();
    shop.cron("0 * * * *");
    line = Json::parse(shop.logs.at(0), nullptr, false);
    CHECK(line["status"] == "audit_chain_broken");
    CHECK(line["audit_first_broken_seq"] == 2);
}

TEST_CASE("the audit log's day is the shop's: an evening change in Vancouver is on that evening's date") {
    TestShop shop;
    helm::testing::set_clock("2026-11-24T05:00Z");  // 21:00 on the 23rd in Vancouver
    REQUIRE(shop.post_json("/api/products", Json{{"sku", "LATE-1"}, {"name", "Late"}, {"price_cents", 100}}).status == 201);
    CHECK(shop.request("GET", "/api/audit?entity=product&date=2026-11-23").json()["events"].size() == 1);
    CHECK(shop.request("GET", "/api/audit?entity=product&date=2026-11-24").json()["events"].empty());
    // The page reads it as the shop's clock, and its filter says nothing of UTC.
    auto page = shop.request("GET", "/audit?entity=product&date=2026-11-23");
    CHECK(page.body.find(">2026-11-23 21:00</time>") != std::string::npos);
    CHECK(page.body.find("UTC") == std::string::npos);
}

TEST_CASE("the audit log filters by who and by day") {
    TestShop shop;
    REQUIRE(shop.post_json("/api/products", Json{{"sku", "BY-OLIVE"}, {"name", "Olive's"}, {"price_cents", 100}}).status == 201);
    auto sam = shop.add_staff("Sam Lead", "service_lead");
    shop.sign_in_staff(sam);
    REQUIRE(shop.post_json("/api/products", Json{{"sku", "BY-SAM"}, {"name", "Sam's"}, {"price_cents", 100}}).status == 201);
    shop.sign_in_staff(1);
    auto by_sam = shop.request("GET", "/api/audit?actor=staff:" + std::to_string(sam)).json()["events"];
    REQUIRE(by_sam.size() == 1);
    CHECK(by_sam[0]["after"]["sku"] == "BY-SAM");
    const std::string today = helm::business_date("America/Vancouver", helm::testing::test_clock());
    CHECK(shop.request("GET", "/api/audit?entity=product&date=" + today).json()["events"].size() == 2);
    CHECK(shop.request("GET", "/api/audit?date=2001-02-03").json()["events"].empty());
    auto bad = shop.request("GET", "/api/audit?date=23/11/2026");
    CHECK(bad.status == 400);
    CHECK(bad.json()["error"]["field"] == "date");
    CHECK(helm::utc_day_start_ms("2026-11-23") == 1795392000000);
}

TEST_CASE("events older than 90 days move to R2 on the 1st, and the chain stays verifiable across the archive") {
    TestShop shop;
    using helm::testing::set_clock;
    set_clock("2026-05-10T18:00Z");
    for (auto sku : {"A", "B", "C"}) REQUIRE(shop.post_json("/api/products", product(sku)).status == 201);  // events 1-3
    set_clock("2026-06-20T18:00Z");
    REQUIRE(shop.post_json("/api/products", product("D")).status == 201);  // 4
    set_clock("2026-08-25T18:00Z");
    REQUIRE(shop.post_json("/api/products", product("E")).status == 201);  // 5
    const auto verified = [&] { return shop.request("GET", "/api/audit/verify").json(); };
    REQUIRE(verified()["checked"] == 5);

    // 1 September, 07:00 in Vancouver: the monthly job archives what is older than 3 June.
    set_clock("2026-09-01T14:00Z");
    shop.cron("0 * * * *");
    CHECK(shop.integer("SELECT min(seq) FROM audit_events") == 4);
    CHECK(shop.text("SELECT object_key FROM audit_archive_segments") == "audit/archive/0000000001-0000000003.jsonl");
    auto first = shop.ports().assets.get("audit/archive/0000000001-0000000003.jsonl");
    REQUIRE(first.ok());
    REQUIRE(first->has_value());
    std::string lines((*first)->body.begin(), (*first)->body.end());
    CHECK(std::count(lines.begin(), lines.end(), '\n') == 3);
    CHECK(verified() == Json{{"ok", true}, {"checked", 5}});

    // 1 October: event 4 is now old too, and its stretch links to the first one.
    set_clock("2026-10-01T14:00Z");
    shop.cron("0 * * * *");
    CHECK(shop.count("audit_archive_segments") == 2);
    CHECK(shop.integer("SELECT count(*) FROM audit_events") == 1);  // the newest event stays in D1
    CHECK(verified() == Json{{"ok", true}, {"checked", 5}});
    set_clock("2026-10-01T16:00Z");
    REQUIRE(shop.post_json("/api/products", product("F")).status == 201);  // the chain goes on: 6
    CHECK(verified()["checked"] == 6);

    // Only archived events may leave D1, and a changed archive is found out.
    CHECK_FALSE(shop.ports().db->query({"DELETE FROM audit_events WHERE seq = 6", {}}).ok());
    const auto tampered = lines.replace(lines.find("staff:1", lines.find('\n')), 7, "staff:9");
    REQUIRE(shop.ports().assets.put("audit/archive/0000000001-0000000003.jsonl", helm::Blob(tampered.begin(), tampered.end()), "").ok());
    auto broken = verified();
    CHECK(broken["ok"] == false);
    CHECK(broken["first_broken_seq"] == 2);
    CHECK(broken["problem"] == "event 2 was changed after it was written");
    REQUIRE(shop.ports().assets.remove("audit/archive/0000000001-0000000003.jsonl").ok());
    CHECK(verified()["first_broken_seq"] == 1);
}

TEST_CASE("cutting the chain's newest events is found against the hourly anchor in KV and R2, which never moves back") {
    TestShop shop;
    for (auto sku : {"A", "B", "C", "D"}) REQUIRE(shop.post_json("/api/products", product(sku)).status == 201);
    // 02:00 in Vancouver: no job is due, the hour anchors the head all the same.
    helm::testing::set_clock("2026-11-23T10:00Z");
    shop.logs.clear();
    shop.cron("0 * * * *");
    CHECK(Json::parse(shop.logs.at(0), nullptr, false)["audit_anchor_seq"] == 4);
    const auto head_hash = shop.text("SELECT hash FROM audit_events WHERE seq = 4");
    auto kept = shop.ports().kv.get("audit:anchor");
    REQUIRE(kept.ok());
    REQUIRE(kept->has_value());
    const Json in_kv = Json::parse(std::string((*kept)->body.begin(), (*kept)->body.end()));
    CHECK(in_kv["seq"] == 4);
    CHECK(in_kv["hash"] == head_hash);
    auto stored = shop.ports().assets.get("audit/anchor.json");
    REQUIRE(stored->has_value());
    CHECK(Json::parse(std::string((*stored)->body.begin(), (*stored)->body.end())) == in_kv);
    CHECK(shop.request("GET", "/api/audit/verify").json()["ok"] == true);

    // Someone with the database deletes the two newest events: what is left links up whole.
    shop.sql("DROP TRIGGER audit_events_delete_only_archived");
    shop.sql("DELETE FROM audit_events WHERE seq > 2");
    auto cut = shop.request("GET", "/api/audit/verify").json();
    CHECK(cut["ok"] == false);
    CHECK(cut["checked"] == 2);
    CHECK(cut["first_broken_seq"] == 3);
    CHECK(cut["problem"].get<std::string>().find("the newest events were cut") != std::string::npos);

    // The next run keeps the anchor where it was and says why.
    helm::testing::set_clock("2026-11-23T10:30Z");
    shop.logs.clear();
    shop.cron("0 * * * *");
    CHECK(Json::parse(shop.logs.at(0), nullptr, false)["audit_anchor_problem"].get<std::string>().find("cut") != std::string::npos);
    auto still = shop.ports().kv.get("audit:anchor");
    REQUIRE(still.ok());
    REQUIRE(still->has_value());
    CHECK(Json::parse(std::string((*still)->body.begin(), (*still)->body.end()))["seq"] == 4);

    // Writing on from the cut head gives events 3 and 4 again, with other hashes: still found.
    for (auto sku : {"E", "F"}) REQUIRE(shop.post_json("/api/products", product(sku)).status == 201);
    auto rewritten = shop.request("GET", "/api/audit/verify").json();
    CHECK(rewritten["ok"] == false);
    CHECK(rewritten["first_broken_seq"] == 4);
    CHECK(rewritten["problem"].get<std::string>().find("does not hash to its anchor") != std::string::npos);

    // The nightly check says so too.
    helm::testing::set_clock("2026-11-23T20:00Z");
    shop.logs.clear();
    shop.cron("0 * * * *");
    auto daily = Json::parse(shop.logs.at(0), nullptr, false);
    CHECK(daily["job"] == "daily");
    CHECK(daily["status"] == "audit_chain_broken");
    CHECK(daily["audit_first_broken_seq"] == 4);
}
