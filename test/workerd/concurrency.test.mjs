// Many requests suspended at once in one isolate: each is its own coroutine with its own
// pending operation, so none may see another's state.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { json, startShop } from "../support/shop.mjs";

let shop;
before(async () => {
  shop = await startShop();
});
after(async () => {
  await shop?.stop();
});

const N = 50;

it(`answers ${N} concurrent creates, then ${N} concurrent edits that each await two D1 calls, each with its own result`, async () => {
  const created = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      fetch(`${shop.url}/api/products`, {
        method: "POST",
        body: JSON.stringify({ sku: `C-${i}`, name: `Concurrent ${i}`, price_cents: 100 + i }),
      }).then(async (res) => ({ status: res.status, body: await json(res) })),
    ),
  );
  created.forEach(({ status, body }, i) => {
    assert.equal(status, 201);
    assert.equal(body.product.sku, `C-${i}`);
    assert.equal(body.product.price_cents, 100 + i);
  });

  // Each PATCH reads its product, then writes it under a version check: two awaits each,
  // all in flight together, interleaved with reads of other products.
  const ids = created.map(({ body }) => body.product.id);
  const edits = ids.map((id, i) =>
    fetch(`${shop.url}/api/products/${id}`, { method: "PATCH", body: JSON.stringify({ price_cents: 1000 + i, name: `Edited ${i}` }) })
      .then(async (res) => ({ status: res.status, body: await json(res) })),
  );
  const reads = ids.map((id) => fetch(`${shop.url}/api/products/${id}`).then(json));
  const [edited, read] = await Promise.all([Promise.all(edits), Promise.all(reads)]);
  edited.forEach(({ status, body }, i) => {
    assert.equal(status, 200);
    assert.equal(body.product.id, ids[i]);
    assert.equal(body.product.name, `Edited ${i}`);
    assert.equal(body.product.price_cents, 1000 + i);
    assert.equal(body.product.version, 2);
  });
  read.forEach((body, i) => assert.equal(body.product.id, ids[i]));

  // Ids follow arrival order, not i: match the stored rows by SKU.
  const rows = new Map(shop.sql("SELECT sku, price_cents, version FROM products").map((r) => [r.sku, r]));
  assert.equal(rows.size, N);
  for (let i = 0; i < N; i += 1) assert.deepEqual(rows.get(`C-${i}`), { sku: `C-${i}`, price_cents: 1000 + i, version: 2 });

  // Every one of those writes raced for the audit chain's head; the chain did not fork.
  const chain = await json(await fetch(`${shop.url}/api/audit/verify`));
  assert.deepEqual(chain, { ok: true, checked: 2 * N });
});

it("refuses duplicates racing each other: exactly one of ten identical creates wins", async () => {
  const results = await Promise.all(
    Array.from({ length: 10 }, () =>
      fetch(`${shop.url}/api/products`, { method: "POST", body: JSON.stringify({ sku: "RACE-1", name: "Racer", price_cents: 1 }) }).then(
        (res) => res.status,
      ),
    ),
  );
  assert.deepEqual(results.filter((s) => s === 201).length, 1);
  assert.deepEqual(results.filter((s) => s === 409).length, 9);
});
