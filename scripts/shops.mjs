// The fleet as wrangler.jsonc describes it, and the wrangler commands the operator's
// scripts (onboard, migrate, deploy) run on one shop. Every command takes a target:
// `{ remote: true }` acts on Cloudflare, `{ remote: false, persistTo }` on local state,
// and nothing else differs between the two paths.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "jsonc-parser";
import { offlineEnv, root } from "./lib.mjs";

export const configPath = join(root, "wrangler.jsonc");
const wranglerBin = join(root, "node_modules", ".bin", "wrangler");

// `npm start`'s demo is an env too, but never deployed: it is no shop of the fleet.
const localOnlyEnvs = new Set(["demo"]);

export function readConfig() {
  return parse(readFileSync(configPath, "utf8"));
}

export function shopSlugs(config = readConfig()) {
  return Object.keys(config.env ?? {}).filter((env) => !localOnlyEnvs.has(env));
}

// Where a shop answers: its custom domain, helm-<slug>.kvick.bike unless its env names another.
export function shopUrl(slug, config = readConfig()) {
  const domain = config.env?.[slug]?.routes?.find((r) => r.custom_domain)?.pattern;
  return `https://${domain ?? `helm-${slug}.kvick.bike`}`;
}

// The operator tokens this machine knows (HELM_OPERATOR_TOKEN of each shop), for npm run
// fleet: git-ignored, written by onboarding, {slug: token}.
export const fleetTokensPath = join(root, ".fleet-tokens.json");

export function readFleetTokens(path = fleetTokensPath) {
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
}

export function recordFleetToken(slug, token, path = fleetTokensPath) {
  writeFileSync(path, `${JSON.stringify({ ...readFleetTokens(path), [slug]: token }, null, 2)}\n`, { mode: 0o600 });
}

export function bucketOf(slug, config = readConfig()) {
  const bucket = config.env?.[slug]?.r2_buckets?.find((b) => b.binding === "ASSETS")?.bucket_name;
  if (!bucket) throw new Error(`env ${slug} has no ASSETS bucket in wrangler.jsonc`);
  return bucket;
}

// Where a command acts: Cloudflare (the account of CLOUDFLARE_API_TOKEN or wrangler's
// login), or the local state under persistTo (wrangler's default .wrangler/state if none).
export function targetArgs({ remote, persistTo }) {
  if (remote) return ["--remote"];
  return ["--local", ...(persistTo ? ["--persist-to", persistTo] : [])];
}

// Runs wrangler; answers {status, stdout, stderr}. Offline and quiet unless remote.
export function wrangler(args, { remote = false, input, allowFailure = false } = {}) {
  const env = remote ? { ...process.env, WRANGLER_SEND_METRICS: "false" } : offlineEnv;
  const result = spawnSync(wranglerBin, args, { cwd: root, env, input, encoding: "utf8", maxBuffer: 256 << 20 });
  if (result.status !== 0 && !allowFailure) {
    throw new Error(`wrangler ${args.join(" ")} failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

export function applyMigrations(slug, target) {
  return wrangler(["d1", "migrations", "apply", "DB", "--env", slug, ...targetArgs(target)], { remote: target.remote }).stdout;
}

// One object of a shop's R2 bucket as a Buffer, or null when there is none.
export function r2Get(slug, key, target) {
  const scratch = mkdtempSync(join(tmpdir(), "helm-r2-"));
  try {
    const file = join(scratch, "object");
    const got = wrangler(["r2", "object", "get", `${bucketOf(slug)}/${key}`, "--file", file, "--env", slug, ...targetArgs(target)], {
      remote: target.remote,
      allowFailure: true,
    });
    if (got.status === 0 && existsSync(file)) return readFileSync(file);
    if (/not found|does not exist|NoSuchKey/i.test(got.stdout + got.stderr)) return null;
    throw new Error(`could not read ${key} from R2:\n${got.stdout}\n${got.stderr}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function r2Put(slug, key, bytes, contentType, target) {
  const scratch = mkdtempSync(join(tmpdir(), "helm-r2-"));
  try {
    const file = join(scratch, "object");
    writeFileSync(file, bytes);
    const args = ["r2", "object", "put", `${bucketOf(slug)}/${key}`, "--file", file, "--content-type", contentType];
    wrangler([...args, "--env", slug, ...targetArgs(target)], { remote: target.remote });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
