// Many requests suspended at once in one isolate: each is its own coroutine with its own
// pending operation, so none may see another's state. Every audited write also races
// the others for the audit chain's head.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { json, startShop } from "../support/shop.mjs";

let shop, owner;
before(async () => {
  shop = await startShop();
  owner = await shop.ownerDevice();
});
after(async () => {
  await shop?.stop();
});

const N = 50;
const WRITERS = 50;

it(`answers ${N} concurrent reads that each await two D1 calls, each with its own result`, async () => {
  // Staff pages read the member, then their effective permissions: two awaits each, all
  // in flight together in one isolate, each coroutine with its own pending operation.
  const roles = ["sales", "junior", "mechanic", "service_lead", "owner"];
  const ids = [];
  for (let i = 0; i < N; i += 1) {
    const res = await owner.fetch(`/api/staff`, {
      method: "POST",
      body: JSON.stringify({ display_name: `Clerk ${i}`, role: roles[i % roles.length], pin: "40917" }),
    });
    assert.equal(res.status, 201);
    ids.push((await json(res)).staff.id);
  }
  const answers = await Promise.all(ids.map((id) => owner.fetch(`/api/staff/${id}`).then(json)));
  answers.forEach((body, i) => {
    assert.equal(body.staff.id, ids[i]);
    assert.equal(body.staff.display_name, `Clerk ${i}`);
    const sales = body.permissions.find((p) => p.key === "screen.sales").allowed;
    assert.equal(sales, ["sales", "junior", "service_lead", "owner"].includes(roles[i % roles.length]), `clerk ${i}`);
  });
});

it(`answers ${WRITERS} concurrent creates and edits racing for the audit chain, each with its own result`, async () => {
  const [{ n: eventsBefore }] = await shop.sql("SELECT count(*) AS n FROM audit_events");
  const created = await Promise.all(
    Array.from({ length: WRITERS }, (_, i) =>
      owner.fetch(`/api/products`, {
        method: "POST",
        body: JSON.stringify({ sku: `C-${i}`, name: `Concurrent ${i}`, price_cents: 100 + i }),
      }).then(async (res) => ({ status: res.status, body: await json(res) })),
    ),
  );
  created.forEach(({ status, body }, i) => {
    assert.equal(status, 201);
    assert.equal(body.product.sku, `C-${i}`);
  });
  // Each PATCH reads its product, then writes it under a version check in one batch with
  // its audit event: every one of them races the others for the chain's head.
  const ids = created.map(({ body }) => body.product.id);
  const edited = await Promise.all(
    ids.map((id, i) =>
      owner.fetch(`/api/products/${id}`, { method: "PATCH", body: JSON.stringify({ price_cents: 1000 + i, version: 1 }) }).then(
        async (res) => ({ status: res.status, body: await json(res) }),
      ),
    ),
  );
  edited.forEach(({ status, body }, i) => {
    assert.equal(status, 200);
    assert.equal(body.product.id, ids[i]);
    assert.equal(body.product.price_cents, 1000 + i);
  });
  // Ids follow arrival order, not i: match the stored rows by SKU.
  const rows = new Map((await shop.sql("SELECT sku, price_cents, version FROM products")).map((r) => [r.sku, r]));
  for (let i = 0; i < WRITERS; i += 1) assert.deepEqual(rows.get(`C-${i}`), { sku: `C-${i}`, price_cents: 1000 + i, version: 2 });
  const chain = await json(await owner.fetch(`/api/audit/verify`));
  assert.deepEqual(chain, { ok: true, checked: eventsBefore + 2 * WRITERS });
});

it("refuses duplicates racing each other: exactly one of ten identical creates wins", async () => {
  const results = await Promise.all(
    Array.from({ length: 10 }, () =>
      owner.fetch(`/api/products`, { method: "POST", body: JSON.stringify({ sku: "RACE-1", name: "Racer", price_cents: 1 }) }).then(
        (res) => res.status,
      ),
    ),
  );
  assert.deepEqual(results.filter((s) => s === 201).length, 1);
  assert.deepEqual(results.filter((s) => s === 409).length, 9);
});
