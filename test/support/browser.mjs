// Debian's Chromium, headless, driven by playwright-core (which never downloads a browser).
import { chromium } from "playwright-core";
import { ownerEmail, ownerPin, startShop } from "./shop.mjs";

// The focused element's id once focus has settled on `expected`, or after 5 s: Chromium
// applies `autofocus` in a rendering step after the load event, which a loaded machine
// delays (a count's code box was seen still unfocused right after its page loaded).
export async function focusedId(page, expected) {
  await page.waitForFunction((id) => document.activeElement?.id === id, expected, { timeout: 5000 }).catch(() => {});
  return page.evaluate(() => document.activeElement?.id);
}

export function launchChromium() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

// Signs a page in the way a person does: the shop sends the browser to its OpenID
// provider, the person picks their identity on the provider's page, comes back as a
// trusted device, and enters their PIN on the PIN pad.
export async function signInAt(page, shop, { email, staffName, pin }) {
  await page.goto(shop.url);
  await page.waitForURL(/\/authorize/);
  await Promise.all([page.waitForURL(new RegExp(`^${shop.url}/pin`)), page.click(`button[value="${email}"]`)]);
  await page.check(`label:has-text("${staffName}") input[type=radio]`);
  await page.fill("#pin", pin);
  await Promise.all([page.waitForURL(`${shop.url}/`), page.keyboard.press("Enter")]);
}

// What a screen test starts from: a fresh shop whose owner (recovered, idle time an hour,
// longer than a slow run) is signed in on a new page. `prepare(shop)` runs first, e.g. to
// put rows in place.
export async function ownerAtCounter(prepare = async () => {}) {
  // Whichever of the two started is stopped when the other, or the sign-in, fails: a
  // failed start must fail the test file, never leave a shop or a browser running.
  const [started, launched] = await Promise.allSettled([startShop(), launchChromium()]);
  const stop = async () => {
    // A Chromium that does not close in 10 s is left to the process's end, not waited on.
    if (launched.status === "fulfilled") await Promise.race([launched.value.close(), new Promise((r) => setTimeout(r, 10_000).unref())]);
    if (started.status === "fulfilled") await started.value.stop();
  };
  try {
    if (started.status === "rejected") throw started.reason;
    if (launched.status === "rejected") throw launched.reason;
    const [shop, browser] = [started.value, launched.value];
    await shop.recover({ email: ownerEmail, display_name: "Olive Owner", pin: ownerPin });
    await shop.sql("UPDATE staff SET idle_timeout_s = 3600");
    await prepare(shop);
    const page = await browser.newPage();
    servedBy.set(page, shop);
    await explained(page, () => signInAt(page, shop, { email: ownerEmail, staffName: "Olive Owner", pin: ownerPin }));
    return { shop, browser, page, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

// Which shop a page of ownerAtCounter's is signed in to: a failed wait names what that
// shop did last.
const servedBy = new WeakMap();
async function explained(page, work) {
  try {
    return await work();
  } catch (error) {
    const shop = servedBy.get(page);
    if (shop) error.message += `\nthe page: ${page.url()}\nthe shop's last lines:\n${shop.recentOutput(25)}`;
    throw error;
  }
}

// A change through the API from the signed-in page itself (its cookie, its origin). A
// Worker that does not answer in 30 s fails the test rather than stalling its file.
export function postFromPage(page, path, body) {
  return explained(page, () =>
    page.evaluate(
      async ([path, body]) => {
        const res = await fetch(path, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
        return { status: res.status, body: await res.text() };
      },
      [path, body],
    ),
  );
}

// A form posted by `action` comes back as a page (303): waits for it to load.
export async function navigates(page, action) {
  await explained(page, () => Promise.all([page.waitForNavigation({ waitUntil: "load" }), action()]));
}
