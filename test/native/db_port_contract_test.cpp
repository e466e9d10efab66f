// The database port's contract (test/contract/db_port_cases.json), natively. Each case runs
// on the SQLite port; and the Wasm side's halves (bindings/wire.cpp) are held to the same
// cases: the operation it sends is the one test/workerd/db_port.test.mjs hands to D1, and
// D1's answer as that test finds it (the case's rows, or 'D1_ERROR: <text>: SQLITE_...')
// decodes to what SQLite gave. Between them the two ports cannot drift apart.
#include <fstream>

#include "harness.hpp"

#include "bindings/wire.hpp"

using namespace helm;

namespace {

Json contract() {
    std::ifstream in(std::filesystem::path(HELM_SOURCE_DIR) / "test" / "contract" / "db_port_cases.json");
    auto cases = Json::parse(in, nullptr, false);
    REQUIRE_FALSE(cases.is_discarded());
    return cases;
}

Value value_of(const Json& j) {
    if (j.is_null()) return nullptr;
    if (j.is_number_integer()) return j.get<std::int64_t>();
    if (j.is_number_float()) return j.get<double>();
    if (j.is_string()) return j.get<std::string>();
    REQUIRE(j.contains("blob"));
    return j["blob"].get<Blob>();
}

Json json_of(const Value& v) {
    if (std::holds_alternative<std::nullptr_t>(v)) return nullptr;
    if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (auto* d = std::get_if<double>(&v)) return *d;
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    return Json{{"blob", std::get<Blob>(v)}};
}

Json rows_of(const D1Result& r) {
    Json rows = Json::array();
    for (const auto& row : r.rows) {
        Json object = Json::object();
        for (std::size_t c = 0; c < r.columns.size(); ++c) object[r.columns[c]] = json_of(row.at(c));
        rows.push_back(std::move(object));
    }
    return rows;
}

Statement statement_of(const Json& j) {
    Statement s{j["sql"].get<std::string>(), {}};
    for (const auto& p : j["params"]) s.params.push_back(value_of(p));
    return s;
}

// D1's answer to one statement as the shim passes it on: rows by column, a blob as bytes.
Json d1_answer(const Json& expected) {
    Json rows = expected.value("rows", Json::array());
    for (auto& row : rows)
        for (auto& [column, value] : row.items())
            if (value.is_object()) value = value["blob"];
    Json meta = {{"changes", expected.value("changes", 0)}, {"last_row_id", expected.value("last_row_id", 0)}};
    return {{"results", std::move(rows)}, {"meta", std::move(meta)}};
}

void check_result(const D1Result& r, const Json& expected) {
    if (expected.contains("rows")) CHECK(rows_of(r) == expected["rows"]);
    if (expected.contains("changes")) CHECK(r.meta.changes == expected["changes"].get<std::int64_t>());
    if (expected.contains("last_row_id")) CHECK(r.meta.last_row_id == expected["last_row_id"].get<std::int64_t>());
}

Result<std::vector<D1Result>> as_batch(Result<D1Result> one) {
    if (!one) return std::move(one).error();
    return std::vector<D1Result>{std::move(*one)};
}

}  // namespace

TEST_CASE("the database port keeps its contract on SQLite, and the Wasm side's encoder and decoder agree with it") {
    const Json spec = contract();
    auto opened = native::SqliteD1::open(":memory:");  // foreign keys on, as D1 has them
    REQUIRE(opened.ok());
    auto& db = **opened;
    std::vector<Statement> schema;
    for (const auto& sql : spec["schema"]) schema.push_back({sql.get<std::string>(), {}});
    REQUIRE(db.batch(schema).ok());

    int ran = 0;
    for (const auto& c : spec["cases"]) {
        const std::string name = c["name"];
        CAPTURE(name);
        const bool single = c.contains("query");
        std::vector<Statement> statements;
        if (single) statements.push_back(statement_of(c["query"]));
        else
            for (const auto& s : c["batch"]) statements.push_back(statement_of(s));
        const Operation op = single ? Operation(op::D1Query{statements[0]}) : Operation(op::D1Batch{statements});

        // What the Wasm side sends is what the workerd test hands to D1.
        auto sent = wire::encode(op);
        if (c.contains("native_only")) CHECK_FALSE(sent.ok());
        else {
            REQUIRE(sent.ok());
            const Json head = Json::parse(sent->head);
            if (single) {
                CHECK(head["sql"] == c["query"]["sql"]);
                CHECK(head["params"] == c["query"]["params"]);
            } else {
                CHECK(head["statements"] == c["batch"]);
            }
        }

        auto got = single ? as_batch(db.query(statements[0])) : db.batch(statements);
        if (c.contains("error")) {
            const Json& expected = c["error"];
            REQUIRE_FALSE(got.ok());
            const Error& e = got.error();
            CHECK(code_name(e.code) == expected["code"].get<std::string>());
            if (expected.contains("reason")) CHECK(e.cause == expected["reason"].get<std::string>());
            if (expected.contains("field")) CHECK(e.field == expected["field"].get<std::string>());
            if (expected.contains("text")) {
                // D1's wording of the same failure, through the Wasm side's decoder.
                const Json reply = {{"error", "D1_ERROR: " + expected["text"].get<std::string>() +
                                                  ": SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_" +
                                                  (expected["reason"] == "unique" ? "UNIQUE" : "TRIGGER") + ")"}};
                auto decoded = wire::decode(op, reply.dump(), {});
                REQUIRE_FALSE(decoded.ok());
                CHECK(decoded.error().code == e.code);
                CHECK(decoded.error().cause == e.cause);
                CHECK(decoded.error().field == e.field);
                CHECK(decoded.error().message == e.message);
            }
        } else {
            REQUIRE_MESSAGE(got.ok(), (got.ok() ? "" : got.error().message));
            const Json& expected = c["results"];
            REQUIRE(got->size() == expected.size());
            for (std::size_t i = 0; i < expected.size(); ++i) check_result((*got)[i], expected[i]);
            // D1's answer, as the workerd test finds it, decodes to the same rows.
            Json reply = single ? d1_answer(expected[0]) : Json{{"batch", Json::array()}};
            if (!single)
                for (const auto& one : expected) reply["batch"].push_back(d1_answer(one));
            auto decoded = wire::decode(op, reply.dump(), {});
            REQUIRE(decoded.ok());
            if (single) check_result(std::get<D1Result>(*decoded), expected[0]);
            else
                for (std::size_t i = 0; i < expected.size(); ++i) {
                    const auto& many = std::get<std::vector<D1Result>>(*decoded);
                    REQUIRE(many.size() == expected.size());
                    CHECK(rows_of(many[i]) == rows_of((*got)[i]));
                    check_result(many[i], expected[i]);
                }
        }
        if (c.contains("after")) {
            auto after = db.query(statement_of({{"sql", c["after"]["sql"]}, {"params", Json::array()}}));
            REQUIRE(after.ok());
            CHECK(rows_of(*after) == c["after"]["rows"]);
        }
        ++ran;
    }
    CHECK(ran == int(spec["cases"].size()));
}

TEST_CASE("both ports hold a statement to D1's limits: 100 parameters, 2^53, one statement per query") {
    testing::TestShop shop;
    auto& db = *shop.ports().db;
    Statement many{"SELECT 1", std::vector<Value>(101, Value(std::int64_t{1}))};
    CHECK_FALSE(db.query(many).ok());
    CHECK_FALSE(wire::encode(op::D1Query{many}).ok());
    Statement huge{"SELECT ?1", {Value(max_safe_integer + 1)}};
    CHECK_FALSE(db.query(huge).ok());
    CHECK_FALSE(wire::encode(op::D1Query{huge}).ok());
    CHECK(db.query({"SELECT ?1", {Value(max_safe_integer)}}).ok());
    auto two = db.query({"UPDATE products SET name = 'x'; DELETE FROM products", {}});
    CHECK_FALSE(two.ok());
    CHECK(db.query({"SELECT 1;", {}}).ok());
}
