// The register on the real helm.wasm in workerd against local D1 and R2: a cash sale,
// its idempotent retry, three completions racing for the last unit, and card numbers
// that never reach D1, R2 or the logs.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { json, startShop } from "../support/shop.mjs";

let shop, owner;
const post = (path, body) => owner.fetch(path, { method: "POST", body: JSON.stringify(body) });

async function product(body, stock) {
  const res = await post("/api/products", { price_cents: 1000, ...body });
  assert.equal(res.status, 201, await res.clone().text());
  const { product } = await json(res);
  if (stock) assert.equal((await post(`/api/products/${product.id}/receive`, { quantity: stock, unit_cost_cents: 400 })).status, 200);
  return product;
}

before(async () => {
  shop = await startShop();
  owner = await shop.ownerDevice();
  for (const [tax_class, name, rate_ppm] of [["goods", "GST", 50000], ["goods", "PST", 70000]])
    assert.equal((await post("/api/tax-rates", { tax_class, name, rate_ppm, valid_from: "2020-01-01" })).status, 201);
  const opened = await post("/api/drawers", { register_id: 1, float_cents: 20000 });
  assert.equal(opened.status, 201, await opened.clone().text());
});
after(async () => {
  await shop?.stop();
});

it("completes a cash sale in one batch, and a retry with the same key answers the first sale", async () => {
  const items = [];
  for (let i = 0; i < 5; i++) items.push(await product({ sku: `PART-${i}`, name: `Part ${i}`, price_cents: 1000 + i * 250 }, 5));
  const body = {
    idempotency_key: "wd-sale-0001",
    lines: items.map((p) => ({ product_id: p.id, quantity: 1 })),
    payments: [{ tender: "cash", amount_cents: 8402, tendered_cents: 10000 }],
  };
  const first = await post("/api/sales", body);
  assert.equal(first.status, 201, await first.clone().text());
  const { sale } = await json(first);
  // 75.00 + 5% and 7% per line, half-up: 12.50 and 17.50 each round two half cents up.
  assert.equal(sale.total_cents, 8402);
  assert.equal(sale.change_cents, 1598);
  assert.equal(sale.lines.length, 5);
  const again = await post("/api/sales", body);
  assert.equal(again.status, 200);
  assert.equal((await json(again)).sale.id, sale.id);
  const [{ n }] = await shop.sql(`SELECT count(*) AS n FROM sales WHERE idempotency_key = 'wd-sale-0001'`);
  assert.equal(n, 1);
  const [{ on_hand }] = await shop.sql(`SELECT on_hand FROM products WHERE id = ${items[0].id}`);
  assert.equal(on_hand, 4);
  const read = await owner.fetch(`/api/sales/${sale.id}`);
  assert.deepEqual((await json(read)).sale.payments, sale.payments);
});

it("three completions racing for the last unit: one sells it, two get a 409, stock ends at zero", async () => {
  const bell = await product({ sku: "BELL-LAST", name: "Bell" }, 1);
  const attempt = (i) =>
    post("/api/sales", {
      idempotency_key: `wd-race-000${i}`,
      lines: [{ product_id: bell.id }],
      payments: [{ tender: "card", amount_cents: 1120, reference: `T-${i}` }],
    });
  const statuses = (await Promise.all([attempt(1), attempt(2), attempt(3)])).map((r) => r.status).sort();
  assert.deepEqual(statuses, [201, 409, 409]);
  const [{ on_hand }] = await shop.sql(`SELECT on_hand FROM products WHERE id = ${bell.id}`);
  assert.equal(on_hand, 0);
});

// Every file under the shop's local state: D1's database files, R2's blobs, KV.
function stateBytes(dir) {
  let all = "";
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) all += readFileSync(join(entry.parentPath ?? entry.path, entry.name)).toString("latin1");
  return all;
}

it("refuses Luhn-valid card numbers in every text field of a sale, and none reaches D1, R2 or the logs", async () => {
  const tube = await product({ sku: "TUBE-CARD", name: "Tube" }, 3);
  const gift = await product({ sku: "GIFT-CARD", name: "Gift card", kind: "gift_card", tax_class: "exempt", discountable: false });
  const numbers = ["4111111111111111", "5555555555554444", "378282246310005", "6011111111111117", "4012888888881881", "3566002020360505"];
  const spaced = (n) => n.replace(/(\d{4})(?=\d)/g, "$1 ");
  const fields = [
    (n) => ({ note: `paid with ${spaced(n)}` }),
    (n) => ({ reason: n, lines: [{ product_id: tube.id }] }),
    (n) => ({ lines: [{ code: n }] }),
    (n) => ({ lines: [{ product_id: tube.id, unit_price_cents: 100, price_reason: `customer card ${n}` }] }),
    (n) => ({ lines: [{ product_id: gift.id, gift_card_code: n, amount_cents: 1000 }] }),
    (n) => ({ payments: [{ tender: "card", amount_cents: 1120, reference: n }] }),
    (n) => ({ payments: [{ tender: "gift_card", amount_cents: 1120, reference: n }] }),
  ];
  let k = 0;
  for (const n of numbers)
    for (const field of fields) {
      const body = {
        idempotency_key: `wd-card-${k++}-key`,
        lines: [{ product_id: tube.id }],
        payments: [{ tender: "card", amount_cents: 1120, reference: "T-1" }],
        ...field(n),
      };
      const res = await post("/api/sales", body);
      const text = await res.text();
      assert.equal(res.status, 400, `${JSON.stringify(body)} -> ${text}`);
      assert.ok(!text.includes(n.slice(0, 8)), "the refusal does not repeat the number");
    }
  const [{ n: written }] = await shop.sql("SELECT count(*) AS n FROM sales WHERE idempotency_key LIKE 'wd-card-%'");
  assert.equal(written, 0);
  const state = stateBytes(shop.persist);
  const logs = JSON.stringify(shop.logLines());
  for (const n of numbers) {
    assert.ok(!state.includes(n) && !state.includes(spaced(n)), `${n} is in the shop's D1, R2 or KV files`);
    assert.ok(!logs.includes(n), `${n} is in the logs`);
  }
});
