// The three requests the twin answers as Helm does, on a seeded shop: a sales clerk
// signed in on a trusted device, five stocked products with barcodes, GST and PST, an
// open drawer. Seeded once through Helm itself (its own API, run in Node over local D1),
// apart from the device and staff rows, written straight to D1 as the native tests do.
import { createHash } from "node:crypto";
import { migratedState } from "../../test/support/shop.mjs";
import { openLocalD1 } from "../../test/support/d1.mjs";
import { freezeClock, openCopy, recordingDB } from "./host.mjs";

export const origin = "https://helm-demo.example";
export const T0 = Date.parse("2026-03-03T18:00:00.000Z"); // a Tuesday, 10:00 in Vancouver
const sha256hex = (text) => createHash("sha256").update(text).digest("hex");
export const token = sha256hex("the twin's device");

export function request(path, { method = "GET", body, id = "twin" } = {}) {
  const headers = { "cf-ray": id, origin, cookie: `__Host-helm_device=${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  return new Request(`${origin}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

// What a Worker answered, as the check compares it.
export async function answer(res) {
  return { status: res.status, contentType: res.headers.get("content-type"), body: await res.text() };
}

async function ok(res, what) {
  const a = await answer(res);
  if (a.status >= 300) throw new Error(`seeding: ${what} answered ${a.status}: ${a.body}`);
  return JSON.parse(a.body);
}

// Seeds a fresh migrated shop through `helm` (Helm's Worker) with `env`'s vars; answers
// its directory and what the requests need.
export async function seedShop(helm, vars) {
  const persist = migratedState("demo");
  const { d1, dispose } = await openLocalD1(persist);
  const thaw = freezeClock(T0);
  try {
    const hex = (n, seed) => sha256hex(seed).slice(0, n);
    const staff = (id, name, role) =>
      d1
        .prepare(
          "INSERT INTO staff (id, display_name, role_key, pin_hash, pin_salt, pin_iterations, idle_timeout_s, created_at_ms, updated_at_ms) " +
            "VALUES (?1, ?2, ?3, ?4, ?5, 100000, 3600, ?6, ?6)",
        )
        .bind(id, name, role, hex(64, name), hex(32, role), T0);
    await d1.batch([
      d1.prepare("INSERT INTO allowlist (id, email, added_at_ms) VALUES (1, 'owner@demo.kvick.bike', ?1)").bind(T0),
      staff(1, "Olive Owner", "owner"),
      staff(2, "Sam Clerk", "sales"),
      d1
        .prepare(
          "INSERT INTO device_sessions (id, token_hash, allowlist_id, email, created_at_ms, seen_at_ms, expires_at_ms, staff_id, staff_started_at_ms, staff_seen_at_ms) " +
            "VALUES (1, ?1, 1, 'owner@demo.kvick.bike', ?2, ?2, ?2 + 2592000000, 1, ?2, ?2)",
        )
        .bind(sha256hex(token), T0),
    ]);
    const env = { ...vars, DB: d1 };
    const post = async (path, body) => ok(await helm.fetch(request(path, { method: "POST", body }), env, {}), `POST ${path}`);
    for (const [name, rate_ppm] of [["GST", 50000], ["PST", 70000]]) await post("/api/tax-rates", { tax_class: "goods", name, rate_ppm, valid_from: "2020-01-01" });
    await post("/api/drawers", { register_id: 1, float_cents: 20000 });
    const products = [];
    for (let i = 0; i < 5; i++) {
      const { product } = await post("/api/products", { sku: `TWIN-${i}`, name: `Twin part ${i}`, barcodes: [String(4000000000100 + i)], price_cents: 1000 + i * 250 });
      await post(`/api/products/${product.id}/receive`, { quantity: 10000, unit_cost_cents: 400 });
      products.push(product);
    }
    const lines = products.map((p) => ({ product_id: p.id, quantity: 1 }));
    const { quote } = await post("/api/sales/quote", { lines });
    // From here on the clerk is signed in on the device: the requests run as staff without
    // catalog rights, and the gate's copy of who is signed in is stale (the first request
    // reads it afresh and writes it back).
    await d1.prepare("UPDATE device_sessions SET staff_id = 2, staff_started_at_ms = ?1, staff_seen_at_ms = ?1 WHERE id = 1").bind(T0).run();
    const sale = { idempotency_key: "twin-sale-0001", lines, payments: [{ tender: "card", amount_cents: quote.total_cents, reference: "T-0001" }] };
    return { persist, barcode: products[0].barcodes[0], sale };
  } finally {
    thaw();
    await dispose();
  }
}

// The check's run, in order, each at its own instant (a second apart, well within the
// clerk's hour of idle time: no touch but the gate's copy): health; a scan with the gate's copy stale, then fresh; a 5-line card sale and
// its retry with the same key; a barcode no product has.
export function steps(seeded) {
  return [
    { name: "health", path: "/api/health" },
    { name: "scan (the gate's copy stale)", path: `/api/barcodes/${seeded.barcode}` },
    { name: "scan", path: `/api/barcodes/${seeded.barcode}` },
    { name: "checkout", path: "/api/sales", method: "POST", body: seeded.sale },
    { name: "checkout retried", path: "/api/sales", method: "POST", body: seeded.sale },
    { name: "scan of an unknown barcode", path: "/api/barcodes/0000000000000" },
  ].map((s, i) => ({ ...s, at: T0 + 5_000 + i * 1000, id: `twin-${i}` }));
}

// Runs `steps` on a copy of the seeded shop of its own, each at its instant, through env.DB
// with a log: what the Worker answered and the D1 calls (with their answers) it made.
export async function recordRun(worker, seeded, vars, list = steps(seeded)) {
  const db = await openCopy(seeded.persist);
  try {
    const out = [];
    for (const step of list) {
      const calls = [];
      const thaw = freezeClock(step.at);
      try {
        const res = await worker.fetch(request(step.path, step), { ...vars, DB: recordingDB(db.d1, calls) }, {});
        out.push({ step, answer: await answer(res), calls });
      } finally {
        thaw();
      }
    }
    return out;
  } finally {
    await db.dispose();
  }
}

// The seeded device's sessions made current at `now` (the real clock, for a shop served by
// workerd): seeded at T0, they would have expired.
export async function wakeSessions(d1, now) {
  await d1
    .prepare("UPDATE device_sessions SET seen_at_ms = ?1, expires_at_ms = ?1 + 2592000000, staff_started_at_ms = ?1, staff_seen_at_ms = ?1 WHERE id = 1")
    .bind(now)
    .run();
}
