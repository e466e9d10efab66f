// A person at the counter and in the back room: Stock from the navigation, receiving by
// keyboard, a bike's serial found by typing it into the focused box, the product page with
// its movements, a bike written off as lost and found again, and a count posted from the
// count sheet.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { focusedId, navigates, ownerAtCounter } from "../support/browser.mjs";

let shop, page, counter;
before(async () => {
  counter = await ownerAtCounter(async (shop) => {
    await shop.sql(
      "INSERT INTO products (id, sku, name, price_cents, serialized, created_at_ms, updated_at_ms) VALUES " +
        "(1, 'TUBE-700', 'Inner tube 700c', 899, 0, 0, 0), (2, 'FX3-M', 'Trek FX 3, M', 149999, 1, 0, 0)",
    );
    await shop.sql("INSERT INTO product_barcodes (code, product_id) VALUES ('0714401104012', 1)");
  });
  ({ shop, page } = counter);
});
after(async () => {
  await counter?.stop();
});

it("receives stock from the Stock screen with the keyboard", async () => {
  await page.goto(shop.url);
  await Promise.all([page.waitForURL(/\/stock$/), page.click("nav >> text=Stock")]);
  await page.waitForSelector("html[data-shell=ready]");
  await page.keyboard.press("Escape"); // out of the serial search ...
  await page.keyboard.press("r"); // ... and "r" goes to Receive
  assert.equal(await focusedId(page, "receive-product"), "receive-product");
  await page.keyboard.type("0714401104012"); // scanned
  await page.keyboard.press("Tab");
  await page.keyboard.type("12");
  await page.keyboard.press("Tab");
  await page.keyboard.type("4.10");
  await page.keyboard.press("Tab");
  await page.keyboard.type("PO 1187");
  await Promise.all([page.waitForURL(/done=received/), page.keyboard.press("Enter")]);
  assert.match(await page.textContent("[role=status]"), /Received TUBE-700: 12 on hand now\./);
});

it("receives bikes with their serials and finds one by its serial", async () => {
  await page.goto(`${shop.url}/stock`);
  await page.fill("#receive-product", "FX3-M");
  await page.fill("#receive-quantity", "2");
  await page.fill("#receive-cost", "980");
  await page.fill("#receive-serials", "WTU301C0412K\nWTU301C0977K");
  await Promise.all([page.waitForURL(/done=received/), page.click("#receive button")]);
  assert.equal(await focusedId(page, "serial-search"), "serial-search");
  await page.keyboard.type("wtu301c0977k");
  await Promise.all([page.waitForURL(/serial=/), page.keyboard.press("Enter")]);
  await Promise.all([page.waitForURL(/\/stock\/units\/\d+$/), page.click("ul.units a")]);
  assert.match(await page.textContent("#unit-status"), /^In stock/);
  await page.selectOption("#unit-to", "reserved");
  await page.fill("#unit-reference", "for Ann Smith");
  await navigates(page, () => page.click("form.card button"));
  assert.match(await page.textContent("#unit-status"), /^On hold/);
  assert.match(await page.textContent("#unit-history"), /for Ann Smith/);
});

it("writes a bike off as lost with a reason, and brings it back when it is found", async () => {
  const onHand = async () => (await shop.sql("SELECT on_hand FROM products WHERE id = 2"))[0].on_hand;
  await page.goto(`${shop.url}/stock?serial=WTU301C0412K`);
  await Promise.all([page.waitForURL(/\/stock\/units\/\d+$/), page.click("ul.units a")]);
  const before = await onHand();
  // The plain move cannot sell a bike or lose one: those are a sale and an adjustment.
  const moves = await page.$$eval("#unit-to option", (options) => options.map((o) => o.value));
  assert.deepEqual(moves, ["reserved", "in_stock", "with_customer"]);
  await page.selectOption("#unit-adjust-to", "lost");
  await page.fill("#unit-adjust-reason", "gone from the demo rack");
  await navigates(page, () => page.click("text=Adjust the stock"));
  assert.match(await page.textContent("#unit-status"), /^Lost/);
  assert.equal(await onHand(), before - 1);
  await page.selectOption("#unit-adjust-to", "in_stock");
  await page.fill("#unit-adjust-reason", "found behind the workshop door");
  await navigates(page, () => page.click("text=Adjust the stock"));
  assert.match(await page.textContent("#unit-status"), /^In stock/);
  assert.equal(await onHand(), before);
  assert.match(await page.textContent("#unit-history"), /In stock.*Lost.*Lost.*In stock/s);
  const notes = await shop.sql("SELECT note FROM stock_movements WHERE product_id = 2 AND reason = 'adjust' ORDER BY id");
  assert.deepEqual(notes.map((n) => n.note), ["gone from the demo rack", "found behind the workshop door"]);
});

it("shows a product's stock and movements on its page, reached from a search", async () => {
  await page.goto(`${shop.url}/products`);
  await page.fill("#product-search", "0714401104012"); // the box's autofocus has its own test (screens)
  await Promise.all([page.waitForURL(/q=/), page.press("#product-search", "Enter")]);
  await Promise.all([page.waitForURL(/\/products\/1$/), page.click("table.products a")]);
  assert.match(await page.textContent("#on-hand"), /12 on hand/);
  assert.match(await page.textContent("#movements"), /Received.*12.*4\.10.*PO 1187.*Olive Owner/s);
});

it("counts the shelf and posts the variance", async () => {
  await page.goto(`${shop.url}/stock`);
  await page.fill("#count-note", "front wall");
  await Promise.all([page.waitForURL(/\/stock\/counts\/\d+$/), page.click("text=Start a count")]);
  assert.equal(await focusedId(page, "count-code"), "count-code");
  await page.keyboard.type("TUBE-700");
  await page.keyboard.press("Tab");
  await page.keyboard.type("10");
  await navigates(page, () => page.keyboard.press("Enter"));
  assert.match(await page.textContent("#variance tbody"), /TUBE-700.*12.*10.*-2.*-8\.20/s);
  await navigates(page, () => page.click("text=Post the variance"));
  const [row] = await shop.sql("SELECT on_hand FROM products WHERE id = 1");
  assert.equal(row.on_hand, 10);
  assert.equal(await page.isVisible("#count-code"), false); // a posted count is closed
});

it("files a product under a category chosen by name and names its model by SKU, suggested as one types", async () => {
  await shop.sql("INSERT INTO categories (id, name, created_at_ms) VALUES (7, 'Bikes', 0)");
  await shop.sql(
    "INSERT INTO products (id, sku, name, price_cents, serialized, created_at_ms, updated_at_ms) VALUES (3, 'FX3-L', 'Trek FX 3, L', 149999, 1, 0, 0)",
  );
  const stored = async () => (await shop.sql("SELECT parent_id, category_id, version FROM products WHERE id = 3"))[0];
  await page.goto(`${shop.url}/products/3`);
  const kinds = await page.$$eval("#edit-kind option", (options) => options.map((o) => o.textContent));
  assert.ok(kinds.includes("Stocked item") && !kinds.includes("stock"), kinds.join(", "));

  // A model that does not exist is a readable error on its box, and nothing is written.
  const before = await stored();
  await page.fill("#edit-parent", "NO-SUCH-SKU");
  await navigates(page, () => page.click("form.product button[type=submit]"));
  assert.match(await page.textContent("#form-error"), /NO-SUCH-SKU/);
  assert.equal(await page.getAttribute("#edit-parent", "aria-invalid"), "true");
  assert.deepEqual(await stored(), before);

  await page.fill("#edit-parent", "");
  await page.locator("#edit-parent").pressSequentially("fx3-");
  await page.waitForFunction(() => [...document.querySelectorAll("#model-choices option")].some((o) => o.value === "FX3-M"));
  await page.fill("#edit-parent", "FX3-M");
  await page.selectOption("#edit-category", { label: "Bikes" });
  await navigates(page, () => page.click("form.product button[type=submit]"));
  assert.match(await page.textContent("#model"), /Trek FX 3, M.*FX3-M/);
  assert.equal(await page.inputValue("#edit-parent"), "FX3-M");
  assert.equal(await page.inputValue("#edit-category"), "7");
  const saved = await stored();
  assert.equal(saved.parent_id, 2);
  assert.equal(saved.category_id, 7);
});
