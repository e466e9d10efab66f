// Erasure reaches every place a customer's words can be: every text column of every table
// is either proven free of them after an erasure or allowed with a reason (a new column
// fails until it is classified), the register's documents included; a replay of the
// journal over customers already erased changes nothing; old exports go.
#include <cctype>
#include <map>
#include <regex>
#include <set>

#include "customers/customers.hpp"
#include "customers/erasure.hpp"
#include "harness.hpp"
#include "ops/cron.hpp"
#include "ops/export.hpp"

using helm::Json;
using helm::Row;
using helm::Value;
using helm::to_text;
using helm::testing::TestShop;
using helm::testing::set_clock;

namespace {

// Words no other row shares, so that a byte found anywhere is theirs.
const std::vector<std::string> traces = {"Zebulon", "Quixotic", "778-913-2468", "7789132468", "8642319877",
                                         "zebulon@quixotic.example", "latex", "STATUS-8642", "MOUL-5151",
                                         "K-42X", "gift-wrapped", "changed his mind", "Friday pickup", "Saturday"};

std::string path(std::int64_t id) { return "/api/customers/" + std::to_string(id); }

// A customer whose words are everywhere the shop lets staff type them: their record, a
// merged twin, a bike, a sale and its return, a held cart, a ticket and its moves.
struct ErasedEverywhere {
    TestShop shop;
    std::int64_t id = 0, twin = 0, sale = 0, ticket = 0;

    ErasedEverywhere() {
        shop.sql("INSERT INTO drawer_sessions (register_id, business_date, float_cents, opened_at_ms) VALUES (1, '2000-01-01', 10000, 0)");
        id = created(shop.post_json("/api/customers", {{"name", "Zebulon Quixotic"}, {"company", "Quixotic Velocipedes"},
                                                       {"phone", "778-913-2468"}, {"email", "zebulon@quixotic.example"},
                                                       {"notes", "Allergic to latex"}, {"tax_exempt", true},
                                                       {"tax_exempt_reference", "STATUS-8642"}}),
                     "customer");
        twin = created(shop.post_json("/api/customers", {{"name", "Zeb Quixotic"}, {"phone", "7789132468"}}), "customer");
        REQUIRE(shop.post_json(path(twin) + "/merge", {{"into_id", id}}).status == 200);
        const auto bike = created(shop.post_json(path(id) + "/bikes", {{"make", "Moulton"}, {"frame_serial", "MOUL-5151"},
                                                                         {"key_number", "K-42X"}, {"notes", "Zebulon's pride"}}),
                                  "bike");
        const auto product = created(shop.post_json("/api/products", {{"sku", "BELL"}, {"name", "Bell"}, {"price_cents", 1000}}), "product");
        REQUIRE(shop.post_json("/api/products/" + std::to_string(product) + "/receive", {{"quantity", 5}, {"unit_cost_cents", 400}}).status == 200);

        auto sold = shop.post_json("/api/sales", {{"idempotency_key", "erasure-sale-1"}, {"customer_id", id},
                                                  {"lines", {{{"product_id", product}, {"quantity", 1}}}},
                                                  {"note", "Zebulon wants it gift-wrapped"},
                                                  {"payments", {{{"tender", "card"}, {"amount_cents", 1000}, {"reference", "T-1"}}}}});
        REQUIRE_MESSAGE(sold.status == 201, sold.body);
        sale = sold.json()["sale"]["id"].get<std::int64_t>();
        REQUIRE(shop.text("SELECT tax_exempt_reference FROM sales WHERE id = ?1", {sale}) == "STATUS-8642");
        auto returned = shop.post_json("/api/sales", {{"idempotency_key", "erasure-return-1"}, {"original_sale_id", sale},
                                                      {"returns", {{{"line_id", sold.json()["sale"]["lines"][0]["id"]}, {"quantity", 1}}}},
                                                      {"reason", "Zebulon changed his mind"},
                                                      {"payments", {{{"tender", "card"}, {"amount_cents", -1000}}}}});
        REQUIRE_MESSAGE(returned.status == 201, returned.body);
        // A cart held for them, labelled and noted as a clerk would.
        shop.sql("INSERT INTO sale_drafts (register_id, status, label, cart_json, version, created_at_ms, updated_at_ms) "
                 "VALUES (1, 'held', 'Zebulon, Friday pickup', json_object('customer_id', ?1, 'note', 'Zebulon pays Saturday', "
                 "'lines', json_array()), 1, 0, 0)",
                 {id});

        auto opened = shop.post_json("/api/work-orders", {{"customer_id", id}, {"bike_id", bike}, {"problem", "Zebulon hears a click"},
                                                          {"dropoff_notes", "Quixotic bell"}, {"estimate_cents", 9000},
                                                          {"approved_by", "Zebulon Quixotic"}});
        REQUIRE_MESSAGE(opened.status == 201, opened.body);
        ticket = opened.json()["work_order"]["id"].get<std::int64_t>();
        auto moved = shop.post_json("/api/work-orders/" + std::to_string(ticket) + "/status",
                                    {{"to", "in_progress"}, {"version", opened.json()["work_order"]["version"]},
                                     {"note", "Zebulon called about the click"}});
        REQUIRE_MESSAGE(moved.status == 200, moved.body);
    }

    static std::int64_t created(const helm::testing::Reply& r, const std::string& what) {
        REQUIRE_MESSAGE(r.status == 201, r.body);
        return r.json()[what]["id"].get<std::int64_t>();
    }

    void erase() {
        auto erased = shop.post_json(path(id) + "/erase", Json::object());
        REQUIRE_MESSAGE(erased.status == 200, erased.body);
    }
};

// Every column of every table, and whether it can hold text (TEXT, BLOB or no type).
std::map<std::string, bool> all_columns(TestShop& shop) {
    std::map<std::string, bool> out;
    auto rows = shop.sql("SELECT m.name AS t, p.name AS c, upper(p.type) AS type FROM sqlite_schema m, pragma_table_info(m.name) p "
                         "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%'");
    for (std::size_t i = 0; i < rows.rows.size(); ++i) {
        const Row row(rows, i);
        const auto type = row.text("type");
        out[row.text("t") + "." + row.text("c")] = type.empty() || type.find("TEXT") != std::string::npos ||
                                                   type.find("CHAR") != std::string::npos || type.find("BLOB") != std::string::npos;
    }
    return out;
}

// Whether the column holds the words anywhere: as text case-insensitively, or as bytes
// (FTS5 keeps its words lower-case in blobs).
bool holds(TestShop& shop, const std::string& column, const std::string& needle) {
    const auto dot = column.find('.');
    const auto table = "\"" + column.substr(0, dot) + "\"", name = "\"" + column.substr(dot + 1) + "\"";
    return shop.integer("SELECT count(*) FROM " + table + " WHERE instr(lower(CAST(" + name + " AS TEXT)), lower(?1)) > 0 OR instr(CAST(" +
                            name + " AS BLOB), CAST(lower(?1) AS BLOB)) > 0",
                        {needle}) > 0;
}

// The text columns allowed to keep what staff typed after an erasure, each with why.
// None of them is about a customer: a customer's words never need to be typed there.
const std::map<std::string, std::string> allowed = {
    {"bikes.make", "what the bike is, kept with the sale that sold it; a make is no one's name"},
    {"bikes.model", "what the bike is, as bikes.make"},
    {"bikes.colour", "what the bike is, as bikes.make"},
    {"bikes.size", "what the bike is, as bikes.make"},
    {"drawer_movements.reason", "why cash went in or out of the drawer: the drawer's bookkeeping"},
    {"drawer_sessions.note", "the count when a drawer closed: the drawer's bookkeeping"},
    {"sale_lines.description", "what was sold, as the receipt printed it (the catalog's or the ticket line's words)"},
    {"sale_lines.price_override_reason", "why an item's price was changed: about the item"},
    {"sale_payments.reference", "the card terminal's reference of a payment"},
    {"serial_units.reference", "a stock document's number"},
    {"serial_units.serial", "the shop's own stock record of a unit it owned; the bike's link to its buyer is blanked"},
    {"serial_unit_history.reference", "a stock document's number"},
    {"stock_counts.note", "a stock count's note: stock bookkeeping"},
    {"stock_movements.note", "a stock movement's note: stock bookkeeping"},
    {"stock_movements.reason", "a stock movement's reason: stock bookkeeping"},
    {"stock_movements.reference", "a stock document's number"},
    {"work_order_lines.description", "the work and parts on a ticket, as invoiced"},
    {"z_reports.report_json", "a day's totals as printed: figures, no customer"},
};

// The text columns an erasure leaves free of the customer's words: checked below.
const std::set<std::string> free_of_them = {
    "accounts.code", "accounts.kind", "allowlist.email", "allowlist.issuer", "allowlist.subject",
    "audit_archive_segments.first_prev_hash", "audit_archive_segments.last_hash", "audit_archive_segments.object_key",
    "audit_events.action", "audit_events.actor", "audit_events.after_json", "audit_events.before_json",
    "audit_events.build_version", "audit_events.entity", "audit_events.entity_id", "audit_events.hash",
    "audit_events.prev_hash", "audit_events.request_id",
    "bikes.battery_serial", "bikes.frame_serial", "bikes.key_number", "bikes.notes", "categories.name",
    "cron_runs.job", "cron_runs.period", "cron_runs.run_id", "cron_runs.status", "cron_runs.summary_json",
    "customers.company", "customers.email", "customers.name", "customers.notes", "customers.phone",
    "customers.phone_digits_reversed", "customers.tax_exempt_reference",
    "customers_search_config.k", "customers_search_config.v", "customers_search_data.block", "customers_search_docsize.sz",
    "customers_search_idx.pgno", "customers_search_idx.segid", "customers_search_idx.term", "d1_migrations.name",
    "device_sessions.cached_permissions", "device_sessions.cached_role", "device_sessions.cached_staff_name", "device_sessions.email", "device_sessions.token_hash", "device_sessions.user_agent",
    "drawer_movements.kind", "drawer_sessions.business_date", "drawer_sessions.counts_json", "drawer_sessions.float_counts_json",
    "drawer_sessions.status", "outbox.body", "outbox.channel", "outbox.status", "outbox.template",
    "permissions.key", "permissions.kind", "permissions.label", "pin_attempts.outcome", "product_barcodes.code",
    "product_vendors.vendor_part_number", "products.barcodes_json", "products.brand", "products.colour", "products.kind", "products.name",
    "products.size", "products.sku", "products.tax_class_key", "products.vendors_json", "products_search_config.k", "products_search_config.v",
    "products_search_data.block", "products_search_docsize.sz", "products_search_idx.pgno", "products_search_idx.segid",
    "products_search_idx.term", "registers.name", "request_metrics.hour_utc", "role_permissions.permission_key",
    "role_permissions.role_key", "roles.key", "roles.name", "sale_drafts.cart_json", "sale_drafts.label", "sale_drafts.status",
    "sale_line_taxes.name", "sale_lines.account_code", "sale_lines.kind", "sale_lines.sku", "sale_lines.tax_class_key",
    "sale_payments.tender", "sales.business_date", "sales.idempotency_key", "sales.kind", "sales.note", "sales.number",
    "sales.reason", "sales.request_digest", "sales.tax_exempt_reference", "sales.tax_rounding", "serial_unit_history.from_status",
    "serial_unit_history.to_status", "serial_units.status", "serial_units.written_off", "shop_details.address", "shop_details.footer",
    "shop_details.hours", "shop_details.logo_svg", "shop_details.phone", "shop_details.tax_numbers", "shop_settings.tax_rounding", "sign_in_attempts.code_verifier",
    "sign_in_attempts.nonce", "sign_in_attempts.return_to", "sign_in_attempts.state_hash", "special_orders.status",
    "staff.display_name", "staff.pin_hash", "staff.pin_salt", "staff.role_key", "staff_screen_permissions.permission_key",
    "stock_counts.status", "tax_classes.key", "tax_classes.name", "tax_rates.name", "tax_rates.tax_class_key",
    "tax_rates.valid_from", "tax_rates.valid_until", "vendors.account_number", "vendors.email", "vendors.name", "vendors.phone",
    "work_order_history.from_status", "work_order_history.note", "work_order_history.to_status", "work_order_lines.kind",
    "work_orders.approved_by", "work_orders.customer_notes", "work_orders.dropoff_notes", "work_orders.hook_tag",
    "work_order_invoices.lines_json", "work_orders.internal_notes", "work_orders.number", "work_orders.problem", "work_orders.promised_date", "work_orders.status",
    "z_reports.business_date",
};

}  // namespace

TEST_CASE("after an erasure every text column of every table is free of the customer's words or allowed with a reason") {
    ErasedEverywhere e;
    const auto columns = all_columns(e.shop);
    // Every text column is classified: a new one fails here until it is.
    for (const auto& [column, textual] : columns) {
        if (!textual) continue;
        CAPTURE(column);
        CHECK_MESSAGE((allowed.count(column) + free_of_them.count(column)) == 1,
                      "classify " << column << ": free_of_them, or allowed with the reason it may keep what staff typed");
    }
    for (const auto& [column, reason] : allowed) CHECK_MESSAGE(columns.count(column) == 1, column << " is no column any more");
    for (const auto& column : free_of_them) CHECK_MESSAGE(columns.count(column) == 1, column << " is no column any more");
    // The words are where the scenario typed them before (the scan does find them).
    for (const std::string column : {"sales.note", "sales.reason", "sales.tax_exempt_reference", "sale_drafts.label",
                                     "sale_drafts.cart_json", "work_order_history.note", "work_orders.problem"})
        CHECK_MESSAGE((holds(e.shop, column, "Zebulon") || holds(e.shop, column, "STATUS-8642")), column);

    e.erase();
    for (const auto& [column, textual] : columns) {
        if (allowed.count(column)) continue;
        for (const auto& trace : traces) {
            CAPTURE(trace);
            CHECK_MESSAGE(!holds(e.shop, column, trace), column << " still holds " << trace);
        }
    }
    // The books still add up: the documents, their totals and the return's link stay.
    CHECK(e.shop.integer("SELECT count(*) FROM sales") == 2);
    CHECK(e.shop.integer("SELECT sum(total_cents) FROM sales") == 0);
    CHECK(e.shop.text("SELECT reason FROM sales WHERE original_sale_id = ?1", {e.sale}) == "(erased)");
    CHECK(e.shop.integer("SELECT count(*) FROM sale_drafts WHERE status = 'held'") == 1);
    CHECK(e.shop.request("GET", "/api/sales/" + std::to_string(e.sale)).status == 200);
    CHECK(e.shop.request("GET", "/api/audit/verify").json()["ok"] == true);
}

TEST_CASE("a completed sale still never changes, but for the words an erasure of its customer blanks") {
    ErasedEverywhere e;
    auto& db = *e.shop.ports().db;
    const Value sale = e.sale;
    // Before the erasure, not even the note may go.
    CHECK(!db.query({"UPDATE sales SET note = NULL WHERE id = ?1", {sale}}).ok());
    e.erase();
    // After it, nothing else moves with the words, and the words cannot come back.
    CHECK(!db.query({"UPDATE sales SET total_cents = total_cents + 1 WHERE id = ?1", {sale}}).ok());
    CHECK(!db.query({"UPDATE sales SET note = 'again' WHERE id = ?1", {sale}}).ok());
    CHECK(!db.query({"UPDATE sales SET reason = 'made up' WHERE original_sale_id = ?1", {sale}}).ok());
    CHECK(!db.query({"DELETE FROM sales WHERE id = ?1", {sale}}).ok());
    // The guard names every column of sales, so a column added later is not editable by an erasure.
    const auto guard = e.shop.text("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'sales_are_not_edited'");
    auto columns = e.shop.sql("SELECT name FROM pragma_table_info('sales')");
    auto names = [&](const std::string& word) {
        for (auto at = guard.find(word); at != std::string::npos; at = guard.find(word, at + 1)) {
            const char next = at + word.size() < guard.size() ? guard[at + word.size()] : ' ';
            if (!std::isalnum(static_cast<unsigned char>(next)) && next != '_') return true;
        }
        return false;
    };
    for (std::size_t i = 0; i < columns.rows.size(); ++i) {
        const auto column = Row(columns, i).text("name");
        CAPTURE(column);
        CHECK(names("NEW." + column));
    }
}

TEST_CASE("replaying the erasure journal over customers already erased changes no row, not even a version") {
    ErasedEverywhere e;
    e.erase();
    const auto before = helm::testing::table_contents(*e.shop.ports().db);
    for (const auto who : {e.id, e.twin}) {
        auto replayed = e.shop.ports().db->batch(helm::customers::replay_statements({who, 1}));
        REQUIRE_MESSAGE(replayed.ok(), replayed.error().message);
    }
    const auto after = helm::testing::table_contents(*e.shop.ports().db);
    for (const auto& [table, rows] : before) {
        CAPTURE(table);
        CHECK(after.at(table) == rows);
    }
}

namespace {

std::vector<std::string> export_keys(TestShop& shop) {
    std::vector<std::string> keys;
    auto listed = shop.ports().assets.list("exports/", "", 1000);
    REQUIRE(listed.ok());
    for (const auto& o : listed->objects) keys.push_back(o.key);
    return keys;
}

void build_export(TestShop& shop) {
    auto posted = shop.request("POST", "/settings/data/export", "", {{"content-type", "application/x-www-form-urlencoded"}});
    REQUIRE(posted.status == 303);
}

}  // namespace

TEST_CASE("an erasure deletes every export made before it, which holds the customer; one made after it stays") {
    TestShop shop;
    set_clock("2026-11-23T18:00Z");  // 10:00 in Vancouver
    const auto id = ErasedEverywhere::created(shop.post_json("/api/customers", {{"name", "Zebulon Quixotic"}}), "customer");
    build_export(shop);
    const auto before = export_keys(shop);
    REQUIRE(before.size() == 1);
    REQUIRE(helm::testing::gunzip(shop.ports().assets.get(before[0])->value().body).find("Zebulon") != std::string::npos);

    set_clock("2026-11-23T18:10Z");
    REQUIRE(shop.post_json(path(id) + "/erase", Json::object()).status == 200);
    CHECK(export_keys(shop).empty());

    set_clock("2026-11-23T18:20Z");
    build_export(shop);
    const auto after = export_keys(shop);
    REQUIRE(after.size() == 1);
    CHECK(helm::testing::gunzip(shop.ports().assets.get(after[0])->value().body).find("Zebulon") == std::string::npos);
    // One that was being built while the erasure ran (it started before): the night's sweep takes it.
    REQUIRE(shop.ports().assets.put("exports/2026-11-23-1009abcdef.tar.gz", helm::Blob{1, 2, 3}, "application/gzip").ok());
    set_clock("2026-11-23T20:00Z");
    shop.logs.clear();
    shop.cron(std::string(helm::ops::hourly_trigger));
    CHECK(Json::parse(shop.logs.at(0), nullptr, false)["exports_removed"] == 1);
    CHECK(export_keys(shop) == after);
}

TEST_CASE("exports expire after the days the owner keeps them, deleted by the daily job; a bad number saves nothing") {
    TestShop shop;
    for (const auto days : {0, 366}) {
        auto refused = shop.request("PUT", "/api/ops/settings", to_text(Json{{"keep_export_days", days}}),
                                    {{"content-type", "application/json"}});
        CHECK(refused.status == 400);
        CHECK(refused.json()["error"]["field"] == "keep_export_days");
    }
    CHECK(shop.integer("SELECT keep_export_days FROM ops_settings") == 30);
    auto saved = shop.request("PUT", "/api/ops/settings", R"({"keep_export_days": 10})", {{"content-type", "application/json"}});
    REQUIRE_MESSAGE(saved.status == 200, saved.body);
    CHECK(saved.json()["settings"]["keep_export_days"] == 10);
    CHECK(shop.request("GET", "/settings/backups").body.find("name=\"keep_export_days\"") != std::string::npos);

    for (const auto* key : {"exports/2026-11-12-0900aaaaaa.tar.gz", "exports/2026-11-14-0900bbbbbb.tar.gz",
                            "exports/.work-2026-11-01-0900cccccc/dump.sql"})
        REQUIRE(shop.ports().assets.put(key, helm::Blob{1, 2, 3}, "application/gzip").ok());
    set_clock("2026-11-23T20:00Z");  // noon on the 23rd: the 12th is past ten days, the 14th is not
    shop.logs.clear();
    shop.cron(std::string(helm::ops::hourly_trigger));
    auto daily = Json::parse(shop.logs.at(0), nullptr, false);
    CHECK(daily["status"] == "ok");
    CHECK(daily["exports_removed"] == 1);
    CHECK(export_keys(shop) == std::vector<std::string>{"exports/.work-2026-11-01-0900cccccc/dump.sql",
                                                        "exports/2026-11-14-0900bbbbbb.tar.gz"});
}

// The next module to keep a customer_id cannot be forgotten by a merge or an erasure: the
// app's list of holdings (src/app/customer_data.cpp) covers every such table, or keeps it
// with a reason.
TEST_CASE("every table with a customer_id is moved by a merge, blanked by an erasure or kept with its reason") {
    TestShop shop;
    std::string merge_sql, erase_sql;
    for (const auto& s : helm::customers::records_merge_statements(1, 2, 0)) merge_sql += s.sql + "\n";
    for (const auto& s : helm::customers::records_erasure_statements(1, "[1]", 0)) erase_sql += s.sql + "\n";
    const auto writes = [](const std::string& sql, const std::string& table) {
        return std::regex_search(sql, std::regex("\\b(UPDATE|INTO)\\s+" + table + "\\b"));
    };
    std::map<std::string, std::string> kept;
    for (const auto& holding : helm::customers::holdings())
        for (const auto& k : holding.keeps) kept[std::string(k.table)] = std::string(holding.module) + ": " + std::string(k.reason);
    auto tables = shop.sql("SELECT m.name FROM sqlite_schema m WHERE m.type = 'table' "
                           "AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'customer_id') ORDER BY m.name");
    REQUIRE(tables.rows.size() >= 6);  // bikes, sales, accounts, work_orders, special_orders, outbox at least
    std::set<std::string> with_customer;
    for (std::size_t i = 0; i < tables.rows.size(); ++i) {
        const auto table = Row(tables, i).text("name");
        with_customer.insert(table);
        const bool moved = writes(merge_sql, table), blanked = writes(erase_sql, table);
        CAPTURE(table);
        CHECK((moved || blanked || kept.count(table) == 1));
        // A kept table is one that neither statement touches: an entry that outlived its reason goes.
        if (kept.count(table)) CHECK_FALSE((moved || blanked));
    }
    for (const auto& [table, reason] : kept) {
        CAPTURE(table);
        CHECK(with_customer.count(table) == 1);
        CHECK(reason.size() > 20);
    }
}
