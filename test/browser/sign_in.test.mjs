// Sign-in and Settings as people use them in Chromium: the provider's page, the refusal,
// the PIN pad with its keys, Settings' staff list and permission matrix, the sign-in
// list and the devices, Home's word to the owner when a PIN is being guessed, and the
// Switch button back to the PIN pad.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { launchChromium, navigates, signInAt } from "../support/browser.mjs";
import { ownerEmail, ownerPin, startShop } from "../support/shop.mjs";

let shop, browser, page;
before(async () => {
  [shop, browser] = await Promise.all([startShop(), launchChromium()]);
  await shop.recover({ email: ownerEmail, display_name: "Olive Owner", pin: ownerPin });
  await shop.sql("UPDATE staff SET idle_timeout_s = 3600");
  page = await browser.newPage();
});
after(async () => {
  await browser?.close();
  await shop?.stop();
});

it("refuses someone off the allowlist with a clear page and no shop data", async () => {
  const stranger = await browser.newPage();
  await stranger.goto(shop.url);
  await stranger.waitForURL(/\/authorize/);
  await Promise.all([stranger.waitForURL(/\/auth\/callback/), stranger.click('button[value="stranger@example.com"]')]);
  assert.match(await stranger.textContent("#refusal"), /stranger@example\.com is not on Helm Demo Cycles's list/);
  assert.equal(await stranger.locator("nav a").count(), 0);
  const cookies = await stranger.context().cookies();
  assert.equal(cookies.some((c) => c.name === "__Host-helm_device"), false);
  await stranger.close();
});

it("signs in through the provider and the PIN pad's on-screen keys", async () => {
  await page.goto(shop.url);
  await page.waitForURL(/\/authorize/);
  await Promise.all([page.waitForURL(/\/pin\?next=/), page.click(`button[value="${ownerEmail}"]`)]);
  const [device] = (await page.context().cookies()).filter((c) => c.name === "__Host-helm_device");
  assert.deepEqual([device.secure, device.httpOnly, device.sameSite, device.path], [true, true, "Lax", "/"]);
  await page.waitForSelector("html[data-shell=ready]");
  await page.check('label:has-text("Olive Owner") input[type=radio]');
  await page.click('.keys button[data-key="1"]'); // a wrong PIN first, by the keys
  for (const key of ["1", "1", "1", "2", "OK"]) await page.click(`.keys button[data-key="${key}"]`);
  await page.waitForSelector("#pin-error");
  assert.match(await page.textContent("#pin-error"), /wrong PIN; 4 tries left/);
  assert.equal(await page.getAttribute("#pin", "aria-invalid"), "true");
  await page.check('label:has-text("Olive Owner") input[type=radio]');
  for (const key of [...ownerPin]) await page.click(`.keys button[data-key="${key}"]`);
  await Promise.all([page.waitForURL(`${shop.url}/`), page.click('.keys button[data-key="OK"]')]);
  assert.equal(await page.textContent("header .staff-name"), "Olive Owner");
});

it("adds a staff member and allows them a screen in the permission matrix, from Settings", async () => {
  await Promise.all([page.waitForURL(/\/settings$/), page.click("nav >> text=Settings")]);
  await Promise.all([page.waitForURL(/\/settings\/staff$/), page.click("#settings >> text=Staff")]);
  await page.fill("#add-name", "Jo Junior");
  await page.selectOption("#add-role", "junior");
  await page.fill("#add-pin", "73051");
  await Promise.all([page.waitForURL(/\/settings\/staff\/\d+/), page.press("#add-pin", "Enter")]);
  await page.check('[id="perm-screen.reports-allow"]');
  await navigates(page, () => page.click("form.permissions button[type=submit]"));
  assert.equal(await page.isChecked('[id="perm-screen.reports-allow"]'), true);
  const [jo] = await shop.sql("SELECT id FROM staff WHERE display_name = 'Jo Junior'");
  const [override] = await shop.sql(`SELECT allowed FROM staff_screen_permissions WHERE staff_id = ${jo.id} AND permission_key = 'screen.reports'`);
  assert.equal(override.allowed, 1);
});

it("adds an address to the sign-in list and lists this device, from Settings", async () => {
  await page.goto(`${shop.url}/settings`);
  await Promise.all([page.waitForURL(/\/settings\/access$/), page.click("#settings >> text=Sign-in list")]);
  await page.fill("#allow-email", "Mechanic@Demo.Kvick.Bike");
  await Promise.all([page.waitForURL(/added=/), page.press("#allow-email", "Enter")]);
  assert.match(await page.textContent("#allowlist"), /mechanic@demo\.kvick\.bike/);
  await page.fill("#allow-email", "not an address");
  await page.evaluate(() => document.querySelector("#allow-email").setAttribute("type", "text")); // past the browser's own check
  await navigates(page, () => page.press("#allow-email", "Enter"));
  assert.match(await page.textContent("#form-error"), /not an email address/);
  await page.goto(`${shop.url}/settings/devices`);
  assert.match(await page.textContent("#devices"), /owner@demo\.kvick\.bike \(this device\)/);
});

it("tells the owner on Home whose PIN someone is guessing, and a new PIN from Settings ends it", async () => {
  const [jo] = await shop.sql("SELECT id FROM staff WHERE display_name = 'Jo Junior'");
  const [device] = await shop.sql("SELECT id FROM device_sessions ORDER BY id DESC LIMIT 1");
  // Twenty wrong tries over the past days (the per-minute lock has long passed): the PIN
  // now waits for the owner.
  const day = 24 * 3600 * 1000;
  const tries = Array.from({ length: 20 }, (_, i) => `(${jo.id}, ${device.id}, ${Date.now() - 3 * day + i * 600_000})`);
  await shop.sql(`INSERT INTO pin_attempts (staff_id, device_session_id, at_ms) VALUES ${tries.join(", ")}`);
  await page.goto(shop.url);
  const notice = await page.textContent("#pin-problems");
  assert.match(notice, /Tell the owner:.*Jo Junior: 20 wrong PINs since their last right one/s);
  assert.match(notice, /locked until the owner sets a new one under Settings › Staff/);

  await Promise.all([page.waitForURL(/\/settings$/), page.click("nav >> text=Settings")]);
  await Promise.all([page.waitForURL(/\/settings\/staff$/), page.click("#settings >> text=Staff")]);
  await Promise.all([page.waitForURL(new RegExp(`/settings/staff/${jo.id}$`)), page.click("text=Jo Junior")]);
  await page.fill("#member-pin", "48213");
  await navigates(page, () => page.click("text=Reset PIN"));
  assert.match(await page.textContent("[role=status]"), /PIN reset: tell Jo Junior the new PIN in person/);
  await page.goto(shop.url);
  assert.equal(await page.isVisible("#pin-problems"), false);
  const [{ pending }] = await shop.sql(`SELECT count(*) AS pending FROM pin_attempts WHERE staff_id = ${jo.id} AND outcome = 'pending'`);
  assert.equal(pending, 0);
});

it("Switch ends the staff session and shows the PIN pad again", async () => {
  await page.goto(`${shop.url}/products`);
  await Promise.all([page.waitForURL(/\/pin$/), page.click("form.who button")]);
  assert.ok(await page.isVisible(".pin-pad"));
  await page.goto(`${shop.url}/products`);
  await page.waitForURL(/\/pin\?next=\/products/);
});
