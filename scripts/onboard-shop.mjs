// Adds a shop to the fleet (docs/runbooks/new-shop.md):
//
//   scripts/onboard-shop.sh <slug> "<Shop Name>" --owner-email <email> [--owner-name "<name>"]
//       [--owner-pin <5 digits>] [--timezone <IANA zone>] [--currency CAD] [--local [--persist-to DIR]] [--branch]
//
// Creates the shop's D1, R2 bucket and KV namespace, its env in wrangler.jsonc, its
// shop-overrides/<slug>/ from scripts/shop-template/, applies the migrations, then serves
// it (--local: locally in workerd; else: npm run deploy) to check /api/health names the
// shop and to give it its first owner through the recovery route (the owner's email goes
// on the sign-in list, audited as any recovery). --branch also commits the shop's env and
// overrides onto a new branch shops/<slug> without touching the working tree.
//
// Each step is recorded in .helm/onboarding/<slug>.json when it is done, so running the
// same command again after a failure picks up where it stopped; the record goes once the
// shop is onboarded. The shop's HELM_OPERATOR_TOKEN (npm run fleet) is made here too and
// kept in .fleet-tokens.json. A slug already in wrangler.jsonc or shop-overrides/ is refused.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes, randomInt, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { unstable_startWorker } from "wrangler";
import { root, run, shopsDir } from "./lib.mjs";
import { addShopEnv, shopSlugRule } from "./shop-env.mjs";
import { applyMigrations, configPath, readConfig, recordFleetToken, shopSlugs, wrangler } from "./shops.mjs";

const usage =
  'usage: scripts/onboard-shop.sh <slug> "<Shop Name>" --owner-email <email> [--owner-name "<name>"] [--owner-pin <5 digits>] ' +
  "[--timezone <IANA zone>] [--currency CAD] [--local [--persist-to DIR]] [--branch]";
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    timezone: { type: "string", default: "America/Vancouver" },
    currency: { type: "string", default: "CAD" },
    "owner-email": { type: "string" },
    "owner-name": { type: "string", default: "Owner" },
    "owner-pin": { type: "string" },
    local: { type: "boolean", default: false },
    "persist-to": { type: "string", default: join(root, ".wrangler", "state") },
    branch: { type: "boolean", default: false },
  },
});

function fail(message, code = 1) {
  console.error(`onboard: ${message}`);
  process.exit(code);
}
const say = (message) => console.log(`onboard: ${message}`);

const [slug, name] = positionals;
if (positionals.length !== 2 || !name?.trim() || !values["owner-email"]) fail(usage, 2);
// The R2 bucket helm-<slug>-assets must stay within 63 characters.
if (!shopSlugRule.test(slug) || slug.length > 51) fail(`not a shop slug: ${slug} (lower-case letters, digits and dashes, at most 51)`, 2);
try {
  new Intl.DateTimeFormat("en", { timeZone: values.timezone });
} catch {
  fail(`not a time zone: ${values.timezone}`, 2);
}
if (values["owner-pin"] && !/^\d{5}$/.test(values["owner-pin"])) fail("--owner-pin is five digits", 2);

const remote = !values.local;
const target = { remote, persistTo: remote ? undefined : values["persist-to"] };
const recordPath = join(root, ".helm", "onboarding", `${slug}.json`);
const started = performance.now();

// The record of an onboarding under way, or a new one when the slug is free.
function openRecord() {
  if (existsSync(recordPath)) {
    const record = JSON.parse(readFileSync(recordPath, "utf8"));
    if (record.name !== name || record.remote !== remote) {
      fail(`${slug} is half onboarded with other settings (${record.name}, ${record.remote ? "remote" : "local"}): see ${recordPath}`, 2);
    }
    say(`resuming ${slug} after ${record.done.join(", ") || "nothing"}`);
    return record;
  }
  if (slug in (readConfig().env ?? {}) || existsSync(join(shopsDir, slug))) fail(`the slug ${slug} is taken`, 2);
  return {
    slug,
    name,
    remote,
    timezone: values.timezone,
    currency: values.currency,
    owner: { email: values["owner-email"], name: values["owner-name"], pin: values["owner-pin"] ?? String(randomInt(0, 100_000)).padStart(5, "0") },
    recoverySecret: randomBytes(24).toString("hex"),
    operatorToken: randomBytes(24).toString("hex"),
    done: [],
  };
}

function saveRecord(record) {
  mkdirSync(join(root, ".helm", "onboarding"), { recursive: true });
  writeFileSync(`${recordPath}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${recordPath}.tmp`, recordPath);
}

// The JSON wrangler prints after its banner.
const printedJson = (text) => JSON.parse(text.slice(text.search(/[[{]/)));

// Cloudflare's D1, R2 and KV for the shop: found by name when an earlier run made them.
function createRemoteResources() {
  const db = `helm-${slug}-db`;
  const bucket = `helm-${slug}-assets`;
  const namespace = `helm-${slug}-kv`;
  const opts = { remote: true };
  const d1Id =
    printedJson(wrangler(["d1", "list", "--json"], opts).stdout).find((d) => d.name === db)?.uuid ??
    /"database_id":\s*"([0-9a-f-]{36})"/.exec(wrangler(["d1", "create", db], opts).stdout)?.[1];
  if (wrangler(["r2", "bucket", "info", bucket, "--json"], { ...opts, allowFailure: true }).status !== 0) {
    wrangler(["r2", "bucket", "create", bucket], opts);
  }
  const kvId =
    printedJson(wrangler(["kv", "namespace", "list"], opts).stdout).find((n) => n.title === namespace)?.id ??
    /"id":\s*"([0-9a-f]{32})"/.exec(wrangler(["kv", "namespace", "create", namespace], opts).stdout)?.[1];
  if (!d1Id || !kvId) throw new Error("wrangler did not print the new database's or namespace's id");
  return { d1Id, kvId };
}

// Local D1, R2 and KV come into being on first use: the shop only needs ids of its own.
function localResources() {
  return { d1Id: randomUUID(), kvId: randomBytes(16).toString("hex") };
}

function fillTemplate(file, fields) {
  return readFileSync(join(root, "scripts", "shop-template", file), "utf8").replace(/\{\{(\w+)\}\}/g, (_, key) => fields[key]);
}

// shop.json and logo.svg, the shop's colour drawn from its slug so no two shops' look alike.
function overridesFiles(record) {
  // Each channel below 0x80: dark enough for the light accent and text drawn on it.
  const primary = `#${[...createHash("sha256").update(record.slug).digest().subarray(0, 3)].map((b) => (b & 0x7f).toString(16).padStart(2, "0")).join("")}`;
  const json = (text) => JSON.stringify(text).slice(1, -1);
  const xml = (text) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  return {
    "shop.json": fillTemplate("shop.json", { name: json(record.name), primary }),
    "logo.svg": fillTemplate("logo.svg", { name: xml(record.name), primary, initial: xml(record.name.trim()[0].toUpperCase()) }),
  };
}

function writeOverrides(record) {
  const dir = join(shopsDir, slug);
  if (existsSync(join(dir, "shop.json"))) return;
  // Written aside and renamed: a half-written folder never looks like a shop's.
  const scratch = mkdtempSync(join(shopsDir, `.${slug}-`));
  for (const [file, text] of Object.entries(overridesFiles(record))) writeFileSync(join(scratch, file), text);
  rmSync(dir, { recursive: true, force: true });
  renameSync(scratch, dir);
}

function shopEnvOf(record, text) {
  return addShopEnv(text, { ...record, ...record.resources }, shopSlugs().find((s) => s !== slug));
}

function writeConfig(record) {
  const text = readFileSync(configPath, "utf8");
  const updated = shopEnvOf(record, text);
  if (updated !== text) writeFileSync(configPath, updated);
}

// The shop, served: locally in workerd on a free port, or deployed to Cloudflare.
async function serve(record) {
  if (remote) {
    run("npm", ["run", "deploy", "--", "--env", slug], { env: process.env });
    wrangler(["secret", "put", "HELM_RECOVERY_SECRET", "--env", slug], { remote: true, input: record.recoverySecret });
    wrangler(["secret", "put", "HELM_OPERATOR_TOKEN", "--env", slug], { remote: true, input: record.operatorToken });
    recordFleetToken(slug, record.operatorToken);
    return { url: `https://helm-${slug}.kvick.bike`, stop: async () => {} };
  }
  // The shop's local secrets, read by `wrangler dev --env <slug>` later as well.
  writeFileSync(join(root, `.dev.vars.${slug}`), `HELM_RECOVERY_SECRET=${record.recoverySecret}\nHELM_OPERATOR_TOKEN=${record.operatorToken}\n`);
  recordFleetToken(slug, record.operatorToken);
  const worker = await unstable_startWorker({
    config: configPath,
    env: slug,
    dev: { server: { hostname: "127.0.0.1", port: 0 }, persist: target.persistTo, inspector: false, watch: false, liveReload: false, logLevel: "warn" },
  });
  await worker.ready;
  return { url: (await worker.url).origin, stop: () => worker.dispose() };
}

async function untilHealthy(url) {
  const deadline = Date.now() + 120_000; // a new custom domain takes a while to answer
  for (;;) {
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
      const health = await res.json();
      if (health.shop === slug) return health;
      throw new Error(`/api/health names ${health.shop}, not ${slug}`);
    } catch (error) {
      if (Date.now() > deadline || /names/.test(error.message)) throw error;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

// The first owner, through the same recovery route an operator uses (docs/runbooks/recovery.md).
async function seedOwner(record) {
  const { url, stop } = await serve(record);
  try {
    const health = await untilHealthy(url);
    say(`${url}/api/health answers shop ${health.shop}, migration ${health.migration ?? health.latest_migration ?? "?"}`);
    const res = await fetch(`${url}/auth/recover`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ secret: record.recoverySecret, email: record.owner.email, display_name: record.owner.name, pin: record.owner.pin }),
    });
    if (res.status !== 200) throw new Error(`the owner's recovery was refused (${res.status}): ${await res.text()}`);
  } finally {
    await stop();
  }
}

function git(args, options = {}) {
  const result = spawnSync("git", args, { cwd: root, encoding: "utf8", ...options });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout.trim();
}

// shops/<slug>: HEAD plus this shop's env and overrides, built in a private index so that
// neither the working tree nor the shared index moves.
function createShopBranch(record) {
  const ref = `refs/heads/shops/${slug}`;
  if (spawnSync("git", ["rev-parse", "--verify", "--quiet", ref], { cwd: root }).status === 0) return;
  const scratch = mkdtempSync(join(tmpdir(), "helm-branch-"));
  try {
    const env = { ...process.env, GIT_INDEX_FILE: join(scratch, "index") };
    git(["read-tree", "HEAD"], { env });
    const files = {
      "wrangler.jsonc": shopEnvOf(record, git(["show", "HEAD:wrangler.jsonc"]) + "\n"),
      ...Object.fromEntries(Object.keys(overridesFiles(record)).map((f) => [`shop-overrides/${slug}/${f}`, readFileSync(join(shopsDir, slug, f), "utf8")])),
    };
    for (const [path, text] of Object.entries(files)) {
      const blob = git(["hash-object", "-w", "--stdin"], { input: text });
      git(["update-index", "--add", "--cacheinfo", `100644,${blob},${path}`], { env });
    }
    const tree = git(["write-tree"], { env });
    const commit = git(["commit-tree", tree, "-p", "HEAD", "-m", `Shop ${slug}: ${record.name} (scripts/onboard-shop.sh)`]);
    git(["update-ref", ref, commit, ""]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const steps = [
  ["resources", (r) => (r.resources = remote ? createRemoteResources() : localResources())],
  ["wrangler.jsonc", writeConfig],
  ["shop-overrides", writeOverrides],
  ["migrations", () => applyMigrations(slug, target)],
  ["owner", seedOwner],
  ...(values.branch ? [["branch", createShopBranch]] : []),
];

const record = openRecord();
saveRecord(record);
for (const [step, perform] of steps) {
  if (record.done.includes(step)) continue;
  say(`${slug}: ${step}`);
  try {
    await perform(record);
  } catch (error) {
    fail(`${slug}: ${step} failed; run the same command again to carry on from there.\n${error.stack ?? error}`);
  }
  record.done.push(step);
  saveRecord(record);
}
rmSync(recordPath);
say(`${slug} (${record.name}) onboarded ${remote ? "on Cloudflare" : "locally"} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
say(`  first owner: ${record.owner.name} <${record.owner.email}>, PIN ${record.owner.pin}`);
say(`  recovery secret (keep it in the fleet's vault): ${record.recoverySecret}`);
say(`  operator token (npm run fleet): in .fleet-tokens.json; keep it in the fleet's vault too`);
if (values.branch) say(`  branch shops/${slug} holds its env and overrides`);
