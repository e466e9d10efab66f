// The catalog and the stock ledger on the real helm.wasm in workerd against local D1:
// the register's scan, receiving and the shortage guard, two racing sales of one bike,
// and a CSV import's dry run and real run.
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

const post = (path, body) => owner.fetch(path, { method: "POST", body: JSON.stringify(body) });

async function product(body) {
  const res = await post("/api/products", { price_cents: 1000, ...body });
  assert.equal(res.status, 201, await res.clone().text());
  return (await json(res)).product;
}

it("scans a product by any of its barcodes, reading a bounded number of rows however big the catalog", async () => {
  // 400 other products: a scan that walked the table would read at least that many rows.
  const filler = Array.from({ length: 400 }, (_, i) => `(${1000 + i}, 'FILL-${i}', 'Filler ${i}', 1, 0, 0)`).join(", ");
  await shop.sql(`INSERT INTO products (id, sku, name, price_cents, created_at_ms, updated_at_ms) VALUES ${filler}`);
  await shop.sql("INSERT INTO product_barcodes (code, product_id) SELECT 'F' || id, id FROM products WHERE sku LIKE 'FILL-%'");
  const tire = await product({ sku: "GP5000-28", name: "Continental GP5000 700x28", barcodes: ["4019238066102", "4019238066119"] });
  for (const code of ["4019238066102", "4019238066119", "gp5000-28"]) {
    const res = await owner.fetch(`/api/barcodes/${code}`);
    assert.equal(res.status, 200);
    assert.equal((await json(res)).product.id, tire.id);
  }
  const missing = await owner.fetch("/api/barcodes/000000");
  assert.equal(missing.status, 404);
  assert.equal((await json(missing)).error.field, "code");
  const scans = shop.logLines().filter((l) => l.route === "/api/barcodes/:code" && l.status === 200);
  assert.equal(scans.length, 3);
  // The gate reads the device's session (its copy of who may do what is fresh here), the
  // scan the barcode's row and the product's, which carries its barcodes and vendor parts
  // (migrations/0023). A SKU is a second index probe after the barcode's.
  assert.deepEqual(
    scans.map((l) => l.d1_rows_read),
    [3, 3, 3],
    "rows read by the scans of two barcodes and a SKU",
  );
});

it("receives stock through the ledger and refuses to take more than is on hand", async () => {
  const tube = await product({ sku: "TUBE-WD", name: "Tube" });
  const received = await post(`/api/products/${tube.id}/receive`, { quantity: 3, unit_cost_cents: 410, reference: "PO 7" });
  assert.equal(received.status, 200);
  assert.equal((await json(received)).product.on_hand, 3);
  const short = await post(`/api/products/${tube.id}/adjust`, { quantity: -4, reason: "damaged" });
  assert.equal(short.status, 422);
  assert.equal((await json(short)).error.field, "quantity");
  const [row] = await shop.sql(`SELECT on_hand, (SELECT count(*) FROM stock_movements WHERE product_id = ${tube.id}) AS moves FROM products WHERE id = ${tube.id}`);
  assert.deepEqual(row, { on_hand: 3, moves: 1 });
  const check = await json(await owner.fetch("/api/inventory/check"));
  assert.equal(check.agrees, true);
});

it("writes one serialized bike off exactly once when three adjustments race; by hand it is never sold", async () => {
  const bike = await product({ sku: "FX3-RACE", name: "Trek FX 3", serialized: true });
  const received = await post(`/api/products/${bike.id}/receive`, { quantity: 1, unit_cost_cents: 98000, serials: ["WTU-RACE-1"] });
  assert.equal(received.status, 200);
  const [unit] = (await json(await owner.fetch(`/api/products/${bike.id}/units`))).units;
  const byHand = await post(`/api/serial-units/${unit.id}/status`, { status: "sold", reference: "S-A" });
  assert.equal(byHand.status, 422);
  const lose = (reason) => post(`/api/serial-units/${unit.id}/adjust`, { status: "lost", reason });
  const results = await Promise.all([lose("gone A"), lose("gone B"), lose("gone C")]);
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 409, 409]);
  const [row] = await shop.sql(
    `SELECT on_hand, (SELECT count(*) FROM stock_movements WHERE reason = 'adjust' AND product_id = ${bike.id}) AS adjustments FROM products WHERE id = ${bike.id}`,
  );
  assert.deepEqual(row, { on_hand: 0, adjustments: 1 });
});

it("imports a catalog CSV: the dry run lists every bad line and writes nothing, the real run writes", async () => {
  const csv = "sku,name,price,barcodes\nCSV-1,Bell,22.50,0012345678905\nCSV-2,,3,\nCSV-3,Lock,12.345,\n";
  const dry = await owner.fetch("/api/catalog/import?dry_run=true", { method: "POST", headers: { "content-type": "text/csv" }, body: csv });
  assert.equal(dry.status, 400);
  assert.deepEqual((await json(dry)).import.errors.map((e) => e.line), [3, 4]);
  assert.equal((await shop.sql("SELECT count(*) AS n FROM products WHERE sku LIKE 'CSV-%'"))[0].n, 0);
  const good = "sku,name,price,barcodes\nCSV-1,Bell,22.50,0012345678905\nCSV-2,Grips,30,\n";
  const real = await owner.fetch("/api/catalog/import?dry_run=false", { method: "POST", headers: { "content-type": "text/csv" }, body: good });
  assert.equal(real.status, 200);
  assert.equal((await json(real)).import.created, 2);
  const scanned = await json(await owner.fetch("/api/barcodes/0012345678905"));
  assert.equal(scanned.product.price_cents, 2250);
  const exported = await owner.fetch("/api/catalog/export.csv");
  assert.match(exported.headers.get("content-type"), /^text\/csv/);
  assert.match(await exported.text(), /CSV-2,Grips/);
});
