// The restore drill, on the real helm.wasm in workerd with local D1 and R2: a shop filled
// with realistic data (scripts/realistic-shop.mjs) plus real sales through a drawer that
// is closed again, the daily job run by its cron trigger, the backup restored with
// `npm run restore` into a fresh local D1, and every table's row count and checksum
// compared. Then: a second run of the same day writes nothing, a restore refuses a
// database that is not empty, and an erasure survives the restore of an older backup.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { offlineEnv, root } from "../../scripts/lib.mjs";
import { generateShop } from "../../scripts/realistic-shop.mjs";
import { openLocalD1, tableChecksums } from "../support/d1.mjs";
import { json, startShop, wrangler } from "../support/shop.mjs";

let shop, owner, backupKey, daily;
const scratch = mkdtempSync(join(tmpdir(), "helm-backup-test-"));
const post = (path, body) => owner.fetch(path, { method: "POST", body: JSON.stringify(body) });
const bucket = "helm-demo-assets";

// Child processes run asynchronously: a test that blocks its event loop misses the shop
// closing an idle keep-alive socket, and its next request fails ("other side closed").
function restore(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, "scripts", "restore.mjs"), "--env", "demo", ...args], { cwd: root, env: offlineEnv }, (error, stdout, stderr) =>
      resolve({ status: error ? error.code : 0, output: stdout + stderr }),
    );
  });
}

async function r2Object(key, persist = shop.persist) {
  const file = join(scratch, `object-${Math.random().toString(36).slice(2)}`);
  await wrangler(["r2", "object", "get", `${bucket}/${key}`, "--file", file, "--local", "--persist-to", persist, "--env", "demo"]);
  return readFileSync(file);
}

async function checksums(persist) {
  const { d1, dispose } = await openLocalD1(persist);
  try {
    return await tableChecksums(d1);
  } finally {
    await dispose();
  }
}

// The cron trigger answers at once; the run goes on in waitUntil and logs when it ends.
async function runCron() {
  const before = shop.logLines().filter((l) => l.type === "cron").length;
  const res = await owner.fetch(`/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("0 * * * *")}`);
  assert.equal(res.status, 200);
  await res.text();
  const lines = () => shop.logLines().filter((l) => l.type === "cron").slice(before);
  for (const until = Date.now() + 120_000; lines().length < 3 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 200));
  return lines();
}

before(async () => {
  shop = await startShop();
  owner = await shop.ownerDevice();
  const realistic = generateShop({ customers: 300, products: 2000, movements: 10000, seed: 6 });
  const { d1, dispose } = await openLocalD1(shop.persist);
  try {
    await d1.batch(realistic.statements.filter((s) => !s.startsWith("--")).map((s) => d1.prepare(s)));
    // Every job due at any hour of the shop's day, so that the test does not hang on the clock.
    await d1.prepare("UPDATE ops_settings SET daily_local_hour = 0, weekly_local_hour = 0, monthly_local_hour = 0").run();
  } finally {
    await dispose();
  }
  // Sales through a drawer that is then closed: restored payments must not meet the
  // "needs an open drawer" trigger, nor restored sales the "not edited" ones.
  assert.equal((await post("/api/tax-rates", { tax_class: "goods", name: "GST", rate_ppm: 50000, valid_from: "2020-01-01" })).status, 201);
  const opened = await json(await post("/api/drawers", { register_id: 1, float_cents: 20000 }));
  const stocked = await shop.sql("SELECT id FROM products WHERE kind = 'stock' AND serialized = 0 AND active = 1 AND on_hand >= 5 LIMIT 6");
  for (let i = 0; i < 3; i++) {
    const lines = stocked.slice(i * 2, i * 2 + 2).map((p) => ({ product_id: p.id, quantity: 1 }));
    const { quote } = await json(await post("/api/sales/quote", { lines }));
    const sold = await post("/api/sales", { idempotency_key: `backup-sale-${i}`, lines, payments: [{ tender: "cash", amount_cents: quote.total_cents, tendered_cents: quote.total_cents }] });
    assert.equal(sold.status, 201, await sold.clone().text());
  }
  const closed = await post(`/api/drawers/${opened.drawer.id}/close`, { counted_cents: 20000 });
  assert.ok(closed.status < 300, await closed.clone().text());
});
after(async () => {
  await shop?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

it("backs the whole shop up from its cron trigger, and restores it into a fresh D1 with every table's rows and checksum", async (t) => {
  const runs = await runCron();
  assert.deepEqual(runs.map((l) => l.job), ["daily", "weekly", "monthly"]);
  [daily] = runs;
  assert.equal(daily.status, "ok", JSON.stringify(daily));
  backupKey = daily.backup_key;
  assert.match(backupKey, /^backups\/daily\/\d{4}-\d{2}-\d{2}\.sql\.gz$/);
  t.diagnostic(`backup: ${daily.backup_rows} rows of ${daily.backup_tables} tables, ${daily.backup_sql_bytes} bytes of SQL, ${daily.backup_bytes} gzipped, in ${daily.ms} ms`);
  const [row] = await shop.sql("SELECT job, status FROM cron_runs WHERE job = 'daily'");
  assert.deepEqual(row, { job: "daily", status: "ok" }); // last_daily_run

  const file = join(scratch, "backup.sql.gz");
  writeFileSync(file, await r2Object(backupKey));
  const fresh = mkdtempSync(join(tmpdir(), "helm-restored-"));
  try {
    const started = performance.now();
    const restored = await restore(["--from", file, "--local", "--persist-to", fresh]);
    assert.equal(restored.status, 0, restored.output);
    t.diagnostic(`restore (npm run restore, a file into a fresh local D1): ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const [original, copy] = [await checksums(shop.persist), await checksums(fresh)];
    assert.ok(Object.keys(original).length >= 25, Object.keys(original).join());
    assert.deepEqual(copy, original);
    const rows = Object.values(original).reduce((n, t) => n + t.rows, 0);
    assert.ok(rows > 12000, `${rows} rows`);
    t.diagnostic(`compared ${Object.keys(original).length} tables, ${rows} rows`);
    // The restored shop needs no migration, and refuses to be overwritten without --force.
    assert.match(await wrangler(["d1", "migrations", "list", "DB", "--local", "--env", "demo", "--persist-to", fresh]), /No migrations to apply/);
    const refused = await restore(["--from", file, "--local", "--persist-to", fresh]);
    assert.equal(refused.status, 2, refused.output);
    assert.match(refused.output, /not empty.*--force/);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
});

it("writes nothing new when the same day's job is triggered again", async () => {
  const stored = await r2Object(backupKey);
  const runsBefore = await shop.sql("SELECT job, period, run_id, status, attempts FROM cron_runs ORDER BY id");
  const again = await runCron();
  assert.deepEqual(again.map((l) => [l.job, l.status]), [["daily", "already_done"], ["weekly", "already_done"], ["monthly", "already_done"]]);
  assert.deepEqual(await shop.sql("SELECT job, period, run_id, status, attempts FROM cron_runs ORDER BY id"), runsBefore);
  assert.deepEqual(await r2Object(backupKey), stored);
});

it("keeps an erased customer erased when an older backup is restored", async () => {
  const res = await post("/api/customers", { name: "Zebedee Quarrington", phone: "604 555 0177", email: "zebedee@example.com", notes: "Rides a penny-farthing" });
  assert.equal(res.status, 201);
  const { customer } = await json(res);
  // A backup that holds him: the daily job again on a new period.
  await shop.sql("DELETE FROM cron_runs WHERE job = 'daily'");
  const [rerun] = await runCron();
  assert.equal(rerun.status, "ok");
  const older = join(scratch, "older.sql.gz");
  writeFileSync(older, await r2Object(rerun.backup_key));

  assert.equal((await post(`/api/customers/${customer.id}/erase`, {})).status, 200);
  const journal = (await r2Object("erasures/journal.sql")).toString("utf8");
  assert.ok(!/Zebedee|Quarrington|zebedee|0177|penny/.test(journal), journal);

  // The restore of the older backup, over the shop's own database, from its R2 key.
  const restored = await restore(["--from", rerun.backup_key, "--local", "--persist-to", shop.persist, "--force"]);
  assert.equal(restored.status, 0, restored.output);
  assert.match(restored.output, /replayed the erasure journal \(1 erased customers\)/);
  const [back] = await shop.sql(`SELECT name, phone, email, notes, erased_at_ms FROM customers WHERE id = ${customer.id}`);
  assert.equal(back.name, `Erased customer ${customer.id}`);
  assert.deepEqual([back.phone, back.email, back.notes], [null, null, null]);
  assert.ok(back.erased_at_ms > 0);
  // Nowhere in any table, search index included.
  const { d1, dispose } = await openLocalD1(shop.persist);
  try {
    const { results: tables } = await d1.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'sqlite_%'").all();
    for (const { name } of tables) {
      const { results } = await d1.prepare(`SELECT * FROM "${name}"`).all();
      const text = JSON.stringify(results, (_k, v) => (v instanceof ArrayBuffer ? Buffer.from(v).toString("latin1") : v));
      assert.ok(!/Zebedee|Quarrington|zebedee@example|penny-farthing/.test(text), `${name} still holds the erased customer`);
    }
    const { results: found } = await d1.prepare("SELECT rowid FROM customers_search WHERE customers_search MATCH 'zebedee'").all();
    assert.deepEqual(found, []);
  } finally {
    await dispose();
  }
  // The Worker reads the restored database: the customer's page shows no name.
  const page = await json(await owner.fetch(`/api/customers/${customer.id}`));
  assert.equal(page.customer.name, `Erased customer ${customer.id}`);
});
