// The service department on the real helm.wasm in workerd against local D1: a ticket from
// drop-off to pickup (the deposit applied once, the part leaving stock only when the
// invoice is paid, the pickup written by the sale's own batch), and two staff moving one
// ticket at once.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { json, startShop } from "../support/shop.mjs";

let shop, owner;
const post = (path, body) => owner.fetch(path, { method: "POST", body: JSON.stringify(body) });
async function created(res) {
  assert.ok(res.status === 200 || res.status === 201, `${res.status} ${await res.clone().text()}`);
  return json(res);
}
const ticket = async (id) => (await json(await owner.fetch(`/api/work-orders/${id}`))).work_order;

// Completes a held sale at the register: its cart, with `payments` added to its own.
async function payHeld(draftId, payments, key) {
  const [draft] = await shop.sql(`SELECT cart_json, version FROM sale_drafts WHERE id = ${draftId}`);
  const cart = JSON.parse(draft.cart_json);
  cart.payments = [...(cart.payments ?? []), ...payments];
  return post("/api/sales", { ...cart, draft_id: draftId, draft_version: draft.version, idempotency_key: key });
}

let ann, bike, tube, tune;
before(async () => {
  shop = await startShop();
  owner = await shop.ownerDevice();
  for (const [tax_class, name, rate_ppm] of [["goods", "GST", 50000], ["goods", "PST", 70000], ["labor", "GST", 50000]])
    await created(await post("/api/tax-rates", { tax_class, name, rate_ppm, valid_from: "2020-01-01" }));
  await created(await post("/api/drawers", { register_id: 1, float_cents: 20000 }));
  tune = (await created(await post("/api/products", { sku: "WD-TUNE", name: "Tune-up", kind: "labor", tax_class: "labor", price_cents: 8900, standard_minutes: 60 }))).product;
  tube = (await created(await post("/api/products", { sku: "WD-TUBE", name: "Tube", price_cents: 899 }))).product;
  await created(await post(`/api/products/${tube.id}/receive`, { quantity: 3, unit_cost_cents: 300 }));
  ann = (await created(await post("/api/customers", { name: "Ann Workerd", phone: "604-555-0142", consent_sms: true }))).customer;
  bike = (await created(await post(`/api/customers/${ann.id}/bikes`, { make: "Trek", model: "FX 2", frame_serial: "WD-SERIAL-1" }))).bike;
});
after(async () => {
  await shop?.stop();
});

it("a ticket goes from drop-off to pickup: deposit once, stock only at payment, pickup in the sale's batch", async () => {
  const refused = await post("/api/work-orders", { problem: "Flat" });
  assert.equal(refused.status, 400);
  assert.equal((await json(refused)).error.field, "customer_id");

  let t = (await created(await post("/api/work-orders", { customer_id: ann.id, bike_serial: "wd-serial-1", problem: "Slow flat" }))).work_order;
  assert.equal(t.bike_id, bike.id);
  assert.match(t.number, /^T-\d{5}$/);
  t = (await created(await post(`/api/work-orders/${t.id}/lines`, { product_id: tune.id, version: t.version }))).work_order;
  t = (await created(await post(`/api/work-orders/${t.id}/lines`, { code: "WD-TUBE", version: t.version }))).work_order;

  const deposit = await created(await post(`/api/work-orders/${t.id}/deposit`, { amount_cents: 2000 }));
  await created(await payHeld(deposit.held_sale_id, [{ tender: "cash", amount_cents: 2000, tendered_cents: 2000 }], "wd-deposit-1"));

  for (const to of ["in_progress", "completed"]) t = (await created(await post(`/api/work-orders/${t.id}/status`, { to, version: t.version }))).work_order;
  const [{ queued }] = await shop.sql(`SELECT count(*) AS queued FROM outbox WHERE work_order_id = ${t.id} AND channel = 'sms'`);
  assert.equal(queued, 1);
  const invoiced = await created(await post(`/api/work-orders/${t.id}/invoice`, { version: t.version }));
  assert.equal(invoiced.work_order.status, "invoiced");
  // 89.00 + 5% = 93.45; 8.99 + 12% = 10.07.
  assert.equal(invoiced.money.total_cents, 10352);
  assert.equal(invoiced.money.deposit_held_cents, 2000);
  const [{ on_hand: before }] = await shop.sql(`SELECT on_hand FROM products WHERE id = ${tube.id}`);
  assert.equal(before, 3);

  const paid = await created(await payHeld(invoiced.money.held_sale_id, [{ tender: "cash", amount_cents: 8352, tendered_cents: 10000 }], "wd-invoice-1"));
  assert.equal(paid.sale.total_cents, 10352);
  assert.equal(paid.sale.work_order_id, t.id);
  assert.deepEqual(paid.sale.payments.map((p) => [p.tender, p.amount_cents]), [["deposit", 2000], ["cash", 8352]]);
  const [{ on_hand }] = await shop.sql(`SELECT on_hand FROM products WHERE id = ${tube.id}`);
  assert.equal(on_hand, 2);
  const done = await ticket(t.id);
  assert.equal(done.status, "picked_up");
  assert.equal(done.sale_id, paid.sale.id);
  const [{ balance_cents }] = await shop.sql(`SELECT balance_cents FROM accounts WHERE kind = 'deposit' AND customer_id = ${ann.id}`);
  assert.equal(balance_cents, 0);
});

it("two staff move one ticket at once: one wins, the other gets 409 with the ticket as it is now", async () => {
  const t = (await created(await post("/api/work-orders", { customer_id: ann.id, bike_id: bike.id, problem: "Creaks" }))).work_order;
  const answers = await Promise.all(
    ["in_progress", "cancelled"].map((to) => post(`/api/work-orders/${t.id}/status`, { to, version: t.version })),
  );
  const statuses = answers.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 409]);
  const lost = await json(answers.find((r) => r.status === 409));
  assert.equal(lost.error.field, "version");
  const now = await ticket(t.id);
  assert.equal(lost.work_order.status, now.status);
  assert.equal(now.version, t.version + 1);
  const [{ moves }] = await shop.sql(`SELECT count(*) AS moves FROM work_order_history WHERE work_order_id = ${t.id} AND from_status IS NOT NULL`);
  assert.equal(moves, 1);
});

it("the request logs carry no customer's name, phone or bike serial, even when staff search by them", async () => {
  for (const q of ["Ann Workerd", "604-555-0142", "WD-SERIAL-1"]) {
    assert.equal((await owner.fetch(`/api/work-orders?q=${encodeURIComponent(q)}`)).status, 200);
    assert.equal((await owner.fetch(`/service?q=${encodeURIComponent(q)}`)).status, 200);
  }
  const lines = shop.logLines();
  assert.ok(lines.some((l) => l.path === "/api/work-orders" && l.d1_queries > 0), "the searches were logged");
  const text = JSON.stringify(lines);
  for (const secret of ["Ann Workerd", "Workerd", "555-0142", "5550142", "WD-SERIAL-1"]) assert.ok(!text.includes(secret), `the logs hold ${secret}`);
});
