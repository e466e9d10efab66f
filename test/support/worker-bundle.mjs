// A shop's Worker as it is deployed: `wrangler deploy --dry-run` bundles the env's entry
// (its custom build command makes helm.wasm) into build/test-bundles/<env>-<digest>, once
// per content of what goes into it. The test shops serve that bundle in Miniflare.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildShop, offlineEnv, root } from "../../scripts/lib.mjs";

function digestOf(env) {
  const digest = createHash("sha256");
  const inputs = [
    "wrangler.jsonc",
    "build/build_info.json",
    "build/wasm/helm.mjs",
    "build/wasm/helm.wasm",
    ...readdirSync(join(root, "worker")).map((f) => `worker/${f}`),
    ...readdirSync(join(root, "shop-overrides", env)).map((f) => `shop-overrides/${env}/${f}`),
  ];
  for (const file of inputs.sort()) digest.update(file).update(readFileSync(join(root, file)));
  return digest.digest("hex").slice(0, 16);
}

// The bundle's folder and its entry module's file name.
export function shopBundle(env) {
  buildShop(env);
  const dir = join(root, "build", "test-bundles", `${env}-${digestOf(env)}`);
  if (!existsSync(dir)) {
    mkdirSync(dirname(dir), { recursive: true });
    const staging = mkdtempSync(`${dir}.staging-`);
    const wrangler = join(root, "node_modules", ".bin", "wrangler");
    const result = spawnSync(wrangler, ["deploy", "--dry-run", "--env", env, "--outdir", staging], { cwd: root, env: offlineEnv, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`wrangler deploy --dry-run --env ${env} failed:\n${result.stdout}\n${result.stderr}`);
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another test file made it first
    }
  }
  return { dir, entry: "entry.js" };
}
