// The schema rule (scripts/schema-rule.mjs) holds for every migration, and the checker
// catches a planted bad migration.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { root } from "../../scripts/lib.mjs";
import { schemaRuleViolations, violationsIn } from "../../scripts/schema-rule.mjs";

const migrations = join(root, "migrations");

describe("the schema rule", () => {
  it("holds for every migration in the repo", () => {
    assert.deepEqual(schemaRuleViolations(migrations), []);
  });

  it("accepts 0008's ALTER TABLE sales only because of its note", () => {
    const sql = readFileSync(join(migrations, "0008_service.sql"), "utf8");
    assert.deepEqual(violationsIn("0008", sql), []);
    const withoutNote = sql.replace(/Note on the\n-- schema rule/, "And on the\n-- rules");
    assert.notEqual(withoutNote, sql);
    assert.match(violationsIn("0008", withoutNote).join("\n"), /0008:\d+: ALTER TABLE sales ADD COLUMN on a big table/);
  });

  it("finds planted bad migrations in a directory, and passes the good ones", () => {
    const dir = mkdtempSync(join(tmpdir(), "helm-schema-rule-"));
    try {
      const planted = {
        "0001_ok.sql": [
          "-- A small settings table may grow a column.",
          "ALTER TABLE shop_settings ADD COLUMN receipt_copies INTEGER NOT NULL DEFAULT 1;",
          "-- Note on the schema rule: nullable, no default, so no row is rewritten.",
          "ALTER TABLE customers ADD COLUMN nickname TEXT;",
          "INSERT INTO permissions (key, label) VALUES ('x', 'ALTER TABLE sales ADD COLUMN in a string is no statement');",
        ],
        "0002_big.sql": ["-- Loyalty points.", "ALTER TABLE sale_lines ADD COLUMN points INTEGER;", 'alter table "stock_movements" add bin TEXT;'],
        "0003_tenant.sql": ["CREATE TABLE notes (id INTEGER PRIMARY KEY, shop_id INTEGER NOT NULL, body TEXT);", "ALTER TABLE vendors ADD COLUMN tenant TEXT;"],
      };
      for (const [name, lines] of Object.entries(planted)) writeFileSync(join(dir, name), lines.join("\n") + "\n");
      assert.deepEqual(schemaRuleViolations(dir), [
        '0002_big.sql:2: ALTER TABLE sale_lines ADD COLUMN on a big table without a "Note on the schema rule" comment',
        '0002_big.sql:3: ALTER TABLE stock_movements ADD COLUMN on a big table without a "Note on the schema rule" comment',
        '0003_tenant.sql:1: "shop_id" names a tenant; a shop is its own deployment, not a column',
        '0003_tenant.sql:2: "tenant" names a tenant; a shop is its own deployment, not a column',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
