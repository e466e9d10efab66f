// A person at the counter: the shell page, then Products from the navigation, adding a
// product with the keyboard, a form error, a scanner-style search, and the Audit log.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { focusedId, navigates, ownerAtCounter } from "../support/browser.mjs";

let shop, page, counter;
before(async () => {
  counter = await ownerAtCounter();
  ({ shop, page } = counter);
});
after(async () => {
  await counter?.stop();
});

it("opens the branded shell and reaches Products from the navigation", async () => {
  await page.goto(shop.url);
  assert.equal(await page.textContent("header .shop-name"), "Helm Demo Cycles");
  const brand = await page.evaluate(() => getComputedStyle(document.querySelector("header.shell")).backgroundColor);
  assert.equal(brand, "rgb(31, 78, 121)"); // #1f4e79 from shop-overrides/demo
  await page.click("nav >> text=Products");
  await page.waitForURL(/\/products$/);
  assert.equal(await page.getAttribute("nav a[href='/products']", "aria-current"), "page");
});

it("adds a product through the form using only the keyboard", async () => {
  await page.goto(`${shop.url}/products`);
  await page.waitForSelector("html[data-shell=ready]");
  await page.keyboard.press("Escape"); // leave the search box ...
  await page.keyboard.press("n"); // ... and "n" starts a new product (data-shortcut, shell.js)
  assert.equal(await focusedId(page, "product-sku"), "product-sku");
  await page.keyboard.type("BELL-BRASS");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Brass bell");
  await page.keyboard.press("Tab");
  await page.keyboard.type("0012345678905");
  await page.keyboard.press("Tab");
  await page.keyboard.type("22.50");
  await Promise.all([page.waitForURL(/added=BELL-BRASS/), page.keyboard.press("Enter")]);
  assert.match(await page.textContent("[role=status]"), /Added BELL-BRASS/);
  const row = await page.textContent("table.products tbody tr");
  assert.match(row, /BELL-BRASS/);
  assert.match(row, /22\.50/);
  const [stored] = await shop.sql("SELECT sku, price_cents FROM products");
  assert.deepEqual(stored, { sku: "BELL-BRASS", price_cents: 2250 });
});

it("shows a readable error on the field at fault and writes nothing", async () => {
  await page.goto(`${shop.url}/products`);
  await page.fill("#product-sku", "bell-brass");
  await page.fill("#product-name", "Another bell");
  await page.fill("#product-price", "9.99");
  await navigates(page, () => page.click("form.add-product button"));
  assert.match(await page.textContent("#form-error"), /sku is already in use/);
  assert.equal(await page.getAttribute("#product-sku", "aria-invalid"), "true");
  await page.waitForSelector("html[data-shell=ready]");
  assert.equal(await focusedId(page, "product-sku"), "product-sku");
  assert.equal(await page.inputValue("#product-name"), "Another bell");
  assert.equal((await shop.sql("SELECT count(*) AS n FROM products"))[0].n, 1);
});

it("finds a product by a scanned barcode typed into the focused search box", async () => {
  await page.goto(`${shop.url}/products`);
  assert.equal(await focusedId(page, "product-search"), "product-search");
  await page.keyboard.type("0012345678905");
  await Promise.all([page.waitForURL(/q=0012345678905/), page.keyboard.press("Enter")]);
  const rows = await page.$$eval("table.products tbody tr", (trs) => trs.map((tr) => tr.textContent));
  assert.equal(rows.length, 1);
  assert.match(rows[0], /Brass bell/);
});

it("shows the change in the Audit log, reached from the navigation, with its after image", async () => {
  await page.goto(shop.url);
  await Promise.all([page.waitForURL(/\/audit$/), page.click("nav >> text=Audit log")]);
  const first = page.locator("ol.audit li").first();
  assert.match(await first.locator("summary").textContent(), /product\.create.*by staff:\d+/);
  await first.locator("summary").focus();
  await page.keyboard.press("Enter"); // details open from the keyboard
  const after = await first.locator("figure").nth(1).locator("pre").textContent();
  assert.equal(JSON.parse(after).sku, "BELL-BRASS");
  assert.equal(await first.locator("figure").first().locator("pre").textContent(), "—");

  await page.fill("#audit-entity", "customer");
  await Promise.all([page.waitForURL(/entity=customer/), page.keyboard.press("Enter")]);
  assert.ok(await page.isVisible("#no-events"));
});
