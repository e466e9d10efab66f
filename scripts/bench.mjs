// npm run bench: the figures the closing notes report. Not a test: nothing is asserted.
//  - Helm against its JS twin (bench/twin/bench.mjs): CPU per request (Node, replayed
//    D1), D1 round trips and rows read, the cold start, and requests/second at 1 and 8 in
//    flight under workerd, interleaved, for health, a barcode scan and a 5-line sale
//  - helm.wasm raw and gzipped, and a shop's whole upload from a dry-run deploy
//  - the core's own cost per request, natively (build/native/helm_bench), also over the
//    realistic shop below
//  - requests/second, p50 and p99 for /api/health and a product search, on local workerd
//  - a realistic shop (scripts/realistic-shop.mjs: 3,000 customers, 20,000 products,
//    100,000 movements) on local workerd: the register's barcode scan and the customer
//    search, with requests/second, p50, p99 and the D1 rows each request read (from the
//    Worker's own log line: D1 bills rows read)
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildNative, buildShop, log, root, run, setup } from "./lib.mjs";
import { prng, writeShopSql } from "./realistic-shop.mjs";

// Set-up first: the test support modules import npm packages (wrangler, miniflare), which
// a fresh clone has only once set-up has run npm ci.
const benchStarted = performance.now();
setup();
const { openLocalD1 } = await import("../test/support/d1.mjs");
const { startShop, wranglerSync } = await import("../test/support/shop.mjs");

// build/native with only the bench's own target: the test binary is npm test's to build
// (it takes minutes to compile after a change), unless the folder is not configured yet.
function buildBench() {
  const dir = join(root, "build", "native");
  const cache = join(dir, "CMakeCache.txt");
  if (!existsSync(cache) || !readFileSync(cache, "utf8").includes("CMAKE_BUILD_TYPE:STRING=Release")) return buildNative();
  run("cmake", ["--build", dir, "-j2", "--target", "helm_bench"]);
  return dir;
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// `requests` requests over `paths` in turn, `concurrency` in flight. Answers the rate,
// the latencies, the statuses seen and, by the request id the Worker answered with,
// which path each request asked for.
async function load(get, paths, { requests, concurrency }) {
  const latencies = [];
  const statuses = new Map();
  const ids = new Map();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const path = paths[next % paths.length];
        next += 1;
        const t0 = performance.now();
        const res = await get(path);
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const id = res.headers.get("x-request-id");
        if (id) ids.set(id, path);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2);
  const seen = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status} x${n}`).join(", ");
  return { rps: (requests / seconds).toFixed(0), p50: at(0.5), p99: at(0.99), failures: requests - (statuses.get(200) ?? 0), statuses: seen, ids };
}

// D1 rows read per request, from the one JSON line the Worker logs per request
// (d1_rows_read: the sum of meta.rows_read over the request's D1 calls, gate included),
// and the path of the costliest request.
async function rowsRead(shop, ids, gate = null) {
  const want = ids;
  let lines = [];
  for (let tries = 0; tries < 20; tries++) {
    await sleep(tries ? 250 : 100); // the log reaches us through wrangler's stdout
    try {
      lines = shop.logLines().filter((l) => l.type === "request" && want.has(l.request_id));
    } catch (error) {
      return `log unreadable: ${error.message}`;
    }
    if (lines.length >= want.size) break;
  }
  if (!lines.length) return `no request log line matched (${want.size} request ids)`;
  lines.sort((a, b) => a.d1_rows_read - b.d1_rows_read);
  const rows = lines.map((l) => Number(l.d1_rows_read));
  const mean = rows.reduce((a, b) => a + b, 0) / rows.length;
  const written = lines.reduce((a, l) => a + Number(l.d1_rows_written), 0) / lines.length;
  const routes = [...new Set(lines.map((l) => l.route || "(no route)"))].join(" ");
  const beyond = gate === null ? "" : ` (the gate's ${gate} + ${(mean - gate).toFixed(1)})`;
  const asked = want.get(lines.at(-1).request_id);
  const costliest = typeof asked === "string" ? decodeURIComponent(asked) : `${asked.lines?.length ?? "?"} lines`;
  return {
    mean,
    text:
      `D1 rows read/request avg ${mean.toFixed(1)}${beyond}, p50 ${rows[Math.floor(rows.length / 2)]}, max ${rows.at(-1)} (${costliest})` +
      `${written ? `, rows written avg ${written.toFixed(1)}` : ""}  [${lines.length} log lines, ${routes}]`,
  };
}

function report(name, r, rows = "") {
  log(`${name.padEnd(36)} ${String(r.rps).padStart(6)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   ${r.statuses}`);
  if (rows) log(`    ${rows}`);
}

// What the register and the counter ask of a realistic shop: a scan of a barcode on the
// shelf, and the customer search as staff type it (a last name's start, a whole name,
// the last four digits of a phone, a phone typed another way than it was saved, an
// email, a bike's frame serial). Deterministic: the same shop gives the same paths.
function lookups(shop, n = 500) {
  const r = prng(7);
  const times = (f) => Array.from({ length: n }, f);
  const customer = (field) => {
    for (;;) {
      const c = r.pick(shop.samples.customers);
      if (!field || c[field]) return c;
    }
  };
  const digits = (phone) => phone.replace(/\D/g, "").slice(-10);
  const q = (text) => `/api/customers?q=${encodeURIComponent(text)}`;
  const typed = [(d) => `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`, (d) => `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`, (d) => `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`];
  return {
    barcode: times(() => `/api/barcodes/${r.pick(shop.samples.barcodes)}`),
    customers: {
      "last-name prefix": times(() => q(customer().name.split(" ").pop().slice(0, 3).toLowerCase())),
      "full name": times(() => q(customer().name)),
      "last 4 phone digits": times(() => q(digits(customer("phone").phone).slice(-4))),
      "phone, typed": times(() => q(r.pick(typed)(digits(customer("phone").phone)))),
      email: times(() => q(customer("email").email)),
      "frame serial": times(() => q(r.pick(shop.samples.frameSerials))),
    },
  };
}

// Loads the generated statements into a running shop's local D1 the way `wrangler d1
// execute --local --file` does (Miniflare over the same persist directory, one batch),
// minus wrangler's SQL splitter, which takes over a minute on 14 MB. With the realistic
// shop's barcodes among them, answers what local D1 counts as rows read.
async function loadIntoD1(shop, statements) {
  const { d1, dispose } = await openLocalD1(shop.persist, shop.env);
  try {
    await d1.batch(statements.filter((s) => !s.startsWith("--")).map((s) => d1.prepare(s)));
    const barcodes = statements.find((s) => s.startsWith("INSERT INTO product_barcodes"));
    if (!barcodes) return "";
    // What local D1 counts as rows read: rows scanned (as D1 bills), not rows returned.
    const meta = async (sql, ...params) => (await d1.prepare(sql).bind(...params).all()).meta.rows_read;
    const code = barcodes.match(/VALUES \('(\d+)'/)[1];
    return `rows_read: count(*) of stock_movements ${await meta("SELECT count(*) FROM stock_movements")}, ` +
      `one barcode by its key ${await meta("SELECT product_id FROM product_barcodes WHERE code = ?", code)}, ` +
      `customers by an unindexed expression ${await meta("SELECT id FROM customers WHERE lower(name) = 'nobody'")}`;
  } finally {
    await dispose();
  }
}

// Work orders for the service board's bench: `count` tickets for `bikes` ({id,
// customer_id}) in turn, the last 60 still open, the others picked up (paid by one of
// `sales`) or cancelled; each has a custom labor line and one of the `parts`.
function serviceHistory(count, bikes, parts, sales) {
  const open = ["dropped_off", "quoted", "in_progress", "waiting_for_parts", "completed", "notified"];
  const statements = [];
  const start = Date.parse("2025-12-01T17:00:00Z");
  for (let i = 0; i < count; i++) {
    const id = i + 1;
    const bike = bikes[i % bikes.length];
    const status = i >= count - 60 ? open[i % open.length] : i % 18 === 0 ? "cancelled" : "picked_up";
    const at = start + i * 3 * 3600 * 1000;
    const promised = new Date(at + 3 * 86400 * 1000).toISOString().slice(0, 10);
    const sale = status === "picked_up" ? sales[i % sales.length].id : "NULL";
    // Lines go onto an open ticket (closed ones refuse them), then it takes its status.
    statements.push(
      "INSERT INTO work_orders (id, number, customer_id, bike_id, status, dropped_off_at_ms, promised_date, problem, version, created_at_ms, updated_at_ms) " +
        `VALUES (${id}, 'T-${String(id).padStart(5, "0")}', ${bike.customer_id}, ${bike.id}, 'in_progress', ${at}, '${promised}', 'Service', 1, ${at}, ${at})`,
      "INSERT INTO work_order_lines (work_order_id, kind, description, quantity, unit_price_cents, standard_minutes, created_at_ms) " +
        `VALUES (${id}, 'labor', 'Tune-up', 1, 8900, 60, ${at})`,
      `INSERT INTO work_order_lines (work_order_id, kind, product_id, quantity, created_at_ms) VALUES (${id}, 'part', ${parts[i % parts.length].id}, 1, ${at})`,
      `UPDATE work_orders SET status = '${status}', sale_id = ${sale} WHERE id = ${id}`,
    );
  }
  return statements;
}

buildShop("demo");
let building = performance.now() - benchStarted; // what compiling took, of the whole

const { twinBench } = await import("../bench/twin/bench.mjs");
await twinBench(log);

// The realistic shop, generated once: the native bench loads the same SQL file.
const scratch = mkdtempSync(join(tmpdir(), "helm-bench-"));
const sqlFile = join(scratch, "realistic-shop.sql");
let t0 = performance.now();
const realistic = writeShopSql(sqlFile);
log(`realistic shop: ${Object.entries(realistic.counts).map(([k, v]) => `${v} ${k}`).join(", ")}`);
log(`realistic shop: generated ${realistic.statements.length} statements (${kib(readFileSync(sqlFile).length)}) in ${seconds(t0)}`);
const asked = lookups(realistic);
const targetsFile = join(scratch, "lookups.tsv");
writeFileSync(
  targetsFile,
  [["barcode lookup", asked.barcode], ...Object.entries(asked.customers).map(([kind, paths]) => [`customers?q=<${kind}>`, paths])]
    .flatMap(([name, paths]) => paths.slice(0, 200).map((path) => `${name}\t${path}`))
    .join("\n") + "\n",
);

try {
  t0 = performance.now();
  const benchBinary = join(buildBench(), "helm_bench");
  building += performance.now() - t0;
  run(benchBinary, [sqlFile, targetsFile]);

  const wasm = readFileSync(join(root, "build", "wasm", "helm.wasm"));
  log(`helm.wasm: ${kib(wasm.length)} raw, ${kib(gzipSync(wasm, { level: 9 }).length)} gzipped`);

  const outdir = mkdtempSync(join(tmpdir(), "helm-bench-"));
  const dry = wranglerSync(["deploy", "--dry-run", "--env", "swicked", "--outdir", outdir]);
  rmSync(outdir, { recursive: true, force: true });
  log(`swicked dry-run upload: ${dry.match(/Total Upload: .*/)?.[0] ?? "(not printed)"}`);

  const plan = { requests: 2000, concurrency: 16 };
  let shop = await startShop();
  try {
    // Every route but health and the static files needs a trusted device with staff signed in.
    const device = await shop.ownerDevice();
    const get = (path) => device.fetch(path);
    const products = 1000;
    log(`seeding ${products} products`);
    t0 = performance.now();
    // A few writers at a time: every write takes its turn on the audit chain's head.
    const created = new Map();
    for (let i = 0; i < products; i += 4) {
      await Promise.all(
        Array.from({ length: 4 }, (_, j) =>
          device
            .fetch("/api/products", {
              method: "POST",
              body: JSON.stringify({ sku: `SKU-${i + j}`, name: `Bench part ${i + j}`, barcodes: [String(4000000000000 + i + j)], price_cents: 100 + i + j }),
            })
            .then((r) => (created.set(r.status, (created.get(r.status) ?? 0) + 1), r.arrayBuffer())),
        ),
      );
    }
    log(`seeded in ${seconds(t0)}: ${[...created].map(([status, n]) => `${status} x${n}`).join(", ")}`);
    await load(get, ["/api/health"], { requests: 200, concurrency: 4 }); // warm the isolate
    // The first row has no D1 call: it is the floor that wrangler dev's proxy and this
    // client set, so the rows below can be read as Helm's cost on top of it.
    const rows = [
      ["GET /static/shell.js (no D1)", "/static/shell.js"],
      ["GET /api/health", "/api/health"],
      ["GET /api/products?q=<barcode>", "/api/products?q=4000000000500"],
      ["GET /api/products?q=<name part>", "/api/products?q=part%2099"],
    ];
    log(`load: ${plan.requests} requests, ${plan.concurrency} in flight, one local workerd isolate`);
    for (const [name, path] of rows) report(name, await load(get, [path], plan));
  } finally {
    await shop.stop();
  }

  log("realistic shop on local workerd");
  t0 = performance.now();
  shop = await startShop();
  log(`  shop started (migrations applied) in ${seconds(t0)}`);
  try {
    const device = await shop.ownerDevice();
    const get = (path) => device.fetch(path);
    t0 = performance.now();
    const calibration = await loadIntoD1(shop, realistic.statements);
    log(`  loaded into local D1 in ${seconds(t0)} (one batch through Miniflare)`);
    log(`  local D1 ${calibration}`);
    const [counted] = await shop.sql(
      "SELECT (SELECT count(*) FROM products) AS products, (SELECT count(*) FROM product_barcodes) AS barcodes, " +
        "(SELECT count(*) FROM stock_movements) AS movements, (SELECT count(*) FROM customers) AS customers, " +
        "(SELECT count(*) FROM bikes) AS bikes, (SELECT sum(on_hand) FROM products) AS on_hand",
    );
    log(`  local D1 holds: ${JSON.stringify(counted)} (expected on_hand ${realistic.onHandTotal})`);
    // The running Worker must see what another process wrote to its database.
    const sku = realistic.samples.skus[realistic.samples.skus.length - 1];
    const seen = await get(`/api/products?q=${encodeURIComponent(sku)}`);
    log(`  the Worker finds SKU ${sku}: ${seen.status} ${(await seen.text()).includes(sku) ? "(found)" : "(NOT found)"}`);

    const mixed = Object.values(asked.customers);
    const mix = mixed[0].flatMap((_, i) => mixed.map((paths) => paths[i]));
    const probe = async (name, paths) => {
      const res = await get(paths[0]);
      const text = await res.text();
      log(`  probe ${name}: ${paths[0]} -> ${res.status} ${text.replace(/\s+/g, " ").slice(0, 160)}`);
    };
    await probe("barcode", asked.barcode);
    for (const [kind, paths] of Object.entries(asked.customers)) await probe(kind, paths);
    await load(get, ["/api/session"], { requests: 200, concurrency: 4 }); // warm the isolate

    log(`load: ${plan.requests} requests, ${plan.concurrency} in flight (per kind: 300), one local workerd isolate`);
    const runs = [
      ["GET /api/session (the gate alone)", ["/api/session"], { requests: 1000, concurrency: 16 }],
      ["GET /api/barcodes/<code>", asked.barcode, plan],
      ["GET /api/customers?q=<mix of 6>", mix, plan],
      ...Object.entries(asked.customers).map(([kind, paths]) => [`  customers?q=<${kind}>`, paths, { requests: 300, concurrency: 16 }]),
    ];
    let gate = null; // what every gated request reads before its handler runs: the first row
    for (const [i, [name, paths, howMany]] of runs.entries()) {
      const r = await load(get, paths, howMany);
      const rows = await rowsRead(shop, r.ids, gate);
      report(name, r, rows.text ?? rows);
      if (i === 0) gate = rows.mean ?? null;
    }

    // The register's checkout: a 5-line sale completed in one request (its one batch),
    // paid by card, each with its own idempotency key. Totals come from a quote first,
    // as the register screen has them before the clerk takes payment.
    const post = (path, body) => device.fetch(path, { method: "POST", body: JSON.stringify(body) });
    await post("/api/drawers", { register_id: 1, float_cents: 20000 });
    const stocked = await shop.sql("SELECT id FROM products WHERE kind = 'stock' AND serialized = 0 AND active = 1 AND on_hand >= 20 LIMIT 300");
    const checkouts = [];
    for (let i = 0; i < 300; i++) {
      const lines = Array.from({ length: 5 }, (_, j) => ({ product_id: stocked[(i * 5 + j) % stocked.length].id, quantity: 1 }));
      const quoted = await post("/api/sales/quote", { lines });
      const { quote } = await quoted.json();
      checkouts.push({ idempotency_key: `bench-sale-${i}`, lines, payments: [{ tender: "card", amount_cents: quote.total_cents, reference: `T-${i}` }] });
    }
    log(`checkout: ${checkouts.length} sales of 5 lines over ${stocked.length} stocked products, 4 in flight`);
    const sold = await load((body) => post("/api/sales", body), checkouts, { requests: checkouts.length, concurrency: 4 });
    report("POST /api/sales (5 lines, card)", sold, (await rowsRead(shop, sold.ids, gate)).text);

    // The service board of a shop with a year of workshop history: 2,500 tickets closed
    // (picked up or cancelled) and 60 open, each with a labor line and a part.
    const bikes = await shop.sql("SELECT id, customer_id FROM bikes ORDER BY id");
    const paid = await shop.sql("SELECT id FROM sales WHERE kind = 'sale' ORDER BY id");
    await loadIntoD1(shop, serviceHistory(2560, bikes, stocked, paid));
    const [tickets] = await shop.sql("SELECT count(*) AS n, sum(status NOT IN ('picked_up', 'cancelled')) AS open FROM work_orders");
    log(`service: ${tickets.n} tickets, ${tickets.open} open`);
    for (const [name, path] of [["GET /api/work-orders (the board's data)", "/api/work-orders"], ["GET /service (the board)", "/service"]]) {
      const board = await load(get, [path], { requests: 300, concurrency: 4 });
      report(name, board, (await rowsRead(shop, board.ids, gate)).text);
    }
  } finally {
    await shop.stop();
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
log(`npm run bench took ${seconds(benchStarted)} (${(building / 1000).toFixed(1)} s of it compiling helm.wasm and helm_bench)`);
