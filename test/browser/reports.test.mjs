// The owner's Reports in Chromium: reached from the navigation by its access key, an empty
// state before any report, then (after the shop's own hourly cron ran its weekly and
// monthly jobs) the latest weekly digest as a table and a stored report downloaded.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, it } from "node:test";
import { navigates, ownerAtCounter } from "../support/browser.mjs";

let shop, page, counter;
before(async () => {
  counter = await ownerAtCounter();
  ({ shop, page } = counter);
});
after(async () => {
  await counter?.stop();
});

// The cron trigger answers at once; each due job logs one line when it ends.
async function runCron() {
  const before = shop.logLines().filter((l) => l.type === "cron").length;
  const res = await fetch(`${shop.url}/__scheduled?cron=${encodeURIComponent("0 * * * *")}`);
  assert.equal(res.status, 200);
  await res.text();
  const lines = () => shop.logLines().filter((l) => l.type === "cron").slice(before);
  const done = () => lines().some((l) => l.job === "none") || ["weekly", "monthly"].every((job) => lines().some((l) => l.job === job));
  for (const until = Date.now() + 120_000; !done() && Date.now() < until; ) await new Promise((r) => setTimeout(r, 200));
  return lines();
}

it("opens Reports from the navigation by keyboard and shows an empty state", async () => {
  await page.goto(shop.url);
  await page.waitForSelector("html[data-shell=ready]");
  await page.focus("nav a[href='/reports']"); // the nav's link (accesskey o), reached from the keyboard
  await navigates(page, () => page.keyboard.press("Enter"));
  assert.match(page.url(), /\/reports$/);
  assert.equal(await page.getAttribute("nav a[href='/reports']", "aria-current"), "page");
  assert.match(await page.textContent("#no-reports"), /No reports yet/);
});

it("shows the latest weekly digest after the cron and downloads a stored report", async () => {
  const lines = await runCron();
  const weekly = lines.find((l) => l.job === "weekly");
  const monthly = lines.find((l) => l.job === "monthly");
  // Real time here: on a Monday before 06:00 (the shop's) the week is not due yet, nor the month on the 1st before 07:00.
  if (weekly) assert.equal(weekly.status, "ok", JSON.stringify(weekly));
  if (monthly) assert.equal(monthly.status, "ok", JSON.stringify(monthly));
  await page.reload();
  if (!weekly && !monthly) {
    assert.ok(await page.isVisible("#no-reports"));
    return;
  }
  if (weekly) {
    assert.equal((await page.textContent("#digest-title")).startsWith(`Week ${weekly.covers}:`), true);
    assert.match(await page.textContent("#digest-summary"), /Revenue before tax\s*0\.00/);
  }
  const link = page.locator("#report-files a").first();
  const key = decodeURIComponent((await link.getAttribute("href")).split("key=")[1]);
  await link.focus();
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  assert.equal(download.suggestedFilename(), key.slice("reports/".length).replaceAll("/", "-"));
  const body = await readFile(await download.path(), "utf8");
  if (key.endsWith(".csv")) assert.match(body, /^name,rate_percent,taxable_base,tax_collected\r\n/);
  else assert.equal(typeof JSON.parse(body).report, "string");
});
