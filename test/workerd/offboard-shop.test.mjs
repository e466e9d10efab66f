// scripts/offboard-shop.sh --local on a copy of the repo (test/support/sandbox.mjs) with the
// fleet's two shops migrated into one local state: it refuses the demo, an unknown shop and
// a slug typed wrong; then it exports mike-s-bikes into a .tar.gz on disk and deletes that
// shop's local D1, R2 and KV, its env and its overrides, while swicked's env, files and
// rows stay exactly as they were.
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { findNodeAtLocation, parse, parseTree } from "jsonc-parser";
import { makeSandbox } from "../support/sandbox.mjs";

const slug = "mike-s-bikes";
const other = "swicked";
const sandbox = makeSandbox();
const configFile = join(sandbox.dir, "wrangler.jsonc");
const config = () => readFileSync(configFile, "utf8");
const offboard = (...args) => sandbox.run("bash", ["scripts/offboard-shop.sh", ...args, "--local", "--persist-to", sandbox.state]);
const envText = (text, env) => {
  const node = findNodeAtLocation(parseTree(text), ["env", env]);
  return node && text.slice(node.offset, node.offset + node.length);
};
// The local D1's file, as miniflare names it (scripts/offboard-shop.mjs says how).
function d1File(env) {
  const id = parse(config()).env[env].d1_databases[0].database_id;
  const key = createHash("sha256").update("miniflare-D1DatabaseObject").digest();
  const nameHmac = createHmac("sha256", key).update(id).digest().subarray(0, 16);
  const hmac = createHmac("sha256", key).update(nameHmac).digest().subarray(0, 16);
  return join(sandbox.state, "v3", "d1", "miniflare-D1DatabaseObject", `${Buffer.concat([nameHmac, hmac]).toString("hex")}.sqlite`);
}
const counts = (env) =>
  sandbox.sql(env, "SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM audit_events) AS events, (SELECT count(*) FROM roles) AS roles")[0];

describe("offboarding a shop locally", () => {
  before(() => {
    const built = sandbox.run(process.execPath, ["scripts/build.mjs"]);
    assert.equal(built.status, 0, built.output);
    const migrated = sandbox.run("npm", ["run", "--silent", "migrate", "--", "--all", "--local", "--persist-to", sandbox.state]);
    assert.equal(migrated.status, 0, migrated.output);
    for (const [env, name] of [[slug, "Mika Leaving"], [other, "Stella Staying"]]) {
      sandbox.sql(env, `INSERT INTO customers (name, created_at_ms, updated_at_ms) VALUES ('${name}', 1, 1)`);
    }
    const file = join(sandbox.dir, "note.txt");
    sandbox.run("sh", ["-c", `printf 'kept in R2' > ${file}`]);
    sandbox.wrangler(["r2", "object", "put", `helm-${slug}-assets/reports/2026-11.txt`, "--file", file, "--env", slug, "--local", "--persist-to", sandbox.state]);
  });
  after(() => sandbox.remove());

  it("refuses the demo, an unknown shop and a slug typed wrong, changing nothing", () => {
    const text = config();
    for (const [args, why] of [
      [["demo", "--yes-i-typed", "demo"], /demo is npm start's local demo/],
      [["no-such-shop", "--yes-i-typed", "no-such-shop"], /no shop no-such-shop in wrangler.jsonc/],
      [[slug, "--yes-i-typed", other], /--yes-i-typed swicked is not mike-s-bikes: nothing deleted/],
    ]) {
      const res = offboard(...args);
      assert.equal(res.status, 2, res.output);
      assert.match(res.stderr, why);
    }
    assert.equal(config(), text);
    assert.ok(existsSync(d1File(slug)));
  });

  it("exports the shop into a file, then deletes its state, env and overrides and nothing of another shop", () => {
    const text = config();
    const otherEnv = envText(text, other);
    const otherRows = counts(other);  // read first: closing the database may checkpoint its file
    const otherDb = createHash("sha256").update(readFileSync(d1File(other))).digest("hex");
    const doomed = d1File(slug);
    assert.ok(existsSync(doomed));
    const out = join(mkdtempSync(join(sandbox.dir, "out-")), "mike.tar.gz");

    const started = performance.now();
    const res = offboard(slug, "--yes-i-typed", slug, "--out", out);
    console.log(`offboard-shop.sh --local (serve, export, download, delete) took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(res.status, 0, res.output);
    assert.match(res.stdout, /mike-s-bikes offboarded in/);

    // The export: the dump, a CSV per table with the shop's rows, its R2 object, the schema.
    const dir = mkdtempSync(join(sandbox.dir, "unpacked-"));
    const untar = sandbox.run("tar", ["-xzf", out, "-C", dir]);
    assert.equal(untar.status, 0, untar.output);
    const root = join(dir, "helm-export");
    assert.match(readFileSync(join(root, "dump.sql"), "utf8"), /INSERT INTO "customers"[^;]*'Mika Leaving'/);
    const csvs = readdirSync(join(root, "csv"));
    assert.ok(csvs.length > 20 && csvs.includes("customers.csv") && csvs.includes("audit_events.csv"), csvs.join(", "));
    assert.match(readFileSync(join(root, "csv", "customers.csv"), "utf8"), /^id,name,.*\r\n1,Mika Leaving,/s);
    assert.equal(readFileSync(join(root, "r2", "reports", "2026-11.txt"), "utf8"), "kept in R2");
    assert.match(readFileSync(join(root, "SCHEMA.md"), "utf8"), /## customers/);
    assert.match(readFileSync(join(root, "RESTORE.md"), "utf8"), /sqlite3 new\.db < helm-export\/dump\.sql/);

    // Gone: the env, the overrides, the local database.
    assert.equal(envText(config(), slug), undefined);
    assert.equal(existsSync(join(sandbox.dir, "shop-overrides", slug)), false);
    assert.equal(existsSync(doomed), false);
    // Untouched: every other env byte for byte, the file's comments, the other shop.
    assert.equal(envText(config(), other), otherEnv);
    assert.equal(envText(config(), "demo"), envText(text, "demo"));
    assert.ok(config().startsWith("// Helm: one Worker, one D1, one R2 bucket"));
    assert.deepEqual(Object.keys(parse(config()).env), Object.keys(parse(text).env).filter((e) => e !== slug));
    assert.ok(existsSync(join(sandbox.dir, "shop-overrides", other, "shop.json")));
    assert.equal(createHash("sha256").update(readFileSync(d1File(other))).digest("hex"), otherDb);
    assert.deepEqual(counts(other), otherRows);
  });
});
