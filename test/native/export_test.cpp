// The owner's data export: the tar writer's headers, sizes and padding, and an export of a
// shop with data whose archive holds the dump, a CSV per table, the shop's R2 objects (a
// large one copied in many pieces, none of the earlier exports or backups), SCHEMA.md and RESTORE.md.

#include <map>

#include "core/csv.hpp"
#include "harness.hpp"
#include "ops/dump.hpp"
#include "ops/export.hpp"
#include "ops/tar.hpp"

using helm::Blob;
using helm::Json;
using helm::testing::TestShop;
using helm::testing::gunzip;
namespace ops = helm::ops;
namespace tar = helm::ops::tar;

namespace {

constexpr std::string_view token = "0123456789abcdef0123456789abcdef-operator";

std::int64_t octal_field(std::string_view field) {
    std::int64_t v = 0;
    for (char c : field) {
        if (c < '0' || c > '7') break;
        v = v * 8 + (c - '0');
    }
    return v;
}

// A strict reader of what the writer makes: every header's checksum and magic checked,
// every member's body followed by zeros to a block, two zero blocks at the end.
std::map<std::string, std::string> read_tar(const std::string& archive) {
    std::map<std::string, std::string> members;
    std::size_t at = 0;
    std::string long_path;
    REQUIRE(archive.size() % 512 == 0);
    for (;;) {
        REQUIRE(at + 512 <= archive.size());
        const std::string_view h(archive.data() + at, 512);
        if (h.find_first_not_of('\0') == std::string_view::npos) {
            CHECK(archive.substr(at).find_first_not_of('\0') == std::string::npos);
            CHECK(archive.size() - at >= 1024);
            break;
        }
        unsigned sum = 0;
        for (std::size_t i = 0; i < 512; ++i) sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(h[i]);
        CHECK(octal_field(h.substr(148, 8)) == sum);
        CHECK(h.substr(257, 6) == std::string_view("ustar\0", 6));
        const auto size = octal_field(h.substr(124, 12));
        std::string name(h.substr(0, 100).substr(0, h.substr(0, 100).find('\0')));
        std::string prefix(h.substr(345, 155).substr(0, h.substr(345, 155).find('\0')));
        const std::string body = archive.substr(at + 512, std::size_t(size));
        const auto end = at + std::size_t(tar::member_bytes(size));
        CHECK(archive.substr(at + 512 + std::size_t(size), end - at - 512 - std::size_t(size)).find_first_not_of('\0') == std::string::npos);
        at = end;
        if (h[156] == 'x') {
            const auto eq = body.find("path=");
            REQUIRE(eq != std::string::npos);
            long_path = body.substr(eq + 5, body.size() - eq - 6);
            continue;
        }
        CHECK(h[156] == '0');
        const std::string path = !long_path.empty() ? long_path : (prefix.empty() ? name : prefix + "/" + name);
        long_path.clear();
        members[path] = body;
    }
    return members;
}

helm::Shop operated_shop() {
    auto shop = helm::testing::test_shop();
    shop.operator_token = std::string(token);
    return shop;
}

std::string object_text(TestShop& shop, const std::string& key) {
    auto stored = shop.ports().assets.get(key);
    REQUIRE(stored.ok());
    REQUIRE(stored->has_value());
    return std::string((*stored)->body.begin(), (*stored)->body.end());
}

}  // namespace

TEST_CASE("a tar member's header states its path and size, and its body is padded to a block") {
    auto header = tar::member_header("helm-export/csv/sales.csv", 700, 1'700'000'000);
    REQUIRE(header.ok());
    REQUIRE(header->size() == 512);
    CHECK(header->substr(0, 25) == "helm-export/csv/sales.csv");
    CHECK(header->substr(124, 12) == std::string("00000001274") + '\0');  // 700 in octal
    CHECK((*header)[156] == '0');
    CHECK(tar::padding(700).size() == 324);
    CHECK(tar::padding(512).empty());
    CHECK(tar::padding(0).empty());
    CHECK(tar::member_bytes(700) == 512 + 1024);
    CHECK(tar::end_of_archive() == std::string(1024, '\0'));
    CHECK(!tar::member_header("", 1, 0).ok());
    CHECK(!tar::member_header("x", tar::max_member_bytes + 1, 0).ok());

    // An archive of a short member, one over a chunk written in many pieces, a path that
    // needs ustar's prefix and one too long for ustar reads back exactly.
    const std::string small = "id,name\r\n1,Bea\r\n";
    std::string big;
    for (int i = 0; big.size() < (1 << 20) + 777; ++i) big += "row " + std::to_string(i) + "\n";
    const std::string split_path = std::string(120, 'd') + "/file.txt";
    const std::string long_path = "helm-export/r2/" + std::string(300, 'k');
    std::string archive;
    for (const auto& [path, body] : std::vector<std::pair<std::string, std::string>>{
             {"a.csv", small}, {"big.sql", big}, {split_path, small}, {long_path, small}}) {
        auto h = tar::member_header(path, std::int64_t(body.size()), 0);
        REQUIRE(h.ok());
        archive += *h;
        for (std::size_t at = 0; at < body.size(); at += 65536) archive += body.substr(at, 65536);
        archive += tar::padding(std::int64_t(body.size()));
    }
    archive += tar::end_of_archive();
    const auto members = read_tar(archive);
    REQUIRE(members.size() == 4);
    CHECK(members.at("a.csv") == small);
    CHECK(members.at("big.sql") == big);
    CHECK(members.at(split_path) == small);
    CHECK(members.at(long_path) == small);
}

TEST_CASE("an export holds the dump, a CSV per table, the shop's R2 objects but no export, and the schema") {
    TestShop shop(operated_shop());
    shop.sql("INSERT INTO customers (name, email, created_at_ms, updated_at_ms) VALUES ('Bea \"B\", Rider', 'bea@example.com', 1, 1)");
    std::string large;  // bigger than one piece of the port's copy
    while (large.size() < 300'000) large += "backup line " + std::to_string(large.size()) + "\n";
    REQUIRE(shop.ports().assets.put("reports/daily/2026-11-23-low-stock.csv", Blob(large.begin(), large.end()), "text/csv").ok());
    REQUIRE(shop.ports().assets.put("backups/daily/2026-11-23.sql.gz", Blob{1, 2, 3}, "application/gzip").ok());
    REQUIRE(shop.ports().assets.put("deploys/log.jsonl", Blob{'{', '}', '\n'}, "application/x-ndjson").ok());
    REQUIRE(shop.ports().assets.put("exports/2026-01-01-0000aaaaaa.tar.gz", Blob{1, 2, 3}, "application/gzip").ok());

    // What each table holds as the export starts (the export then audits itself).
    auto tables = shop.sql("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' "
                           "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE '%_search_%'");
    std::map<std::string, std::int64_t> rows;
    for (std::size_t i = 0; i < tables.rows.size(); ++i) {
        const auto table = helm::Row(tables, i).text("name");
        rows[table] = shop.count(ops::quote_identifier(table));
    }
    auto built = shop.request("POST", "/api/ops/export", "", {{"authorization", "Bearer " + std::string(token)}});
    REQUIRE(built.status == 201);
    const std::string key = built.json()["key"];
    CHECK(ops::is_export_key(key));
    const std::string stored = object_text(shop, key);
    const auto members = read_tar(gunzip(Blob(stored.begin(), stored.end())));
    CHECK(built.json()["members"] == std::int64_t(members.size()));

    // The dump is the backup's SQL.
    const auto& dump = members.at("helm-export/dump.sql");
    CHECK(dump.starts_with("-- Helm backup of shop "));
    CHECK(dump.find("INSERT INTO \"customers\"") != std::string::npos);
    CHECK(dump.rfind("-- end of backup: ") != std::string::npos);
    // A CSV per table, each with its header and every row.
    CHECK(rows.size() > 20);
    for (const auto& [table, count] : rows) {
        INFO(table);
        REQUIRE(members.count("helm-export/csv/" + table + ".csv") == 1);
        auto parsed = helm::csv::parse(members.at("helm-export/csv/" + table + ".csv"));
        REQUIRE(parsed.ok());
        CHECK(!parsed->header.empty());
        CHECK(std::int64_t(parsed->records.size()) == count);
    }
    auto customers = helm::csv::parse(members.at("helm-export/csv/customers.csv"));
    REQUIRE(customers.ok());
    const auto name_at = std::find(customers->header.begin(), customers->header.end(), "name") - customers->header.begin();
    CHECK(customers->records.back().fields.at(std::size_t(name_at)) == "Bea \"B\", Rider");
    // The shop's objects, whole; no earlier export and no scratch file.
    CHECK(members.at("helm-export/r2/reports/daily/2026-11-23-low-stock.csv") == large);
    CHECK(members.count("helm-export/r2/backups/daily/2026-11-23.sql.gz") == 0);  // they keep PIN hashes; dump.sql is the database
    CHECK(members.at("helm-export/r2/deploys/log.jsonl") == "{}\n");
    for (const auto& [path, body] : members) CHECK(path.find("exports/") == std::string::npos);
    CHECK(members.at("helm-export/SCHEMA.md").find("## customers") != std::string::npos);
    CHECK(members.at("helm-export/SCHEMA.md").find("| name | TEXT NOT NULL |") != std::string::npos);
    CHECK(members.at("helm-export/RESTORE.md").find("sqlite3 new.db < helm-export/dump.sql") != std::string::npos);
    auto left = shop.ports().assets.list("exports/", "", 1000);
    REQUIRE(left.ok());
    CHECK(left->objects.size() == 2);  // the earlier export and this one: the scratch files are gone

    // Audited with its key and sizes, never the shop's data.
    auto event = shop.sql("SELECT actor, entity, entity_id, after_json FROM audit_events WHERE action = 'data.export'");
    REQUIRE(event.rows.size() == 1);
    CHECK(helm::Row(event, 0).text("actor") == "operator");
    CHECK(helm::Row(event, 0).text("entity_id") == key);
    CHECK(helm::Row(event, 0).text("after_json").find("Bea") == std::string::npos);
    // Without the token, nothing is built.
    CHECK(shop.request("POST", "/api/ops/export").status == 401);
}

TEST_CASE("Settings -> Data -> Export builds an export for the owner, lists it and streams only exports") {
    TestShop shop;
    CHECK(shop.request("GET", "/settings").body.find("href=\"/settings/data/export\"") != std::string::npos);
    auto empty = shop.request("GET", "/settings/data/export");
    REQUIRE(empty.status == 200);
    CHECK(empty.body.find("id=\"no-exports\"") != std::string::npos);
    auto posted = shop.request("POST", "/settings/data/export", "", {{"content-type", "application/x-www-form-urlencoded"}});
    REQUIRE(posted.status == 303);
    const std::string location(helm::find_header(posted.headers, "location"));
    CHECK(location.starts_with("/settings/data/export?built="));
    auto listed = shop.request("GET", location);
    CHECK(listed.body.find("id=\"export-built\"") != std::string::npos);
    auto exports = shop.ports().assets.list("exports/", "", 10);
    REQUIRE(exports.ok());
    REQUIRE(exports->objects.size() == 1);
    const std::string name = exports->objects[0].key.substr(8);
    CHECK(listed.body.find("href=\"/settings/data/exports/" + name + "\"") != std::string::npos);
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'data.export' AND actor LIKE 'staff:%'") == 1);

    auto download = shop.request("GET", "/settings/data/exports/" + name);
    CHECK(download.status == 200);
    CHECK(helm::find_header(download.headers, "x-helm-r2-object") == "exports/" + name);
    CHECK(helm::find_header(download.headers, "content-type") == "application/gzip");
    CHECK(shop.request("GET", "/settings/data/exports/nothing-here.tar.gz").status == 404);
    CHECK(shop.request("GET", "/settings/data/exports/..%2Fbackups%2Fx.tar.gz").status == 404);
    CHECK(!ops::is_export_key("exports/.work-x/dump.sql"));
    CHECK(!ops::is_export_key("backups/daily/2026-11-23.sql.gz"));

    // Only the owner's permission reaches it.
    shop.sign_in_staff(shop.add_staff("Sam Sales", "sales"));
    CHECK(shop.request("GET", "/settings/data/export").status == 403);
    CHECK(shop.request("POST", "/settings/data/export", "", {{"content-type", "application/x-www-form-urlencoded"}}).status == 403);
    CHECK(shop.request("GET", "/settings/data/exports/" + name).status == 403);
}

TEST_CASE("an export carries no PIN hash or salt (a GPU cracks a five-digit PIN from them); the backup keeps them") {
    TestShop shop(operated_shop());
    const auto hash = shop.text("SELECT pin_hash FROM staff LIMIT 1");
    const auto salt = shop.text("SELECT pin_salt FROM staff LIMIT 1");
    auto built = shop.request("POST", "/api/ops/export", "", {{"authorization", "Bearer " + std::string(token)}});
    REQUIRE(built.status == 201);
    const std::string stored = object_text(shop, built.json()["key"]);
    const auto members = read_tar(gunzip(Blob(stored.begin(), stored.end())));
    for (const auto& [path, body] : members) {
        CAPTURE(path);
        CHECK(body.find(hash) == std::string::npos);
        CHECK(body.find(salt) == std::string::npos);
    }
    // The dump still loads: its staff rows hold a hash no PIN matches.
    CHECK(members.at("helm-export/dump.sql").find(std::string(64, '0')) != std::string::npos);
    auto staff = helm::csv::parse(members.at("helm-export/csv/staff.csv"));
    REQUIRE(staff.ok());
    CHECK(std::find(staff->header.begin(), staff->header.end(), "display_name") != staff->header.end());
    CHECK(members.at("helm-export/RESTORE.md").find("PIN") != std::string::npos);

    helm::testing::set_clock("2026-11-23T20:00Z");
    shop.cron("0 * * * *");
    auto backup = shop.ports().assets.get("backups/daily/2026-11-23.sql.gz");
    REQUIRE(backup.ok());
    REQUIRE(backup->has_value());
    CHECK(gunzip((*backup)->body).find(hash) != std::string::npos);  // a restore needs them
}
