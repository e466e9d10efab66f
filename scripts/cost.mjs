// The fleet's cost meter (docs/runbooks/fleet.md): a shop's estimated monthly Cloudflare
// bill from its own counters (GET /api/ops/metrics: "window" and "storage") at the prices
// of scripts/cloudflare-prices.json, with CPU per request from scripts/cpu-per-request.json.
// Pure arithmetic, no I/O but loading those two files; test/config/cost.test.mjs checks it
// by hand-worked examples.
//
// An estimate, stated as such wherever it shows:
// - Counts are the last 30 days (fewer hours for a newer shop, at least one), scaled to a
//   month of 720 hours (30 days, as Cloudflare's GB-month). Storage is today's size, held
//   for the month.
// - CPU is not measured in production (workerd cannot time its own CPU): each request is
//   costed at the bench's figure for its kind, by the D1 work it did: none (health), reads
//   only (scan), writes (checkout, the heaviest write, so an overestimate for lighter ones).
// - The account's $5 base and its included amounts are shared: each of the account's N
//   shops has 1/N of each, and pays for what it uses beyond its share. The account's bill
//   (accountCost) pools the included amounts instead, so it can be lower than the shops'
//   sum when one shop uses less than its share and another more.
// - Amounts are exact until the end: a cost is rounded once, to the nearest cent, half a
//   cent up. Cloudflare rounds each billed quantity up to a whole unit (a million, a
//   GB-month) on the invoice; the estimate does not.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./lib.mjs";

export const pricesPath = join(root, "scripts", "cloudflare-prices.json");
export const cpuPath = join(root, "scripts", "cpu-per-request.json");
export const monthHours = 720;
export const bytesPerGb = 1e9;

export const loadPrices = (path = pricesPath) => JSON.parse(readFileSync(path, "utf8"));
export const loadCpu = (path = cpuPath) => JSON.parse(readFileSync(path, "utf8"));

// Whole cents, half a cent up. The small nudge keeps 0.625 dollars from landing just
// under 62.5 cents in binary.
export function cents(usd) {
  return Math.floor(usd * 100 + 0.5 + 1e-9);
}

export const dollars = (wholeCents) => `$${(wholeCents / 100).toFixed(2)}`;

// A month of a shop's usage, per meter of the prices file, from its metrics report.
export function monthlyUsage(metrics, cpu) {
  const { window: w, storage } = metrics;
  const scale = monthHours / Math.max(w.hours, 1);
  const ms = cpu.ms_per_request;
  const withoutD1 = w.requests - w.requests_read - w.requests_written;
  return {
    requests: w.requests * scale,
    cpu_ms: (withoutD1 * ms.health + w.requests_read * ms.scan + w.requests_written * ms.checkout) * scale,
    d1_rows_read: w.rows_read * scale,
    d1_rows_written: w.rows_written * scale,
    d1_gb_months: storage.d1_bytes / bytesPerGb,
    r2_gb_months: storage.r2_bytes / bytesPerGb,
    r2_class_a: w.r2_class_a * scale,
    r2_class_b: w.r2_class_b * scale,
  };
}

// What `usage` costs a month when `shops` shops share the account's base and included
// amounts: per meter what was used, the share included, what is billed and its dollars.
export function costOf(usage, prices, shops = 1) {
  if (!(Number.isInteger(shops) && shops >= 1)) throw new Error(`shops must be a whole number from 1, not ${shops}`);
  const base = prices.plan.base_usd_per_month / shops;
  const lines = {};
  let usd = base;
  for (const [meter, price] of Object.entries(prices.meters)) {
    const used = usage[meter] ?? 0;
    const included = price.included / shops;
    const billable = Math.max(0, used - included);
    const lineUsd = (billable / price.per) * price.usd;
    lines[meter] = { used, included, billable, usd: lineUsd };
    usd += lineUsd;
  }
  return { base, lines, usd, cents: cents(usd) };
}

// The account's own bill: every shop's usage added up against the whole included amounts.
export function accountCost(usages, prices) {
  const total = {};
  for (const usage of usages) for (const [meter, used] of Object.entries(usage)) total[meter] = (total[meter] ?? 0) + used;
  return costOf(total, prices, 1);
}
