// Customers and their bikes: the API and the screens over one set of writes, search by
// any of the ways a person at the counter knows a customer, duplicates, merges, and the
// privacy rights (export, erasure) with an audit log that never holds personal data.
#include <regex>
#include <set>

#include "customers/customers.hpp"
#include "customers/customers_sql.hpp"
#include "harness.hpp"

using helm::Json;
using helm::Row;
using helm::Value;
using helm::testing::Reply;
using helm::testing::TestShop;

namespace {

Json ann() {
    return {{"name", "Ann Smith"},   {"company", "Smith Couriers"}, {"phone", "(604) 555-0199"},
            {"email", "Ann.Smith@Example.com"}, {"notes", "Rides a cargo bike.\nPrefers texts."}, {"consent_sms", true}};
}

std::int64_t create(TestShop& shop, const Json& body) {
    auto r = shop.post_json("/api/customers", body);
    REQUIRE_MESSAGE(r.status == 201, r.body);
    return r.json()["customer"]["id"].get<std::int64_t>();
}

std::string path(std::int64_t id) { return "/api/customers/" + std::to_string(id); }

std::vector<std::int64_t> found_ids(TestShop& shop, std::string q) {
    auto r = shop.request("GET", "/api/customers?q=" + helm::percent_encode(q));
    REQUIRE_MESSAGE(r.status == 200, r.body);
    const Json answer = r.json();  // the loop below must not outlive it
    std::vector<std::int64_t> ids;
    for (const auto& c : answer["customers"]) ids.push_back(c["id"].get<std::int64_t>());
    return ids;
}

std::string location(const Reply& r) { return std::string(helm::find_header(r.headers, "location")); }

// The opening tag of the element with this id, or "" when there is none.
std::string tag_of(const std::string& html, std::string_view id) {
    const auto at = html.find("id=\"" + std::string(id) + "\"");
    if (at == std::string::npos) return "";
    const auto open = html.rfind('<', at);
    return html.substr(open, html.find('>', at) - open + 1);
}

// Every place a value could hide: each text or blob column of each table, the search
// index's own shadow tables and the audit log included. Answers "table.column" where found.
std::vector<std::string> places_holding(TestShop& shop, const std::string& needle) {
    std::vector<std::string> found;
    auto tables = shop.sql("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'");
    for (const auto& table_row : tables.rows) {
        const auto table = std::get<std::string>(table_row[0]);
        auto columns = shop.sql("SELECT name FROM pragma_table_info(?1)", {table});
        for (const auto& column_row : columns.rows) {
            const auto column = std::get<std::string>(column_row[0]);
            // Bytes, case-insensitively for text: FTS5 keeps its words lower-case in blobs.
            const auto n = shop.integer("SELECT count(*) FROM \"" + table + "\" WHERE instr(lower(CAST(\"" + column +
                                            "\" AS TEXT)), lower(?1)) > 0 OR instr(CAST(\"" + column + "\" AS BLOB), CAST(lower(?1) AS BLOB)) > 0",
                                        {needle});
            if (n > 0) found.push_back(table + "." + column);
        }
    }
    return found;
}

}  // namespace

TEST_CASE("a customer is created, read back, edited with its version, and a stale edit is a conflict") {
    TestShop shop;
    auto created = shop.post_json("/api/customers", ann());
    REQUIRE(created.status == 201);
    auto c = created.json()["customer"];
    CHECK(c["name"] == "Ann Smith");
    CHECK(c["email"] == "ann.smith@example.com");  // stored lower-case
    CHECK(c["phone"] == "(604) 555-0199");         // as typed
    CHECK(c["notes"] == "Rides a cargo bike.\nPrefers texts.");
    CHECK(c["consent_sms"] == true);
    CHECK(c["consent_email"] == false);
    CHECK(c["version"] == 1);
    CHECK(created.json()["possible_duplicates"].empty());
    const auto id = c["id"].get<std::int64_t>();
    CHECK(shop.sql("SELECT phone_digits_reversed FROM customers WHERE id = ?1", {id}).rows[0][0] == Value(std::string("9910555406")));

    auto read = shop.request("GET", path(id));
    REQUIRE(read.status == 200);
    CHECK(read.json()["customer"]["company"] == "Smith Couriers");
    CHECK(read.json()["bikes"].empty());

    auto edited = shop.request("PATCH", path(id), R"({"version":1,"phone":"604 555 0100","company":null,"tax_exempt":true,"tax_exempt_reference":"PST-1234"})");
    REQUIRE_MESSAGE(edited.status == 200, edited.body);
    CHECK(edited.json()["customer"]["version"] == 2);
    CHECK(edited.json()["customer"]["company"].is_null());
    CHECK(edited.json()["customer"]["tax_exempt"] == true);
    CHECK(found_ids(shop, "0100") == std::vector<std::int64_t>{id});
    CHECK(found_ids(shop, "0199").empty());

    auto stale = shop.request("PATCH", path(id), R"({"version":1,"name":"Ann Smyth"})");
    CHECK(stale.status == 409);
    CHECK(stale.json()["error"]["field"] == "version");
    CHECK(shop.sql("SELECT name FROM customers WHERE id = ?1", {id}).rows[0][0] == Value(std::string("Ann Smith")));

    // The audit events carry ids, flags and field names, never a value.
    auto events = shop.request("GET", "/api/audit?entity=customer").json()["events"];
    REQUIRE(events.size() == 2);
    CHECK(events[0]["action"] == "customer.update");
    CHECK(events[0]["after"]["changed"] == Json{"company", "phone", "tax_exempt_reference"});
    CHECK(events[0]["after"]["tax_exempt"] == true);
    CHECK(events[1]["action"] == "customer.create");
    CHECK(events[1]["after"]["fields"] == Json{"name", "company", "phone", "email", "notes"});
    for (const auto& text : {"Ann", "Smith", "555", "example", "cargo", "PST-1234"}) {
        CHECK_MESSAGE(shop.integer("SELECT count(*) FROM audit_events WHERE instr(coalesce(before_json, '') || coalesce(after_json, ''), ?1) > 0",
                                   {std::string(text)}) == 0,
                      text);
    }
}

TEST_CASE("search finds customers by a word's beginning, the phone's last digits, the email in any case and a bike's serial") {
    TestShop shop;
    const auto a = create(shop, ann());
    const auto b = create(shop, {{"name", "Bob O'Brien"}, {"phone", "+1 604 555 0142"}, {"email", "bob@obrien.ca"}});
    const auto c = create(shop, {{"name", "Ann-Marie Jones"}, {"company", "Jones Bikes"}});
    REQUIRE(shop.post_json(path(b) + "/bikes", {{"make", "Surly"}, {"frame_serial", "WTU123X4567"}}).status == 201);

    CHECK(found_ids(shop, "smi") == std::vector<std::int64_t>{a});
    CHECK(found_ids(shop, "ANN") == std::vector<std::int64_t>{a, c});  // by name
    CHECK(found_ids(shop, "ann jon") == std::vector<std::int64_t>{c});  // every word must match
    CHECK(found_ids(shop, "o'bri") == std::vector<std::int64_t>{b});
    CHECK(found_ids(shop, "jones bikes") == std::vector<std::int64_t>{c});  // the company
    CHECK(found_ids(shop, "0142") == std::vector<std::int64_t>{b});         // the last digits
    CHECK(found_ids(shop, "604-555-0142") == std::vector<std::int64_t>{b});  // without the +1
    CHECK(found_ids(shop, "(604) 555.0199") == std::vector<std::int64_t>{a});
    CHECK(found_ids(shop, "ANN.SMITH@example.COM") == std::vector<std::int64_t>{a});
    CHECK(found_ids(shop, "wtu123x4567") == std::vector<std::int64_t>{b});  // a scanned serial
    auto by_serial = shop.request("GET", "/api/customers?q=WTU123X4567").json()["customers"];
    CHECK(by_serial[0]["matched_bike_serial"] == true);
    // FTS5's own syntax is only text.
    for (std::string q : {"\"", "ann\"", "NEAR(ann", "a* OR b", "-", "^ann", "name:ann", "\"\"\""}) found_ids(shop, q);
    CHECK(found_ids(shop, "ann\" OR \"bob") .empty());
    CHECK(found_ids(shop, "zzz").empty());
    // No query lists everyone by name.
    CHECK(found_ids(shop, "") == std::vector<std::int64_t>{a, c, b});
    CHECK(shop.request("GET", "/api/customers?q=" + std::string(201, 'a')).status == 400);
    CHECK(shop.request("GET", "/api/customers?limit=0").status == 400);
}

TEST_CASE("a search over 3,000 customers uses the indexes and reads a handful of rows, never the table") {
    TestShop shop;
    // 3,000 customers in one statement: names from lists, distinct phones and emails.
    shop.sql(R"(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
        INSERT INTO customers (id, name, phone, phone_digits_reversed, email, created_at_ms, updated_at_ms)
        SELECT i,
               json_extract('["Ann","Bob","Carla","Dev","Erin","Farid","Gus","Hana","Ivan","Jo"]', '$[' || (i % 10) || ']') || ' ' ||
               json_extract('["Smith","Lee","Nguyen","Brown","Martin","Roy","Singh","Wong","Tremblay","Gagnon","Kim","Li"]', '$[' || (i % 12) || ']') || i,
               '604-555-' || printf('%04d', i),
               substr(printf('%04d', i), 4, 1) || substr(printf('%04d', i), 3, 1) || substr(printf('%04d', i), 2, 1) || substr(printf('%04d', i), 1, 1) || '555406',
               'person' || i || '@example.com', 0, 0
        FROM n)");
    shop.sql("INSERT INTO bikes (customer_id, frame_serial, created_at_ms, updated_at_ms) SELECT id, 'SN' || printf('%06d', id), 0, 0 FROM customers");
    REQUIRE(shop.count("customers") == 3000);

    struct Probe {
        std::string q;
        std::size_t hits;
    };
    for (const auto& probe : {Probe{"ann smith60", 2}, Probe{"carla nguyen2", 18}, Probe{"hana", 50}, Probe{"0421", 1},
                              Probe{"person77@example.com", 1}, Probe{"sn002999", 1}}) {
        CAPTURE(probe.q);
        const auto terms = helm::customers::search_terms(probe.q);
        auto plan = shop.sql("EXPLAIN QUERY PLAN " + std::string(helm::customers::sql::search_customers),
                             {terms.words, terms.phone, terms.email, terms.serial, std::int64_t{50}});
        std::string steps;
        for (const auto& row : plan.rows) {
            const auto step = std::get<std::string>(row.back());
            steps += step + "\n";
            // Never the customers or bikes table (nor a whole index of them) from end to end.
            const bool whole = step.rfind("SCAN ", 0) == 0 && step.find("VIRTUAL TABLE") == std::string::npos;
            const auto object = step.substr(5, step.find(' ', 5) - 5);
            CHECK_MESSAGE(!(whole && (object == "c" || object == "customers" || object == "bikes")), step);
        }
        CAPTURE(steps);
        CHECK(steps.find("VIRTUAL TABLE INDEX") != std::string::npos);  // the words through FTS5
        CHECK(steps.find("customers_by_phone") != std::string::npos);
        CHECK(steps.find("customers_by_email") != std::string::npos);
        CHECK(steps.find("bikes_by_frame_serial") != std::string::npos);
        const auto before = shop.logs.size();
        CHECK(found_ids(shop, probe.q).size() == probe.hits);
        REQUIRE(shop.logs.size() == before + 1);
        const auto line = Json::parse(shop.logs.back());
        // Natively rows_read counts rows returned: the gate's own reads plus the hits.
        MESSAGE(probe.q << ": native d1_rows_read " << line["d1_rows_read"]);
    }
    auto listed = shop.sql("EXPLAIN QUERY PLAN " + std::string(helm::customers::sql::list_customers), {std::int64_t{50}});
    CHECK(std::get<std::string>(listed.rows[0].back()).find("USING INDEX customers_by_name") != std::string::npos);
}

TEST_CASE("the same phone or email warns of a duplicate on create, and never refuses it") {
    TestShop shop;
    const auto a = create(shop, ann());
    auto second = shop.post_json("/api/customers", {{"name", "A. Smith"}, {"phone", "+1 604-555-0199"}});
    REQUIRE(second.status == 201);
    REQUIRE(second.json()["possible_duplicates"].size() == 1);
    CHECK(second.json()["possible_duplicates"][0]["id"] == a);
    auto third = shop.post_json("/api/customers", {{"name", "Annie"}, {"email", "ANN.smith@example.com"}});
    REQUIRE(third.status == 201);
    REQUIRE(third.json()["possible_duplicates"].size() == 1);  // by the email, in any case
    CHECK(third.json()["possible_duplicates"][0]["id"] == a);
    auto fourth = shop.post_json("/api/customers", {{"name", "Someone else"}, {"phone", "0199"}});  // too short to judge
    CHECK(fourth.json()["possible_duplicates"].empty());
    CHECK(shop.count("customers") == 4);
    // The customer page warns too, and offers the merge.
    auto page = shop.request("GET", "/customers/" + std::to_string(a));
    CHECK(page.body.find("id=\"duplicates\"") != std::string::npos);
    CHECK(page.body.find("Merge this customer into #") != std::string::npos);
}

TEST_CASE("a merge moves the bikes to the survivor, and the merged customer points at it and leaves search") {
    TestShop shop;
    const auto keep = create(shop, ann());
    const auto dup = create(shop, {{"name", "Ann Smith"}, {"phone", "604 555 0199"}});
    const auto bike = shop.post_json(path(dup) + "/bikes", {{"make", "Brompton"}, {"frame_serial", "BR-77"}}).json()["bike"];
    REQUIRE(bike["customer_id"] == dup);

    auto merged = shop.post_json(path(dup) + "/merge", {{"into_id", keep}, {"version", 1}});
    REQUIRE_MESSAGE(merged.status == 200, merged.body);
    CHECK(merged.json()["customer"]["id"] == keep);
    CHECK(shop.integer("SELECT customer_id FROM bikes WHERE id = ?1", {bike["id"].get<std::int64_t>()}) == keep);
    CHECK(shop.integer("SELECT version FROM bikes WHERE id = ?1", {bike["id"].get<std::int64_t>()}) == 2);
    CHECK(shop.integer("SELECT merged_into_id FROM customers WHERE id = ?1", {dup}) == keep);
    CHECK(found_ids(shop, "ann smith") == std::vector<std::int64_t>{keep});
    CHECK(found_ids(shop, "BR-77") == std::vector<std::int64_t>{keep});
    auto survivor = shop.request("GET", path(keep)).json();
    CHECK(survivor["bikes"].size() == 1);
    CHECK(survivor["possible_duplicates"].empty());

    auto event = shop.request("GET", "/api/audit?entity=customer").json()["events"][0];
    CHECK(event["action"] == "customer.merge");
    CHECK(event["entity_id"] == std::to_string(dup));
    CHECK(event["after"]["merged_into_id"] == keep);
    CHECK(event["after"]["moved"]["bikes"] == Json::array({bike["id"]}));

    // What cannot be merged, and writes nothing.
    const auto events = shop.count("audit_events");
    const auto other = create(shop, {{"name", "Carl"}});
    const auto erased = create(shop, {{"name", "Dora"}});
    REQUIRE(shop.post_json(path(erased) + "/erase", Json::object()).status == 200);
    struct Case {
        std::int64_t id;
        Json body;
        int status;
        std::string field;
    };
    const Case cases[] = {
        {other, {{"into_id", other}}, 400, "into_id"},                  // itself
        {other, {{"into_id", dup}}, 422, "into_id"},                    // into a merged one
        {other, {{"into_id", erased}}, 422, "into_id"},                 // into an erased one
        {other, {{"into_id", 999}}, 404, "into_id"},                    // into no one
        {dup, {{"into_id", other}}, 422, "id"},                         // merged already
        {erased, {{"into_id", other}}, 422, "id"},                      // erased
        {999, {{"into_id", other}}, 404, "id"},                         // no such customer
        {other, {{"into_id", keep}, {"version", 7}}, 409, "version"},   // a stale page
        {other, Json::object(), 400, "into_id"},
        {other, {{"into_id", "1"}}, 400, "into_id"},
        {other, {{"into_id", keep}, {"keep", true}}, 400, "keep"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.body.dump());
        auto r = shop.post_json(path(c.id) + "/merge", c.body);
        CHECK(r.status == c.status);
        CHECK(r.json()["error"]["field"] == c.field);
    }
    CHECK(shop.count("audit_events") == events + 3);  // the two creates and the erasure only
}

TEST_CASE("merging needs action.customer_merge, erasing action.customer_erase, exporting action.data_export") {
    TestShop shop;
    const auto a = create(shop, ann());
    const auto b = create(shop, {{"name", "Bo"}});
    shop.sign_in_staff(shop.add_staff("Sam Sales", "sales"));
    CHECK(shop.request("GET", path(a)).status == 200);  // sales may see customers
    auto merge = shop.post_json(path(b) + "/merge", {{"into_id", a}});
    CHECK(merge.status == 403);
    CHECK(merge.json()["error"]["field"] == "action.customer_merge");
    CHECK(shop.post_json(path(a) + "/erase", Json::object()).json()["error"]["field"] == "action.customer_erase");
    CHECK(shop.request("GET", path(a) + "/export").json()["error"]["field"] == "action.data_export");
    auto page = shop.request("GET", "/customers/" + std::to_string(a));
    CHECK(page.body.find("id=\"merge-form\"") == std::string::npos);  // the page hides what the server refuses
    CHECK(page.body.find("id=\"erase-form\"") == std::string::npos);
    CHECK(page.body.find("id=\"export\"") == std::string::npos);
    shop.sign_in_staff(shop.add_staff("Lee Lead", "service_lead"));
    CHECK(shop.post_json(path(b) + "/merge", {{"into_id", a}}).status == 200);
}

TEST_CASE("erasure leaves no trace of the name, phone or email in any table, the search index, the audit log or the logs") {
    TestShop shop;
    // Words no other row shares, so that a byte found anywhere is theirs.
    const Json person = {{"name", "Zebulon Quixotic"}, {"company", "Quixotic Velocipedes"}, {"phone", "778-913-2468"},
                         {"email", "zebulon@quixotic.example"}, {"notes", "Allergic to latex"},
                         {"tax_exempt", true}, {"tax_exempt_reference", "STATUS-8642"}};
    const auto id = create(shop, person);
    const auto twin = create(shop, {{"name", "Zeb Quixotic"}, {"phone", "7789132468"}});  // a duplicate, merged in
    REQUIRE(shop.post_json(path(id) + "/bikes", {{"make", "Moulton"}, {"frame_serial", "MOUL-5151"}, {"key_number", "K-42X"}}).status == 201);
    const auto twin_bike = shop.post_json(path(twin) + "/bikes", {{"frame_serial", "TWIN-6262"}}).json()["bike"]["id"].get<std::int64_t>();
    REQUIRE(shop.post_json(path(twin) + "/merge", {{"into_id", id}}).status == 200);
    const auto other = create(shop, {{"name", "Olga Other"}, {"phone", "604-000-1111"}});
    REQUIRE(found_ids(shop, "quix").size() == 1);
    REQUIRE(shop.request("GET", path(id) + "/export").status == 200);
    // Every way in: the API and the screens, searches included.
    shop.request("GET", "/customers?q=Zebulon");
    shop.request("GET", "/customers?q=778-913-2468");
    shop.request("GET", "/customers/" + std::to_string(id));

    const std::vector<std::string> traces = {"Zebulon", "Quixotic", "778-913-2468", "7789132468", "8642319877",
                                             "zebulon@quixotic.example", "latex", "STATUS-8642", "MOUL-5151", "TWIN-6262", "K-42X"};
    REQUIRE(!places_holding(shop, "Zebulon").empty());  // the scan does find them before

    auto erased = shop.post_json(path(id) + "/erase", {{"version", 1}});
    REQUIRE_MESSAGE(erased.status == 200, erased.body);
    CHECK(erased.json()["customer"]["name"] == "Erased customer " + std::to_string(id));
    CHECK(erased.json()["customer"]["erased_at_ms"].is_number());
    CHECK(erased.json()["customer"]["tax_exempt"] == true);  // a fact for the books, not a person's data

    for (const auto& trace : traces) {
        CAPTURE(trace);
        CHECK(places_holding(shop, trace).empty());
        for (const auto& line : shop.logs) CHECK(line.find(trace) == std::string::npos);
    }
    // The rows stay, with their ids, for the books; the merged twin is erased with them.
    CHECK(shop.integer("SELECT count(*) FROM customers WHERE erased_at_ms IS NOT NULL") == 2);
    CHECK(shop.integer("SELECT customer_id FROM bikes WHERE id = ?1", {twin_bike}) == id);
    CHECK(shop.integer("SELECT count(*) FROM bikes WHERE make = 'Moulton'") == 1);
    // Search still works for everyone else, and no longer finds them by anything.
    CHECK(found_ids(shop, "olga") == std::vector<std::int64_t>{other});
    CHECK(found_ids(shop, "erased").empty());
    CHECK(found_ids(shop, "quix").empty());
    CHECK(shop.integer("SELECT count(*) FROM customers_search WHERE customers_search MATCH 'zebulon'") == 0);
    CHECK(shop.request("GET", "/api/audit/verify").json()["ok"] == true);

    auto event = shop.request("GET", "/api/audit?entity=customer").json()["events"][0];
    CHECK(event["action"] == "customer.erase");
    CHECK(event["after"]["also_erased"] == Json::array({twin}));
    CHECK(event["after"]["changed"] == Json{"name", "company", "phone", "email", "notes", "tax_exempt_reference"});

    // Once is enough; an erased customer is not edited, merged into or given bikes.
    CHECK(shop.post_json(path(id) + "/erase", Json::object()).status == 422);
    CHECK(shop.request("PATCH", path(id), R"({"version":2,"name":"Back again"})").status == 422);
    CHECK(shop.post_json(path(id) + "/bikes", {{"make", "Dawes"}}).status == 422);
    auto page = shop.request("GET", "/customers/" + std::to_string(id));
    CHECK(page.status == 200);
    CHECK(page.body.find("id=\"erased\"") != std::string::npos);
    CHECK(page.body.find("id=\"edit-customer\"") == std::string::npos);
}

TEST_CASE("the export is the customer's data as JSON, merged records and bikes included, and is audited by ids only") {
    TestShop shop;
    const auto id = create(shop, ann());
    const auto twin = create(shop, {{"name", "Ann S."}, {"email", "ann.smith@example.com"}});
    REQUIRE(shop.post_json(path(id) + "/bikes", {{"make", "Surly"}, {"model", "Big Easy"}, {"year", 2022}}).status == 201);
    REQUIRE(shop.post_json(path(twin) + "/merge", {{"into_id", id}}).status == 200);
    auto exported = shop.request("GET", path(id) + "/export");
    REQUIRE(exported.status == 200);
    CHECK(helm::find_header(exported.headers, "content-disposition") == "attachment; filename=\"customer-" + std::to_string(id) + ".json\"");
    auto doc = exported.json();
    CHECK(doc["format"] == "helm.customer_export.v1");
    CHECK(doc["customer"]["email"] == "ann.smith@example.com");
    CHECK(doc["customer"]["notes"] == "Rides a cargo bike.\nPrefers texts.");
    CHECK(doc["bikes"][0]["model"] == "Big Easy");
    CHECK(doc["merged_customers"][0]["id"] == twin);
    auto event = shop.request("GET", "/api/audit?entity=customer").json()["events"][0];
    CHECK(event["action"] == "customer.export");
    CHECK(event["actor"].get<std::string>().rfind("staff:", 0) == 0);
    CHECK(event["after"] == Json{{"id", id}, {"merged_customers", Json::array({twin})}, {"bikes", Json::array({1})}});
    CHECK(shop.request("GET", path(999) + "/export").status == 404);
}

TEST_CASE("bikes are added and edited with their version; the sale link is the inventory's to set") {
    TestShop shop;
    const auto id = create(shop, ann());
    auto added = shop.post_json(path(id) + "/bikes", {{"make", "Tern"}, {"model", "GSD"}, {"year", 2023}, {"colour", "Beetle Blue"},
                                                     {"size", "One size"}, {"frame_serial", "TRN-00042"}, {"battery_serial", "BOSCH-9"},
                                                     {"key_number", "K-17"}, {"notes", "Rear rack"}});
    REQUIRE_MESSAGE(added.status == 201, added.body);
    auto bike = added.json()["bike"];
    CHECK(bike["serial_unit_id"].is_null());
    CHECK(bike["version"] == 1);
    const auto bike_path = "/api/bikes/" + std::to_string(bike["id"].get<std::int64_t>());
    auto edited = shop.request("PATCH", bike_path, R"({"version":1,"colour":"Black","notes":null})");
    REQUIRE_MESSAGE(edited.status == 200, edited.body);
    CHECK(edited.json()["bike"]["colour"] == "Black");
    CHECK(edited.json()["bike"]["notes"].is_null());
    CHECK(shop.request("PATCH", bike_path, R"({"version":1,"colour":"Red"})").status == 409);
    CHECK(shop.request("PATCH", bike_path, R"({"version":2,"serial_unit_id":5})").json()["error"]["field"] == "serial_unit_id");
    CHECK(shop.request("PATCH", "/api/bikes/999", R"({"version":1,"colour":"Red"})").status == 404);
    auto event = shop.request("GET", "/api/audit?entity=bike").json()["events"][0];
    CHECK(event["after"]["changed"] == Json{"colour", "notes"});
    CHECK(event["after"].dump().find("Black") == std::string::npos);

    // A bike bought here shows its unit on the customer page, and links to its service history.
    auto page = shop.request("GET", "/customers/" + std::to_string(id));
    const std::string bike_link = "<a href=\"/service/bikes/" + std::to_string(bike["id"].get<std::int64_t>()) + "\">Tern GSD 2023</a>";
    CHECK(page.body.find("<th scope=\"row\">" + bike_link + "</th>") != std::string::npos);
    CHECK(page.body.find("TRN-00042") != std::string::npos);
    // The inventory module sets the link when it sells a serialized unit; here it is set
    // by hand, without a unit to point at.
    shop.sql("PRAGMA foreign_keys = OFF");
    shop.sql("UPDATE bikes SET serial_unit_id = 31");
    shop.sql("PRAGMA foreign_keys = ON");
    CHECK(shop.request("GET", "/customers/" + std::to_string(id)).body.find("<td>yes, unit 31</td>") != std::string::npos);
    CHECK(shop.request("GET", path(id)).json()["bikes"][0]["serial_unit_id"] == 31);
}

TEST_CASE("bad customer and bike input gets a 4xx JSON error naming the field and writes nothing") {
    TestShop shop;
    const auto id = create(shop, ann());
    const auto events = shop.count("audit_events");
    struct Case {
        std::string method, target, body;
        int status;
        std::string field;
    };
    const std::string c = path(id);
    const std::string long_name(121, 'x');
    const Case cases[] = {
        {"POST", "/api/customers", "{not json", 400, "body"},
        {"POST", "/api/customers", "[1]", 400, "body"},
        {"POST", "/api/customers", R"({"phone":"604 555 0100"})", 400, "name"},
        {"POST", "/api/customers", R"({"name":""})", 400, "name"},
        {"POST", "/api/customers", R"({"name":7})", 400, "name"},
        {"POST", "/api/customers", R"({"name":")" + long_name + R"("})", 400, "name"},
        {"POST", "/api/customers", R"({"name":"A","phone":"call me"})", 400, "phone"},
        {"POST", "/api/customers", R"({"name":"A","phone":"12"})", 400, "phone"},
        {"POST", "/api/customers", R"({"name":"A","email":"not-an-email"})", 400, "email"},
        {"POST", "/api/customers", R"({"name":"A","email":"a@b@c.d"})", 400, "email"},
        {"POST", "/api/customers", R"({"name":"A","consent_sms":"yes"})", 400, "consent_sms"},
        {"POST", "/api/customers", R"({"name":"A","tax_exempt":true})", 400, "tax_exempt_reference"},
        {"POST", "/api/customers", R"({"name":"A","notes":")" + std::string(2001, 'n') + R"("})", 400, "notes"},
        {"POST", "/api/customers", R"({"name":"A\u0007"})", 400, "name"},
        {"POST", "/api/customers", R"({"name":"A","version":1})", 400, "version"},
        {"POST", "/api/customers", R"({"name":"A","colour":"red"})", 400, "colour"},
        {"POST", "/api/customers", R"({"name":"A","merged_into_id":1})", 400, "merged_into_id"},
        {"PATCH", c, R"({"name":"B"})", 400, "version"},
        {"PATCH", c, R"({"version":1})", 400, "body"},
        {"PATCH", c, R"({"version":"1","name":"B"})", 400, "version"},
        {"PATCH", c, R"({"version":0,"name":"B"})", 400, "version"},
        {"PATCH", c, R"({"version":2,"name":"B"})", 409, "version"},
        {"PATCH", c, R"({"version":1,"name":null})", 400, "name"},
        {"PATCH", c, R"({"version":1,"id":5})", 400, "id"},
        {"PATCH", "/api/customers/999", R"({"version":1,"name":"B"})", 404, "id"},
        {"PATCH", "/api/customers/abc", R"({"version":1,"name":"B"})", 400, "id"},
        {"GET", "/api/customers/999", "", 404, "id"},
        {"GET", "/api/customers/0", "", 400, "id"},
        {"POST", c + "/bikes", "{}", 400, "make"},
        {"POST", c + "/bikes", R"({"make":"A","year":1850})", 400, "year"},
        {"POST", c + "/bikes", R"({"make":"A","year":"2020"})", 400, "year"},
        {"POST", c + "/bikes", R"({"frame_serial":")" + std::string(65, 's') + R"("})", 400, "frame_serial"},
        {"POST", c + "/bikes", R"({"make":"A","wheels":2})", 400, "wheels"},
        {"POST", c + "/bikes", R"({"make":"A","serial_unit_id":1})", 400, "serial_unit_id"},
        {"POST", "/api/customers/999/bikes", R"({"make":"A"})", 404, "id"},
        {"POST", c + "/erase", R"({"version":"x"})", 400, "version"},
        {"POST", c + "/erase", R"({"version":9})", 409, "version"},
        {"POST", c + "/erase", R"({"everything":true})", 400, "everything"},
        {"POST", "/api/customers/999/erase", "", 404, "id"},
    };
    for (const auto& k : cases) {
        CAPTURE(k.method);
        CAPTURE(k.target);
        CAPTURE(k.body);
        auto r = k.method == "GET" ? shop.request("GET", k.target) : shop.request(k.method, k.target, k.body, {{"content-type", "application/json"}});
        CHECK(r.status == k.status);
        auto error = r.json()["error"];
        CHECK(error["field"] == k.field);
        CHECK(error["message"].is_string());
        CHECK(error["code"].is_string());
    }
    CHECK(shop.count("audit_events") == events);
    CHECK(shop.count("customers") == 1);
    CHECK(shop.count("bikes") == 0);
    CHECK(shop.integer("SELECT version FROM customers") == 1);
}

TEST_CASE("the Customers screen searches, adds a customer, and refuses a bad form with its error on the field") {
    TestShop shop;
    const auto id = create(shop, ann());
    auto list = shop.request("GET", "/customers");
    REQUIRE(list.status == 200);
    CHECK(tag_of(list.body, "customer-search").find("autofocus") != std::string::npos);
    CHECK(list.body.find("<a href=\"/customers/" + std::to_string(id) + "\">Ann Smith</a>") != std::string::npos);
    CHECK(shop.request("GET", "/customers?q=zzz").body.find("id=\"no-customers\"") != std::string::npos);

    auto added = shop.post_form("/customers", "name=Carl+%3Cb%3EBold%3C%2Fb%3E&company=&phone=604+555+0123&email=CARL%40example.com"
                                               "&tax_exempt=0&tax_exempt_reference=&consent_sms=0&consent_email=0&consent_email=1"
                                               "&notes=Line+one%0D%0ALine+two");
    REQUIRE(added.status == 303);
    const auto carl = shop.integer("SELECT max(id) FROM customers");
    CHECK(location(added) == "/customers/" + std::to_string(carl) + "?done=added");
    auto row = shop.sql("SELECT name, company, email, consent_email, consent_sms, notes FROM customers WHERE id = ?1", {carl});
    CHECK(Row(row, 0).text("name") == "Carl <b>Bold</b>");
    CHECK(Row(row, 0).is_null("company"));
    CHECK(Row(row, 0).text("email") == "carl@example.com");
    CHECK(Row(row, 0).integer("consent_email") == 1);
    CHECK(Row(row, 0).integer("consent_sms") == 0);
    CHECK(Row(row, 0).text("notes") == "Line one\nLine two");
    auto page = shop.request("GET", location(added));
    CHECK(page.body.find("Added Carl &lt;b&gt;Bold&lt;/b&gt;.") != std::string::npos);
    CHECK(page.body.find("<b>Bold</b>") == std::string::npos);

    auto refused = shop.post_form("/customers", "name=Dee&phone=not+a+phone&tax_exempt=0");
    CHECK(refused.status == 400);
    CHECK(tag_of(refused.body, "new-phone").find("aria-invalid=\"true\"") != std::string::npos);
    CHECK(refused.body.find("id=\"form-error\"") != std::string::npos);
    CHECK(tag_of(refused.body, "new-name").find("value=\"Dee\"") != std::string::npos);
    CHECK(shop.count("customers") == 2);
}

TEST_CASE("a customer's page edits the details, adds a bike, merges and erases through plain forms") {
    TestShop shop;
    const auto id = create(shop, ann());
    const auto other = create(shop, {{"name", "Ann Smith"}, {"email", "ann.smith@example.com"}});
    const std::string page_path = "/customers/" + std::to_string(id);
    auto page = shop.request("GET", page_path);
    REQUIRE(page.status == 200);
    CHECK(tag_of(page.body, "customer-name").find("value=\"Ann Smith\"") != std::string::npos);
    CHECK(tag_of(page.body, "customer-consent-sms").find("checked") != std::string::npos);
    CHECK(page.body.find("id=\"export\"") != std::string::npos);

    auto saved = shop.post_form(page_path, "name=Ann+Smith&company=&phone=604+555+0199&email=ann.smith%40example.com&tax_exempt=0"
                                            "&tax_exempt_reference=&consent_sms=0&consent_email=0&notes=&version=1");
    REQUIRE(saved.status == 303);
    CHECK(location(saved) == page_path + "?done=saved");
    CHECK(shop.integer("SELECT consent_sms FROM customers WHERE id = ?1", {id}) == 0);
    CHECK(shop.integer("SELECT version FROM customers WHERE id = ?1", {id}) == 2);

    // A stale form: the page comes back with what is stored now and its version.
    auto stale = shop.post_form(page_path, "name=Old+Name&tax_exempt=0&consent_sms=0&consent_email=0&version=1");
    CHECK(stale.status == 409);
    CHECK(tag_of(stale.body, "customer-name").find("value=\"Ann Smith\"") != std::string::npos);
    CHECK(stale.body.find("name=\"version\" value=\"2\"") != std::string::npos);

    auto bike = shop.post_form(page_path + "/bikes", "make=Surly&model=Troll&year=2019&colour=&size=L&frame_serial=SURLY-1&battery_serial=&key_number=&notes=");
    REQUIRE(bike.status == 303);
    CHECK(location(bike) == page_path + "?done=bike#bikes");
    CHECK(shop.integer("SELECT year FROM bikes WHERE frame_serial = 'surly-1'") == 2019);  // NOCASE
    auto bad_bike = shop.post_form(page_path + "/bikes", "make=Surly&year=nineteen");
    CHECK(bad_bike.status == 400);
    CHECK(tag_of(bad_bike.body, "bike-year").find("aria-invalid=\"true\"") != std::string::npos);
    CHECK(tag_of(bad_bike.body, "bike-make").find("value=\"Surly\"") != std::string::npos);

    // The customer to keep is found by a search: the duplicate is offered, never the record itself.
    auto search = shop.request("GET", "/customers/" + std::to_string(other) + "?merge_q=ann");
    REQUIRE(search.status == 200);
    CHECK(search.body.find("id=\"merge-picks\"") != std::string::npos);
    CHECK(search.body.find("name=\"into_id\" value=\"" + std::to_string(id) + "\"") != std::string::npos);
    CHECK(search.body.find("name=\"into_id\" value=\"" + std::to_string(other) + "\"") == std::string::npos);
    auto too_long = shop.request("GET", "/customers/" + std::to_string(other) + "?merge_q=" + std::string(300, 'a'));
    CHECK(too_long.status == 400);
    CHECK(tag_of(too_long.body, "merge-search").find("aria-invalid=\"true\"") != std::string::npos);
    CHECK(too_long.body.find("id=\"merge-picks\"") == std::string::npos);
    auto self = shop.post_form(page_path + "/merge", "into_id=%23" + std::to_string(id) + "&version=2");
    CHECK(self.status == 400);
    CHECK(tag_of(self.body, "merge-search").find("aria-invalid=\"true\"") != std::string::npos);
    auto merged = shop.post_form("/customers/" + std::to_string(other) + "/merge", "into_id=%23" + std::to_string(id) + "&version=1");
    REQUIRE(merged.status == 303);
    CHECK(location(merged) == page_path + "?done=merged");
    auto merged_page = shop.request("GET", "/customers/" + std::to_string(other));
    CHECK(merged_page.body.find("id=\"merged\"") != std::string::npos);
    CHECK(merged_page.body.find("id=\"bike-form\"") == std::string::npos);

    auto unconfirmed = shop.post_form(page_path + "/erase", "confirm=0&version=2");
    CHECK(unconfirmed.status == 400);
    CHECK(tag_of(unconfirmed.body, "erase-confirm").find("aria-invalid=\"true\"") != std::string::npos);
    CHECK(shop.integer("SELECT count(*) FROM customers WHERE erased_at_ms IS NOT NULL") == 0);
    auto erased = shop.post_form(page_path + "/erase", "confirm=0&confirm=1&version=2");
    REQUIRE(erased.status == 303);
    CHECK(location(erased) == page_path + "?done=erased");
    CHECK(shop.integer("SELECT count(*) FROM customers WHERE erased_at_ms IS NOT NULL") == 2);
    CHECK(shop.request("GET", "/customers/999").status == 404);
}

TEST_CASE("two edits made against the same version race: one lands, the other is a conflict and writes nothing") {
    TestShop shop;
    const auto id = create(shop, ann());
    auto first = shop.start("PATCH", path(id), R"({"version":1,"name":"Ann First"})");
    shop.run_until_batch(first);
    auto second = shop.start("PATCH", path(id), R"({"version":1,"name":"Ann Second"})");
    shop.run_until_batch(second);
    CHECK(shop.finish(first).status == 200);
    auto lost = shop.finish(second);
    CHECK(lost.status == 409);
    CHECK(lost.json()["error"]["field"] == "version");
    CHECK(shop.sql("SELECT name FROM customers WHERE id = ?1", {id}).rows[0][0] == Value(std::string("Ann First")));
    CHECK(shop.integer("SELECT count(*) FROM audit_events WHERE action = 'customer.update'") == 1);
}

TEST_CASE("a bike added while its owner is merged away is refused, not left on the merged record") {
    TestShop shop;
    const auto keep = create(shop, ann());
    const auto dup = create(shop, {{"name", "Ann S"}});
    auto adding = shop.start("POST", path(dup) + "/bikes", R"({"make":"Cannondale"})");
    shop.run_until_batch(adding);  // it has read the owner and chosen its id
    REQUIRE(shop.post_json(path(dup) + "/merge", {{"into_id", keep}}).status == 200);
    auto refused = shop.finish(adding);  // the head moved: its plan runs again and sees the merge
    CHECK(refused.status == 422);
    CHECK(refused.json()["error"]["message"] == "customer " + std::to_string(dup) + " was merged into customer " + std::to_string(keep));
    CHECK(shop.count("bikes") == 0);
}
