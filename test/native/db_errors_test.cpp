// Database failures by reason code (bindings/db_errors.hpp): every trigger raises a code the
// table knows, and SQLite's text and D1's wrapping of it map to the same code.
#include <algorithm>
#include <iterator>
#include <regex>

#include "harness.hpp"

#include "core/guard.hpp"

using namespace helm;
using helm::testing::TestShop;

TEST_CASE("every trigger raises a reason code from the error table, never free text") {
    TestShop shop;
    // sqlite_schema holds each trigger's latest definition, after every DROP and CREATE.
    auto triggers = shop.sql("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name");
    // Any RAISE that fails a statement (ABORT, FAIL or ROLLBACK), as SQLite accepts it spelled.
    const std::regex raise(R"(RAISE\s*\(\s*(?:ABORT|FAIL|ROLLBACK)\s*,\s*'((?:[^']|'')*)'\s*\))", std::regex::icase);
    const std::regex any_raise(R"(RAISE\s*\(\s*(?:ABORT|FAIL|ROLLBACK))", std::regex::icase);
    int raises = 0;
    for (std::size_t i = 0; i < triggers.rows.size(); ++i) {
        const auto name = Row(triggers, i).text("name");
        const auto sql = Row(triggers, i).text("sql");
        CAPTURE(name);
        int here = 0;
        for (auto it = std::sregex_iterator(sql.begin(), sql.end(), raise); it != std::sregex_iterator(); ++it, ++here) {
            const std::string text = (*it)[1];
            CAPTURE(text);
            REQUIRE(text.rfind("helm:", 0) == 0);
            const auto code = text.substr(5, text.find(':', 5) - 5);
            CHECK(db::is_trigger_reason(code));
        }
        // A RAISE whose message is not a plain literal slips past the pattern: refuse it too.
        CHECK(here == std::distance(std::sregex_iterator(sql.begin(), sql.end(), any_raise), std::sregex_iterator()));
        raises += here;
    }
    CHECK(raises >= 28);  // as many as migrations/ held when the codes came (0022)
}

TEST_CASE("a trigger's reason code comes through the same from SQLite's text and from D1's") {
    for (std::string text : {"helm:drawer_closed", "helm:drawer_closed: SQLITE_CONSTRAINT", "D1_ERROR: helm:drawer_closed: SQLITE_CONSTRAINT",
                             "D1_ERROR: helm:drawer_closed: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_TRIGGER)"}) {
        CAPTURE(text);
        auto e = error_from_sql_message(text);
        CHECK(e.cause == reason::drawer_closed);
        CHECK(raised(e, reason::drawer_closed));
        CHECK(e.code == Code::failed_precondition);
        CHECK(e.field == "payments");
        CHECK(e.message == "the cash drawer was closed meanwhile; open it and try again");
    }
    auto detailed = db::parse_failure("D1_ERROR: helm:work_order_closed:WO-12: with a colon: SQLITE_CONSTRAINT");
    CHECK(detailed.reason == reason::work_order_closed);
    CHECK(detailed.detail == "WO-12: with a colon");
    // A code the table does not hold is no reason, even with the prefix.
    CHECK(db::parse_failure("helm:no_such_code").reason.empty());
    CHECK(error_from_sql_message("D1_ERROR: helm:no_such_code: SQLITE_CONSTRAINT").code == Code::conflict);
}

TEST_CASE("SQLite's own constraint failures are classified by their wording, natively and from D1") {
    for (std::string wrap : {"", "D1_ERROR: "}) {
        for (std::string tail : {"", ": SQLITE_CONSTRAINT", ": SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_CHECK)"}) {
            CAPTURE(wrap);
            CAPTURE(tail);
            auto unique = error_from_sql_message(wrap + "UNIQUE constraint failed: products.sku" + tail);
            CHECK(unique.code == Code::already_exists);
            CHECK(unique.cause == reason::unique);
            CHECK(unique.field == "sku");
            CHECK(unique.message == "sku is already in use");
            CHECK(error_from_sql_message(wrap + "UNIQUE constraint failed: categories.parent_id, categories.name" + tail).field == "parent_id");
            auto fk = error_from_sql_message(wrap + "FOREIGN KEY constraint failed" + tail);
            CHECK(fk.code == Code::failed_precondition);
            CHECK(fk.cause == reason::foreign_key);
            CHECK(error_from_sql_message(wrap + "NOT NULL constraint failed: products.name" + tail).cause == reason::not_null);
            CHECK(error_from_sql_message(wrap + "CHECK constraint failed: on_hand >= 0" + tail).cause == reason::stock_short);
            CHECK(error_from_sql_message(wrap + "CHECK constraint failed: balance_cents >= 0" + tail).cause == reason::balance_short);
            CHECK(error_from_sql_message(wrap + "CHECK constraint failed: expected_changes" + tail).cause == reason::unmet_expectation);
            auto other = error_from_sql_message(wrap + "CHECK constraint failed: price_cents >= 0" + tail);
            CHECK(other.cause == reason::check);
            CHECK(other.code == Code::failed_precondition);
            CHECK(other.message == "CHECK constraint failed: price_cents >= 0");
        }
    }
    auto down = error_from_sql_message("D1_ERROR: Network connection lost.");
    CHECK(down.code == Code::unavailable);
    CHECK(down.cause.empty());
}

TEST_CASE("the CHECKs the table names by their words fail in those words on real SQLite") {
    TestShop shop;
    auto& db = *shop.ports().db;
    REQUIRE(db.query({"INSERT INTO products (id, sku, name, kind, price_cents, created_at_ms, updated_at_ms) "
                      "VALUES (1, 'A', 'A', 'stock', 100, 0, 0)",
                      {}})
                .ok());
    auto negative = db.query({"UPDATE products SET on_hand = -1 WHERE id = 1", {}});
    REQUIRE_FALSE(negative.ok());
    CHECK(negative.error().cause == reason::stock_short);
    REQUIRE(db.query({"UPDATE products SET on_hand = 2 WHERE id = 1", {}}).ok());
    auto kind = db.query({"UPDATE products SET kind = 'labor' WHERE id = 1", {}});
    REQUIRE_FALSE(kind.ok());
    CHECK(kind.error().cause == reason::stock_kind_kept);
    auto guard = db.batch({{"UPDATE products SET name = 'B' WHERE id = 99", {}}, expect_changes(1)});
    REQUIRE_FALSE(guard.ok());
    CHECK(guard.error().cause == reason::unmet_expectation);
    auto head = db.query({"INSERT INTO audit_events (seq, at_ms, actor, action, entity, entity_id, request_id, build_version, prev_hash, hash) "
                          "VALUES (7, 0, 'x', 'x', 'x', 'x', 'x', 'x', 'bogus', 'h')",
                          {}});
    REQUIRE_FALSE(head.ok());
    CHECK(head.error().cause == reason::chain_head_moved);
}
