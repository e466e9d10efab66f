// A day at the counter's drawer in Chromium: open it with the float counted by note and
// coin (its total shown as it is typed), pay out for stamps, close it with a count by
// keyboard and read the variance; then run the day's Z report and open its printable page.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { focusedId, navigates, ownerAtCounter } from "../support/browser.mjs";

let shop, page, counter, drawerId;
before(async () => {
  counter = await ownerAtCounter();
  ({ shop, page } = counter);
});
after(async () => {
  await counter?.stop();
});


it("opens the drawer with its float counted by note and coin", async () => {
  await page.goto(shop.url);
  await Promise.all([page.waitForURL(/\/drawer$/), page.click("nav >> text=Drawer")]);
  await page.waitForSelector("html[data-enhanced=drawer]");
  assert.equal(await focusedId(page, "open-float"), "open-float");
  await page.fill("#open-count_10000", "1");
  await page.fill("#open-count_2000", "2");
  await page.fill("#open-count_25", "40");
  assert.equal(await page.textContent("#open output.count-total"), "Counted: $150.00");
  await Promise.all([page.waitForURL(/done=opened/), page.click("#open button")]);
  assert.match(await page.textContent("[role=status]"), /The drawer is open\./);
  // Counted blind: what the drawer should hold shows only once it is counted and closed.
  assert.match(await page.textContent("#expected-hidden"), /once the drawer is counted and closed/);
  assert.equal(await page.isVisible("#expected"), false);
  const [row] = await shop.sql("SELECT id, float_cents, float_counts_json FROM drawer_sessions WHERE status = 'open'");
  assert.equal(row.float_cents, 15000);
  assert.deepEqual(JSON.parse(row.float_counts_json), { 10000: 1, 2000: 2, 25: 40 });
  drawerId = row.id;
});

it("pays out, then closes the drawer with a count typed at the keyboard and shows the variance", async () => {
  await page.selectOption("#movement-kind", "paid_out");
  await page.fill("#movement-amount", "500");
  await page.fill("#movement-reason", "stamps");
  // More than the drawer holds: the form comes back with the amount marked and focused.
  await navigates(page, () => page.click("#movement button"));
  assert.match(await page.textContent("#form-error"), /should hold less: it cannot pay out \$500\.00/);
  assert.equal(await focusedId(page, "movement-amount"), "movement-amount");
  await page.fill("#movement-amount", "12.50");
  await Promise.all([page.waitForURL(/done=paid_out/), page.click("#movement button")]);
  assert.equal(await page.isVisible("#expected"), false);
  assert.match(await page.textContent("#movements"), /Paid out.*12\.50.*stamps.*Olive Owner/s);

  await page.keyboard.press("c"); // the close form's count
  assert.equal(await focusedId(page, "close-counted"), "close-counted");
  await page.keyboard.type("137.00");
  await Promise.all([page.waitForURL(new RegExp(`/drawer/sessions/${drawerId}\\?done=closed$`)), page.keyboard.press("Enter")]);
  assert.match(await page.textContent("#variance"), /-\$0\.50 \(\$0\.50 short\)/);
  assert.equal((await page.textContent("#expected")).trim(), "$137.50");
  const [row] = await shop.sql(`SELECT status, expected_cents, counted_cents, variance_cents FROM drawer_sessions WHERE id = ${drawerId}`);
  assert.deepEqual(row, { status: "closed", expected_cents: 13750, counted_cents: 13700, variance_cents: -50 });
});

it("runs today's Z report and opens its printable page", async () => {
  await page.goto(`${shop.url}/drawer`);
  await Promise.all([page.waitForURL(/\/drawer\/z\/1$/), page.click("text=Run the Z report")]);
  await page.waitForSelector("html[data-enhanced=drawer]");
  assert.equal(await page.textContent("main h1"), "Z report 1");
  assert.match(await page.textContent("#z-drawers"), /Front counter.*closed.*150\.00.*137\.50.*137\.00.*-\$0\.50/s);
  assert.equal((await page.textContent("#z-variance")).trim(), "-$0.50");
  assert.ok(await page.isVisible("button[data-print]"));
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.isVisible("header.shell"), false);
  assert.equal(await page.isVisible("button[data-print]"), false);
  assert.ok(await page.isVisible("#z-documents"));
  await page.emulateMedia({ media: "screen" });

  // A second run for the same day points at the first.
  await page.goto(`${shop.url}/drawer`);
  await navigates(page, () => page.click("text=Run the Z report"));
  assert.match(await page.textContent("#form-error"), /Z report 1 already covers/);
  await Promise.all([page.waitForURL(/\/drawer\/z\/1$/), page.click("#existing-z")]);
  const [{ n }] = await shop.sql("SELECT count(*) AS n FROM z_reports");
  assert.equal(n, 1);
});
