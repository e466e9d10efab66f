// Sign-in and Settings as people use them in Chromium: the provider's page, the refusal,
// the PIN pad with its keys, Settings' staff list and permission matrix, the sign-in
// list and the devices, and the Switch button back to the PIN pad.
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

it("Switch ends the staff session and shows the PIN pad again", async () => {
  await page.goto(`${shop.url}/products`);
  await Promise.all([page.waitForURL(/\/pin$/), page.click("form.who button")]);
  assert.ok(await page.isVisible(".pin-pad"));
  await page.goto(`${shop.url}/products`);
  await page.waitForURL(/\/pin\?next=\/products/);
});
