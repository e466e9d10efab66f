// Per-shop operations: the daily backup's SQL loads into an empty SQLite and gives back
// every row, the jobs run once per shop-local period across daylight-saving changes in a
// real zone, retention keeps what it promises, and erasures outlive a restore.
#include <sqlite3.h>

#include <map>
#include <set>

#include "core/time.hpp"
#include "ops/erasure_journal.hpp"
#include "harness.hpp"
#include "ops/backup.hpp"
#include "ops/cron.hpp"
#include "ops/dump.hpp"
#include "ops/schedule.hpp"

using helm::Json;
using helm::Row;
using helm::Value;
using helm::testing::TestShop;
using helm::testing::gunzip;
using helm::testing::set_clock;
using helm::testing::utc_ms;
namespace ops = helm::ops;

namespace {

// Loads SQL text into a new SQLite file the way D1 holds it: foreign keys enforced, the
// whole file one transaction (as an import is), then checked.
std::filesystem::path load_into_empty(const std::string& sql_text, const std::filesystem::path& dir) {
    const auto file = dir / "restored.sqlite";
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const std::string script = "PRAGMA foreign_keys = ON; BEGIN;\n" + sql_text + "\nCOMMIT;";
    const int rc = sqlite3_exec(db, script.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, message);
    return file;
}

std::int64_t create_customer(TestShop& shop, Json body) {
    auto r = shop.post_json("/api/customers", body);
    REQUIRE_MESSAGE(r.status == 201, r.body);
    return r.json()["customer"]["id"].get<std::int64_t>();
}

void fill(TestShop& shop) {
    for (int i = 0; i < 30; ++i) {
        Json product = {{"sku", "P-" + std::to_string(i)}, {"name", "Part \"" + std::to_string(i) + "\" O'Neil's"},
                        {"price_cents", 100 + i}, {"barcodes", {std::to_string(4000000000000 + i)}}};
        REQUIRE(shop.post_json("/api/products", product).status == 201);
        REQUIRE(shop.post_json("/api/products/" + std::to_string(i + 1) + "/receive", {{"quantity", 5}, {"unit_cost_cents", 40}}).status < 300);
    }
    const auto ann = create_customer(shop, {{"name", "Ann Smith"}, {"phone", "604 555 0199"}, {"email", "ann@example.com"}});
    const auto bea = create_customer(shop, {{"name", "Bea Jones"}, {"email", "bea@example.com"}});
    REQUIRE(shop.post_json("/api/customers/" + std::to_string(ann) + "/bikes", {{"make", "Surly"}, {"frame_serial", "WTU1"}}).status == 201);
    // An older row pointing at a newer one: merged into a customer created after it.
    REQUIRE(shop.post_json("/api/customers/" + std::to_string(ann) + "/merge", {{"into_id", bea}}).status == 200);
    // A row too big for one D1 statement (its text arrives in pieces), and a table whose
    // rowids (with a gap) are no column of its own.
    shop.sql("CREATE TABLE scratch_notes (id INTEGER PRIMARY KEY, body TEXT)");
    shop.sql("INSERT INTO scratch_notes (id, body) VALUES (1, ?1)", {std::string(250'000, 'n') + "é end"});
    shop.sql("CREATE TABLE scratch_loose (a TEXT, b REAL)");
    for (int i = 0; i < 5; ++i) shop.sql("INSERT INTO scratch_loose (a, b) VALUES (?1, ?2)", {std::to_string(i), i + 0.25});
    shop.sql("DELETE FROM scratch_loose WHERE a = '2'");
    (void)bea;
}

}  // namespace

TEST_CASE("a statement's parameters are written in as literals that read back the same") {
    helm::Statement st{"UPDATE t SET a = ?2, b = 'it''s ?1', c = ?3, d = ? WHERE id = ?1",
                       {std::int64_t{7}, std::string("O'Brien"), 0.5, helm::Blob{0xde, 0xad}}};
    auto text = ops::inline_parameters(st);
    REQUIRE(text.ok());
    CHECK(*text == "UPDATE t SET a = 'O''Brien', b = 'it''s ?1', c = 0.5, d = X'dead' WHERE id = 7");
    CHECK(ops::sql_literal(Value(2.0)) == "2.0");
    CHECK(ops::sql_literal(Value(nullptr)) == "NULL");
    CHECK(!ops::inline_parameters({"SELECT ?5", {}}).ok());
}

TEST_CASE("the dump skips SQLite's and D1's own tables and FTS shadow tables, and creates triggers after the rows") {
    std::vector<ops::SchemaObject> schema = {
        {"table", "sqlite_sequence", "sqlite_sequence", "CREATE TABLE sqlite_sequence(name,seq)"},
        {"table", "_cf_KV", "_cf_KV", "CREATE TABLE _cf_KV (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID"},
        {"table", "items", "items", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)"},
        {"trigger", "items_guard", "items", "CREATE TRIGGER items_guard BEFORE INSERT ON items BEGIN SELECT 1; END"},
        {"table", "items_search", "items_search", "CREATE VIRTUAL TABLE items_search USING fts5 (name, content='items', content_rowid='id')"},
        {"table", "items_search_data", "items_search_data", "CREATE TABLE 'items_search_data'(id INTEGER PRIMARY KEY, block BLOB)"},
        {"table", "items_search_config", "items_search_config", "CREATE TABLE 'items_search_config'(k PRIMARY KEY, v) WITHOUT ROWID"},
        {"view", "named", "named", "CREATE VIEW named AS SELECT name FROM items"},
        {"index", "items_by_name", "items", "CREATE INDEX items_by_name ON items (name)"},
        {"table", "tags", "tags", "CREATE TABLE tags (item_id INTEGER REFERENCES items (id), tag TEXT, PRIMARY KEY (item_id, tag)) WITHOUT ROWID"},
    };
    auto plan = ops::plan_dump(schema);
    CHECK(plan.row_tables == std::vector<std::string>{"items", "tags"});
    CHECK(plan.without_rowid == std::vector<std::string>{"tags"});
    CHECK(plan.rebuilt == std::vector<std::string>{"items_search"});
    CHECK(plan.create_first.size() == 3);
    REQUIRE(plan.create_last.size() == 3);
    CHECK(plan.create_last.back().rfind("CREATE TRIGGER", 0) == 0);
    CHECK(ops::dependency_order({"tags", "items"}, {{"tags", {"items"}}}) == std::vector<std::string>{"items", "tags"});
}

TEST_CASE("the daily backup of a filled shop loads into an empty SQLite with every row, index and trigger the same") {
    TestShop shop;
    fill(shop);
    set_clock("2026-11-23T20:00Z");  // noon in Vancouver, a Monday
    shop.cron(std::string(ops::hourly_trigger));
    auto stored = shop.ports().assets.get("backups/daily/2026-11-23.sql.gz");
    REQUIRE(stored.ok());
    REQUIRE(stored->has_value());
    const std::string sql_text = gunzip((*stored)->body);
    CHECK(sql_text.find("CREATE TABLE d1_migrations") != std::string::npos);
    CHECK(sql_text.find("_cf_") == std::string::npos);
    CHECK(sql_text.find("customers_search_data") == std::string::npos);
    CHECK(sql_text.rfind("-- end of backup: ") != std::string::npos);
    // Triggers come after the last row.
    CHECK(sql_text.find("CREATE TRIGGER") > sql_text.rfind("INSERT INTO \"stock_movements\""));
    std::size_t longest = 0;
    for (std::size_t from = 0, to; (to = sql_text.find(";\n", from)) != std::string::npos; from = to + 2)
        longest = std::max(longest, to - from);
    CHECK(longest <= ops::max_statement_bytes);

    const auto dir = helm::testing::fresh_dir("restore");
    auto restored = helm::native::SqliteD1::open(load_into_empty(sql_text, dir).string());
    REQUIRE(restored.ok());
    const auto before = helm::testing::table_contents(*shop.ports().db);
    const auto after = helm::testing::table_contents(**restored);
    CHECK(before.size() > 20);
    CHECK(after.at("cron_runs").empty());  // a restored shop's jobs run again
    for (const auto& [table, rows] : before) {
        if (table == "cron_runs") continue;
        INFO(table);
        CHECK(after.count(table) == 1);
        if (after.count(table)) CHECK(after.at(table) == rows);
    }
    // The schema's objects are all there, and the full-text indexes answer as before.
    const std::string schema = "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name";
    auto a = shop.sql(schema);
    auto b = (*restored)->query({schema, {}});
    REQUIRE(b.ok());
    CHECK(a.rows.size() == b->rows.size());
    const std::string search = "SELECT rowid FROM products_search WHERE products_search MATCH '\"neil\"*' ORDER BY rowid";
    CHECK(shop.sql(search).rows.size() == 30);
    CHECK((*restored)->query({search, {}})->rows.size() == 30);
    const std::string people = "SELECT rowid FROM customers_search WHERE customers_search MATCH '\"bea\"*'";
    CHECK((*restored)->query({people, {}})->rows.size() == shop.sql(people).rows.size());
    // The guards hold again once restored: the stock ledger is still append-only.
    CHECK(!(*restored)->query({"UPDATE stock_movements SET quantity = 99 WHERE id = 1", {}}).ok());
    std::filesystem::remove_all(dir);
}

TEST_CASE("each job runs once per shop-local day, week and month across both daylight-saving changes in Vancouver") {
    struct Claim {
        std::string period;
        std::int64_t at_ms;
    };
    auto run_hourly = [](ops::Cadence cadence, int hour, std::string_view from, std::string_view to) {
        std::map<std::string, std::int64_t> first;  // period -> the tick that claimed it
        std::vector<Claim> claims;
        for (std::int64_t t = utc_ms(from); t < utc_ms(to); t += 3'600'000) {
            const auto offset = helm::platform::utc_offset_minutes("America/Vancouver", t);
            REQUIRE(offset.has_value());
            auto period = ops::due_period(cadence, t, *offset, hour);
            if (period && first.emplace(*period, t).second) claims.push_back({*period, t});
        }
        return claims;
    };
    // Spring forward: 2026-03-08 02:00 PST becomes 03:00 PDT (10:00 UTC). From 01:00 PST on the 7th:
    auto spring = run_hourly(ops::Cadence::daily, 3, "2026-03-07T09:00Z", "2026-03-10T09:00Z");
    REQUIRE(spring.size() == 3);
    CHECK(spring[0].period == "2026-03-07");
    CHECK(helm::iso_utc(spring[0].at_ms) == "2026-03-07T11:00:00.000Z");  // 03:00 PST
    CHECK(spring[1].period == "2026-03-08");
    CHECK(helm::iso_utc(spring[1].at_ms) == "2026-03-08T10:00:00.000Z");  // 03:00 PDT, an hour earlier in UTC
    CHECK(helm::iso_utc(spring[2].at_ms) == "2026-03-09T10:00:00.000Z");
    // 02:00 never happens that night: the job runs at the first hour after it, once.
    auto skipped = run_hourly(ops::Cadence::daily, 2, "2026-03-07T09:00Z", "2026-03-09T09:00Z");
    REQUIRE(skipped.size() == 2);
    CHECK(skipped[1].period == "2026-03-08");
    CHECK(helm::iso_utc(skipped[1].at_ms) == "2026-03-08T10:00:00.000Z");
    // Fall back: 2026-11-01 01:00 happens twice (08:00 and 09:00 UTC); the job runs at the first.
    auto fall = run_hourly(ops::Cadence::daily, 1, "2026-10-31T08:00Z", "2026-11-02T12:00Z");
    REQUIRE(fall.size() == 3);
    CHECK(fall[1].period == "2026-11-01");
    CHECK(helm::iso_utc(fall[1].at_ms) == "2026-11-01T08:00:00.000Z");
    CHECK(helm::iso_utc(fall[2].at_ms) == "2026-11-02T09:00:00.000Z");  // 01:00 PST
    // Weekly on Monday 06:00 local and monthly on the 1st at 07:00, over both changes.
    auto weeks = run_hourly(ops::Cadence::weekly, 6, "2026-03-01T00:00Z", "2026-03-23T00:00Z");
    REQUIRE(weeks.size() == 4);  // the week already under way, then the Mondays 2, 9 and 16 March
    CHECK(weeks[1].period == "2026-W10");
    CHECK(helm::iso_utc(weeks[1].at_ms) == "2026-03-02T14:00:00.000Z");
    CHECK(helm::iso_utc(weeks[2].at_ms) == "2026-03-09T13:00:00.000Z");  // after the change
    auto months = run_hourly(ops::Cadence::monthly, 7, "2026-10-15T00:00Z", "2026-12-15T00:00Z");
    REQUIRE(months.size() == 3);
    CHECK(months[1].period == "2026-11");
    CHECK(helm::iso_utc(months[1].at_ms) == "2026-11-01T15:00:00.000Z");  // 07:00 PST, the day the clocks went back
    CHECK(ops::iso_week("2027-01-01") == "2026-W53");
    CHECK(ops::iso_week("2026-01-01") == "2026-W01");
    CHECK(ops::iso_week("2026-11-23") == "2026-W48");
}

TEST_CASE("retention keeps the newest dailies and the newest backup of each recent week and month") {
    std::vector<std::string> keys = {"backups/daily/notes.txt"};
    const auto first = helm::utc_day_start_ms("2025-06-01");
    for (int d = 0; d < 540; ++d) keys.push_back("backups/daily/" + helm::iso_utc(first + d * 86'400'000LL).substr(0, 10) + ".sql.gz");
    const auto pruned = ops::backups_to_prune(keys, {30, 12, 24});
    const std::set<std::string> gone(pruned.begin(), pruned.end());
    auto kept = [&](std::string date) { return !gone.count("backups/daily/" + date + ".sql.gz"); };
    CHECK(!gone.count("backups/daily/notes.txt"));
    CHECK(kept("2026-11-22"));  // the newest (540 days from 2025-06-01)
    CHECK(kept("2026-10-24"));  // the 30th newest
    CHECK(!kept("2026-10-21"));  // a Wednesday, older than 30 days
    CHECK(kept("2026-09-27"));  // the Sunday ending a week within the newest 12
    CHECK(!kept("2026-05-24"));  // a Sunday beyond 12 weeks, not a month's last
    CHECK(kept("2026-05-31"));  // the newest of May
    CHECK(kept("2025-06-30"));  // the newest of a month within 24
    CHECK(keys.size() - 1 - pruned.size() == 30 + 7 + 16);  // 5 of the 12 weeks' Sundays are among the 30
}

TEST_CASE("the hourly trigger runs each due job once per period; running it again changes nothing") {
    TestShop shop;
    set_clock("2026-11-23T20:00Z");
    shop.cron(std::string(ops::hourly_trigger));
    REQUIRE(shop.logs.size() == 3);
    std::vector<std::string> periods;
    for (const auto& text : shop.logs) {
        auto line = Json::parse(text, nullptr, false);
        CHECK(line["type"] == "cron");
        CHECK(line["status"] == "ok");
        CHECK(line["ms"].is_number());
        periods.push_back(line["period"]);
    }
    CHECK(periods == std::vector<std::string>{"2026-11-23", "2026-W48", "2026-11"});
    auto daily = Json::parse(shop.logs[0], nullptr, false);
    CHECK(daily["backup_key"] == "backups/daily/2026-11-23.sql.gz");
    CHECK(daily["backup_rows"].get<std::int64_t>() > 0);
    const auto listed = shop.ports().assets.list("backups/", "", 1000);
    const auto stored = shop.ports().assets.get("backups/daily/2026-11-23.sql.gz");
    shop.logs.clear();
    shop.cron(std::string(ops::hourly_trigger));
    REQUIRE(shop.logs.size() == 3);
    for (const auto& text : shop.logs) CHECK(Json::parse(text, nullptr, false)["status"] == "already_done");
    CHECK(shop.count("cron_runs") == 3);
    CHECK(shop.ports().assets.list("backups/", "", 1000)->objects.size() == listed->objects.size());
    CHECK(shop.ports().assets.get("backups/daily/2026-11-23.sql.gz")->value().body == stored->value().body);
    CHECK(shop.text("SELECT period FROM cron_runs WHERE job = 'daily'") == "2026-11-23");  // last_daily_run
    // The next morning's run is a new period; at 01:00 local it is not due yet.
    set_clock("2026-11-24T09:00Z");
    shop.logs.clear();
    shop.cron(std::string(ops::hourly_trigger));
    REQUIRE(shop.logs.size() == 2);  // the week and the month: already done
    set_clock("2026-11-24T11:00Z");
    shop.logs.clear();
    shop.cron(std::string(ops::hourly_trigger));
    CHECK(Json::parse(shop.logs.at(0), nullptr, false)["period"] == "2026-11-24");
    shop.logs.clear();
    shop.cron("0 10 * * *");
    CHECK(Json::parse(shop.logs.at(0), nullptr, false)["status"] == "unknown_trigger");
}

TEST_CASE("a failed backup is shown on the home screen and retried by the next trigger") {
    TestShop shop;
    set_clock("2026-11-23T20:00Z");
    // A row no D1 statement can carry (a 120 KB blob): the backup refuses rather than cut it.
    shop.sql("CREATE TABLE scratch (b BLOB)");
    shop.sql("INSERT INTO scratch (b) VALUES (zeroblob(120000))");
    shop.cron(std::string(ops::hourly_trigger));
    auto daily = Json::parse(shop.logs.at(0), nullptr, false);
    CHECK(daily["status"] == "failed");
    CHECK(daily["problems"][0].get<std::string>().find("backup failed") == 0);
    CHECK(!shop.ports().assets.get("backups/daily/2026-11-23.sql.gz")->has_value());  // no half backup
    auto home = shop.request("GET", "/");
    CHECK(home.status == 200);
    CHECK(home.body.find("id=\"ops-problems\"") != std::string::npos);
    CHECK(home.body.find("Nightly run of 2026-11-23: backup failed") != std::string::npos);

    shop.sql("DROP TABLE scratch");
    shop.logs.clear();
    shop.cron(std::string(ops::hourly_trigger));  // the next hour: claimed again, and it works
    CHECK(Json::parse(shop.logs.at(0), nullptr, false)["status"] == "ok");
    CHECK(shop.integer("SELECT attempts FROM cron_runs WHERE job = 'daily'") == 2);
    CHECK(shop.request("GET", "/").body.find("ops-problems") == std::string::npos);

    set_clock("2026-11-26T10:00Z");  // 02:00 local, two days on: tonight's run is still to come
    CHECK(shop.request("GET", "/").body.find("No nightly backup has run since 2026-11-23.") != std::string::npos);
}

TEST_CASE("an erasure is journaled in R2 by ids only, and the daily job erases a customer a restore brought back") {
    TestShop shop;
    const auto ann = create_customer(shop, {{"name", "Annabel Quist"}, {"phone", "604 555 0142"}, {"email", "annabel@example.com"}});
    set_clock("2026-11-23T20:00Z");
    shop.cron(std::string(ops::hourly_trigger));  // the backup holds Annabel
    auto backup = gunzip(shop.ports().assets.get("backups/daily/2026-11-23.sql.gz")->value().body);
    REQUIRE(backup.find("Annabel Quist") != std::string::npos);
    REQUIRE(shop.post_json("/api/customers/" + std::to_string(ann) + "/erase", Json::object()).status == 200);
    auto journal = shop.ports().assets.get(std::string(helm::ops::journal_key));
    REQUIRE(journal->has_value());
    const std::string journal_text((*journal)->body.begin(), (*journal)->body.end());
    CHECK(journal_text.find("Annabel") == std::string::npos);
    CHECK(journal_text.find("annabel") == std::string::npos);
    CHECK(journal_text.find("WHERE id = " + std::to_string(ann)) != std::string::npos);
    CHECK(shop.ports().assets.get("erasures/tombstones/" + std::string(12 - std::to_string(ann).size(), '0') + std::to_string(ann))->has_value());

    // The journal run after the old backup: no personal data of Annabel's is left.
    const auto dir = helm::testing::fresh_dir("erased");
    auto restored = helm::native::SqliteD1::open(load_into_empty(backup + journal_text, dir).string());
    REQUIRE(restored.ok());
    auto row = (*restored)->query({"SELECT name, phone, email, erased_at_ms FROM customers WHERE id = ?1", {ann}});
    REQUIRE(row->rows.size() == 1);
    CHECK(Row(*row, 0).text("name") == "Erased customer " + std::to_string(ann));
    CHECK(Row(*row, 0).is_null("phone"));
    CHECK(Row(*row, 0).is_null("email"));
    CHECK(!Row(*row, 0).is_null("erased_at_ms"));
    CHECK((*restored)->query({"SELECT rowid FROM customers_search WHERE customers_search MATCH 'annabel'", {}})->rows.empty());
    std::filesystem::remove_all(dir);

    // In D1 itself: a restore without the journal brought her back; the next daily job erases her again, audited.
    shop.sql("UPDATE customers SET name = 'Annabel Quist', email = 'annabel@example.com', erased_at_ms = NULL WHERE id = ?1", {ann});
    set_clock("2026-11-24T20:00Z");
    shop.logs.clear();
    shop.cron(std::string(ops::hourly_trigger));
    auto daily = Json::parse(shop.logs.at(0), nullptr, false);
    CHECK(daily["erasures_replayed"] == 1);
    CHECK(daily["erasure_tombstones"] == 1);
    CHECK(shop.text("SELECT name FROM customers WHERE id = ?1", {ann}) == "Erased customer " + std::to_string(ann));
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'customer.erase'") == 2);
    CHECK(gunzip(shop.ports().assets.get("backups/daily/2026-11-24.sql.gz")->value().body).find("Annabel") == std::string::npos);
}

TEST_CASE("the nightly stock check lists what to reorder in R2, says so on the home screen and keeps the newest reports") {
    TestShop shop;
    auto product = [&](const std::string& sku, const std::string& name, Json reorder) {
        Json body = {{"sku", sku}, {"name", name}, {"price_cents", 1000}};
        body.update(reorder);
        auto r = shop.post_json("/api/products", body);
        REQUIRE_MESSAGE(r.status == 201, r.body);
        return std::to_string(r.json()["product"]["id"].get<std::int64_t>());
    };
    const auto tube = product("TUBE-700", "Tube, 700c", {{"reorder_min", 5}, {"reorder_max", 12}});
    const auto chain = product("CHAIN-11", "Chain, 11 speed", {{"reorder_min", 2}});
    const auto bell = product("BELL", "Bell", {{"reorder_min", 1}});
    product("GRIPS", "Grips", Json::object());  // no reorder point: never listed
    REQUIRE(shop.post_json("/api/products/" + tube + "/receive", {{"quantity", 3}, {"unit_cost_cents", 300}}).status < 300);
    REQUIRE(shop.post_json("/api/products/" + chain + "/receive", {{"quantity", 2}, {"unit_cost_cents", 2000}}).status < 300);
    REQUIRE(shop.post_json("/api/products/" + bell + "/receive", {{"quantity", 4}, {"unit_cost_cents", 500}}).status < 300);
    CHECK(shop.request("GET", "/").body.find("id=\"low-stock\"") == std::string::npos);  // before the first night

    set_clock("2026-11-23T20:00Z");
    shop.logs.clear();
    shop.cron(std::string(ops::hourly_trigger));
    auto daily = Json::parse(shop.logs.at(0), nullptr, false);
    CHECK(daily["status"] == "ok");
    CHECK(daily["low_stock_products"] == 2);
    CHECK(daily["low_stock_key"] == "reports/daily/2026-11-23-low-stock.csv");
    auto stored = shop.ports().assets.get("reports/daily/2026-11-23-low-stock.csv");
    REQUIRE(stored->has_value());
    const std::string csv((*stored)->body.begin(), (*stored)->body.end());
    // By name; a chain at its point is ordered back up to it, a tube up to its maximum.
    CHECK(csv == "sku,name,on_hand,reorder_at,order_quantity\r\n"
                 "CHAIN-11,\"Chain, 11 speed\",2,2,0\r\n"
                 "TUBE-700,\"Tube, 700c\",3,5,9\r\n");

    auto home = shop.request("GET", "/");
    CHECK(home.body.find("Last night's stock check (2026-11-23): 2 products are at or below the reorder point.") != std::string::npos);
    CHECK(home.body.find("href=\"/stock#reorder\"") != std::string::npos);
    CHECK(home.body.find("href=\"/reports/download?key=reports/daily/2026-11-23-low-stock.csv\"") != std::string::npos);
    CHECK(home.body.find("id=\"ops-problems\"") == std::string::npos);  // a list to order from is no problem
    CHECK(shop.request("GET", "/reports").body.find("Low stock (CSV)") != std::string::npos);
    auto download = shop.request("GET", "/reports/download?key=reports%2Fdaily%2F2026-11-23-low-stock.csv");
    CHECK(download.status == 200);
    CHECK(download.body == csv);

    // Each night writes its own list; only the newest keep_daily are kept.
    shop.sql("UPDATE ops_settings SET keep_daily = 2");
    for (const char* night : {"2026-11-24T20:00Z", "2026-11-25T20:00Z", "2026-11-26T20:00Z"}) {
        set_clock(night);
        shop.cron(std::string(ops::hourly_trigger));
    }
    const auto listed = shop.ports().assets.list("reports/daily/", "", 100);
    std::vector<std::string> kept;
    for (const auto& object : listed->objects) kept.push_back(object.key);
    CHECK(kept == std::vector<std::string>{"reports/daily/2026-11-25-low-stock.csv", "reports/daily/2026-11-26-low-stock.csv"});

    // Stock received: the next night finds nothing, and the home screen says nothing of it.
    REQUIRE(shop.post_json("/api/products/" + tube + "/receive", {{"quantity", 9}, {"unit_cost_cents", 300}}).status < 300);
    REQUIRE(shop.post_json("/api/products/" + chain + "/receive", {{"quantity", 4}, {"unit_cost_cents", 2000}}).status < 300);
    set_clock("2026-11-27T20:00Z");
    shop.logs.clear();
    shop.cron(std::string(ops::hourly_trigger));
    CHECK(Json::parse(shop.logs.at(0), nullptr, false)["low_stock_products"] == 0);
    CHECK(shop.request("GET", "/").body.find("id=\"low-stock\"") == std::string::npos);
}

TEST_CASE("Settings › Backups and reports sets when the jobs run and how many backups they keep; bad input writes nothing") {
    TestShop shop;
    auto page = shop.request("GET", "/settings/backups");
    REQUIRE(page.status == 200);
    CHECK(page.body.find("id=\"keep-daily\" name=\"keep_daily\" value=\"30\"") != std::string::npos);
    CHECK(page.body.find("id=\"no-runs\"") != std::string::npos);
    CHECK(shop.request("GET", "/settings").body.find("href=\"/settings/backups\"") != std::string::npos);
    const auto events = shop.count("audit_events");

    // Out of bounds, or not a number: the form comes back marked at the field, nothing saved.
    auto refused = shop.post_form("/settings/backups", "daily_local_hour=24&keep_daily=7");
    CHECK(refused.status == 400);
    CHECK(refused.body.find("id=\"daily-local-hour\" name=\"daily_local_hour\" value=\"24\"") != std::string::npos);
    CHECK(refused.body.find("aria-invalid=\"true\"") != std::string::npos);
    auto api = shop.request("PUT", "/api/ops/settings", R"({"keep_weekly": "many"})", {{"content-type", "application/json"}});
    CHECK(api.status == 400);
    CHECK(api.json()["error"]["field"] == "keep_weekly");
    api = shop.request("PUT", "/api/ops/settings", R"({"keep_monthly": 121})", {{"content-type", "application/json"}});
    CHECK(api.json()["error"]["field"] == "keep_monthly");
    CHECK(shop.integer("SELECT keep_daily FROM ops_settings") == 30);
    CHECK(shop.count("audit_events") == events);

    auto saved = shop.post_form("/settings/backups", "daily_local_hour=22&keep_daily=7");
    CHECK(saved.status == 303);
    CHECK(shop.integer("SELECT daily_local_hour FROM ops_settings") == 22);
    CHECK(shop.integer("SELECT keep_daily FROM ops_settings") == 7);
    CHECK(shop.integer("SELECT keep_weekly FROM ops_settings") == 12);  // not sent: kept
    CHECK(shop.text("SELECT action FROM audit_events ORDER BY seq DESC LIMIT 1") == "settings.ops");
    api = shop.request("PUT", "/api/ops/settings", R"({"weekly_local_hour": 5})", {{"content-type", "application/json"}});
    CHECK(api.status == 200);
    CHECK(api.json()["settings"] == Json{{"daily_local_hour", 22}, {"weekly_local_hour", 5}, {"monthly_local_hour", 7},
                                         {"keep_daily", 7}, {"keep_weekly", 12}, {"keep_monthly", 24},
                                         {"keep_export_days", 30}});

    // The jobs follow it: at 12:00 in Vancouver the nightly job is not due before 22:00.
    set_clock("2026-11-23T20:00Z");
    shop.logs.clear();
    shop.cron(std::string(ops::hourly_trigger));
    for (const auto& line : shop.logs) CHECK(Json::parse(line, nullptr, false)["job"] != "daily");
    set_clock("2026-11-24T06:30Z");  // 22:30 local
    shop.logs.clear();
    shop.cron(std::string(ops::hourly_trigger));
    CHECK(Json::parse(shop.logs.at(0), nullptr, false)["job"] == "daily");
    page = shop.request("GET", "/settings/backups");
    CHECK(page.body.find("<td>daily</td><td>2026-11-23</td><td>ok</td>") != std::string::npos);
}
