// The owner takes the shop's data home: Settings › Data export, by keyboard, builds an
// export, sees it listed and downloads it (a gzip streamed from the shop's R2).
import assert from "node:assert/strict";
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

it("builds an export from Settings › Data export and offers it for download", async () => {
  await page.goto(`${shop.url}/settings`);
  await page.waitForSelector("html[data-shell=ready]");
  await page.focus('#settings a[href="/settings/data/export"]');
  await navigates(page, () => page.keyboard.press("Enter"));
  assert.match(page.url(), /\/settings\/data\/export$/);
  assert.equal(await page.isVisible("#no-exports"), true);
  await page.waitForSelector("html[data-shell=ready]");
  await page.keyboard.press("e"); // the button (data-shortcut)
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Build an export");
  await navigates(page, () => page.keyboard.press("Enter"));
  assert.match(page.url(), /\/settings\/data\/export\?built=/);
  assert.match(await page.textContent("#export-built"), /is ready/);
  const href = await page.getAttribute("#exports a[download]", "href");
  assert.match(href, /^\/settings\/data\/exports\/\d{4}-\d{2}-\d{2}-\w+\.tar\.gz$/);
  const download = await page.evaluate(async (path) => {
    const res = await fetch(path);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get("content-type"), size: bytes.length, magic: [bytes[0], bytes[1]] };
  }, href);
  assert.deepEqual({ ...download, size: download.size > 1000 }, { status: 200, type: "application/gzip", size: true, magic: [0x1f, 0x8b] });
  const [event] = await shop.sql("SELECT action, entity, actor FROM audit_events WHERE action = 'data.export'");
  assert.deepEqual({ ...event, actor: /^staff:\d+$/.test(event.actor) }, { action: "data.export", entity: "export", actor: true });
});
