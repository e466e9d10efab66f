// Deploys one shop (docs/runbooks/deploy.md):
//
//   npm run deploy -- --env <slug> [--dry-run [--local [--persist-to DIR]]]
//
// 1. builds, refreshing build/build_info.json (version, commit, build time, environment),
// 2. runs the tests that guard a deploy: the schema rule, every env's isolation in
//    wrangler.jsonc, and this shop's `wrangler deploy --dry-run` bundle (its own
//    overrides, no other shop's),
// 3. applies the shop's pending migrations, before the code that needs them,
// 4. deploys, and
// 5. appends {commit, at, env, version} as a line to the shop's R2 deploys/log.jsonl.
// --dry-run stops short of Cloudflare: no deploy, and no migration or log line unless
// --local, which writes them into local state instead.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildShop, root, run } from "./lib.mjs";
import { applyMigrations, r2Get, r2Put, shopSlugs, wrangler } from "./shops.mjs";

const LOG_KEY = "deploys/log.jsonl";
const { values } = parseArgs({
  options: {
    env: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    local: { type: "boolean", default: false },
    "persist-to": { type: "string" },
  },
});

function fail(message) {
  console.error(`deploy: ${message}`);
  process.exit(1);
}
const say = (message) => console.log(`deploy: ${message}`);

const slug = values.env;
if (!slug) fail("usage: npm run deploy -- --env <slug> [--dry-run [--local [--persist-to DIR]]]");
if (!shopSlugs().includes(slug)) fail(`${slug} is not a shop env in wrangler.jsonc (${shopSlugs().join(", ")})`);
if (values.local && !values["dry-run"]) fail("--local only goes with --dry-run: a real deploy is to Cloudflare");
const dryRun = values["dry-run"];
const target = values.local ? { remote: false, persistTo: values["persist-to"] } : { remote: true };
const writes = !dryRun || values.local;

// The build the shop's env command makes again inside `wrangler deploy` (the same
// HELM_ENVIRONMENT, so the same build_info.json).
process.env.HELM_ENVIRONMENT = dryRun ? "dry-run" : "production";
buildShop(slug);
const build = JSON.parse(readFileSync(join(root, "build", "build_info.json"), "utf8"));
say(`${slug}: build ${build.version} ${build.commit} (${build.environment})`);

const guards = ["test/config/schema-rule.test.mjs", "test/config/wrangler.test.mjs", "test/config/bundles.test.mjs"];
run(process.execPath, ["--test", "--test-reporter=dot", ...guards], { env: { ...process.env, HELM_BUNDLE_SHOPS: slug } });
say(`${slug}: the schema rule, env isolation and the dry-run bundle pass`);

if (writes) say(`${slug}: ${applyMigrations(slug, target).includes("No migrations to apply") ? "no migration pending" : "migrations applied"}`);

if (!dryRun) wrangler(["deploy", "--env", slug], { remote: true });

if (writes) {
  // R2 has no append: read the log, add the line, write it back (one deployer at a time).
  const line = JSON.stringify({ commit: build.commit, at: new Date().toISOString(), env: slug, version: build.version });
  const log = r2Get(slug, LOG_KEY, target)?.toString("utf8") ?? "";
  r2Put(slug, LOG_KEY, `${log}${line}\n`, "application/x-ndjson", target);
  say(`${slug}: ${LOG_KEY} += ${line}${target.remote ? "" : " (local R2)"}`);
}
say(`${slug}: ${dryRun ? "dry run done, nothing deployed" : "deployed"}`);
