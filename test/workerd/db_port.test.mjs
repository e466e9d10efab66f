// The database port's contract (test/contract/db_port_cases.json) on D1 in workerd. Each
// case's operation, as the Wasm core sends it (test/native/db_port_contract_test.cpp holds
// wire::encode to exactly this), is performed by the shim's own performers
// (worker/performers.js) on a D1 that Miniflare serves from workerd; what D1 answers is
// checked against the case, which the native test decodes to what SQLite gave.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { Miniflare } from "miniflare";
import { root } from "../../scripts/lib.mjs";
import { performers } from "../../worker/performers.js";

const spec = JSON.parse(readFileSync(join(root, "test", "contract", "db_port_cases.json"), "utf8"));
let mf;
let env;

// As worker/shim.js performs an operation: a failure goes back to the core as its message.
async function perform(op) {
  try {
    return (await performers[op.op](env, op)).head;
  } catch (error) {
    return { error: String(error?.message ?? error) };
  }
}

before(async () => {
  mf = new Miniflare({ modules: true, script: "export default { fetch() { return new Response(null); } }", d1Databases: { DB: "contract" } });
  env = { DB: await mf.getD1Database("DB") };
  const made = await perform({ op: "d1.batch", statements: spec.schema.map((sql) => ({ sql, params: [] })) });
  assert.equal(made.error, undefined);
});
after(() => mf?.dispose());

// A row as the cases write it: D1 answers a blob as an array of bytes.
const asCase = (row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Array.isArray(v) ? { blob: v } : v]));
const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function checkResult(result, expected, name) {
  if ("rows" in expected) assert.deepEqual(result.results.map(asCase), expected.rows, name);
  if ("changes" in expected) assert.equal(result.meta.changes, expected.changes, name);
  if ("last_row_id" in expected) assert.equal(result.meta.last_row_id, expected.last_row_id, name);
}

it("D1 in workerd keeps the database port's contract, case by case", async () => {
  let ran = 0;
  for (const c of spec.cases) {
    if (c.native_only) continue;
    const reply = await perform(c.query ? { op: "d1.query", ...c.query } : { op: "d1.batch", statements: c.batch });
    if (c.error) {
      assert.ok(reply.error, `${c.name}: D1 accepted it`);
      // SQLite's own text, wrapped as bindings/db_errors.cpp unwraps it.
      assert.match(reply.error, new RegExp(`^D1_ERROR: ${escaped(c.error.text)}: SQLITE_CONSTRAINT \\(extended: SQLITE_CONSTRAINT_\\w+\\)$`), c.name);
    } else {
      assert.equal(reply.error, undefined, c.name);
      const results = c.query ? [reply] : reply.batch;
      assert.equal(results.length, c.results.length, c.name);
      c.results.forEach((expected, i) => checkResult(results[i], expected, `${c.name}, statement ${i + 1}`));
    }
    if (c.after) {
      const read = await perform({ op: "d1.query", sql: c.after.sql, params: [] });
      assert.deepEqual(read.results.map(asCase), c.after.rows, `${c.name}, after`);
    }
    ran += 1;
  }
  assert.equal(ran, spec.cases.filter((c) => !c.native_only).length);
});
