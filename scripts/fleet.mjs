// npm run fleet: the operator's one dashboard (docs/runbooks/fleet.md). Asks every shop
// of wrangler.jsonc for its counters (GET /api/ops/metrics with that shop's operator
// token), prints one table with a row per shop and writes the same rows to
// build/fleet.html. Only counters leave a shop: no customer, sale or staff member.
//
//   npm run fleet [-- --shop <slug> ...] [--url <slug>=<url> ...] [--tokens <file>]
//
// --shop: only these envs (the local demo too); else every shop of the fleet, plus an env
// given a --url. --url: where a shop answers (a local `npm start`), instead of its custom
// domain. A shop's token: HELM_OPERATOR_TOKEN_<SLUG> (upper case, - as _), else the
// --tokens file (.fleet-tokens.json, git-ignored, written by onboarding).
// Exits 1 when any shop is flagged: a stale or missing backup, a failed cron job, a broken
// audit chain, 5xx over 1% of the last 24 hours' requests, or no answer.
// Each shop's estimated monthly Cloudflare cost comes from its counters (scripts/cost.mjs):
// --account-shops N: how many shops share the account's $5 base and included amounts
// (default: the fleet's shops in wrangler.jsonc).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { accountCost, costOf, dollars, loadCpu, loadPrices, monthHours, monthlyUsage } from "./cost.mjs";
import { root } from "./lib.mjs";
import { fleetTokensPath, readConfig, readFleetTokens, shopSlugs, shopUrl } from "./shops.mjs";

const staleBackupHours = 36;
const maxErrorRate = 0.01;

const { values } = parseArgs({
  options: {
    shop: { type: "string", multiple: true, default: [] },
    url: { type: "string", multiple: true, default: [] },
    tokens: { type: "string", default: fleetTokensPath },
    "account-shops": { type: "string" },
  },
});

function fail(message) {
  console.error(`fleet: ${message}`);
  process.exit(2);
}

const config = readConfig();
const envs = Object.keys(config.env ?? {});
const urls = Object.fromEntries(
  values.url.map((pair) => {
    const at = pair.indexOf("=");
    if (at < 1) fail(`--url takes <slug>=<url>, not ${pair}`);
    return [pair.slice(0, at), pair.slice(at + 1).replace(/\/+$/, "")];
  }),
);
const slugs = values.shop.length ? values.shop : [...new Set([...shopSlugs(config), ...Object.keys(urls)])];
for (const slug of [...slugs, ...Object.keys(urls)]) if (!envs.includes(slug)) fail(`no env ${slug} in wrangler.jsonc`);

const accountShops = values["account-shops"] === undefined ? Math.max(shopSlugs(config).length, 1) : Number(values["account-shops"]);
if (!(Number.isInteger(accountShops) && accountShops >= 1)) fail(`--account-shops takes a whole number from 1, not ${values["account-shops"]}`);
const prices = loadPrices();
const cpu = loadCpu();

const tokenVariable = (slug) => `HELM_OPERATOR_TOKEN_${slug.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
const tokens = readFleetTokens(values.tokens);

// What is wrong with a shop, as short phrases; none when all is well.
function flagsOf(metrics) {
  const flags = [];
  if (!metrics.backup) flags.push("no backup");
  else if (metrics.backup.age_hours > staleBackupHours) flags.push(`backup ${Math.round(metrics.backup.age_hours)} h old`);
  for (const [job, run] of Object.entries(metrics.cron ?? {})) if (run?.status === "failed") flags.push(`${job} cron failed`);
  if (metrics.audit?.status === "broken") flags.push("audit chain broken");
  const day = metrics.last_24h;
  if (day.requests && day.errors_5xx / day.requests > maxErrorRate) flags.push(`5xx ${((100 * day.errors_5xx) / day.requests).toFixed(1)}%`);
  return flags;
}

async function askShop(slug) {
  const url = urls[slug] ?? shopUrl(slug, config);
  const token = process.env[tokenVariable(slug)] ?? tokens[slug];
  if (!token) return { slug, url, flags: [`no operator token (${tokenVariable(slug)})`] };
  try {
    const res = await fetch(`${url}/api/ops/metrics`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(20_000),
    });
    if (res.status === 401) return { slug, url, flags: ["operator token refused"] };
    if (res.status !== 200) return { slug, url, flags: [`unreachable (HTTP ${res.status})`] };
    const metrics = await res.json();
    // A shop on a build older than the cost meter has no window: no estimate for it.
    const usage = metrics.window && metrics.storage ? monthlyUsage(metrics, cpu) : null;
    const cost = usage && costOf(usage, prices, accountShops);
    return { slug, url, metrics, usage, cost, flags: flagsOf(metrics) };
  } catch (error) {
    return { slug, url, flags: [`unreachable (${error.cause?.code ?? error.cause?.message ?? error.message})`] };
  }
}

const columns = ["shop", "requests 24h", "5xx", "4xx", "p95 ms", "rows read", "rows written", "newest backup", "cron", "audit", "est. $/month", "commit", "flags"];

// "$2.51 (from 30 d)": the estimate and how much of the window it was scaled from.
function costCell({ metrics, cost }) {
  if (!metrics) return "";
  if (!cost) return "-";
  const hours = metrics.window.hours;
  return `${dollars(cost.cents)} (from ${hours >= 48 ? `${Math.round(hours / 24)} d` : `${Math.max(hours, 1).toFixed(1)} h`})`;
}

function cellsOf({ slug, metrics, cost, flags }) {
  const m = metrics;
  const day = m?.last_24h;
  const backup = !m ? "" : m.backup ? `${m.backup.age_hours.toFixed(1)} h, ${m.backup.bytes} B` : "none";
  const cron = !m ? "" : Object.entries(m.cron).map(([job, run]) => `${job} ${run?.status ?? "-"}`).join(", ");
  return [
    slug,
    day?.requests ?? "",
    day ? `${day.errors_5xx} (${(100 * day.error_rate).toFixed(2)}%)` : "",
    day?.errors_4xx ?? "",
    day?.p95_ms ?? (day ? "-" : ""),
    day?.rows_read ?? "",
    day?.rows_written ?? "",
    backup,
    cron,
    m?.audit.status ?? "",
    costCell({ metrics, cost }),
    m?.build.commit ?? "",
    flags.length ? `FLAG: ${flags.join("; ")}` : "ok",
  ].map(String);
}

function table(rows) {
  const cells = [columns, ...rows.map(cellsOf)];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return cells.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}

// What the cost column is, said wherever it shows: an extrapolation, not a bill.
function costNote(rows) {
  const costed = rows.filter((r) => r.cost);
  const pooled = costed.length > 1 ? ` These ${costed.length} shops together, included amounts pooled: ${dollars(accountCost(costed.map((r) => r.usage), prices).cents)} a month.` : "";
  return (
    `est. $/month is an estimate, not a bill: each shop's counters of its last 30 days (fewer hours for a newer shop) ` +
    `scaled to a ${monthHours}-hour month, its D1 and R2 storage as they are now, CPU per request from the bench ` +
    `(scripts/cpu-per-request.json: ${cpu.measured}), at Cloudflare's prices read on ${prices.read_on} ` +
    `(scripts/cloudflare-prices.json), the account's $${prices.plan.base_usd_per_month} base and included amounts ` +
    `shared by ${accountShops} shop(s).${pooled}`
  );
}

const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const number = (n) => (n !== 0 && Math.abs(n) < 1 ? n.toPrecision(3) : grouped.format(n));  // GB-months are small
const usd = (amount) => `$${amount.toFixed(4)}`;

// A shop's estimate, meter by meter: the month's usage, its share included, what is billed.
function costTable({ slug, cost }) {
  const lines = Object.entries(cost.lines)
    .map(([meter, l]) => `<tr><td>${escapeHtml(prices.meters[meter].what)}</td><td>${number(l.used)}</td><td>${number(l.included)}</td><td>${number(l.billable)}</td><td>${usd(l.usd)}</td></tr>`)
    .join("\n");
  return `<h3>${escapeHtml(slug)}: ${dollars(cost.cents)} a month</h3>
<table class="cost"><thead><tr><th>meter</th><th>a month</th><th>included (share)</th><th>billed</th><th>$</th></tr></thead><tbody>
<tr><td>Workers Paid base (share)</td><td></td><td></td><td></td><td>${usd(cost.base)}</td></tr>
${lines}
</tbody></table>`;
}

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function page(rows, generatedAt) {
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = rows
    .map((row) => `<tr class="${row.flags.length ? "flagged" : "ok"}">${cellsOf(row).map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`)
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Helm fleet</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
tr.flagged td{background:#fde8e8}table.cost td+td{text-align:right}</style></head>
<body><h1>Helm fleet</h1><p>Generated ${escapeHtml(generatedAt)} by npm run fleet: counters only.</p>
<table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>
<h2>Estimated monthly Cloudflare cost</h2>
<p>${escapeHtml(costNote(rows))}</p>
${rows.filter((r) => r.cost).map(costTable).join("\n")}
</body></html>
`;
}

const rows = await Promise.all(slugs.map(askShop));
console.log(table(rows));
console.log(`\n${costNote(rows)}`);
const htmlPath = join(root, "build", "fleet.html");
mkdirSync(dirname(htmlPath), { recursive: true });
writeFileSync(htmlPath, page(rows, new Date().toISOString()));
const flagged = rows.filter((r) => r.flags.length);
console.log(`\n${rows.length} shop(s), ${flagged.length} flagged; written to build/fleet.html`);
process.exit(flagged.length ? 1 : 0);
