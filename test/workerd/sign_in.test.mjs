// The two layers in the real helm.wasm in workerd: OpenID Connect against a real local
// provider (tokens signed, forged and spoiled for real), then PINs hashed by WebCrypto.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Device, json, ownerEmail, startShop } from "../support/shop.mjs";

let shop, owner;
before(async () => {
  shop = await startShop();
  owner = await shop.ownerDevice();
});
after(async () => {
  await shop?.stop();
});

const devices = async () => (await shop.sql("SELECT count(*) AS n FROM device_sessions"))[0].n;

async function allow(email) {
  const res = await owner.fetch("/api/allowlist", { method: "POST", body: JSON.stringify({ email }) });
  assert.equal(res.status, 201, await res.clone().text());
}

async function refusal(result) {
  assert.equal(result.device, null, "no device cookie");
  return { status: result.res.status, page: await result.res.text() };
}

describe("layer 1: the device gate", () => {
  it("lets an allowlisted, verified email in with a __Host- cookie that holds only a random id", async () => {
    await allow("sales@demo.kvick.bike");
    const { res, deviceCookie, signInCookie, device } = await shop.signIn("sales@demo.kvick.bike");
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/");
    assert.match(deviceCookie.line, /^__Host-helm_device=[0-9a-f]{64}; Max-Age=2592000; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
    assert.doesNotMatch(deviceCookie.line, /Domain/i);
    assert.match(signInCookie.line, /^__Host-helm_sign_in=[0-9a-f]{64}; Max-Age=600; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
    const [row] = await shop.sql(`SELECT token_hash, email FROM device_sessions WHERE email = 'sales@demo.kvick.bike'`);
    assert.notEqual(row.token_hash, device.token, "only the token's hash is stored");
    const [entry] = await shop.sql(`SELECT issuer, subject FROM allowlist WHERE email = 'sales@demo.kvick.bike'`);
    assert.equal(entry.issuer, shop.provider.issuer, "the first sign-in binds the entry");
    assert.match(entry.subject, /^sub-/);
    const session = await json(await device.fetch("/api/session"));
    assert.equal(session.device.email, "sales@demo.kvick.bike");
    assert.equal(session.staff, null);
  });

  for (const [tamper, message] of [
    ["forged", /signature/],
    ["other-key", /signature/],
    ["expired", /expired/],
    ["wrong-audience", /another client/],
    ["wrong-issuer", /issuer|iss/],
    ["wrong-nonce", /nonce/],
  ]) {
    it(`refuses a ${tamper} ID token and creates no device`, async () => {
      const before = await devices();
      const { status, page } = await refusal(await shop.signIn(ownerEmail, { tamper }));
      assert.equal(status, 401);
      assert.match(page, message);
      assert.equal(await devices(), before);
    });
  }

  it("refuses a replayed state: the callback works once", async () => {
    const first = await shop.signIn(ownerEmail);
    assert.ok(first.device);
    const replay = await fetch(first.callback, { redirect: "manual", headers: { cookie: `__Host-helm_sign_in=${first.signInCookie.value}` } });
    assert.equal(replay.status, 401);
    assert.match(await replay.text(), /already used or has expired/);
    assert.equal(replay.headers.getSetCookie().some((c) => c.startsWith("__Host-helm_device=") && !c.startsWith("__Host-helm_device=;")), false);
  });

  it("refuses a callback from a browser that did not start the sign-in", async () => {
    const start = await fetch(`${shop.url}/auth/sign-in?login_hint=${ownerEmail}`, { redirect: "manual" });
    const back = await fetch(start.headers.get("location"), { redirect: "manual" });
    const res = await fetch(back.headers.get("location"), { redirect: "manual" }); // no sign-in cookie
    assert.equal(res.status, 401);
    assert.match(await res.text(), /started in another browser/);
  });

  it("shows a clear refusal and no shop data to an email off the allowlist, or one not verified", async () => {
    const before = await devices();
    const stranger = await refusal(await shop.signIn("stranger@example.com"));
    assert.equal(stranger.status, 403);
    assert.match(stranger.page, /stranger@example\.com is not on Helm Demo Cycles&#39;s list/);
    assert.doesNotMatch(stranger.page, /<nav[^>]*><ul><li/, "no navigation");
    shop.provider.signInAs("mechanic@demo.kvick.bike", { email_verified: false });
    await allow("mechanic@demo.kvick.bike");
    const unverified = await refusal(await shop.signIn("mechanic@demo.kvick.bike"));
    assert.equal(unverified.status, 403);
    assert.match(unverified.page, /did not vouch for this account/);
    assert.equal(await devices(), before);
  });

  it("holds a bound entry to its (iss, sub): another account with the same email is refused", async () => {
    shop.provider.signInAs(ownerEmail, { sub: "someone-else" });
    try {
      const { status, page } = await refusal(await shop.signIn(ownerEmail));
      assert.equal(status, 403);
      assert.match(page, /bound to another account/);
    } finally {
      shop.provider.signInAs(ownerEmail, {});
    }
  });

  it("answers anyone without a device: 401 JSON for the API, a redirect to sign-in for pages", async () => {
    for (const path of ["/api/products", "/api/staff", "/api/audit", "/api/session", "/api/allowlist"]) {
      const res = await fetch(`${shop.url}${path}`);
      assert.equal(res.status, 401, path);
      const { error } = await json(res);
      assert.deepEqual([error.code, error.field], ["unauthenticated", "device"]);
    }
    const page = await fetch(`${shop.url}/products?q=bell`, { redirect: "manual" });
    assert.equal(page.status, 303);
    assert.equal(page.headers.get("location"), "/auth/sign-in?next=/products%3Fq%3Dbell");
    // The cookie must carry the __Host- name: the same token under another name is nobody.
    const plain = await fetch(`${shop.url}/api/session`, { headers: { cookie: `helm_device=${owner.token}` } });
    assert.equal(plain.status, 401);
    assert.equal((await fetch(`${shop.url}/api/health`)).status, 200);
  });

  it("refuses a cross-site form post that carries the device cookie (CSRF), and writes nothing", async () => {
    const before = (await shop.sql("SELECT count(*) AS n FROM products"))[0].n;
    const res = await owner.fetch("/products", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "sku=EVIL-1&name=Evil&price=1.00",
    });
    assert.equal(res.status, 403);
    assert.equal((await shop.sql("SELECT count(*) AS n FROM products"))[0].n, before);
  });

  it("signs a device out: its cookie stops working at once", async () => {
    const { device } = await shop.signIn(ownerEmail);
    const out = await device.fetch("/auth/sign-out", { method: "POST" });
    assert.equal(out.status, 303);
    assert.match(out.headers.getSetCookie()[0], /^__Host-helm_device=; Max-Age=0/);
    assert.equal((await device.fetch("/api/session")).status, 401);
  });
});

describe("layer 2: staff PINs", () => {
  let counter, sam;
  before(async () => {
    const created = await owner.fetch("/api/staff", { method: "POST", body: JSON.stringify({ display_name: "Sam Sales", role: "sales", pin: "52806" }) });
    sam = (await json(created)).staff.id;
    counter = (await shop.signIn(ownerEmail)).device;
  });

  it("asks a device without a staff member for a PIN, then lets Sam do what Sales may and no more", async () => {
    const locked = await counter.fetch("/api/products");
    assert.equal(locked.status, 401);
    assert.equal((await json(locked)).error.field, "pin");
    const page = await counter.fetch("/products");
    assert.equal(page.headers.get("location"), "/pin?next=/products");
    assert.equal((await counter.pin(sam, "52806")).status, 200);
    assert.equal((await counter.fetch("/api/products")).status, 200);
    const refused = await counter.fetch("/api/staff");
    assert.equal(refused.status, 403);
    assert.deepEqual([(await json(refused)).error.code, (await json(await counter.fetch("/api/audit"))).error.field], ["permission_denied", "action.audit_view"]);
  });

  it("locks Sam after five wrong PINs, on every device, with an audit row", async () => {
    await counter.fetch("/api/pin/sign-out", { method: "POST", body: "{}" });
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await counter.pin(sam, "11112")).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 429]);
    assert.equal((await counter.pin(sam, "52806")).status, 429);
    const elsewhere = (await shop.signIn(ownerEmail)).device;
    assert.equal((await elsewhere.pin(sam, "52806")).status, 429);
    const [locks] = await shop.sql(`SELECT count(*) AS n FROM audit_events WHERE action = 'staff.pin_locked' AND entity_id = '${sam}'`);
    assert.equal(locks.n, 1);
  });

  it("ends a disabled staff member's session at once", async () => {
    const created = await owner.fetch("/api/staff", { method: "POST", body: JSON.stringify({ display_name: "Jo Junior", role: "junior", pin: "73051" }) });
    const jo = (await json(created)).staff.id;
    const till = (await shop.signIn(ownerEmail)).device;
    assert.equal((await till.pin(jo, "73051")).status, 200);
    assert.equal((await till.fetch("/api/session").then(json)).staff.id, jo);
    assert.equal((await owner.fetch(`/api/staff/${jo}`, { method: "PATCH", body: '{"disabled":true,"version":1}' })).status, 200);
    assert.equal((await till.fetch("/api/session").then(json)).staff, null);
  });

  it("recovers a locked-out owner only with the shop's secret, and audits it", async () => {
    const wrong = await fetch(`${shop.url}/auth/recover`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ secret: "not-it", email: ownerEmail, display_name: "Olive Owner", pin: "29374" }),
    });
    assert.equal(wrong.status, 401);
    const done = await shop.recover({ email: ownerEmail, display_name: "Olive Owner", pin: "29374" });
    assert.equal(done.status, 200);
    assert.equal(done.body.staff_id, owner.staffId);
    const [event] = await shop.sql("SELECT actor, action FROM audit_events ORDER BY seq DESC LIMIT 1");
    assert.deepEqual(event, { actor: "recovery", action: "staff.recovery" });
    // The owner's old devices were signed out; a fresh sign-in and the new PIN work.
    assert.equal((await owner.fetch("/api/session")).status, 401);
    const fresh = (await shop.signIn(ownerEmail)).device;
    assert.equal((await fresh.pin(owner.staffId, "29374")).status, 200);
    owner = Object.assign(fresh, { staffId: owner.staffId });
    assert.ok(owner instanceof Device);
  });
});
