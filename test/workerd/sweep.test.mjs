// Bad input against the real D1 in workerd, where it once became a 5xx: every control
// character in every search box (FTS5 in D1 answered them with an error), ids beyond
// 2^53 in bodies (they cannot cross into D1), unknown fields and malformed bodies, and a
// JSON request to a page's path. Each answer is a 4xx JSON error naming a field, and none
// writes. The full generated sweep over every route runs natively (test/native/sweep_test.cpp).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { json, startShop } from "../support/shop.mjs";

let shop, owner;
before(async () => {
  shop = await startShop();
  owner = await shop.ownerDevice();
});
after(async () => {
  await shop?.stop();
});

const events = async () => (await shop.sql("SELECT count(*) AS n FROM audit_events"))[0].n;

async function refused(res, field) {
  assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  const { error } = await json(res);
  assert.ok(error.field, `no field in ${JSON.stringify(error)}`);
  if (field) assert.equal(error.field, field);
  return error;
}

const send = (method, path, body, headers = { "content-type": "application/json" }) =>
  owner.fetch(path, { method, headers, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("bad input in workerd", () => {
  it("refuses every control character in a search with a 400 naming q", async () => {
    for (const path of ["/api/products", "/api/customers", "/api/work-orders"]) {
      for (let c = 0; c < 0x20; c++) {
        await refused(await owner.fetch(`${path}?q=a${encodeURIComponent(String.fromCharCode(c))}b`), "q");
      }
    }
  });

  it("refuses ids and numbers beyond 2^53 in a body with a 400 naming the field, writing nothing", async () => {
    const before = await events();
    const big = "9007199254740993";
    await refused(await send("POST", "/api/pin", `{"staff_id":${big},"pin":"70319"}`), "staff_id");
    await refused(await send("POST", "/api/sales/quote", `{"lines":[{"product_id":${big},"quantity":1}]}`), "lines[0].product_id");
    await refused(await send("POST", "/api/work-orders", `{"customer_id":${big}}`), "customer_id");
    await refused(await send("POST", "/api/drawers", `{"register_id":${big},"float_cents":0}`), "register_id");
    await refused(await send("PUT", "/api/ops/settings", `{"keep_daily":${big}}`), "keep_daily");
    assert.equal(await events(), before);
  });

  it("refuses unknown fields and malformed bodies in the one body reader", async () => {
    const before = await events();
    await refused(await send("POST", "/api/allowlist", { email: "x@example.com", role: "owner" }), "role");
    await refused(await send("POST", "/api/pin/sign-out", "{"), "body");
    await refused(await send("POST", "/api/vendors", '{"name":"A","name":"B"}'), "name");
    await refused(await send("POST", "/api/customers", "[]"), "body");
    assert.equal(await events(), before);
  });

  it("answers a JSON request in JSON whatever its path", async () => {
    await refused(await send("POST", "/auth/recover", { secret: "wrong" }));
    await refused(await owner.fetch("/no/such/page", { headers: { accept: "application/json" } }), "path");
    await refused(await owner.fetch("/api/health", { method: "DELETE" }), "method");
  });
});
