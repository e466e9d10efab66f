// The fleet view on the real helm.wasm in workerd: a shop counts its requests without a D1
// write per request, answers GET /api/ops/metrics only with its operator token, and
// `npm run fleet` (scripts/fleet.mjs) turns that into a table row and build/fleet.html,
// flagging what needs the operator: no backup yet, an unreachable shop, a refused token;
// and each shop's estimated monthly Cloudflare cost from its counters (scripts/cost.mjs).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { offlineEnv, root } from "../../scripts/lib.mjs";
import { json, startShop } from "../support/shop.mjs";

let shop;
const scratch = mkdtempSync(join(tmpdir(), "helm-fleet-test-"));
const htmlPath = join(root, "build", "fleet.html");

function fleet(args, env = {}) {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, "scripts", "fleet.mjs"), ...args], { cwd: root, env: { ...offlineEnv, ...env } }, (error, stdout, stderr) =>
      resolve({ status: error ? error.code : 0, stdout, output: stdout + stderr }),
    );
  });
}

// A port nothing listens on any more.
function closedPort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// The table's line for a shop.
const rowOf = (stdout, slug) => stdout.split("\n").find((line) => line.startsWith(`${slug} `));

before(async () => {
  shop = await startShop();
});
after(async () => {
  await shop?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

it("counts good and failing requests and reports them only to the operator's token", async () => {
  for (const path of ["/api/health", "/api/health", "/api/no-such-route"]) await (await fetch(`${shop.url}${path}`)).text();
  const missing = await fetch(`${shop.url}/api/ops/metrics`);
  assert.equal(missing.status, 401);
  assert.equal((await json(missing)).error.field, "authorization");
  const wrong = await fetch(`${shop.url}/api/ops/metrics`, { headers: { authorization: `Bearer ${shop.operatorToken.replace(/.$/, "x")}` } });
  assert.equal(wrong.status, 401);
  assert.equal((await json(wrong)).error.field, "authorization");

  const res = await shop.operatorFetch("/api/ops/metrics");
  assert.equal(res.status, 200);
  const metrics = await json(res);
  assert.equal(metrics.shop, "demo");
  assert.equal(typeof metrics.build.commit, "string");
  const day = metrics.last_24h;
  assert.ok(day.requests >= 5, `the health checks, the 404 and the two refusals: ${JSON.stringify(day)}`);
  assert.equal(day.errors_4xx, 3);
  assert.equal(day.errors_5xx, 0);
  assert.equal(day.error_rate, 0);
  assert.equal(typeof day.p95_ms, "number");
  assert.ok(day.rows_read > 0);
  assert.equal(metrics.hours.reduce((sum, h) => sum + h.requests, 0), day.requests, "the hours add up to the day");
  assert.deepEqual(metrics.cron, { daily: null, weekly: null, monthly: null });
  assert.equal(metrics.backup, null);
  assert.equal(metrics.audit.status, "unknown");
  // The counts are in D1, as the hour's row, and no more than counters.
  const rows = await shop.sql("SELECT hour_utc, errors_4xx FROM request_metrics ORDER BY hour_utc");
  assert.deepEqual(rows.map((r) => r.hour_utc), metrics.hours.map((h) => h.hour));
  assert.equal(rows.reduce((sum, r) => sum + r.errors_4xx, 0), 3);
  // The cost meter's counters: the window holds the day, D1 tells its size, R2 is empty.
  assert.equal(metrics.window.days, 30);
  assert.equal(metrics.window.requests, day.requests);
  assert.ok(metrics.window.requests_read >= 2, "the health checks read the migrations");
  assert.ok(metrics.window.hours > 0 && metrics.window.hours <= 2, JSON.stringify(metrics.window));
  assert.ok(metrics.storage.d1_bytes > 0, JSON.stringify(metrics.storage));
  assert.deepEqual([metrics.storage.r2_objects, metrics.storage.r2_bytes], [0, 0]);
});

it("npm run fleet prints the shop's row and flags it: no backup has run yet", async () => {
  rmSync(htmlPath, { force: true });
  const run = await fleet(["--shop", "demo", "--url", `demo=${shop.url}`], { HELM_OPERATOR_TOKEN_DEMO: shop.operatorToken });
  assert.equal(run.status, 1, run.output);
  const row = rowOf(run.stdout, "demo");
  assert.ok(row, run.output);
  assert.match(row, /FLAG: no backup/);
  assert.match(row, /daily -, monthly -, weekly -/);
  assert.match(row, / \$\d+\.\d\d \(from \d/, "the cost column");
  assert.match(run.stdout, /est\. \$\/month is an estimate, not a bill/);
  assert.match(run.stdout, /1 shop\(s\), 1 flagged/);
  const html = readFileSync(htmlPath, "utf8");
  assert.match(html, /<tr class="flagged"><td>demo<\/td>/);
  assert.match(html, /FLAG: no backup/);
  assert.match(html, /<h2>Estimated monthly Cloudflare cost<\/h2>/);
  assert.match(html, /<h3>demo: \$\d+\.\d\d a month<\/h3>/);

  // A few requests are far inside a quarter of every included amount: the $5 base's quarter.
  const shared = await fleet(["--shop", "demo", "--url", `demo=${shop.url}`, "--account-shops", "4"], { HELM_OPERATOR_TOKEN_DEMO: shop.operatorToken });
  assert.match(rowOf(shared.stdout, "demo"), / \$1\.25 \(from \d/, shared.output);
  assert.match(shared.stdout, /shared by 4 shop\(s\)/);
  assert.match(readFileSync(htmlPath, "utf8"), /<h3>demo: \$1\.25 a month<\/h3>/);
  assert.doesNotMatch(html, /Bearer|[0-9a-f]{48}/, "no token in the page");
});

it("flags a shop that does not answer and a token the shop refuses, with tokens from a file", async () => {
  const tokens = join(scratch, "tokens.json");
  writeFileSync(tokens, JSON.stringify({ demo: shop.operatorToken, swicked: "a".repeat(48), "mike-s-bikes": "b".repeat(48) }));
  const run = await fleet([
    "--tokens", tokens,
    "--url", `demo=${shop.url}`,
    "--url", `swicked=http://127.0.0.1:${await closedPort()}`,
    "--url", `mike-s-bikes=${shop.url}`,   // answers, but not to this token
  ]);
  assert.equal(run.status, 1, run.output);
  assert.match(rowOf(run.stdout, "demo"), /FLAG: no backup/);
  assert.match(rowOf(run.stdout, "swicked"), /FLAG: unreachable \(ECONNREFUSED\)/);
  assert.match(rowOf(run.stdout, "mike-s-bikes"), /FLAG: operator token refused/);
  assert.match(run.stdout, /3 shop\(s\), 3 flagged/);
});

it("after the daily job has backed up and checked the chain, the shop's row is clean and fleet exits 0", async () => {
  await shop.sql("UPDATE ops_settings SET daily_local_hour = 0");
  const res = await fetch(`${shop.url}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("0 * * * *")}`);
  assert.equal(res.status, 200);
  await res.text();
  // The run goes on in waitUntil after the trigger answered; its lines come when it ends.
  const daily = () => shop.logLines().find((l) => l.type === "cron" && l.job === "daily");
  for (const until = Date.now() + 60_000; !daily() && Date.now() < until; ) await new Promise((r) => setTimeout(r, 200));
  assert.equal(daily()?.status, "ok", JSON.stringify(daily()));

  const metrics = await json(await shop.operatorFetch("/api/ops/metrics"));
  assert.equal(metrics.backup.key, daily().backup_key);
  assert.equal(metrics.backup.bytes, daily().backup_bytes);
  assert.ok(metrics.backup.age_hours < 0.1, JSON.stringify(metrics.backup));
  assert.equal(metrics.cron.daily.status, "ok");
  assert.equal(metrics.audit.status, "ok");
  // The daily run's R2 work is counted (its backup's put, its lists), and what it stored.
  assert.ok(metrics.window.r2_class_a >= 2, JSON.stringify(metrics.window));
  assert.ok(metrics.storage.r2_objects >= 1 && metrics.storage.r2_bytes >= metrics.backup.bytes, JSON.stringify(metrics.storage));

  const run = await fleet(["--shop", "demo", "--url", `demo=${shop.url}`], { HELM_OPERATOR_TOKEN_DEMO: shop.operatorToken });
  const row = rowOf(run.stdout, "demo");
  assert.match(row, /daily ok/);
  assert.match(row, / ok$/, run.output);
  assert.equal(run.status, 0, run.output);
  assert.ok(statSync(htmlPath).size > 0);
});
