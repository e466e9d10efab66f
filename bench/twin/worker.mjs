// The JS twin: a small hand-written Worker that answers three of Helm's requests as Helm
// does (GET /api/health, GET /api/barcodes/:code as a signed-in clerk, POST /api/sales
// for a plain card sale), issuing the same D1 statements (text, binds, batch grouping)
// and answering the same status and bytes. It is the yardstick npm run bench holds Helm
// to: what the same work costs written directly in JavaScript. It covers only the paths
// those requests take on a seeded shop (no discounts, serials, customers, gift cards,
// drafts or held sales): test/workerd/twin.test.mjs checks it against Helm's statements
// and answers, so a change to Helm's statements shows there first.
//
// The SQL is Helm's, copied as Helm sends it (recorded, not derived): when Helm's
// statements change, the check fails and the text below is updated to match.

const json = (value) => JSON.stringify(sorted(value));
// nlohmann::json keeps an object's keys sorted; Helm's bodies and hashes are made so.
function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const key of Object.keys(value).sort()) out[key] = sorted(value[key]);
  return out;
}

const encoder = new TextEncoder();
async function sha256hex(text) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

const HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
function reply(status, body, requestId) {
  return new Response(json(body), { status, headers: { ...HEADERS, "x-request-id": requestId } });
}
const STATUS = { unavailable: 503, invalid_argument: 400, unauthenticated: 401, permission_denied: 403, not_found: 404, already_exists: 409, failed_precondition: 409 };
class Refusal {
  constructor(code, message, field) {
    Object.assign(this, { code, message, field });
  }
}

// ---- the gate (src/auth/gate.cpp, src/auth/auth_sql.hpp) ----
const FRESH = "(d.cached_version IS NOT NULL AND d.cached_staff_id IS d.staff_id)";
const SQL_GATE =
  "SELECT d.id, d.email, d.seen_at_ms, d.staff_id AS signed_in_staff_id, d.staff_started_at_ms, d.staff_seen_at_ms, " +
  `       CASE WHEN ${FRESH} THEN d.cached_version ELSE (SELECT access_version FROM shop_settings WHERE id = 1) END ` +
  `         AS access_version, ${FRESH} AS fresh, ` +
  `       CASE WHEN ${FRESH} THEN d.cached_staff_id ` +
  "            ELSE (SELECT s.id FROM staff s WHERE s.id = d.staff_id AND s.disabled = 0) END AS staff_id, " +
  `       CASE WHEN ${FRESH} THEN d.cached_staff_name ` +
  "            ELSE (SELECT s.display_name FROM staff s WHERE s.id = d.staff_id) END AS display_name, " +
  `       CASE WHEN ${FRESH} THEN d.cached_role ELSE (SELECT s.role_key FROM staff s WHERE s.id = d.staff_id) END AS role_key, ` +
  `       CASE WHEN ${FRESH} THEN d.cached_idle_timeout_s ` +
  "            ELSE (SELECT coalesce(s.idle_timeout_s, r.idle_timeout_s, st.staff_idle_timeout_s) FROM staff s " +
  "                  LEFT JOIN roles r ON r.key = s.role_key JOIN shop_settings st ON st.id = 1 WHERE s.id = d.staff_id) END AS idle_timeout_s, " +
  `       CASE WHEN ${FRESH} THEN d.cached_permissions ELSE (SELECT group_concat(key, ' ') FROM (` +
  "          SELECT rp.permission_key AS key FROM staff s JOIN role_permissions rp ON rp.role_key = s.role_key " +
  "          WHERE s.id = d.staff_id AND NOT EXISTS (" +
  "            SELECT 1 FROM staff_screen_permissions o WHERE o.staff_id = s.id AND o.permission_key = rp.permission_key " +
  "            AND o.allowed = 0) " +
  "          UNION SELECT o.permission_key FROM staff_screen_permissions o WHERE o.staff_id = d.staff_id AND o.allowed = 1 " +
  "          ORDER BY key)) END AS permissions " +
  "FROM device_sessions d " +
  "WHERE d.token_hash = ?1 AND d.revoked_at_ms IS NULL AND d.expires_at_ms > ?2";
const SQL_CACHE_STAFF =
  "UPDATE device_sessions SET cached_version = ?2, cached_staff_id = ?3, cached_staff_name = ?4, cached_role = ?5, " +
  "cached_idle_timeout_s = ?6, cached_permissions = ?7 WHERE id = ?1 AND staff_id IS ?3 " +
  "AND ?2 = (SELECT access_version FROM shop_settings WHERE id = 1)";
const SQL_RENEW_DEVICE = "UPDATE device_sessions SET seen_at_ms = ?2, expires_at_ms = ?3 WHERE id = ?1";
const SQL_STAFF_SEEN = "UPDATE device_sessions SET staff_seen_at_ms = ?2 WHERE id = ?1 AND staff_started_at_ms = ?3";
const SQL_STAFF_ENDED =
  "UPDATE device_sessions SET staff_id = NULL, staff_started_at_ms = NULL, staff_seen_at_ms = NULL " +
  "WHERE id = ?1 AND staff_started_at_ms = ?2";
const DEVICE_TOUCH_MS = 3600 * 1000;
const DEVICE_LIFETIME_MS = 30 * 86400 * 1000;
const STAFF_SESSION_CAP_MS = 12 * 3600 * 1000;

function cookie(request, name) {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return "";
}

// Who is asking: the device and staff session, or a refusal. `needs`: "staff" or a permission.
async function admit(db, request, url, now, needs) {
  const token = cookie(request, "__Host-helm_device");
  if (token && request.method !== "GET" && request.method !== "HEAD" && request.headers.get("origin") !== url.origin)
    throw new Refusal("permission_denied", "this request came from another site", "origin");
  if (!/^[0-9a-f]{64}$/.test(token)) throw new Refusal("unauthenticated", "sign in on this device first", "device");
  const { results } = await db.prepare(SQL_GATE).bind(await sha256hex(token), now).all();
  if (!results.length) throw new Refusal("unauthenticated", "sign in on this device first", "device");
  const row = results[0];
  const touches = [];
  if (now - row.seen_at_ms >= DEVICE_TOUCH_MS) touches.push(db.prepare(SQL_RENEW_DEVICE).bind(row.id, now, now + DEVICE_LIFETIME_MS));
  let staff = null;
  if (row.signed_in_staff_id !== null) {
    const idle = row.idle_timeout_s ?? 60;
    const started = row.staff_started_at_ms;
    const seen = row.staff_seen_at_ms;
    if (row.staff_id === null || now - seen >= idle * 1000 || now - started >= STAFF_SESSION_CAP_MS) {
      touches.push(db.prepare(SQL_STAFF_ENDED).bind(row.id, started));
    } else {
      staff = { id: row.staff_id, name: row.display_name, permissions: (row.permissions ?? "").split(" ") };
      if (now - seen >= Math.trunc((idle * 1000) / 4)) touches.push(db.prepare(SQL_STAFF_SEEN).bind(row.id, now, started));
      if (row.fresh === 0)
        touches.push(db.prepare(SQL_CACHE_STAFF).bind(row.id, row.access_version, row.staff_id, row.display_name, row.role_key, idle, row.permissions ?? ""));
    }
  }
  if (touches.length) await db.batch(touches);
  if (!staff) throw new Refusal("unauthenticated", "enter your PIN to go on", "pin");
  if (needs !== "staff" && !staff.permissions.includes(needs)) throw new Refusal("permission_denied", `${staff.name} may not do this (needs ${needs})`, needs);
  return staff;
}

// ---- health (src/ops/health.cpp) ----
const SQL_LATEST_MIGRATION = "SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1";

async function health(db, env, build, now) {
  const { results } = await db.prepare(SQL_LATEST_MIGRATION).all();
  return {
    ok: true,
    shop: env.SHOP_SLUG,
    build: { version: build.version, commit: build.commit, built_at: build.built_at, environment: build.environment },
    migration: results.length ? results[0].name : null,
    server_time: new Date(now).toISOString(),
    server_time_ms: now,
  };
}

// ---- the scan (src/catalog) ----
const PRODUCT_COLUMNS =
  "SELECT p.id, p.parent_id, p.kind, p.sku, p.name, p.brand, p.model_year, p.size, p.colour, p.category_id, p.tax_class_key, " +
  "p.price_cents, p.msrp_cents, p.average_cost_cents, p.standard_minutes, p.serialized, p.reorder_min, p.reorder_max, p.on_hand, " +
  "p.discountable, p.active, p.version, p.created_at_ms, p.updated_at_ms, " +
  "coalesce(p.barcodes_json, '[]') AS barcodes, coalesce(p.vendors_json, '[]') AS vendors FROM products p ";
const SQL_PRODUCT_BY_CODE = `${PRODUCT_COLUMNS}WHERE p.id = coalesce((SELECT product_id FROM product_barcodes WHERE code = ?1), (SELECT id FROM products WHERE sku = ?1))`;
const SQL_PRODUCTS_BY_IDS = `${PRODUCT_COLUMNS}WHERE p.id IN (SELECT value FROM json_each(?1))`;

function productJson(p) {
  return {
    id: p.id, parent_id: p.parent_id, kind: p.kind, sku: p.sku, name: p.name, brand: p.brand, model_year: p.model_year,
    size: p.size, colour: p.colour, category_id: p.category_id, tax_class: p.tax_class_key, price_cents: p.price_cents,
    msrp_cents: p.msrp_cents, average_cost_cents: p.average_cost_cents, standard_minutes: p.standard_minutes,
    serialized: p.serialized === 1, reorder_min: p.reorder_min, reorder_max: p.reorder_max, on_hand: p.on_hand,
    discountable: p.discountable === 1, active: p.active === 1, version: p.version, created_at_ms: p.created_at_ms,
    updated_at_ms: p.updated_at_ms, barcodes: JSON.parse(p.barcodes),
    vendors: JSON.parse(p.vendors).map((v) => ({ vendor_id: v.vendor_id, vendor_part_number: v.vendor_part_number, cost_cents: v.cost_cents })),
  };
}

async function scan(db, code) {
  const { results } = await db.prepare(SQL_PRODUCT_BY_CODE).bind(code).all();
  if (!results.length) throw new Refusal("not_found", "no product has this barcode or SKU", "code");
  return { product: productJson(results[0]) };
}

// ---- the checkout (src/sales, src/audit) ----
// Everything the sale reads and writes is in this section, in the order Helm sends it:
// checkout() reads the inputs in one batch, prices the cart, reads the chain's head with
// the next number, then writes one audited batch that ends by reading the sale back.
// When Helm's checkout statements change, this section is the one to edit.
const CHECKOUT = {
  byKey: "SELECT id, request_digest FROM sales WHERE idempotency_key = ?1",
  settings: "SELECT prices_include_tax, tax_rounding, discount_limit_ppm, receiptless_returns, show_expected_cash FROM shop_settings WHERE id = 1",
  register: "SELECT id, name, auto_print FROM registers WHERE id = ?1",
  rates:
    "SELECT id, name, tax_class_key, rate_ppm FROM tax_rates WHERE valid_from <= ?1 AND (valid_until IS NULL OR valid_until > ?1) ORDER BY tax_class_key, id",
  products: SQL_PRODUCTS_BY_IDS,
  drawer: "SELECT id FROM drawer_sessions WHERE register_id = ?1 AND status = 'open'",
  head: "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
  nextId: "SELECT coalesce(max(id), 0) + 1 AS id FROM sales",
  appendEvent:
    "INSERT INTO audit_events (seq, at_ms, actor, action, entity, entity_id, request_id, build_version, before_json, after_json, prev_hash, hash) " +
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
  insertSale:
    "INSERT INTO sales (id, number, kind, original_sale_id, register_id, staff_id, approved_by_staff_id, customer_id, tax_exempt_reference, " +
    "business_date, prices_include_tax, tax_rounding, subtotal_cents, discount_cents, tax_cents, total_cents, note, reason, idempotency_key, " +
    "completed_at_ms, work_order_id, request_digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
  insertLines:
    "INSERT INTO sale_lines (sale_id, line_no, kind, product_id, sku, description, tax_class_key, quantity, list_price_cents, unit_price_cents, " +
    "price_override_reason, line_discount_cents, sale_discount_cents, base_cents, tax_cents, total_cents, unit_cost_cents, serial_unit_id, " +
    "account_code, returns_line_id) SELECT ?1, j.value ->> 'line_no', j.value ->> 'kind', j.value ->> 'product_id', j.value ->> 'sku', " +
    "j.value ->> 'description', j.value ->> 'tax_class', j.value ->> 'quantity', j.value ->> 'list_price', j.value ->> 'unit_price', " +
    "j.value ->> 'price_reason', j.value ->> 'line_discount', j.value ->> 'sale_discount', j.value ->> 'base', j.value ->> 'tax', " +
    "j.value ->> 'total', j.value ->> 'unit_cost', j.value ->> 'serial_unit_id', j.value ->> 'account_code', j.value ->> 'returns_line_id' " +
    "FROM json_each(?2) j",
  insertTaxes:
    "INSERT INTO sale_line_taxes (sale_line_id, tax_rate_id, name, rate_ppm, base_cents, tax_cents) SELECT l.id, j.value ->> 'rate_id', " +
    "j.value ->> 'name', j.value ->> 'rate_ppm', j.value ->> 'base', j.value ->> 'tax' FROM json_each(?2) j " +
    "JOIN sale_lines l ON l.sale_id = ?1 AND l.line_no = j.value ->> 'line_no'",
  insertMovements:
    "INSERT INTO stock_movements (product_id, quantity, reason, unit_cost_cents, reference, staff_id, at_ms) SELECT j.value ->> 'product_id', " +
    "j.value ->> 'quantity', j.value ->> 'reason', (SELECT average_cost_cents FROM products WHERE id = j.value ->> 'product_id'), ?2, ?3, ?4 " +
    "FROM json_each(?1) j",
  insertPayment:
    "INSERT INTO sale_payments (sale_id, tender, amount_cents, tendered_cents, change_cents, reference, account_id, drawer_session_id) " +
    "VALUES (?1, ?7, ?5, ?8, ?9, ?10, CASE WHEN ?2 IS NULL THEN NULL ELSE (SELECT id FROM accounts WHERE kind = ?2 AND (code = ?3 OR customer_id = ?4)) END, " +
    "CASE WHEN ?7 = 'cash' THEN (SELECT id FROM drawer_sessions WHERE register_id = ?11 AND status = 'open') END)",
  readSale:
    "SELECT s.id, s.number, s.kind, s.original_sale_id, o.number AS original_number, s.register_id, s.staff_id, st.display_name AS staff_name, " +
    "s.approved_by_staff_id, s.customer_id, c.name AS customer_name, s.tax_exempt_reference, s.business_date, s.prices_include_tax, " +
    "s.tax_rounding, s.subtotal_cents, s.discount_cents, s.tax_cents, s.total_cents, s.note, s.reason, s.completed_at_ms, s.work_order_id, " +
    "wo.number AS work_order_number, (SELECT v.id FROM sales v WHERE v.original_sale_id = s.id AND v.kind = 'void') AS voided_by_sale_id, " +
    "(SELECT coalesce(sum(p.change_cents), 0) FROM sale_payments p WHERE p.sale_id = s.id) AS change_cents FROM sales s " +
    "LEFT JOIN sales o ON o.id = s.original_sale_id LEFT JOIN staff st ON st.id = s.staff_id LEFT JOIN customers c ON c.id = s.customer_id " +
    "LEFT JOIN work_orders wo ON wo.id = s.work_order_id WHERE s.id = ?1",
  readLines:
    "SELECT l.id, l.line_no, l.kind, l.product_id, l.sku, l.description, l.tax_class_key, l.quantity, l.list_price_cents, l.unit_price_cents, " +
    "l.price_override_reason, l.line_discount_cents, l.sale_discount_cents, l.base_cents, l.tax_cents, l.total_cents, l.unit_cost_cents, " +
    "l.serial_unit_id, u.serial, l.account_code, l.returns_line_id, (SELECT coalesce(-sum(r.quantity), 0) FROM sale_lines r " +
    "WHERE r.returns_line_id = l.id) AS returned FROM sale_lines l LEFT JOIN serial_units u ON u.id = l.serial_unit_id " +
    "WHERE l.sale_id = ?1 ORDER BY l.line_no",
  readTaxes:
    "SELECT l.line_no, t.tax_rate_id, t.name, t.rate_ppm, t.base_cents, t.tax_cents FROM sale_line_taxes t " +
    "JOIN sale_lines l ON l.id = t.sale_line_id WHERE l.sale_id = ?1 ORDER BY l.line_no, t.tax_rate_id",
  readPayments: "SELECT tender, amount_cents, tendered_cents, change_cents, reference FROM sale_payments WHERE sale_id = ?1 ORDER BY id",
};
const GENESIS_HASH = "0".repeat(64);

// The shop's business date at `now` (its own time zone).
const dateFormats = new Map();
function businessDate(zone, now) {
  let format = dateFormats.get(zone);
  if (!format) dateFormats.set(zone, (format = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })));
  return format.format(new Date(now));
}

// Half up, as Helm rounds a tax (positive amounts only here).
const taxOf = (base, ppm) => Math.floor((base * ppm + 500000) / 1000000);

function saleRequest(body) {
  const sale = JSON.parse(body);
  if (typeof sale.idempotency_key !== "string" || !Array.isArray(sale.lines) || !Array.isArray(sale.payments))
    throw new Refusal("invalid_argument", "a sale needs an idempotency_key, lines and payments", "body");
  return {
    key: sale.idempotency_key,
    image: {
      register_id: sale.register_id ?? 1,
      lines: sale.lines.map((l) => ({ quantity: l.quantity ?? 1, product_id: l.product_id })),
      payments: sale.payments.map((p) => ({ tender: p.tender, amount_cents: p.amount_cents, ...(p.reference === undefined ? {} : { reference: p.reference }) })),
    },
  };
}

const saleReads = (db, id) => [
  db.prepare(CHECKOUT.readSale).bind(id),
  db.prepare(CHECKOUT.readLines).bind(id),
  db.prepare(CHECKOUT.readTaxes).bind(id),
  db.prepare(CHECKOUT.readPayments).bind(id),
];

function saleFrom([sale, lines, taxes, payments]) {
  const s = sale.results[0];
  const byLine = new Map();
  const totals = new Map();
  for (const t of taxes.results) {
    const tax = { rate_id: t.tax_rate_id, name: t.name, rate_ppm: t.rate_ppm, base_cents: t.base_cents, tax_cents: t.tax_cents };
    if (!byLine.has(t.line_no)) byLine.set(t.line_no, []);
    byLine.get(t.line_no).push(tax);
    const sum = totals.get(t.tax_rate_id) ?? { rate_id: t.tax_rate_id, name: t.name, rate_ppm: t.rate_ppm, base_cents: 0, tax_cents: 0 };
    sum.base_cents += t.base_cents;
    sum.tax_cents += t.tax_cents;
    totals.set(t.tax_rate_id, sum);
  }
  return {
    ...s,
    prices_include_tax: s.prices_include_tax === 1,
    lines: lines.results.map(({ tax_class_key, unit_cost_cents: _cost, ...l }) => ({ ...l, tax_class: tax_class_key, taxes: byLine.get(l.line_no) ?? [] })),
    taxes: [...totals.values()],
    payments: payments.results,
  };
}

async function checkout(db, env, requestId, staff, body, now) {
  const rq = saleRequest(body);
  const digest = await sha256hex(`sale\n${json(rq.image)}`);
  const date = businessDate(env.SHOP_TIMEZONE, now);
  const [settingsRead, registerRead, ratesRead, productsRead, , keyRead] = await db.batch([
    db.prepare(CHECKOUT.settings),
    db.prepare(CHECKOUT.register).bind(rq.image.register_id),
    db.prepare(CHECKOUT.rates).bind(date),
    db.prepare(CHECKOUT.products).bind(json(rq.image.lines.map((l) => l.product_id))),
    db.prepare(CHECKOUT.drawer).bind(rq.image.register_id),
    db.prepare(CHECKOUT.byKey).bind(rq.key),
  ]);
  const prior = keyRead.results[0];
  if (prior) {
    if (prior.request_digest !== digest) throw new Refusal("already_exists", "this idempotency_key was used for another request", "idempotency_key");
    return [200, { replayed: true, sale: saleFrom(await db.batch(saleReads(db, prior.id))) }];
  }
  const settings = settingsRead.results[0];
  if (!registerRead.results.length) throw new Refusal("not_found", "no such register", "register_id");
  const rates = ratesRead.results;
  const products = new Map(productsRead.results.map((p) => [p.id, p]));
  const lines = [];
  for (const [i, l] of rq.image.lines.entries()) {
    const p = products.get(l.product_id);
    if (!p) throw new Refusal("not_found", `no product ${l.product_id}`, `lines[${i}].product_id`);
    const base = p.price_cents * l.quantity;
    const taxes = rates.filter((r) => r.tax_class_key === p.tax_class_key).map((r) => ({ rate_id: r.id, name: r.name, rate_ppm: r.rate_ppm, base, tax: taxOf(base, r.rate_ppm) }));
    const tax = taxes.reduce((a, t) => a + t.tax, 0);
    lines.push({ line_no: i + 1, product: p, quantity: l.quantity, base, tax, total: base + tax, taxes });
  }
  const subtotal = lines.reduce((a, l) => a + l.base, 0);
  const taxTotal = lines.reduce((a, l) => a + l.tax, 0);
  const total = subtotal + taxTotal;
  const paid = rq.image.payments.reduce((a, p) => a + p.amount_cents, 0);
  if (paid !== total) throw new Refusal("invalid_argument", "the payments do not add up to the total", "payments");

  // One audited batch; a write that lost the race for the chain's head tries again on the
  // new head, as audit::commit does.
  for (let attempt = 0; attempt < 100; attempt++) {
    const done = await writeSale(db, env, requestId, staff, rq, digest, settings, date, lines, now);
    if (done) return done;
  }
  throw new Refusal("unavailable", "too many changes at once; try again", "");
}

async function writeSale(db, env, requestId, staff, rq, digest, settings, date, lines, now) {
  const subtotal = lines.reduce((a, l) => a + l.base, 0);
  const taxTotal = lines.reduce((a, l) => a + l.tax, 0);
  const total = subtotal + taxTotal;
  const [headRead, nextRead] = await db.batch([db.prepare(CHECKOUT.head), db.prepare(CHECKOUT.nextId)]);
  const head = headRead.results[0];
  const id = nextRead.results[0].id;
  const number = `S-${String(id).padStart(5, "0")}`;
  const after = json({
    approved_by_staff_id: null, business_date: date, customer_id: null, kind: "sale", lines: lines.length, number, original_sale_id: null,
    payments: rq.image.payments.map((p) => ({ amount_cents: p.amount_cents, tender: p.tender })), subtotal_cents: subtotal, tax_cents: taxTotal, total_cents: total,
  });
  const event = {
    seq: head ? head.seq + 1 : 1, at_ms: now, actor: `staff:${staff.id}`, action: "sale.sale", entity: "sale", entity_id: String(id),
    request_id: requestId, build_version: env.HELM_BUILD_VERSION, before: null, after, prev_hash: head ? head.hash : GENESIS_HASH,
  };
  const hash = await sha256hex(event.prev_hash + json(event));
  const lineRows = lines.map((l) => ({
    account_code: null, base: l.base, description: l.product.name, kind: l.product.kind, line_discount: 0, line_no: l.line_no,
    list_price: l.product.price_cents, price_reason: null, product_id: l.product.id, quantity: l.quantity, returns_line_id: null,
    sale_discount: 0, serial_unit_id: null, sku: l.product.sku, tax: l.tax, tax_class: l.product.tax_class_key, total: l.total,
    unit_cost: l.product.average_cost_cents, unit_price: l.product.price_cents,
  }));
  const taxRows = lines.flatMap((l) => l.taxes.map((t) => ({ base: t.base, line_no: l.line_no, name: t.name, rate_id: t.rate_id, rate_ppm: t.rate_ppm, tax: t.tax })));
  const movements = lines.filter((l) => l.product.kind === "stock").map((l) => ({ product_id: l.product.id, quantity: -l.quantity, reason: "sale" }));
  const statements = [
    db.prepare(CHECKOUT.appendEvent).bind(event.seq, now, event.actor, event.action, event.entity, event.entity_id, requestId, event.build_version, null, after, event.prev_hash, hash),
    db.prepare(CHECKOUT.insertSale).bind(id, number, "sale", null, rq.image.register_id, staff.id, null, null, null, date, settings.prices_include_tax, settings.tax_rounding,
      subtotal, 0, taxTotal, total, null, null, rq.key, now, null, digest),
    db.prepare(CHECKOUT.insertLines).bind(id, json(lineRows)),
    db.prepare(CHECKOUT.insertTaxes).bind(id, json(taxRows)),
    db.prepare(CHECKOUT.insertMovements).bind(json(movements), number, staff.id, now),
    ...rq.image.payments.map((p) =>
      db.prepare(CHECKOUT.insertPayment).bind(id, null, null, null, p.amount_cents, null, p.tender, null, 0, p.reference ?? null, rq.image.register_id)),
    ...saleReads(db, id),
  ];
  let written;
  try {
    written = await db.batch(statements);
  } catch (error) {
    // Another write took the chain's head first (the append's guard, which raises the
    // reason code helm:chain_head_moved since migration 0022): read it again.
    if (String(error?.message).includes("helm:chain_head_moved")) return null;
    throw error;
  }
  return [201, { replayed: false, sale: saleFrom(written.slice(-4)) }];
}

// ---- the Worker ----
export function twinFor(build) {
  return {
    async fetch(request, env) {
      const url = new URL(request.url);
      const requestId = request.headers.get("cf-ray") ?? crypto.randomUUID();
      const now = Date.now();
      const db = env.DB;
      try {
        if (request.method === "GET" && url.pathname === "/api/health") return reply(200, await health(db, env, build, now), requestId);
        if (request.method === "GET" && url.pathname.startsWith("/api/barcodes/")) {
          await admit(db, request, url, now, "staff");
          return reply(200, await scan(db, decodeURIComponent(url.pathname.slice("/api/barcodes/".length))), requestId);
        }
        if (request.method === "POST" && url.pathname === "/api/sales") {
          const staff = await admit(db, request, url, now, "screen.sales");
          const [status, body] = await checkout(db, { ...env, HELM_BUILD_VERSION: build.version }, requestId, staff, await request.text(), now);
          return reply(status, body, requestId);
        }
        return reply(404, { error: { code: "not_found", message: "no such page", field: "", request_id: requestId } }, requestId);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        return reply(STATUS[error.code] ?? 400, { error: { ...error, request_id: requestId } }, requestId);
      }
    },
  };
}
