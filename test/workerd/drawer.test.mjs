// The cash drawer and the Z report on the real helm.wasm in workerd against local D1: a
// drawer opened once with its float counted, cash from a real sale, a paid-out and a
// close whose variance is stored as counted; who may close and who may run the Z report;
// and a day whose Z report equals the sum of its receipts.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { json, ownerEmail, startShop } from "../support/shop.mjs";

let shop, owner;
const post = (device, path, body) => device.fetch(path, { method: "POST", body: JSON.stringify(body) });
let keys = 0;

async function product(body, stock) {
  const res = await post(owner, "/api/products", { price_cents: 1000, ...body });
  assert.equal(res.status, 201, await res.clone().text());
  const { product } = await json(res);
  if (stock) assert.equal((await post(owner, `/api/products/${product.id}/receive`, { quantity: stock, unit_cost_cents: 400 })).status, 200);
  return product;
}

// Quotes the request, then completes it paid by `pay(total)`.
async function sell(body, pay) {
  const quoted = await post(owner, "/api/sales/quote", body);
  assert.equal(quoted.status, 200, await quoted.clone().text());
  const { total_cents } = (await json(quoted)).quote;
  const res = await post(owner, "/api/sales", { ...body, payments: pay(total_cents), idempotency_key: `wd-drawer-${++keys}` });
  assert.equal(res.status, 201, await res.clone().text());
  return (await json(res)).sale;
}
const cash = (amount) => ({ tender: "cash", amount_cents: amount, tendered_cents: Math.ceil(amount / 500) * 500 });
const card = (amount) => ({ tender: "card", amount_cents: amount, reference: `T-${amount}` });

before(async () => {
  shop = await startShop();
  owner = await shop.ownerDevice();
  for (const [tax_class, name, rate_ppm] of [["goods", "GST", 50000], ["goods", "PST", 70000], ["labor", "GST", 50000]])
    assert.equal((await post(owner, "/api/tax-rates", { tax_class, name, rate_ppm, valid_from: "2020-01-01" })).status, 201);
});
after(async () => {
  await shop?.stop();
});

it("opens the drawer once, takes a real sale's cash and a paid-out, and stores the variance as counted", async () => {
  const opened = await post(owner, "/api/drawers", { register_id: 1, float_counts: { 10000: 1, 2000: 2, 25: 40 } });
  assert.equal(opened.status, 201, await opened.clone().text());
  const { drawer } = await json(opened);
  assert.equal(drawer.float_cents, 15000);
  const twice = await post(owner, "/api/drawers", { register_id: 1, float_cents: 15000 });
  assert.equal(twice.status, 409);
  assert.equal((await json(twice)).error.field, "register_id");

  const pump = await product({ sku: "PUMP-WD", name: "Floor pump", price_cents: 4500 }, 3);
  const sale = await sell({ lines: [{ product_id: pump.id, quantity: 1 }] }, (total) => [cash(total)]);
  assert.equal(sale.total_cents, 5040);
  const out = await post(owner, `/api/drawers/${drawer.id}/movements`, { kind: "paid_out", amount_cents: 1200, reason: "courier" });
  assert.equal(out.status, 201);
  const current = await json(await owner.fetch("/api/drawers/current?register_id=1"));
  assert.equal(current.drawer.expected_cents, null); // counted blind until it is closed
  assert.equal(current.drawer.paid_out_cents, 1200);
  assert.equal(current.movements.length, 1);

  const closed = await post(owner, `/api/drawers/${drawer.id}/close`, { counted_cents: 18800, note: "forty cents short" });
  assert.equal(closed.status, 200, await closed.clone().text());
  assert.equal((await json(closed)).drawer.variance_cents, -40);
  const [row] = await shop.sql(`SELECT status, expected_cents, counted_cents, variance_cents FROM drawer_sessions WHERE id = ${drawer.id}`);
  assert.deepEqual(row, { status: "closed", expected_cents: 18840, counted_cents: 18800, variance_cents: -40 });
  const late = await post(owner, `/api/drawers/${drawer.id}/movements`, { kind: "paid_in", amount_cents: 100, reason: "too late" });
  assert.equal(late.status, 422);
  const reads = shop.logLines().filter((l) => l.route === "/api/drawers/current" && l.status === 200);
  assert.ok(reads.length >= 1);
  // The gate's own rows (about 50) and a handful for the drawer.
  for (const line of reads) assert.ok(line.d1_rows_read < 120, `the current drawer read ${line.d1_rows_read} rows`);
});

it("lets a Sales staff member close a drawer but not run the Z report", async () => {
  const created = await post(owner, "/api/staff", { display_name: "Sam Sales", role: "sales", pin: "73051" });
  assert.equal(created.status, 201, await created.clone().text());
  const { staff } = await json(created);
  const { device } = await shop.signIn(ownerEmail);
  assert.equal((await device.pin(staff.id, "73051")).status, 200);

  const opened = await post(device, "/api/drawers", { float_cents: 5000 });
  assert.equal(opened.status, 201, await opened.clone().text());
  const { drawer } = await json(opened);
  const refused = await post(device, "/api/z-reports", {});
  assert.equal(refused.status, 403);
  assert.equal((await device.fetch("/api/z-reports")).status, 200);
  const closed = await post(device, `/api/drawers/${drawer.id}/close`, { counted_cents: 5000 });
  assert.equal(closed.status, 200);
  assert.equal((await json(closed)).drawer.closed_by, "Sam Sales");
  const [{ n }] = await shop.sql("SELECT count(*) AS n FROM z_reports");
  assert.equal(n, 0);
});

it("runs the day's Z report once: its totals and tax by rate are the sum of the day's receipts", async () => {
  const opened = await post(owner, "/api/drawers", { float_cents: 10000 });
  assert.equal(opened.status, 201, await opened.clone().text());
  const helmet = await product({ sku: "HELMET-WD", name: "Helmet", price_cents: 5999 }, 4);
  const tune = await product({ sku: "TUNE-WD", name: "Tune-up", kind: "labor", tax_class: "labor", price_cents: 8500 });
  const first = await sell({ lines: [{ product_id: helmet.id, quantity: 2 }, { product_id: tune.id }], discount: { percent_ppm: 100000 } }, (t) => [cash(t)]);
  const second = await sell({ lines: [{ product_id: helmet.id, quantity: 1 }] }, (t) => [card(t)]);
  await sell({ original_sale_id: first.id, returns: [{ line_id: first.lines[0].id, quantity: 1 }], reason: "too big" }, (t) => [
    { tender: "cash", amount_cents: t },
  ]);
  const voided = await post(owner, `/api/sales/${second.id}/void`, { reason: "rang up twice", idempotency_key: "wd-drawer-void" });
  assert.equal(voided.status, 201, await voided.clone().text());

  // The day's count comes first: with the drawer still open the Z report is refused.
  const early = await post(owner, "/api/z-reports", {});
  assert.equal(early.status, 422);
  assert.equal((await json(early)).error.field, "business_date");
  const { drawer } = await json(opened);
  const closed = await post(owner, `/api/drawers/${drawer.id}/close`, { counted_cents: 10000 });
  assert.equal(closed.status, 200, await closed.clone().text());

  const run = await post(owner, "/api/z-reports", {});
  assert.equal(run.status, 201, await run.clone().text());
  const { z_report } = await json(run);
  const { report } = z_report;
  const { sales } = await json(await owner.fetch(`/api/sales?date=${report.business_date}&limit=500`));
  let total = 0;
  let tax = 0;
  const byRate = new Map();
  for (const { id } of sales) {
    const { sale } = await json(await owner.fetch(`/api/sales/${id}`));
    total += sale.total_cents;
    tax += sale.tax_cents;
    for (const t of sale.taxes) {
      const key = `${t.name} ${t.rate_ppm}`;
      const sum = byRate.get(key) ?? { base_cents: 0, tax_cents: 0 };
      byRate.set(key, { base_cents: sum.base_cents + t.base_cents, tax_cents: sum.tax_cents + t.tax_cents });
    }
  }
  assert.equal(report.net.count, sales.length);
  assert.equal(report.net.total_cents, total);
  assert.equal(report.tax_cents, tax);
  assert.equal(report.tendered_cents, total);
  assert.deepEqual(new Map(report.taxes.map((t) => [`${t.name} ${t.rate_ppm}`, { base_cents: t.base_cents, tax_cents: t.tax_cents }])), byRate);
  assert.equal(report.documents.find((d) => d.kind === "void").count, 1);
  assert.equal(report.cash.open_drawers, 0);

  const again = await post(owner, "/api/z-reports", { business_date: report.business_date });
  assert.equal(again.status, 409);
  assert.equal((await json(again)).z_report.id, z_report.id);
  const stored = await json(await owner.fetch(`/api/z-reports/${z_report.id}`));
  assert.deepEqual(stored.z_report.report, report);
});
