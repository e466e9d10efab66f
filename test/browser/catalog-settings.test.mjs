// An owner sets the shop's taxes up from Settings › Catalog, by keyboard.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { focusedId, ownerAtCounter } from "../support/browser.mjs";

let shop, page, counter;
before(async () => {
  counter = await ownerAtCounter();
  ({ shop, page } = counter);
});
after(async () => {
  await counter?.stop();
});

it("adds British Columbia's PST from Settings › Catalog", async () => {
  await page.goto(shop.url);
  await Promise.all([page.waitForURL(/\/settings$/), page.click("nav >> text=Settings")]);
  await Promise.all([page.waitForURL(/\/settings\/catalog$/), page.click("#settings >> text=Catalog")]);
  await page.waitForSelector("html[data-shell=ready]");
  await page.keyboard.press("t"); // the rate's name (data-shortcut)
  assert.equal(await focusedId(page, "rate-name"), "rate-name");
  await page.keyboard.type("PST");
  await page.keyboard.press("Tab");
  await page.keyboard.type("7");
  await page.fill("#rate-from", "2013-04-01");
  await Promise.all([page.waitForURL(/done=rate/), page.press("#rate-from", "Enter")]);
  assert.match(await page.textContent("#tax-rates"), /Goods\s*PST\s*7%\s*2013-04-01/);
  const [row] = await shop.sql("SELECT tax_class_key, rate_ppm FROM tax_rates");
  assert.deepEqual(row, { tax_class_key: "goods", rate_ppm: 70000 });
});
