// Every screen reached by following links from Home, on the demo shop with a sale, an
// open drawer and a ticket, at 1280×800:
// - every label is drawn on its own control's row. `label for=` can be right in the markup
//   while the layout puts "Price" beside the barcode box (a heading in a form's grid takes
//   a cell and shifts every label by one), so this reads the rendered boxes;
// - no two elements of a page share an accesskey (the browser would pick one of them);
// - no markup shows as text (an escaped "<kbd>/</kbd>" in a label), and no stored code
//   either ("in_stock", "gift_card", "screen.customers"): a page says it in words;
// - axe-core finds no serious or critical accessibility fault (moderate ones are reported).
// Each page's picture goes to build/screens/ (npm run screens).
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { fileURLToPath } from "node:url";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ownerAtCounter } from "../support/browser.mjs";

const screens = fileURLToPath(new URL("../../build/screens/", import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let shop, page, counter;
before(async () => {
  counter = await ownerAtCounter((shop) => shop.sqlFile(fileURLToPath(new URL("../../scripts/demo-data.sql", import.meta.url))));
  ({ shop, page } = counter);
  await page.setViewportSize({ width: 1280, height: 800 });
  mkdirSync(screens, { recursive: true });
  // The forms that show only with something to act on: a sale's void and return, the
  // open drawer's paid in and out.
  const created = async (path, body) => {
    const answer = await page.evaluate(
      async ({ path, body }) => {
        const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        return `${res.status} ${await res.text()}`;
      },
      { path, body },
    );
    assert.match(answer, /^201 /, `POST ${path}`);
  };
  await created("/api/drawers", { register_id: 1, float_cents: 20000 });
  await created("/api/sales", {
    idempotency_key: "labels-sale-0001",
    lines: [{ product_id: 1, quantity: 1 }],
    payments: [{ tender: "cash", amount_cents: 1007, tendered_cents: 2000 }],
  });
  // A sale on the register, to a customer, so its bar and customer panel are drawn.
  const form = async (path, fields) => {
    const status = await page.evaluate(
      async ({ path, body }) => (await fetch(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body })).status,
      { path, body: new URLSearchParams(fields).toString() },
    );
    assert.ok(status < 400, `POST ${path} answered ${status}`);
  };
  const [product] = await shop.sql("SELECT sku FROM products WHERE id = 1");
  await form("/register/scan", { code: product.sku });
  const [draft] = await shop.sql("SELECT id, version FROM sale_drafts WHERE status = 'open'");
  await form("/register/customer", { register: "1", draft: String(draft.id), version: String(draft.version), customer_id: "1" });
  // A Z report of a closed day (today's waits for the open drawer), so its page is walked.
  const twoDaysAgo = new Date(Date.now() - 2 * 86400000).toISOString().slice(0, 10);
  await created("/api/z-reports", { business_date: twoDaysAgo });
});
after(async () => {
  await counter?.stop();
});

// Links that leave the screens, download, sign out or print are not followed; ids in a
// path are followed once per kind of page.
function followed(href) {
  const url = new URL(href);
  if (url.origin !== new URL(shop.url).origin) return null;
  if (/^\/(auth|pin|static|brand|api)\b|\/download|\/exports\/|\.csv$|print=/.test(url.pathname + url.search)) return null;
  return url.pathname;
}
const kindOf = (path) => path.replace(/\/\d+/g, "/:id");

// On the page as rendered: each label that names a visible control, and whether it sits
// on that control's row (beside it) or right above it (stacked).
function markupAsText() {
  const tags = document.body.innerText.match(/<\/?[a-z][a-z0-9]*>/g) ?? [];
  return tags.map((tag) => `${tag} shows as text`);
}

// A code set as code (the audit log's event names, which its filter takes) is meant.
function codesAsText() {
  const options = [...document.querySelectorAll("option")].map((o) => o.textContent);
  const meant = [...document.querySelectorAll("code, pre")].map((el) => el.textContent).join("\n");
  const codes = [document.body.innerText, ...options].join("\n").match(/\b[a-z]+(?:_[a-z]+)+\b|\b(?:screen|action)\.[a-z_]+/g) ?? [];
  return [...new Set(codes)].filter((code) => !meant.includes(code)).map((code) => `the code "${code}" shows as text`);
}

function sharedAccesskeys() {
  const owners = new Map();
  for (const el of document.querySelectorAll("[accesskey]")) {
    const key = el.getAttribute("accesskey").toLowerCase();
    owners.set(key, [...(owners.get(key) ?? []), el.textContent.trim()]);
  }
  return [...owners].filter(([, named]) => named.length > 1).map(([key, named]) => `accesskey "${key}" is on ${named.join(" and ")}`);
}

function misplacedLabels() {
  const out = [];
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  for (const label of document.querySelectorAll("label[for]")) {
    const control = document.getElementById(label.htmlFor);
    // A visually hidden label names its control for a screen reader and is drawn nowhere.
    if (!control || label.contains(control) || label.matches(".visually-hidden") || !shown(label) || !shown(control)) continue;
    const l = label.getBoundingClientRect();
    const c = control.getBoundingClientRect();
    const beside = l.top < c.bottom && l.bottom > c.top;
    const above = l.bottom <= c.top + 2 && c.top - l.bottom < 16 && l.left < c.right && l.right > c.left;
    if (!beside && !above) out.push(`"${label.textContent.trim()}" is not on the row of #${control.id}`);
  }
  return out;
}

it("draws every label on its control's row, gives each accesskey to one element, shows no markup as text and has no serious axe-core fault, on every screen", async (t) => {
  // Home, and pages that only a search or a print leads to: a bike's unit, check-in for a
  // customer (with its new-bike fields), a sale's printable receipt.
  const queue = [`${shop.url}/`, `${shop.url}/stock/units/1`, `${shop.url}/service/new?customer=1`, `${shop.url}/sales/1/receipt`];
  const seenKinds = new Set();
  const problems = [];
  let visited = 0;
  while (queue.length > 0 && visited < 80) {
    const url = queue.shift();
    const path = new URL(url).pathname;
    if (seenKinds.has(kindOf(path))) continue;
    seenKinds.add(kindOf(path));
    const res = await page.goto(url);
    assert.ok(res.status() < 500, `${path} answered ${res.status()}`);
    visited += 1;
    const found = [...(await page.evaluate(misplacedLabels)), ...(await page.evaluate(sharedAccesskeys)), ...(await page.evaluate(markupAsText)),
      ...(await page.evaluate(codesAsText))];
    for (const problem of found) problems.push(`${path}: ${problem}`);
    // Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') allows it.
    await page.evaluate(axeSource);
    const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    for (const v of violations) {
      const where = `${path}: axe ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`;
      if (v.impact === "serious" || v.impact === "critical") problems.push(where);
      else t.diagnostic(where);
    }
    // What a reviewer looks at (npm run screens): the page as drawn, named by its kind.
    const name = kindOf(path).replaceAll(/[/:]+/g, "-").replace(/^-|-$/g, "") || "home";
    await page.screenshot({ path: join(screens, `${name}.png`), fullPage: true });
    for (const href of await page.$$eval("a[href]:not([download])", (links) => links.map((a) => a.href))) {
      const next = followed(href);
      if (next && !seenKinds.has(kindOf(next))) queue.push(new URL(next, shop.url).href);
    }
  }
  // The screens this must have reached for the check to mean anything.
  const wanted = ["/products/:id", "/stock", "/stock/units/:id", "/drawer", "/sales/:id", "/sales/:id/return", "/service/new", "/service/tickets/:id"];
  for (const kind of [...wanted, "/customers/:id", "/settings/staff/:id", "/settings/catalog", "/drawer/z/:id"])
    assert.ok(seenKinds.has(kind), `never reached ${kind}; reached ${[...seenKinds].join(" ")}`);
  assert.deepEqual(problems, []);
});
