// Single tenant means no table can name a shop: each shop's data lives in its own D1.
#include "harness.hpp"

#include <algorithm>

using helm::Row;
using helm::testing::TestShop;

TEST_CASE("after every migration no table has a column naming a tenant or a shop") {
    TestShop shop;
    auto tables = shop.sql("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    REQUIRE(tables.rows.size() >= 2);  // d1_migrations and products at least
    const std::string forbidden[] = {"tenant_id", "tenant", "shop_id", "shop", "shop_slug", "customer_id_global", "store_id", "org_id"};
    for (std::size_t i = 0; i < tables.rows.size(); ++i) {
        auto table = Row(tables, i).text("name");
        auto columns = shop.sql("SELECT name FROM pragma_table_info(?1)", {table});
        REQUIRE(!columns.rows.empty());
        for (std::size_t c = 0; c < columns.rows.size(); ++c) {
            auto column = Row(columns, c).text("name");
            std::transform(column.begin(), column.end(), column.begin(), ::tolower);
            CAPTURE(table);
            CAPTURE(column);
            CHECK(std::find(std::begin(forbidden), std::end(forbidden), column) == std::end(forbidden));
        }
    }
}

TEST_CASE("migrations run once: applying them again changes nothing") {
    TestShop shop;
    const auto before = shop.count("d1_migrations");
    REQUIRE(shop.ports().db->apply_migrations(std::filesystem::path(HELM_SOURCE_DIR) / "migrations").ok());
    CHECK(shop.count("d1_migrations") == before);
}
