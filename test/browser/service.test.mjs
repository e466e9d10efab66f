// The workshop in Chromium: a bike checked in by its frame serial typed into the focused
// search box, a service-menu labor line scanned and a part picked from a search, the ticket
// moved to completed and invoiced onto the register, cash taken at the tender, and the
// receipt page; the ticket is then picked up. Then one card moved on the board by keyboard.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { focusedId, navigates as navigatesOn, ownerAtCounter, postFromPage } from "../support/browser.mjs";

const serial = "WTU301C0412K";
let shop, page, counter, customerId;

// A change through the API from the signed-in page; its answer's JSON.
async function post(path, body) {
  const res = await postFromPage(page, path, body);
  return { status: res.status, json: JSON.parse(res.body) };
}
const navigates = (action) => navigatesOn(page, action);


before(async () => {
  counter = await ownerAtCounter(async (shop) => {
    await shop.sql(
      "INSERT INTO tax_rates (id, tax_class_key, name, rate_ppm, valid_from, created_at_ms) VALUES " +
        "(1, 'goods', 'GST', 50000, '2000-01-01', 0), (2, 'labor', 'GST', 50000, '2000-01-01', 0)",
    );
    await shop.sql(
      "INSERT INTO products (id, kind, sku, name, tax_class_key, price_cents, standard_minutes, created_at_ms, updated_at_ms) VALUES " +
        "(101, 'labor', 'TUNE-STD', 'Standard tune-up', 'labor', 8900, 60, 0, 0), " +
        "(102, 'stock', 'CHAIN-11', 'Chain 11 speed', 'goods', 3999, NULL, 0, 0)",
    );
  });
  ({ shop, page } = counter);
  const received = await post("/api/products/102/receive", { quantity: 5, unit_cost_cents: 2000, reference: "PO 1187" });
  assert.equal(received.status, 200, JSON.stringify(received.json));
  const drawer = await post("/api/drawers", { register_id: 1, float_cents: 20000 });
  assert.equal(drawer.status, 201, JSON.stringify(drawer.json));
  const customer = await post("/api/customers", { name: "Ann Smith", phone: "604-555-0199" });
  assert.equal(customer.status, 201, JSON.stringify(customer.json));
  customerId = customer.json.customer.id;
  const bike = await post(`/api/customers/${customerId}/bikes`, { make: "Trek", model: "Domane", year: 2022, frame_serial: serial });
  assert.equal(bike.status, 201, JSON.stringify(bike.json));
});
after(async () => {
  await counter?.stop();
});

it("checks a bike in by its serial, adds labor and a part, completes and invoices it, and takes cash at the register", async () => {
  await page.goto(shop.url);
  await Promise.all([page.waitForURL(/\/service$/), page.click("nav >> text=Service")]);
  await page.waitForSelector("html[data-enhanced=service]");
  assert.equal(await focusedId(page, "service-search"), "service-search");
  await Promise.all([page.waitForURL(/\/service\/new$/), page.click("#new-ticket")]);

  // The serial, scanned into the focused box, chooses Ann and ticks that bike.
  assert.equal(await focusedId(page, "checkin-search"), "checkin-search");
  await page.keyboard.type(serial);
  await navigates(() => page.keyboard.press("Enter"));
  assert.match(await page.textContent("#ticket-title"), /Ann Smith/);
  assert.equal(await page.isChecked("#bike-choice input[type=radio] >> nth=0"), true);
  assert.equal(await focusedId(page, "checkin-problem"), "checkin-problem");
  await page.keyboard.type("Brakes rub, gears skip");
  await page.fill("#checkin-hook", "14");
  await page.fill("#checkin-promised", "2030-01-15");
  await Promise.all([page.waitForURL(/\/service\/tickets\/\d+\?done=created$/), page.click("#open-ticket")]);
  assert.match(await page.textContent("#ticket-bike"), new RegExp(`Trek Domane.*${serial}`));
  const ticketUrl = page.url().replace(/\?.*$/, "");

  // A service-menu item by its code, then a part found by a word and picked.
  await page.fill("#line-code", "TUNE-STD");
  await navigates(() => page.press("#line-code", "Enter"));
  assert.match(await page.textContent("#lines"), /Standard tune-up/);
  await page.fill("#line-code", "chain");
  await navigates(() => page.press("#line-code", "Enter"));
  await navigates(() => page.click("#matches button:has-text('Chain 11 speed')"));
  assert.match(await page.textContent("#lines"), /Chain 11 speed.*5 on hand/s);
  assert.equal((await page.textContent("#money-total")).trim(), "135.44"); // 89.00 + 39.99 + GST 4.45 + 2.00

  for (const to of ["in_progress", "completed"]) {
    await page.selectOption("#moves select[name=to]", to);
    await navigates(() => page.click("#moves form.move button"));
    assert.equal(await page.getAttribute("#ticket-status", "data-status"), to);
  }

  // Invoicing puts the ticket on the empty register, resumed: the clerk takes the cash.
  await Promise.all([page.waitForURL(/\/register$/), page.click("#invoice")]);
  await page.waitForSelector("html[data-enhanced=register]");
  assert.equal(await page.textContent("#total"), "135.44");
  await navigates(() => page.keyboard.press("F2"));
  assert.equal(await page.textContent("#due"), "135.44");
  await page.keyboard.type("140");
  await navigates(() => page.keyboard.press("Enter"));
  assert.match(await page.textContent("#change"), /Change: 4\.56/);
  await Promise.all([page.waitForURL(/\/sales\/\d+\/receipt\?done=completed$/), page.keyboard.press("F2")]);
  assert.equal((await page.textContent("tr.receipt-total td")).trim(), "135.44");

  const [ticket] = await shop.sql("SELECT status, sale_id FROM work_orders");
  assert.equal(ticket.status, "picked_up");
  const [chain] = await shop.sql("SELECT on_hand FROM products WHERE id = 102");
  assert.equal(chain.on_hand, 4); // the part left the shelf with the sale, not before

  // The ticket is read-only now and links to the paid receipt, which prints alone.
  await page.goto(ticketUrl);
  assert.equal(await page.isVisible("#ticket-form"), false);
  await Promise.all([page.waitForURL(/\/sales\/\d+\/receipt$/), page.click("#sale-receipt-link")]);
  assert.equal(await page.isVisible("#print-receipt"), true);
});

it("moves a card on the board to its next status by keyboard, and the card keeps the focus", async () => {
  const ticket = await post("/api/work-orders", { customer_id: customerId, problem: "Flat rear", bike_serial: serial });
  assert.equal(ticket.status, 201, JSON.stringify(ticket.json));
  const id = ticket.json.work_order.id;
  await page.goto(`${shop.url}/service`);
  await page.waitForSelector("html[data-enhanced=service]");
  await page.focus(`#card-${id}`);
  await navigates(() => page.keyboard.press("ArrowRight"));
  assert.match(page.url(), new RegExp(`/service\\?moved=${id}$`));
  assert.equal(await page.locator(`#column-quoted #card-${id}`).count(), 1);
  assert.equal(await focusedId(page, `card-${id}`), `card-${id}`);
  const [row] = await shop.sql(`SELECT status FROM work_orders WHERE id = ${id}`);
  assert.equal(row.status, "quoted");
});
