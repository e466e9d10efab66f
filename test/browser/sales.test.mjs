// Sales from the counter: a sale completed through the API is found on the Sales screen
// by its number, its receipt prints alone at 80 mm; one item comes back to store credit
// through the return page; a sale is voided through its form, with the reason on the
// void's receipt; a split-tender return gives back no tender more than it has left. By
// keyboard where a person would use it.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { focusedId, navigates, ownerAtCounter } from "../support/browser.mjs";

let shop, page, counter;

// The JSON API as the signed-in page itself calls it: its cookie, its origin.
async function api(method, path, body) {
  const { status, text } = await page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, text: await res.text() };
    },
    { method, path, body },
  );
  return { status, body: JSON.parse(text) };
}

async function expect(status, method, path, body) {
  const res = await api(method, path, body);
  assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

let tube, bike, unit, customer, sale;

before(async () => {
  counter = await ownerAtCounter();
  ({ shop, page } = counter);
  for (const [tax_class, name, rate_ppm] of [["goods", "GST", 50000], ["goods", "PST", 70000]])
    await expect(201, "POST", "/api/tax-rates", { tax_class, name, rate_ppm, valid_from: "2020-01-01" });
  ({ product: tube } = await expect(201, "POST", "/api/products", { sku: "TUBE-700", name: "Inner tube 700c", price_cents: 899 }));
  await expect(200, "POST", `/api/products/${tube.id}/receive`, { quantity: 10, unit_cost_cents: 410 });
  ({ product: bike } = await expect(201, "POST", "/api/products", { sku: "FX3-M", name: "Trek FX 3, M", price_cents: 149999, serialized: true }));
  await expect(200, "POST", `/api/products/${bike.id}/receive`, { quantity: 1, unit_cost_cents: 98000, serials: ["WTU301C0412K"] });
  ({ units: [unit] } = await expect(200, "GET", `/api/products/${bike.id}/units`));
  ({ customer } = await expect(201, "POST", "/api/customers", { name: "Ann Smith" }));
  // Cash goes into an open drawer. Opened through the drawer's API; a row written
  // directly stands in while that API is not in this build.
  const opened = await api("POST", "/api/drawers", { register_id: 1, float_cents: 20000 });
  if (opened.status !== 201)
    await shop.sql(
      "INSERT INTO drawer_sessions (register_id, business_date, float_cents, opened_at_ms) VALUES (1, date('now'), 20000, 0)",
    );
  ({ sale } = await expect(201, "POST", "/api/sales", {
    idempotency_key: "browser-sale-0001",
    customer_id: customer.id,
    lines: [
      { product_id: tube.id, quantity: 2 },
      { product_id: bike.id, quantity: 1, serial_unit_id: unit.id },
    ],
    // 17.98 + 1499.99 = 1517.97, GST 75.90, PST 106.26: 1700.13
    payments: [{ tender: "cash", amount_cents: 170013, tendered_cents: 171000 }],
  }));
});
after(async () => {
  await counter?.stop();
});

it("finds the sale by its number from the Sales screen and prints its receipt alone, 80 mm wide", async () => {
  assert.equal(sale.number, "S-00001");
  assert.equal(sale.total_cents, 170013);
  await page.goto(shop.url);
  await Promise.all([page.waitForURL(/\/sales$/), page.click("nav >> text=Sales")]);
  await page.waitForSelector("html[data-shell=ready]");
  assert.match(await page.textContent("#sales"), /S-00001\s*Sale.*Ann Smith\s*1700\.13\s*Cash/s);
  await page.keyboard.press("Escape");
  await page.keyboard.press("/"); // the number search (data-shortcut)
  assert.equal(await focusedId(page, "sale-number"), "sale-number");
  await page.keyboard.type("s-1");
  await Promise.all([page.waitForURL(new RegExp(`/sales/${sale.id}$`)), page.keyboard.press("Enter")]);
  const receipt = await page.textContent(".sale-document .receipt");
  assert.match(receipt, /Sale S-00001/);
  assert.match(receipt, /Serial WTU301C0412K/);
  assert.match(receipt, /GST 5%\s*75\.90/);
  assert.match(receipt, /PST 7%\s*106\.26/);
  assert.match(receipt, /Total\s*1700\.13/);
  assert.match(receipt, /Cash tendered\s*1710\.00\s*Change\s*9\.87/);

  // Printed from the sale's page, too, only the receipt comes out.
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.isVisible("header.shell"), false);
  assert.equal(await page.isVisible("#print-link"), false);
  assert.equal(await page.isVisible("#void"), false);
  assert.equal(await page.isVisible(".sale-document .receipt"), true);
  await page.emulateMedia({ media: "screen" });
  assert.equal(await page.isVisible("#void"), true);

  await page.waitForSelector("html[data-shell=ready]");
  await page.keyboard.press("p"); // "Print receipt" (data-shortcut), followed with Enter
  await Promise.all([page.waitForURL(/\/receipt\?print=1$/), page.keyboard.press("Enter")]);
  assert.equal(await page.getAttribute("article.receipt", "data-number"), "S-00001");
  assert.match(await page.textContent("article.receipt"), /Total\s*1700\.13/);
  // 80 mm at 96 px to the inch, whatever the window's width.
  const width = await page.evaluate(() => document.querySelector("article.receipt").getBoundingClientRect().width);
  assert.ok(Math.abs(width - (80 * 96) / 25.4) < 1, `the receipt is ${width}px wide`);
  assert.equal(await page.isVisible("#print-receipt"), true); // receipt.js shows its Print button
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.isVisible(".receipt-actions"), false);
  assert.equal(await page.isVisible("article.receipt"), true);
  await page.emulateMedia({ media: "screen" });
});

it("returns one tube to store credit through the return page and shows the return's receipt", async () => {
  await page.goto(`${shop.url}/sales/${sale.id}`);
  await page.waitForSelector("html[data-shell=ready]");
  await page.keyboard.press("r"); // "Return items"
  await Promise.all([page.waitForURL(/\/return$/), page.keyboard.press("Enter")]);
  const tubeLine = sale.lines.find((l) => l.product_id === tube.id);
  // Three tubes were never sold: refused on the field, nothing written.
  await page.fill(`#qty-${tubeLine.id}`, "3");
  await page.fill("#return-reason", "wrong valve");
  await page.check("#refund-store-credit");
  await navigates(page, () => page.click("#review"));
  assert.match(await page.textContent("[role=alert]"), /only 2 of Inner tube 700c can come back/);
  assert.equal(await page.getAttribute(`#qty-${tubeLine.id}`, "aria-invalid"), "true");
  const [{ n }] = await shop.sql("SELECT count(*) AS n FROM sales");
  assert.equal(n, 1);

  await page.fill(`#qty-${tubeLine.id}`, "1");
  await navigates(page, () => page.click("#review"));
  assert.match(await page.textContent("#return-quote"), /Refund due\s*10\.07/);
  await Promise.all([page.waitForURL(/\/sales\/\d+\?done=returned$/), page.click("#complete")]);
  const receipt = await page.textContent(".receipt");
  assert.match(receipt, /Return S-00002/);
  assert.match(receipt, /Returns from\s*S-00001/);
  assert.match(receipt, /Reason\s*wrong valve/);
  assert.match(receipt, /-1\s*Inner tube 700c\s*-8\.99/);
  assert.match(receipt, /Refund to store credit\s*-10\.07/);
  const [account] = await shop.sql(`SELECT balance_cents FROM accounts WHERE kind = 'store_credit' AND customer_id = ${customer.id}`);
  assert.equal(account.balance_cents, 1007);
  await Promise.all([page.waitForURL(new RegExp(`/sales/${sale.id}$`)), page.click("#related a")]);
  assert.match(await page.textContent("#related"), /Return S-00002/);
});

it("voids a sale through its form, and the void's receipt names the sale and the reason", async () => {
  const { sale: second } = await expect(201, "POST", "/api/sales", {
    idempotency_key: "browser-sale-0002",
    lines: [{ product_id: tube.id, quantity: 1 }],
    payments: [{ tender: "card", amount_cents: 1007, reference: "T-4410" }],
  });
  await page.goto(`${shop.url}/sales/${second.id}`);
  await page.fill("#void-reason", "rang up twice");
  await Promise.all([page.waitForURL(/\?done=voided$/), page.press("#void-reason", "Enter")]);
  assert.match(await page.textContent("[role=status]"), /Voided/);
  const receipt = await page.textContent(".receipt");
  assert.match(receipt, new RegExp(`Void S-0000\\d\\s*`));
  assert.match(receipt, new RegExp(`Voids\\s*${second.number}`));
  assert.match(receipt, /Reason\s*rang up twice/);
  assert.match(receipt, /Refund to card T-4410\s*-10\.07/); // to the card it was paid with
  const [row] = await shop.sql(`SELECT reason FROM sales WHERE kind = 'void' AND original_sale_id = ${second.id}`);
  assert.equal(row.reason, "rang up twice");
  await page.goto(`${shop.url}/sales/${second.id}`);
  assert.equal(await page.isVisible("#void"), false); // voided once
  assert.match(await page.textContent("#related"), /Voided by/);
});

it("spreads a refund over what each tender has left, and the return page says what that is", async () => {
  const { sale: split } = await expect(201, "POST", "/api/sales", {
    idempotency_key: "browser-sale-0003",
    lines: [{ product_id: tube.id, quantity: 2 }], // 17.98, GST 0.90, PST 1.26: 20.14
    payments: [
      { tender: "cash", amount_cents: 100, tendered_cents: 100 },
      { tender: "card", amount_cents: 1914, reference: "T-5521" },
    ],
  });
  const returnPage = `${shop.url}/sales/${split.id}/return`;
  const refunds = () =>
    shop.sql(
      `SELECT p.tender, p.amount_cents FROM sale_payments p JOIN sales s ON s.id = p.sale_id WHERE s.original_sale_id = ${split.id} ORDER BY p.id`,
    );
  const returnOneTube = async () => {
    await page.fill(`#qty-${split.lines[0].id}`, "1");
    await page.fill("#return-reason", "bought two by mistake");
    assert.equal(await page.isChecked("#refund-original"), true);
    await navigates(page, () => page.click("#review"));
    assert.match(await page.textContent("#return-quote"), /Refund due\s*10\.07/);
    await Promise.all([page.waitForURL(/\/sales\/\d+\?done=returned$/), page.click("#complete")]);
  };
  await page.goto(returnPage);
  assert.match(await page.textContent("fieldset.refund-to"), /Cash 1\.00 left, Card 19\.14 left/);
  await returnOneTube(); // the last tender first: all of it to the card
  assert.deepEqual(await refunds(), [{ tender: "card", amount_cents: -1007 }]);
  await page.goto(returnPage);
  assert.match(await page.textContent("fieldset.refund-to"), /Cash 1\.00 left, Card 9\.07 left/);
  await returnOneTube(); // the card has only 9.07 left: the cash gives the last 1.00
  assert.deepEqual(await refunds(), [
    { tender: "card", amount_cents: -1007 },
    { tender: "card", amount_cents: -907 },
    { tender: "cash", amount_cents: -100 },
  ]);
});

it("sets the register's rules from Settings › Register", async () => {
  await page.goto(`${shop.url}/settings`);
  await Promise.all([page.waitForURL(/\/settings\/register$/), page.click("#settings >> text=Register")]);
  await page.check("#receiptless-returns");
  assert.equal(await page.isChecked("#show-expected-cash"), false); // a blind count unless the shop chooses
  await page.check("#show-expected-cash");
  await page.fill("#discount-limit", "15");
  await Promise.all([page.waitForURL(/done=saved/), page.press("#discount-limit", "Enter")]);
  const [row] = await shop.sql("SELECT discount_limit_ppm, receiptless_returns, show_expected_cash FROM shop_settings");
  assert.deepEqual(row, { discount_limit_ppm: 150000, receiptless_returns: 1, show_expected_cash: 1 });
  await page.goto(`${shop.url}/sales`);
  assert.equal(await page.isVisible("text=Return without a receipt"), true);
  // Its store credit goes to a customer found by name as one types, named by their number.
  await page.goto(`${shop.url}/sales/return`);
  await page.locator("#return-customer").pressSequentially("ann");
  await page.waitForFunction(
    (id) => [...document.querySelectorAll("#return-customer-choices option")].some((o) => o.value === `#${id}` && /Ann/.test(o.label)),
    customer.id,
  );
  // The open drawer (opened before these tests) now shows what it should hold.
  await page.goto(`${shop.url}/drawer`);
  assert.equal(await page.isVisible("#expected"), true);
});
