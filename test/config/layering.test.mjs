// The layers show in the folders (scripts/layering.mjs, docs/architecture.md "Layers"):
// no cycle between modules, no upward include, no statement naming another module's
// table outside the allowed list; and the checker catches each on a small planted tree.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { root } from "../../scripts/lib.mjs";
import { allowed, layeringViolations, literalsOf, migrationTriggers, readTree, tableOwners } from "../../scripts/layering.mjs";

// A shop of three modules over core: catalog at the bottom, inventory over it, sales over
// both, and app/ over all. Each case below spoils one thing.
const migrations = {
  "0001_catalog.sql": "CREATE TABLE products (id INTEGER PRIMARY KEY, on_hand INTEGER);",
  "0002_inventory.sql": [
    "CREATE TABLE stock_movements (id INTEGER PRIMARY KEY, product_id INTEGER, quantity INTEGER);",
    "CREATE TRIGGER stock_movements_keep_levels AFTER INSERT ON stock_movements BEGIN",
    "    UPDATE products SET on_hand = on_hand + NEW.quantity WHERE id = NEW.product_id;",
    "END;",
  ].join("\n"),
  "0003_sales.sql": "CREATE TABLE sales (id INTEGER PRIMARY KEY);",
};
const owners = { catalog: ["products"], inventory: ["stock_movements"], sales: ["sales"] };
const allow = { "trigger stock_movements_keep_levels writes products": "on_hand is cached on the product, kept by the ledger's trigger" };
const good = {
  "src/core/http.hpp": '#include "bindings/values.hpp"\n',
  "bindings/values.hpp": '#include "core/result.hpp"\n',
  "bindings/wasm/exports.cpp": '#include "app/app.hpp"\n',
  "src/catalog/catalog_sql.hpp": '#include "core/http.hpp"\nconstexpr auto by_id = "SELECT id FROM products WHERE id = ?1";\n',
  "src/inventory/inventory_sql.hpp": [
    '#include "catalog/products.hpp"',
    "// Comments may name products FROM anywhere: only string literals are SQL.",
    'constexpr auto move = "INSERT INTO stock_movements (product_id, quantity) "',
    '                      "VALUES (?1, ?2)";',
  ].join("\n"),
  "src/sales/sales_sql.hpp": '#include "inventory/inventory.hpp"\n#include "catalog/products.hpp"\nconstexpr auto one = "SELECT * FROM sales";\n',
  "src/app/app.cpp": '#include "sales/routes.hpp"\n#include "inventory/routes.hpp"\n',
};
const check = (files, a = allow) => layeringViolations({ files: { ...good, ...files }, migrations }, owners, a);

describe("the layering rule", () => {
  it("holds for the repository, with every allowed entry still in use and given its reason", () => {
    assert.deepEqual(layeringViolations(readTree(root)), []);
    for (const [key, reason] of Object.entries(allowed)) assert.ok(reason.length >= 10, key);
  });

  it("gives every table the migrations create exactly one owner", () => {
    const tree = readTree(root);
    const owned = Object.values(tableOwners).flat();
    assert.equal(new Set(owned).size, owned.length);
    assert.deepEqual(layeringViolations({ files: {}, migrations: tree.migrations }).filter((p) => p.includes("owner")), []);
  });

  it("passes the planted good tree", () => {
    assert.deepEqual(check({}), []);
  });

  it("finds a cycle between modules, however long", () => {
    assert.deepEqual(check({ "src/catalog/views/page.cpp": '#include "sales/sales.hpp"\n' }), ["cycle between modules: catalog, inventory, sales"]);
  });

  it("finds an upward include: core into a module, a module into app/, anything into a driver", () => {
    assert.deepEqual(check({ "src/core/router.cpp": '#include "catalog/products.hpp"\n' }), [
      "src/core/router.cpp: includes catalog/products.hpp: core/ includes nothing of Helm above it",
    ]);
    assert.deepEqual(check({ "bindings/ports.hpp": '#include "ops/metrics.hpp"\n' }), [
      "bindings/ports.hpp: includes ops/metrics.hpp: bindings/ includes nothing of Helm above it",
    ]);
    assert.deepEqual(check({ "src/sales/routes.cpp": '#include "app/app.hpp"\n' }), ["src/sales/routes.cpp: includes app/app.hpp: nothing below app/ includes it"]);
    assert.deepEqual(check({ "src/app/main.cpp": '#include "bindings/native/native.hpp"\n' }), [
      "src/app/main.cpp: includes bindings/native/native.hpp: a platform's driver is included by nothing",
    ]);
  });

  it("finds a statement naming another module's table, a read or a write, and lets an allowed one by", () => {
    const reach = { "src/sales/complete.cpp": 'const char* s = "INSERT INTO stock_movements (product_id) "\n  "SELECT id FROM products";\n' };
    assert.deepEqual(check(reach), [
      "src/sales/complete.cpp: writes inventory's table stock_movements (ask inventory for it, or allow \"sales writes stock_movements\" with its reason)",
      "src/sales/complete.cpp: reads catalog's table products (ask catalog for it, or allow \"sales reads products\" with its reason)",
    ]);
    const more = { ...allow, "sales writes stock_movements": "being moved to inventory (a test's reason)", "sales reads products": "a price beside a line" };
    assert.deepEqual(check(reach, more), []);
    assert.deepEqual(check({ "src/sales/void.cpp": 'auto s = "DELETE FROM stock_movements WHERE id = ?1";\n' }), [
      "src/sales/void.cpp: writes inventory's table stock_movements (ask inventory for it, or allow \"sales writes stock_movements\" with its reason)",
    ]);
  });

  it("finds a trigger writing another module's table, and an allowed entry without a reason or without a use", () => {
    assert.deepEqual(check({}, {}), [
      '0002_inventory.sql: trigger stock_movements_keep_levels on inventory\'s stock_movements writes catalog\'s table products (allow "trigger stock_movements_keep_levels writes products" with its reason)',
    ]);
    assert.deepEqual(check({}, { ...allow, "sales reads products": "", "sales writes stock_movements": "once, and no longer" }), [
      'allowed "sales reads products" gives no reason',
      'allowed "sales reads products" is no longer used: drop it',
      'allowed "sales writes stock_movements" is no longer used: drop it',
    ]);
  });

  it("finds a table no module owns", () => {
    const tree = { files: good, migrations: { ...migrations, "0004_loyalty.sql": "CREATE TABLE points (customer_id INTEGER);" } };
    assert.deepEqual(layeringViolations(tree, owners, allow), ["table points has no owner module (scripts/layering.mjs tableOwners)"]);
  });

  it("reads SQL only from string literals, and triggers as the last migration left them", () => {
    assert.equal(literalsOf('// "FROM x"\nauto a = "SELECT 1 " /* "FROM y" */ "FROM z"; auto u = "https://a.example";'), "SELECT 1  FROM z https://a.example");
    const triggers = migrationTriggers({
      "0001.sql": "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = 1; END;",
      "0002.sql": "DROP TRIGGER t;\nCREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE c SET x = 1; END;",
    });
    assert.deepEqual([...triggers.keys()], ["t"]);
    assert.match(triggers.get("t").body, /UPDATE c/);
  });
});
