// npm run migrate -- --all --local migrates every shop of a copy of the repo one at a
// time; a shop whose migrations fail does not stop the others, and the run then exits 1.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { after, it } from "node:test";
import { root } from "../../scripts/lib.mjs";
import { makeSandbox } from "../support/sandbox.mjs";

const sandbox = makeSandbox();
after(() => sandbox.remove());
const migrationCount = readdirSync(join(root, "migrations")).filter((f) => f.endsWith(".sql")).length;
const migrate = () => sandbox.run("npm", ["run", "--silent", "migrate", "--", "--all", "--local", "--persist-to", sandbox.state]);
const applied = (env) => sandbox.sql(env, "SELECT count(*) AS n FROM d1_migrations")[0].n;

it("migrates every shop, reports the one that failed and exits 1, then finds nothing left to do", () => {
  // mike-s-bikes' database already holds a table the first migration creates: it fails.
  sandbox.sql("mike-s-bikes", "CREATE TABLE products (id INTEGER PRIMARY KEY)");

  const first = migrate();
  assert.equal(first.status, 1, first.output);
  assert.match(first.stdout, /migrate: swicked: migrated \(local state/);
  assert.match(first.stderr, /migrate: mike-s-bikes: FAILED/);
  assert.match(first.stderr, /migrate: 1 of 2 shops failed: mike-s-bikes/);
  assert.equal(applied("swicked"), migrationCount);
  assert.equal(sandbox.sql("mike-s-bikes", "SELECT count(*) AS n FROM sqlite_schema WHERE name = 'audit_events'")[0].n, 0);
  // The demo is no shop of the fleet: its database was never touched.
  assert.deepEqual(sandbox.sql("demo", "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'"), []);

  sandbox.sql("mike-s-bikes", "DROP TABLE products");
  const second = migrate();
  assert.equal(second.status, 0, second.output);
  assert.match(second.stdout, /migrate: swicked: already up to date/);
  assert.match(second.stdout, /migrate: mike-s-bikes: migrated/);
  assert.match(second.stdout, /migrate: all 2 shops up to date/);
  assert.equal(applied("mike-s-bikes"), migrationCount);
});
