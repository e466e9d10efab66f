// A person at the counter with a customer: adding them, finding them from the navigation
// by keyboard, adding their bike, finding them again by the bike's serial as a scanner
// types it, and erasing them. Then what a search costs in D1 rows over 3,000 customers.
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


async function openCustomersByKeyboard() {
  await page.focus("nav a[href='/customers']");
  await Promise.all([page.waitForURL(/\/customers$/), page.keyboard.press("Enter")]);
  await page.waitForSelector("html[data-enhanced=customers]");
}

it("adds a customer with the keyboard", async () => {
  await page.goto(`${shop.url}/customers`);
  await page.waitForSelector("html[data-enhanced=customers]");
  assert.equal(await focusedId(page, "customer-search"), "customer-search");
  await page.keyboard.press("Escape"); // leave the search box ...
  await page.keyboard.press("n"); // ... and "n" starts a new customer
  assert.equal(await focusedId(page, "new-name"), "new-name");
  await page.keyboard.type("Rosa Parkway");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab"); // no company
  await page.keyboard.type("604 555 0177");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Rosa@Example.com");
  await Promise.all([page.waitForURL(/\/customers\/\d+\?done=added$/), page.keyboard.press("Enter")]);
  assert.match(await page.textContent("[role=status]"), /Added Rosa Parkway\./);
  const [stored] = await shop.sql("SELECT name, email, phone_digits_reversed FROM customers");
  assert.deepEqual(stored, { name: "Rosa Parkway", email: "rosa@example.com", phone_digits_reversed: "7710555406" });
});

it("finds the customer from the navigation by keyboard, opens them and adds a bike", async () => {
  await page.goto(shop.url);
  await openCustomersByKeyboard();
  assert.equal(await focusedId(page, "customer-search"), "customer-search");
  await page.keyboard.type("ros par");
  await Promise.all([page.waitForURL(/q=ros\+par/), page.keyboard.press("Enter")]);
  await page.waitForSelector("html[data-enhanced=customers]");
  await page.keyboard.press("ArrowDown"); // from the search box into the results
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Rosa Parkway");
  await Promise.all([page.waitForURL(/\/customers\/\d+$/), page.keyboard.press("Enter")]);
  assert.equal(await page.textContent("main h1"), "Rosa Parkway");

  await page.waitForSelector("html[data-enhanced=customers]");
  await page.keyboard.press("b"); // add a bike
  assert.equal(await focusedId(page, "bike-make"), "bike-make");
  for (const [value, tabs] of [["Surly", 1], ["Long Haul Trucker", 1], ["2021", 1], ["Black", 1], ["56", 1], ["LHT-0042-XZ", 0]]) {
    await page.keyboard.type(value);
    for (let i = 0; i < tabs; i++) await page.keyboard.press("Tab");
  }
  await Promise.all([page.waitForURL(/\?done=bike#bikes$/), page.keyboard.press("Enter")]);
  assert.match(await page.textContent("[role=status]"), /Bike added/);
  const row = await page.textContent("table.bikes tbody tr");
  assert.match(row, /Surly Long Haul Trucker 2021/);
  assert.match(row, /LHT-0042-XZ/);
});

it("finds the owner by a bike's serial typed into the focused search box", async () => {
  await page.goto(shop.url);
  await openCustomersByKeyboard();
  assert.equal(await focusedId(page, "customer-search"), "customer-search");
  await page.keyboard.type("lht-0042-xz"); // a scanner types, then presses Enter
  await Promise.all([page.waitForURL(/q=lht-0042-xz/), page.keyboard.press("Enter")]);
  const rows = await page.$$eval("table.customers tbody tr", (trs) => trs.map((tr) => tr.textContent));
  assert.equal(rows.length, 1);
  assert.match(rows[0], /Rosa Parkway/);
  assert.match(rows[0], /Bike serial/);
});

it("refuses a bad bike on its field, then erases the customer after asking twice", async () => {
  await page.goto(`${shop.url}/customers?q=rosa`);
  await Promise.all([page.waitForURL(/\/customers\/\d+$/), page.click("table.customers tbody a")]);
  const customerUrl = page.url();
  await page.fill("#bike-make", "Dawes");
  await page.fill("#bike-year", "1850");
  await navigates(page, () => page.click("#bike-form button"));
  assert.match(await page.textContent("#form-error"), /year must be from 1900 to 2100/);
  assert.equal(await page.getAttribute("#bike-year", "aria-invalid"), "true");
  await page.waitForSelector("html[data-enhanced=customers]");
  assert.equal(await focusedId(page, "bike-year"), "bike-year");
  assert.equal(await page.inputValue("#bike-make"), "Dawes");

  await page.goto(customerUrl);
  await page.waitForSelector("html[data-enhanced=customers]");
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    dialog.accept();
  });
  await page.check("#erase-confirm");
  await Promise.all([page.waitForURL(/\?done=erased$/), page.click("#erase-form button")]);
  assert.match(asked, /Erase Rosa Parkway's personal data/);
  assert.match(await page.textContent("main h1"), /^Erased customer \d+$/);
  const [stored] = await shop.sql("SELECT name, phone, email FROM customers");
  assert.deepEqual({ ...stored, name: stored.name.replace(/\d+$/, "N") }, { name: "Erased customer N", phone: null, email: null });
  const [bike] = await shop.sql("SELECT make, frame_serial FROM bikes");
  assert.deepEqual(bike, { make: "Surly", frame_serial: null });
  const lines = shop.logLines().map((line) => JSON.stringify(line));
  // The phone as typed or stored (a bare "0177" also turns up inside timestamps and ids).
  const leaks = lines.filter((line) => /Rosa|Parkway|555\D?0177|LHT-0042/i.test(line));
  assert.deepEqual(leaks, []);
});

it("searches 3,000 customers in D1 reading a handful of rows", async () => {
  await shop.sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
    INSERT INTO customers (id, name, phone, phone_digits_reversed, email, created_at_ms, updated_at_ms)
    SELECT 100 + i,
           json_extract('["Ann","Bob","Carla","Dev","Erin","Farid","Gus","Hana","Ivan","Jo"]', '$[' || (i % 10) || ']') || ' ' ||
           json_extract('["Smith","Lee","Nguyen","Brown","Martin","Roy","Singh","Wong","Tremblay","Gagnon","Kim","Li"]', '$[' || (i % 12) || ']') || i,
           '604-555-' || printf('%04d', i),
           substr(printf('%04d', i), 4, 1) || substr(printf('%04d', i), 3, 1) || substr(printf('%04d', i), 2, 1) || substr(printf('%04d', i), 1, 1) || '555406',
           'person' || i || '@example.com', 0, 0
    FROM n`);
  await shop.sql("INSERT INTO bikes (customer_id, frame_serial, created_at_ms, updated_at_ms) SELECT id, 'SN' || printf('%06d', id), 0, 0 FROM customers WHERE id > 100");
  const rowsRead = async (target) => {
    const before = shop.logLines().length;
    const res = await page.goto(`${shop.url}${target}`);
    assert.equal(res.status(), target.includes("999999") ? 404 : 200);
    for (let i = 0; i < 50 && shop.logLines().length === before; i++) await new Promise((r) => setTimeout(r, 100));
    const line = shop.logLines().slice(before).find((l) => l.type === "request");
    return { target, hits: res.status() === 200 ? (await res.json()).customers?.length : 0, rows_read: line.d1_rows_read };
  };
  const gate = await rowsRead("/api/customers/999999"); // the sign-in gate's own reads and one missed lookup
  const probes = [];
  for (const q of ["ann smith60", "carla nguyen2", "0421", "person77@example.com", "sn002999", "hana"])
    probes.push(await rowsRead(`/api/customers?q=${encodeURIComponent(q)}`));
  console.log(`D1 rows read over 3,000 customers (gate alone: ${gate.rows_read}):`);
  for (const p of probes) console.log(`  ${p.target}: ${p.hits} hits, ${p.rows_read} rows read`);
  for (const p of probes.slice(0, 5)) assert.ok(p.rows_read - gate.rows_read < 100, `${p.target} read ${p.rows_read} rows`);
});
