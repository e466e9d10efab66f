// A sale at the counter, by keyboard: the register from the navigation, a barcode scanned
// into the focused search box (Enter adds it), the quantity set to 2, the sale held under a
// label and resumed from the held list, cash taken with change at the tender, and the
// receipt page with the total and the change. After every action the search box has the
// focus again, so the scanner can go on.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { focusedId, navigates as navigatesOn, ownerAtCounter, postFromPage } from "../support/browser.mjs";

let shop, page, counter;

const post = (path, body) => postFromPage(page, path, body);
// Each action posts a form and the register comes back (303).
const navigates = (action) => navigatesOn(page, action);


before(async () => {
  counter = await ownerAtCounter(async (shop) => {
    await shop.sql(
      "INSERT INTO tax_rates (id, tax_class_key, name, rate_ppm, valid_from, created_at_ms) VALUES (1, 'goods', 'GST', 50000, '2000-01-01', 0)",
    );
    await shop.sql(
      "INSERT INTO products (id, sku, name, price_cents, created_at_ms, updated_at_ms) VALUES (1, 'TUBE-700', 'Inner tube 700c', 899, 0, 0)",
    );
    await shop.sql("INSERT INTO product_barcodes (code, product_id) VALUES ('0714401104012', 1)");
  });
  ({ shop, page } = counter);
  const received = await post("/api/products/1/receive", { quantity: 10, unit_cost_cents: 410, reference: "PO 1187" });
  assert.equal(received.status, 200, received.body);
  const drawer = await post("/api/drawers", { register_id: 1, float_cents: 20000 });
  assert.equal(drawer.status, 201, drawer.body);
});
after(async () => {
  await counter?.stop();
});

it("rings up a barcode, holds and resumes the sale, takes cash with change and lands on the receipt", async () => {
  await page.goto(shop.url);
  await Promise.all([page.waitForURL(/\/register$/), page.click("nav >> text=Register")]);
  await page.waitForSelector("html[data-enhanced=register]");
  assert.equal(await focusedId(page, "register-search"), "register-search");

  await page.keyboard.type("0714401104012"); // scanned
  await navigates(() => page.keyboard.press("Enter"));
  assert.match(await page.textContent("#line-1"), /Inner tube 700c/);
  assert.equal(await page.inputValue("#qty-1"), "1");
  assert.equal(await focusedId(page, "register-search"), "register-search"); // the next scan can follow at once

  await page.fill("#qty-1", "2");
  await navigates(() => page.press("#qty-1", "Enter"));
  assert.equal(await page.inputValue("#qty-1"), "2");
  assert.equal(await page.textContent("#total"), "18.88"); // 2 x 8.99 + GST 5% (0.90)
  assert.equal(await focusedId(page, "register-search"), "register-search");

  // F4 goes to the hold label; Enter holds the sale and the register is free again.
  await page.keyboard.press("F4");
  assert.equal(await focusedId(page, "hold-label"), "hold-label");
  await page.keyboard.type("Ann, back at 3");
  await navigates(() => page.keyboard.press("Enter"));
  assert.match(await page.textContent("#register-notice"), /Sale held/);
  assert.equal(await page.isVisible("#empty-cart"), true);
  assert.match(await page.textContent("#held-link"), /Held sales \(1\)/);
  assert.equal(await focusedId(page, "register-search"), "register-search");

  // F9 lists the held sales; Resume has the focus.
  await navigates(() => page.keyboard.press("F9"));
  assert.match(page.url(), /\/register\/held$/);
  assert.match(await page.textContent("#held tbody"), /Ann, back at 3.*2.*18\.88.*Olive Owner/s);
  await navigates(() => page.keyboard.press("Enter"));
  assert.match(await page.textContent("#register-notice"), /resumed/);
  assert.equal(await page.inputValue("#qty-1"), "2");
  assert.equal(await focusedId(page, "register-search"), "register-search");

  // F2 tenders: the amount handed over, Enter, and the change shows.
  await navigates(() => page.keyboard.press("F2"));
  assert.match(page.url(), /\/register\/tender$/);
  assert.equal(await page.textContent("#due"), "18.88");
  assert.equal(await focusedId(page, "tender-amount"), "tender-amount");
  await page.keyboard.type("20");
  await navigates(() => page.keyboard.press("Enter"));
  assert.equal(await page.textContent("#due"), "0.00");
  assert.match(await page.textContent("#change"), /Change: 1\.12/);

  // F2 again completes the sale: "Sale complete", the change in large type, the receipt.
  await Promise.all([page.waitForURL(/\/sales\/\d+\/receipt\?done=completed$/), page.keyboard.press("F2")]);
  assert.match(await page.textContent("#change-due"), /Change due 1\.12/);
  assert.equal(await focusedId(page, "new-sale"), "new-sale");
  assert.equal((await page.textContent("tr.receipt-total td")).trim(), "18.88");
  assert.equal((await page.textContent("tr.receipt-change td")).trim(), "1.12");
  const [sale] = await shop.sql("SELECT total_cents, (SELECT count(*) FROM sale_drafts) AS drafts FROM sales");
  assert.deepEqual(sale, { total_cents: 1888, drafts: 0 });
  // Printed, only the receipt comes out.
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.isVisible("#sale-complete"), false);
  await page.emulateMedia({ media: "screen" });

  // One key back to the register (New sale had the focus, and F2 works from anywhere):
  // nothing rung up, the search box ready.
  await Promise.all([page.waitForURL(/\/register$/), page.keyboard.press("F2")]);
  assert.equal(await page.isVisible("#empty-cart"), true);
  assert.equal(await focusedId(page, "register-search"), "register-search");
});

it("adds a line picked from a search by keyboard, and the focus comes back to the search box", async () => {
  await page.goto(`${shop.url}/register`);
  await page.waitForSelector("html[data-enhanced=register]");
  await page.keyboard.type("inner");
  await navigates(() => page.keyboard.press("Enter"));
  assert.match(page.url(), /\/register\?q=inner$/);
  await page.keyboard.press("Tab"); // from the search box to its Add button ...
  await page.keyboard.press("Tab"); // ... to the first match
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Inner tube 700c/);
  await navigates(() => page.keyboard.press("Enter"));
  assert.match(await page.textContent("#line-1"), /Inner tube 700c/);
  assert.equal(await focusedId(page, "register-search"), "register-search");
});

it("offers a customer from their page's New sale, shows what the counter should know of them, keeps the total and Tender in view, and prints by itself at a register set to", async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const created = await post("/api/customers", { name: "Dana Rider", phone: "604 555 0123", notes: "Pays by cheque only" });
  assert.equal(created.status, 201, created.body);
  const customer = JSON.parse(created.body).customer.id;
  await shop.sql(`INSERT INTO accounts (id, kind, customer_id, balance_cents, created_at_ms) VALUES (90, 'store_credit', ${customer}, 2500, 0)`);
  const earlier = await post("/api/sales", {
    idempotency_key: "dana-earlier-0001",
    customer_id: customer,
    lines: [{ product_id: 1, quantity: 1 }],
    payments: [{ tender: "cash", amount_cents: 944, tendered_cents: 1000 }],
  });
  assert.equal(earlier.status, 201, earlier.body);
  const earlierNumber = JSON.parse(earlier.body).sale.number;
  for (let n = 2; n <= 9; n += 1)
    await shop.sql(
      `INSERT INTO products (id, sku, name, price_cents, kind, created_at_ms, updated_at_ms) VALUES (${n}, 'ACC-${n}', 'Accessory ${n}', ${n}00, 'non_stock', 0, 0)`,
    );

  // The customer's page: what they hold, and New sale, which offers them at the register.
  await page.goto(`${shop.url}/customers/${customer}`);
  assert.match(await page.textContent("#customer-facts"), /Store credit\s*25\.00/);
  assert.match(await page.textContent("#customer-facts"), new RegExp(`${earlierNumber}.*Sale · 9\\.44`));
  await navigates(() => page.click("#new-sale"));
  await page.waitForSelector("html[data-enhanced=register]");
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Dana Rider/);
  await navigates(() => page.keyboard.press("Enter"));
  assert.equal(await page.textContent("#customer-note"), "Pays by cheque only");
  assert.match(await page.textContent("#customer #customer-facts"), /Store credit\s*25\.00/);
  assert.match(await page.textContent("#customer #customer-facts"), new RegExp(earlierNumber));

  // Eight lines: the page outgrows the screen, and the total and Tender stay in view.
  for (let n = 2; n <= 9; n += 1) {
    await page.fill("#register-search", `ACC-${n}`);
    await navigates(() => page.press("#register-search", "Enter"));
  }
  assert.ok(await page.evaluate(() => document.documentElement.scrollHeight > innerHeight), "the sale fits the screen: the check means nothing");
  for (const id of ["tender-link", "bar-total"]) {
    const box = await page.locator(`#${id}`).boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 800, `#${id} is out of view at ${JSON.stringify(box)}`);
  }
  assert.equal(await page.textContent("#bar-total"), await page.textContent("#total"));

  // Settings › Register: this register prints each receipt as its sale completes.
  await page.goto(`${shop.url}/settings/register`);
  await page.check("#auto-print-1");
  await navigates(() => page.click("form[action='/settings/registers/1'] button"));
  assert.equal(await page.isChecked("#auto-print-1"), true);
  assert.deepEqual(await shop.sql("SELECT auto_print FROM registers WHERE id = 1"), [{ auto_print: 1 }]);
  await page.addInitScript(() => {
    window.print = () => {
      sessionStorage.setItem("printed", String(Number(sessionStorage.getItem("printed") ?? 0) + 1));
    };
  });
  await page.goto(`${shop.url}/register/tender`);
  await page.selectOption("#tender-kind", "cash");
  await page.fill("#tender-amount", "500");
  await navigates(() => page.press("#tender-amount", "Enter"));
  await Promise.all([page.waitForURL(/\/sales\/\d+\/receipt\?done=completed$/), page.keyboard.press("F2")]);
  await page.waitForFunction(() => sessionStorage.getItem("printed") === "1");
  // A reprint of the same receipt asks first.
  await page.goto(page.url().replace("?done=completed", ""));
  await page.waitForSelector("#print-receipt:not([hidden])");
  assert.equal(await page.evaluate(() => sessionStorage.getItem("printed")), "1");
});
