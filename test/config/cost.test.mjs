// The fleet's cost meter (scripts/cost.mjs) checked by examples worked by hand from the
// prices of scripts/cloudflare-prices.json: the $5 base share, included amounts split
// across the account's shops, overage per million (or per GB-month), and the cents.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accountCost, cents, costOf, dollars, loadCpu, loadPrices, monthlyUsage } from "../../scripts/cost.mjs";

const prices = loadPrices();
const cpu = { ms_per_request: { health: 0.147, scan: 0.514, checkout: 2.113 } };

// Every meter's usage at zero, with some set.
const usage = (set = {}) => ({
  requests: 0, cpu_ms: 0, d1_rows_read: 0, d1_rows_written: 0, d1_gb_months: 0, r2_gb_months: 0, r2_class_a: 0, r2_class_b: 0, ...set,
});

describe("the prices file", () => {
  it("holds Cloudflare's published prices, each with its source and the date they were read", () => {
    assert.match(prices.read_on, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(prices.plan.base_usd_per_month, 5);
    assert.match(prices.plan.source, /^https:\/\/developers\.cloudflare\.com\//);
    const brief = {
      requests: [10e6, 0.3, 1e6], cpu_ms: [30e6, 0.02, 1e6],
      d1_rows_read: [25e9, 0.001, 1e6], d1_rows_written: [50e6, 1.0, 1e6], d1_gb_months: [5, 0.75, 1],
      r2_gb_months: [10, 0.015, 1], r2_class_a: [1e6, 4.5, 1e6], r2_class_b: [10e6, 0.36, 1e6],
    };
    assert.deepEqual(Object.keys(prices.meters).sort(), Object.keys(brief).sort());
    for (const [meter, [included, usd, per]] of Object.entries(brief)) {
      assert.deepEqual([prices.meters[meter].included, prices.meters[meter].usd, prices.meters[meter].per], [included, usd, per], meter);
      assert.match(prices.meters[meter].source, /^https:\/\/developers\.cloudflare\.com\//, meter);
    }
  });

  it("the CPU table has a figure for each kind of request the meter costs", () => {
    const table = loadCpu();
    for (const kind of ["health", "scan", "checkout"]) assert.ok(table.ms_per_request[kind] > 0, kind);
  });
});

describe("a shop's monthly cost", () => {
  it("under every included amount is the $5 base share only", () => {
    const small = usage({ requests: 2e6, cpu_ms: 7e6, d1_rows_read: 6e9, d1_rows_written: 12e6, d1_gb_months: 1.2, r2_gb_months: 2.4, r2_class_a: 0.2e6, r2_class_b: 2e6 });
    const alone = costOf(small, prices, 1);
    assert.equal(alone.cents, 500);
    for (const line of Object.values(alone.lines)) assert.equal(line.usd, 0);
    // Four shops: $1.25 each, and each is still under its quarter of every amount.
    const quarter = costOf(small, prices, 4);
    assert.equal(quarter.base, 1.25);
    assert.equal(quarter.cents, 125);
  });

  it("splits the included amounts across the account's shops", () => {
    // 6 M requests: within 10 M alone; beyond a half share (5 M) by 1 M = $0.30.
    const busy = usage({ requests: 6e6 });
    assert.equal(costOf(busy, prices, 1).cents, 500);
    const half = costOf(busy, prices, 2);
    assert.equal(half.lines.requests.included, 5e6);
    assert.equal(half.lines.requests.billable, 1e6);
    assert.equal(half.cents, 250 + 30);
    // 4 GB of D1 among 2 shops: 2.5 GB each included, 1.5 GB-months at $0.75 = $1.125.
    assert.equal(costOf(usage({ d1_gb_months: 4 }), prices, 2).cents, 250 + 113);
  });

  it("prices what is beyond the included amounts per million (or per GB-month)", () => {
    const heavy = usage({
      requests: 12.5e6,        // 2.5 M over: $0.75
      cpu_ms: 31e6,            // 1 M over: $0.02
      d1_rows_read: 26e9,      // 1,000 M over: $1.00
      d1_rows_written: 50.25e6, // 0.25 M over: $0.25
      d1_gb_months: 7,         // 2 over: $1.50
      r2_gb_months: 30,        // 20 over: $0.30
      r2_class_a: 1.5e6,       // 0.5 M over: $2.25
      r2_class_b: 12e6,        // 2 M over: $0.72
    });
    const cost = costOf(heavy, prices, 1);
    const expected = { requests: 0.75, cpu_ms: 0.02, d1_rows_read: 1, d1_rows_written: 0.25, d1_gb_months: 1.5, r2_gb_months: 0.3, r2_class_a: 2.25, r2_class_b: 0.72 };
    for (const [meter, usd] of Object.entries(expected)) assert.ok(Math.abs(cost.lines[meter].usd - usd) < 1e-9, `${meter}: ${cost.lines[meter].usd}`);
    assert.equal(cost.cents, 500 + 75 + 2 + 100 + 25 + 150 + 30 + 225 + 72);
    assert.equal(dollars(cost.cents), "$11.79");
  });

  it("rounds once, to the nearest cent, half a cent up", () => {
    assert.equal(cents(5 / 8), 63);       // $0.625
    assert.equal(cents(5 / 3), 167);      // $1.666...
    assert.equal(cents(5 / 6), 83);       // $0.8333...
    assert.equal(cents(1.005), 101);      // 100.49999... in binary, still half up
    assert.equal(costOf(usage(), prices, 8).cents, 63);
    // Lines are not rounded one by one: three lines of 0.4 cent make a cent.
    const tiny = costOf(usage({ requests: 10e6 + 40_000 / 3, cpu_ms: 30e6 + 0.2e6, r2_class_b: 10e6 + 1e5 / 9 }), prices, 1);
    for (const meter of ["requests", "cpu_ms", "r2_class_b"]) assert.equal(Math.round(tiny.lines[meter].usd * 1e6), 4000, meter);
    assert.equal(tiny.cents, 501);
  });

  it("refuses a share of no shops", () => {
    assert.throws(() => costOf(usage(), prices, 0), /whole number/);
  });
});

describe("a month from a shop's counters", () => {
  const metrics = {
    window: { hours: 24, requests: 1000, requests_read: 300, requests_written: 100, rows_read: 5000, rows_written: 400, r2_class_a: 3, r2_class_b: 2 },
    storage: { d1_bytes: 2.5e9, r2_bytes: 0.25e9 },
  };

  it("scales the window's counts to 720 hours and costs each request's CPU by its kind", () => {
    const month = monthlyUsage(metrics, cpu);
    assert.equal(month.requests, 30_000);
    // (600 × 0.147 + 300 × 0.514 + 100 × 2.113) ms a day = 453.7 ms, × 30
    assert.ok(Math.abs(month.cpu_ms - 13_611) < 1e-6, String(month.cpu_ms));
    assert.equal(month.d1_rows_read, 150_000);
    assert.equal(month.d1_rows_written, 12_000);
    assert.equal(month.r2_class_a, 90);
    assert.equal(month.r2_class_b, 60);
    // Storage is today's size, for the month.
    assert.equal(month.d1_gb_months, 2.5);
    assert.equal(month.r2_gb_months, 0.25);
  });

  it("takes a window shorter than an hour as an hour", () => {
    const young = { ...metrics, window: { ...metrics.window, hours: 0.1 } };
    assert.equal(monthlyUsage(young, cpu).requests, 720_000);
  });
});

describe("the account's bill", () => {
  it("pools the included amounts, so it can be less than its shops' sum", () => {
    // Two shops: one uses 8 M requests, one 1 M. Each alone beyond its half share: 3 M
    // over = $0.90, plus $2.50. Together 9 M of 10 M: $5.00.
    const heavy = usage({ requests: 8e6 });
    const light = usage({ requests: 1e6 });
    assert.equal(costOf(heavy, prices, 2).cents, 250 + 90);
    assert.equal(costOf(light, prices, 2).cents, 250);
    assert.equal(accountCost([heavy, light], prices).cents, 500);
    assert.equal(accountCost([heavy, light, usage({ requests: 3e6 })], prices).cents, 500 + 60);
  });
});
