// The workshop in Chromium at 1280×800: a bike checked in by its frame serial typed into the
// focused search box, a service-menu labor line scanned and a part picked from a search, the
// ticket moved to completed by its status buttons and invoiced onto the register, cash taken
// at the tender, and the receipt page; the ticket is then picked up. Then one card moved on
// the board by keyboard; the board, the ticket page and check-in as they fit the screen; a
// customer added from check-in.
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
  await page.setViewportSize({ width: 1280, height: 800 });
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
    await navigates(() => page.click(`#move-to-${to}`));
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

// A ticket through the API, as check-in would open it.
async function ticketFor(problem, extra = {}) {
  const ticket = await post("/api/work-orders", { customer_id: customerId, problem, bike_serial: serial, ...extra });
  assert.equal(ticket.status, 201, JSON.stringify(ticket.json));
  return ticket.json.work_order.id;
}

it("shows every column of the board within 1280 px, each card with its problem and its hook tag", async () => {
  const problem = "Creaks under load from the bottom bracket, and the rear derailleur skips on the small cogs";
  const id = await ticketFor(problem, { hook_tag: "27" });
  const untagged = await ticketFor("Flat rear");
  await page.goto(`${shop.url}/service`);
  const columns = await page.locator(".board-column").all();
  assert.equal(columns.length, 7);
  for (const column of columns) {
    const box = await column.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 1280, `${await column.getAttribute("id")} spans ${box.x}..${box.x + box.width}`);
    assert.ok(box.width >= 150, `${await column.getAttribute("id")} is ${box.width} px wide`);
  }
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 1280), "the page scrolls sideways");
  const card = page.locator(`#card-${id}`);
  assert.equal(await card.locator(".hook").textContent(), "Hook 27");
  assert.equal(await card.locator(".card-problem").textContent(), `${problem.slice(0, 60).trimEnd()}…`);
  assert.equal(await card.locator(".card-problem").getAttribute("title"), problem);
  const cardBox = await card.boundingBox();
  const columnBox = await page.locator("#column-dropped_off").boundingBox();
  assert.ok(cardBox.x + cardBox.width <= columnBox.x + columnBox.width, "the card overflows its column");
  assert.equal(await page.locator(`#card-${untagged} .hook`).count(), 0); // no hook tag, no mark
});

it("leads the ticket with its lines and status buttons, moves it by a button with a note, and folds the edit form until it is refused", async () => {
  const id = await ticketFor("Wheel out of true");
  await page.goto(`${shop.url}/service/tickets/${id}`);
  await page.waitForSelector("html[data-shell=ready]");
  // The work and the next move are on the first screen; the ticket's form is folded away.
  for (const selector of ["#lines-title", "#line-code", "#move-to-quoted", "#move-to-in_progress"]) {
    const box = await page.locator(selector).boundingBox();
    assert.ok(box && box.y + box.height <= 800, `${selector} is below the first screen (${box?.y})`);
  }
  assert.equal(await focusedId(page, "line-code"), "line-code");
  assert.equal(await page.locator("details#details").getAttribute("open"), null);
  assert.equal(await page.isVisible("#ticket-form"), false);
  assert.match(await page.textContent("#ticket-problem-text"), /Wheel out of true/);

  await page.fill("#move-" + id + "-note", "Customer called");
  await navigates(() => page.click("#move-to-in_progress"));
  assert.equal(await page.getAttribute("#ticket-status", "data-status"), "in_progress");
  assert.match(await page.textContent("#history"), /In progress.*Customer called/s);
  await navigates(() => page.click("#move-to-completed"));
  // Reopening is there, but last, secondary and named for what it does.
  const buttons = await page.locator("#moves .move-buttons button").allTextContents();
  assert.deepEqual(buttons, ["Customer notified", "Cancelled", "Reopen: back to In progress"]);
  assert.match(await page.getAttribute("#move-to-in_progress", "class"), /secondary/);

  // A refused edit comes back unfolded, its error shown and its field focused.
  await page.click("#details > summary");
  await page.fill("#ticket-estimate", "lots");
  await navigates(() => page.click("#save-ticket"));
  assert.notEqual(await page.locator("details#details").getAttribute("open"), null);
  assert.equal(await page.isVisible("#form-error"), true);
  assert.equal(await focusedId(page, "ticket-estimate"), "ticket-estimate");
  const [row] = await shop.sql(`SELECT estimate_cents, status FROM work_orders WHERE id = ${id}`);
  assert.deepEqual({ ...row }, { estimate_cents: null, status: "completed" });
});

it("check-in adds a customer it did not find and goes on with them chosen; an empty name comes back as an error and adds no one", async () => {
  await page.goto(`${shop.url}/service/new`);
  await page.waitForSelector("html[data-enhanced=service]");
  assert.equal(await page.isVisible("#new-customer-form"), false); // folded until a search finds no one
  assert.equal(await focusedId(page, "checkin-search"), "checkin-search");
  await page.keyboard.type("Zed Zimmer");
  await navigates(() => page.keyboard.press("Enter"));
  assert.match(await page.textContent("#no-customers"), /No customer matches/);
  assert.equal(await page.isVisible("#new-customer-form"), true);
  assert.equal(await page.inputValue("#new-customer-name"), "Zed Zimmer");
  assert.equal(await focusedId(page, "new-customer-name"), "new-customer-name");

  const [{ n: before }] = await shop.sql("SELECT count(*) AS n FROM customers");
  // Spaces get past the browser's own check of a required box: the server's answer is what is tested.
  await page.fill("#new-customer-name", "   ");
  await page.fill("#new-customer-phone", "604-555-0142");
  await navigates(() => page.click("#add-customer"));
  assert.match(await page.textContent("#form-error"), /name/);
  assert.equal(await page.inputValue("#new-customer-phone"), "604-555-0142");
  assert.equal(await focusedId(page, "new-customer-name"), "new-customer-name");
  const [{ n: after }] = await shop.sql("SELECT count(*) AS n FROM customers");
  assert.equal(after, before);

  await page.keyboard.press("Control+A");
  await page.keyboard.type("Zed Zimmer");
  await page.check("#new-customer-consent-sms");
  await Promise.all([page.waitForURL(/\/service\/new\?customer=\d+&added=1$/), page.click("#add-customer")]);
  assert.match(await page.textContent("#customer-added"), /Added Zed Zimmer/);
  assert.match(await page.textContent("#ticket-title"), /Zed Zimmer/);
  assert.equal(await page.isChecked("#bike-new"), true); // a new customer has no bike yet
  const [zed] = await shop.sql("SELECT phone, consent_sms FROM customers WHERE name = 'Zed Zimmer'");
  assert.equal(zed.consent_sms, 1);
  assert.match(zed.phone, /555.?0142/);
});

it("fits check-in at 1280 px: the workshop's load inside its box, the problem as wide as its card", async () => {
  await page.goto(`${shop.url}/service/new?customer=${customerId}`);
  const aside = await page.locator("#workshop-load").boundingBox();
  const table = await page.locator("#workshop-load table.load").boundingBox();
  assert.ok(table.x + table.width <= aside.x + aside.width, `the load table ends at ${table.x + table.width}, its box at ${aside.x + aside.width}`);
  assert.ok(aside.x + aside.width <= 1280);
  const form = await page.locator("#checkin-form").boundingBox();
  const problem = await page.locator("#checkin-problem").boundingBox();
  assert.ok(problem.width >= form.width - 40, `the problem box is ${problem.width} px wide in a ${form.width} px card`);
});
