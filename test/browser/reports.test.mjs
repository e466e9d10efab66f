// The owner's Reports in Chromium: reached from the navigation by its access key, an empty
// state before any report; Settings › Backups and reports, where the owner makes every job
// due from midnight (so the test does not hang on the clock) and keeps 14 nightly backups;
// then, after the shop's own hourly cron ran its jobs, the latest weekly digest as a
// table, the weekly digest downloaded, and the jobs' last runs on the settings screen.
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
  const res = await fetch(`${shop.url}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("0 * * * *")}`);
  assert.equal(res.status, 200);
  await res.text();
  const lines = () => shop.logLines().filter((l) => l.type === "cron").slice(before);
  const done = () => ["daily", "weekly", "monthly"].every((job) => lines().some((l) => l.job === job));
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

it("sets when the jobs run and how many backups are kept from Settings › Backups and reports", async () => {
  await page.focus("nav a[href='/settings']");
  await navigates(page, () => page.keyboard.press("Enter"));
  await page.focus("a[href='/settings/backups']");
  await navigates(page, () => page.keyboard.press("Enter"));
  assert.match(await page.textContent("#no-runs"), /No scheduled job has run yet/);
  await page.fill("#daily-local-hour", "24");
  await navigates(page, () => page.press("#daily-local-hour", "Enter"));
  assert.match(await page.textContent("#form-error"), /daily_local_hour must be from 0 to 23/);
  assert.equal(await page.getAttribute("#daily-local-hour", "aria-invalid"), "true");
  for (const id of ["#daily-local-hour", "#weekly-local-hour", "#monthly-local-hour"]) await page.fill(id, "0");
  await page.fill("#keep-daily", "14");
  await navigates(page, () => page.press("#keep-daily", "Enter"));
  assert.match(await page.textContent("p[role=status]"), /Saved/);
  const [stored] = await shop.sql("SELECT daily_local_hour, weekly_local_hour, monthly_local_hour, keep_daily FROM ops_settings");
  assert.deepEqual(stored, { daily_local_hour: 0, weekly_local_hour: 0, monthly_local_hour: 0, keep_daily: 14 });
});

it("shows the latest weekly digest after the cron, downloads it, and lists the jobs' last runs", async () => {
  const lines = await runCron();
  for (const line of lines) assert.equal(line.status, "ok", JSON.stringify(line));
  const weekly = lines.find((l) => l.job === "weekly");
  await page.goto(`${shop.url}/reports`);
  assert.equal((await page.textContent("#digest-title")).startsWith(`Week ${weekly.covers}:`), true);
  assert.match(await page.textContent("#digest-summary"), /Revenue before tax\s*0\.00/);
  const link = page.locator("#report-files a[href*='weekly']").first();
  await link.focus();
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  assert.equal(download.suggestedFilename(), `weekly-${weekly.covers}.json`);
  assert.equal(JSON.parse(await readFile(await download.path(), "utf8")).report, "weekly_digest");
  assert.ok(await page.isVisible("#report-files a[href*='low-stock']"), "the nightly low-stock list is listed too");

  await page.goto(`${shop.url}/settings/backups`);
  const runs = await page.textContent("#last-runs tbody");
  for (const line of lines) assert.match(runs, new RegExp(`${line.job}\\s*${line.period}\\s*ok`));
});
