// Debian's Chromium, headless, driven by playwright-core (which never downloads a browser).
import { chromium } from "playwright-core";

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
