// The real helm.wasm in workerd against local D1: health, the product slice, bad input,
// the log line and cron.
import assert from "node:assert/strict";
import { pbkdf2Sync } from "node:crypto";
import { readdirSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { root } from "../../scripts/lib.mjs";
import { json, startShop } from "../support/shop.mjs";

let shop, owner;
before(async () => {
  shop = await startShop();
  owner = await shop.ownerDevice();
});
after(async () => {
  await shop?.stop();
});

const post = (path, body, type = "application/json") =>
  owner.fetch(path, {
    method: "POST",
    headers: { "content-type": type },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

// The oversized upload goes on a connection of its own: the local dev proxy may close a
// connection after a large body, and fetch's pool would then reuse the closed socket.
function postOnOwnConnection(path, body) {
  return new Promise((resolve, reject) => {
    const headers = { "content-type": "application/json", cookie: `__Host-helm_device=${owner.token}`, origin: shop.url };
    const req = request(`${shop.url}${path}`, { method: "POST", agent: false, headers }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve(new Response(text, { status: res.statusCode })));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("health", () => {
  it("names the shop, the build and the latest migration", async () => {
    const res = await owner.fetch(`/api/health`);
    assert.equal(res.status, 200);
    const body = await json(res);
    assert.equal(body.shop, "demo");
    assert.equal(body.migration, readdirSync(join(root, "migrations")).sort().at(-1));
    assert.match(body.build.commit, /^[0-9a-f]{7,}(-dirty)?$|^unknown$/);
    assert.match(body.build.version, /^\d+\.\d+\.\d+/);
    assert.equal(body.build.environment, "development");
    const settings = await (await owner.fetch("/settings")).text();
    assert.ok(settings.includes(`<dt>Commit</dt><dd>${body.build.commit}</dd>`), "Settings shows the build");
    assert.ok(Math.abs(body.server_time_ms - Date.now()) < 60_000);
    assert.ok(res.headers.get("x-request-id"));
  });
});

describe("products", () => {
  it("creates, finds by SKU, barcode and name, reads and edits a product", async () => {
    const created = await post("/api/products", { sku: "TIRE-28", name: "Road tire 700x28", price_cents: 5999, barcodes: ["4019238066102"] });
    assert.equal(created.status, 201);
    const { product } = await json(created);
    assert.equal(product.price_cents, 5999);

    for (const q of ["tire-28", "4019238066102", "road TIRE"]) {
      const found = await json(await owner.fetch(`/api/products?q=${encodeURIComponent(q)}`));
      assert.deepEqual(found.products.map((p) => p.id), [product.id], `search ${q}`);
    }
    const read = await json(await owner.fetch(`/api/products/${product.id}`));
    assert.equal(read.product.name, "Road tire 700x28");

    const patched = await owner.fetch(`/api/products/${product.id}`, {
      method: "PATCH",
      body: JSON.stringify({ price_cents: 6499, name: "Road tire 700x28, tan wall", version: read.product.version }),
    });
    assert.equal(patched.status, 200);
    const edited = (await json(patched)).product;
    assert.equal(edited.price_cents, 6499);
    assert.equal(edited.version, 2);
    const [row] = await shop.sql(`SELECT price_cents, name FROM products WHERE id = ${product.id}`);
    assert.deepEqual(row, { price_cents: 6499, name: "Road tire 700x28, tan wall" });
  });

  it("answers bad input with a 4xx JSON error naming the field, and writes nothing", async () => {
    await post("/api/products", { sku: "TAKEN", name: "Existing", price_cents: 100 });
    const before = (await shop.sql("SELECT count(*) AS n FROM products"))[0].n;
    const cases = [
      ["{nope", 400, "invalid_argument", "body"],
      [{ name: "No SKU", price_cents: 1 }, 400, "invalid_argument", "sku"],
      [{ sku: 12, name: "Wrong type", price_cents: 1 }, 400, "invalid_argument", "sku"],
      [{ sku: "X", name: "Float price", price_cents: 1.5 }, 400, "invalid_argument", "price_cents"],
      [{ sku: "X", name: "Negative", price_cents: -100 }, 400, "invalid_argument", "price_cents"],
      [{ sku: "X", name: "String price", price_cents: "100" }, 400, "invalid_argument", "price_cents"],
      [{ sku: "taken", name: "Duplicate", price_cents: 1 }, 409, "already_exists", "sku"],
      [{ sku: "X", name: "Extra", price_cents: 1, tenant_id: 7 }, 400, "invalid_argument", "tenant_id"],
      ["x".repeat(1024 * 1024 + 1), 413, "payload_too_large", "body"],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await (status === 413 ? postOnOwnConnection : post)("/api/products", body);
      assert.equal(res.status, status, JSON.stringify(body).slice(0, 80));
      const { error } = await json(res);
      assert.equal(error.code, code);
      assert.equal(error.field, field);
      assert.match(error.request_id, /^[0-9a-f]+$/);
    }
    assert.equal((await shop.sql("SELECT count(*) AS n FROM products"))[0].n, before);
  });

  it("answers unknown routes 404 and a wrong method 405", async () => {
    const missing = await owner.fetch(`/api/nowhere`);
    assert.equal(missing.status, 404);
    assert.equal((await json(missing)).error.code, "not_found");
    const wrong = await owner.fetch(`/api/health`, { method: "DELETE" });
    assert.equal(wrong.status, 405);
    assert.equal((await json(wrong)).error.code, "method_not_allowed");
    const page = await owner.fetch(`/nowhere`);
    assert.equal(page.status, 404);
    assert.match(page.headers.get("content-type"), /text\/html/);
  });
});

describe("the audit log", () => {
  it("records each change in D1 and finds an event edited behind the application's back", async () => {
    const created = await json(await post("/api/products", { sku: "AUDIT-1", name: "Audited", price_cents: 100 }));
    const id = created.product.id;
    await owner.fetch(`/api/products/${id}`, { method: "PATCH", body: JSON.stringify({ price_cents: 200, version: 1 }) });
    const { events } = await json(await owner.fetch(`/api/audit?entity=product&entity_id=${id}`));
    assert.deepEqual(events.map((e) => e.action), ["product.update", "product.create"]);
    assert.equal(events[0].before.price_cents, 100);
    assert.equal(events[0].after.price_cents, 200);
    const whole = await json(await owner.fetch(`/api/audit/verify`));
    assert.equal(whole.ok, true);

    const target = events[1].seq;
    await shop.sql(`DROP TRIGGER audit_events_are_not_edited; UPDATE audit_events SET actor = 'mallory' WHERE seq = ${target}`);
    const broken = await json(await owner.fetch(`/api/audit/verify`));
    assert.equal(broken.ok, false);
    assert.equal(broken.first_broken_seq, target);
  });
});

describe("staff", () => {
  it("stores PBKDF2-SHA256 of the PIN computed by WebCrypto, the same bytes node's OpenSSL computes", async () => {
    const res = await post("/api/staff", { display_name: "Robin", role: "service_lead", pin: "40917" });
    assert.equal(res.status, 201);
    const { staff } = await json(res);
    assert.equal(staff.pin_hash, undefined);
    const [row] = await shop.sql(`SELECT pin_hash, pin_salt, pin_iterations FROM staff WHERE id = ${staff.id}`);
    const expected = pbkdf2Sync("40917", Buffer.from(row.pin_salt, "hex"), row.pin_iterations, 32, "sha256").toString("hex");
    assert.equal(row.pin_hash, expected);
  });

  it("computes effective permissions in D1 from the role and the staff member's own answers", async () => {
    const { staff } = await json(await post("/api/staff", { display_name: "Jo", role: "junior", pin: "73051" }));
    const put = await owner.fetch(`/api/staff/${staff.id}/permissions`, {
      method: "PUT",
      body: JSON.stringify({ overrides: { "screen.reports": true, "screen.sales": false } }),
    });
    assert.equal(put.status, 200);
    const { permissions } = await json(await owner.fetch(`/api/staff/${staff.id}`));
    const granted = permissions.filter((p) => p.allowed).map((p) => `${p.key}:${p.source}`);
    assert.deepEqual(granted, ["screen.customers:role", "screen.reports:staff"]);
  });
});

describe("the shell", () => {
  it("is branded for the demo shop and serves its assets", async () => {
    const res = await owner.fetch(`/`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /Helm Demo Cycles/);
    assert.match(html, /--brand:#1f4e79/);
    assert.match(html, /The demo shop: try anything/);
    const logo = await owner.fetch(`/brand/logo.svg`);
    assert.equal(logo.headers.get("content-type"), "image/svg+xml");
    assert.match(await logo.text(), /aria-label="Helm demo"/);
    const css = await owner.fetch(`/static/helm.css`);
    assert.equal(css.status, 200);
  });
});

describe("observability and cron", () => {
  it("logs one JSON line per request with the shop, route, status and D1 rows", async () => {
    const res = await owner.fetch(`/api/products?q=log-line-probe`);
    const id = res.headers.get("x-request-id");
    await res.text();
    await new Promise((r) => setTimeout(r, 300));
    const lines = shop.logLines().filter((l) => l.request_id === id);
    assert.equal(lines.length, 1);
    const [line] = lines;
    assert.equal(line.type, "request");
    assert.equal(line.shop, "demo");
    assert.equal(line.method, "GET");
    assert.equal(line.route, "/api/products");
    assert.equal(line.status, 200);
    assert.equal(typeof line.ms, "number");
    assert.equal(typeof line.d1_rows_read, "number");
    assert.equal(line.d1_rows_written, 0);
  });

  it("reaches the C++ core from the hourly cron trigger, runs each due job and logs it; the daily job verifies the audit chain and lists what to reorder", async () => {
    // Every job due at any hour of the shop's day, so that the test does not depend on the clock.
    await shop.sql("UPDATE ops_settings SET daily_local_hour = 0, weekly_local_hour = 0, monthly_local_hour = 0");
    await shop.sql(
      "INSERT INTO products (kind, sku, name, price_cents, reorder_min, created_at_ms, updated_at_ms) VALUES ('stock', 'LOW-1', 'Brake pads', 1500, 2, 0, 0)",
    );
    const [{ n: lowStock }] = await shop.sql(
      "SELECT count(*) AS n FROM products WHERE kind = 'stock' AND active = 1 AND reorder_min IS NOT NULL AND on_hand <= reorder_min",
    );
    const chain = await json(await owner.fetch(`/api/audit/verify`));
    const res = await owner.fetch(`/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("0 * * * *")}`);
    assert.equal(res.status, 200);
    await res.text();
    // The run goes on in waitUntil after the trigger answered; its lines come when it ends.
    const cronLines = () => shop.logLines().filter((l) => l.type === "cron");
    for (const until = Date.now() + 30_000; cronLines().length < 3 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 200));
    const runs = cronLines();
    assert.deepEqual(runs.map((l) => l.job), ["daily", "weekly", "monthly"]);
    const [daily, weekly, monthly] = runs;
    // Whatever earlier tests did to the chain, the cron run and the endpoint agree on it.
    assert.equal(daily.status, chain.ok ? "ok" : "audit_chain_broken");
    assert.equal(daily.audit_checked, chain.checked);
    assert.equal(daily.audit_first_broken_seq, chain.first_broken_seq);
    assert.deepEqual([weekly.status, monthly.status], ["ok", "ok"]);
    // The list to reorder is in the shop's R2, one line a product under its header.
    assert.equal(daily.low_stock_products, lowStock);
    const list = await owner.fetch(`/reports/download?key=${encodeURIComponent(daily.low_stock_key)}`);
    assert.equal(list.status, 200);
    const lines = (await list.text()).trimEnd().split("\r\n");
    assert.equal(lines.length, lowStock + 1);
    assert.ok(lines.includes("LOW-1,Brake pads,0,2,2"), lines.join("\n"));
  });
});
