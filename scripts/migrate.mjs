// Applies pending migrations to every shop of the fleet, one shop at a time:
//
//   npm run migrate -- --all [--local|--remote] [--persist-to DIR]
//   npm run migrate -- --env <slug> [--local|--remote] [--persist-to DIR]
//
// A shop whose migrations fail stops there; the others still run. The failures are
// listed at the end and the exit is 1. --local (the default) migrates local state.
import { parseArgs } from "node:util";
import { applyMigrations, shopSlugs } from "./shops.mjs";

const { values } = parseArgs({
  options: {
    all: { type: "boolean", default: false },
    env: { type: "string" },
    local: { type: "boolean", default: false },
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string" },
  },
});

if (values.all === Boolean(values.env) || (values.local && values.remote)) {
  console.error("usage: npm run migrate -- --all|--env <slug> [--local|--remote] [--persist-to DIR]");
  process.exit(2);
}
const target = { remote: values.remote, persistTo: values["persist-to"] };
const where = values.remote ? "Cloudflare" : "local state";
const slugs = values.all ? shopSlugs() : [values.env];

const failed = [];
for (const slug of slugs) {
  const started = performance.now();
  try {
    const printed = applyMigrations(slug, target);
    const applied = /No migrations to apply/.test(printed) ? "already up to date" : "migrated";
    console.log(`migrate: ${slug}: ${applied} (${where}, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed.push(slug);
    console.error(`migrate: ${slug}: FAILED (${where})\n${error.message}`);
  }
}
if (failed.length) {
  console.error(`migrate: ${failed.length} of ${slugs.length} shops failed: ${failed.join(", ")}`);
  process.exit(1);
}
console.log(`migrate: all ${slugs.length} shops up to date`);
