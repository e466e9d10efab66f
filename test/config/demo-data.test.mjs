// npm start loads scripts/demo-data.sql into the demo shop's local D1 with wrangler: the
// same file, the same way, here, so that D1's own limits (not SQLite's) judge it.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { wranglerSync } from "../support/shop.mjs";

const query = (persist, sql) =>
  JSON.parse(wranglerSync(["d1", "execute", "DB", "--local", "--env", "demo", "--persist-to", persist, "--json", "--command", sql]))[0]
    .results;

it("loads into a freshly migrated local D1, twice without change, with the ledger and levels agreeing", () => {
  const persist = mkdtempSync(join(tmpdir(), "helm-demo-data-"));
  try {
    wranglerSync(["d1", "migrations", "apply", "DB", "--local", "--env", "demo", "--persist-to", persist]);
    const load = ["d1", "execute", "DB", "--local", "--env", "demo", "--persist-to", persist, "--file", "scripts/demo-data.sql"];
    wranglerSync(load);
    wranglerSync(load); // idempotent: npm start runs it on every start
    const [counts] = query(
      persist,
      "SELECT (SELECT count(*) FROM products) AS products, (SELECT count(*) FROM stock_movements) AS movements, " +
        "(SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM tax_rates) AS rates, " +
        "(SELECT count(*) FROM work_orders) AS tickets, (SELECT count(*) FROM work_order_history) AS moves, " +
        "(SELECT count(*) FROM products p WHERE on_hand <> (SELECT coalesce(sum(quantity), 0) FROM stock_movements WHERE product_id = p.id)) AS disagreeing",
    );
    assert.deepEqual(counts, { products: 19, movements: 13, customers: 3, rates: 3, tickets: 3, moves: 6, disagreeing: 0 });
    const found = query(persist, "SELECT rowid FROM customers_search WHERE customers_search MATCH '\"obri\"*'");
    assert.equal(found.length, 1);
  } finally {
    rmSync(persist, { recursive: true, force: true });
  }
});
