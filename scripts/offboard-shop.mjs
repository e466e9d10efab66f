// Removes a shop from the fleet (docs/runbooks/offboard.md):
//
//   scripts/offboard-shop.sh <slug> [--local [--persist-to DIR]] [--out FILE] [--operator-token TOKEN] [--yes-i-typed <slug>]
//
// 1. Exports the shop's data (POST /api/ops/export, src/ops/export.hpp) and downloads the
//    .tar.gz into a local file (--out, or offboarded/helm-<slug>-<export>.tar.gz). With
//    --local the shop is served locally for that, with a one-off operator token; on
//    Cloudflare the shop's own token comes from --operator-token or HELM_OPERATOR_TOKEN.
// 2. Asks the operator to type the slug (--yes-i-typed <slug> for tests and CI: it must
//    be the slug). Nothing is deleted before the export is on disk and the slug typed.
// 3. Deletes the Worker, the D1 database, the R2 bucket and the KV namespace (--local:
//    their files under the persist dir, and nothing else there), the shop's env in
//    wrangler.jsonc (every other byte of the file kept) and shop-overrides/<slug>/.
// It refuses the demo env and a slug wrangler.jsonc does not know.
import { spawnSync } from "node:child_process";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { findNodeAtLocation, parseTree } from "jsonc-parser";
import { unstable_startWorker } from "wrangler";
import { buildShop, root, shopsDir } from "./lib.mjs";
import { bucketOf, configPath, readConfig, shopSlugs, targetArgs, wrangler } from "./shops.mjs";

const usage =
  "usage: scripts/offboard-shop.sh <slug> [--local [--persist-to DIR]] [--out FILE] [--operator-token TOKEN] [--yes-i-typed <slug>]";
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    local: { type: "boolean", default: false },
    "persist-to": { type: "string", default: join(root, ".wrangler", "state") },
    out: { type: "string" },
    "operator-token": { type: "string" },
    "yes-i-typed": { type: "string" },
  },
});

function fail(message, code = 1) {
  console.error(`offboard: ${message}`);
  process.exit(code);
}
const say = (message) => console.log(`offboard: ${message}`);

const [slug] = positionals;
if (positionals.length !== 1) fail(usage, 2);
if (slug === "demo") fail("demo is npm start's local demo, not a shop of the fleet", 2);
if (!shopSlugs().includes(slug)) fail(`no shop ${slug} in wrangler.jsonc`, 2);
if (values["yes-i-typed"] !== undefined && values["yes-i-typed"] !== slug) fail(`--yes-i-typed ${values["yes-i-typed"]} is not ${slug}: nothing deleted`, 2);

const remote = !values.local;
const target = { remote, persistTo: remote ? undefined : resolve(values["persist-to"]) };
const env = readConfig().env[slug];
const bucket = bucketOf(slug);
const database = env.d1_databases.find((d) => d.binding === "DB");
const namespace = env.kv_namespaces.find((n) => n.binding === "KV");

// The shop, served with an operator token: locally for --local (as test/support/serve.mjs
// serves a shop), else the deployed shop with the token from the fleet's vault.
async function serve() {
  if (remote) {
    const token = values["operator-token"] ?? process.env.HELM_OPERATOR_TOKEN;
    if (!token) fail("the shop's operator token is needed: --operator-token or HELM_OPERATOR_TOKEN", 2);
    return { url: `https://${env.routes?.[0]?.pattern ?? `helm-${slug}.kvick.bike`}`, token, stop: async () => {} };
  }
  const token = randomBytes(24).toString("hex");
  buildShop(slug);
  const worker = await unstable_startWorker({
    config: configPath,
    env: slug,
    build: { custom: { command: "" } },
    bindings: { HELM_OPERATOR_TOKEN: { type: "plain_text", value: token } },
    dev: { server: { hostname: "127.0.0.1", port: 0 }, persist: target.persistTo, inspector: false, watch: false, liveReload: false, logLevel: "warn" },
  });
  await worker.ready;
  return { url: (await worker.url).origin, token, stop: () => worker.dispose() };
}

async function exportData() {
  const { url, token, stop } = await serve();
  let built;
  try {
    const res = await fetch(`${url}/api/ops/export`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`the export was refused (${res.status}): ${text}`);
    built = JSON.parse(text);
  } finally {
    await stop();
  }
  const file = resolve(values.out ?? join(root, "offboarded", `helm-${slug}-${basename(built.key)}`));
  mkdirSync(dirname(file), { recursive: true });
  wrangler(["r2", "object", "get", `${bucket}/${built.key}`, "--file", file, "--env", slug, ...targetArgs(target)], { remote });
  if (!existsSync(file) || statSync(file).size !== built.bytes) throw new Error(`${file} is not the ${built.bytes} bytes the shop wrote`);
  return { ...built, file };
}

async function confirmed() {
  if (values["yes-i-typed"] !== undefined) return true; // checked against the slug above
  if (!process.stdin.isTTY) fail("type the slug to confirm in a terminal, or pass --yes-i-typed <slug>", 2);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const typed = await rl.question(`Delete shop ${slug} (Worker, D1, R2, KV, its env and overrides)? Type its slug to confirm: `);
  rl.close();
  return typed.trim() === slug;
}

// Miniflare keeps each local D1, R2 bucket and KV namespace in a SQLite file named by a
// Durable Object id derived from the binding's id (its own durableObjectNamespaceIdFromName),
// and R2/KV blobs in a folder named by the bucket or namespace.
function objectId(uniqueKey, name) {
  const key = createHash("sha256").update(uniqueKey).digest();
  const nameHmac = createHmac("sha256", key).update(name).digest().subarray(0, 16);
  const hmac = createHmac("sha256", key).update(nameHmac).digest().subarray(0, 16);
  return Buffer.concat([nameHmac, hmac]).toString("hex");
}

function localFiles() {
  const v3 = join(target.persistTo, "v3");
  const sqlite = (kind, objectClass, name) => {
    const base = join(v3, kind, `miniflare-${objectClass}`, objectId(`miniflare-${objectClass}`, name));
    return [`${base}.sqlite`, `${base}.sqlite-wal`, `${base}.sqlite-shm`];
  };
  return [
    ...sqlite("d1", "D1DatabaseObject", database.database_id),
    ...sqlite("r2", "R2BucketObject", bucket),
    join(v3, "r2", bucket),
    ...sqlite("kv", "KVNamespaceObject", namespace.id),
    join(v3, "kv", namespace.id),
    join(root, `.dev.vars.${slug}`),
  ];
}

function deleteResources() {
  if (!remote) {
    for (const path of localFiles()) rmSync(path, { recursive: true, force: true });
    return;
  }
  const opts = { remote: true };
  wrangler(["delete", "--env", slug, "--force"], opts);
  wrangler(["d1", "delete", database.database_name, "--skip-confirmation"], opts);
  const emptied = wrangler(["r2", "bucket", "delete", bucket], { ...opts, allowFailure: true });
  if (emptied.status !== 0) {
    // R2 deletes only an empty bucket; the export above already holds every object.
    say(`the bucket ${bucket} was not deleted (${emptied.stderr.trim().split("\n").pop()}): empty it in the dashboard, then delete it`);
  }
  wrangler(["kv", "namespace", "delete", "--namespace-id", namespace.id, "--skip-confirmation"], opts);
}

// wrangler.jsonc without env `slug`: from the end of the env before it (its comma, the
// blank line and any comment above this env go too) to this env's end, so every other
// byte of the file stays as it was.
function removeShopEnv(text, name) {
  const tree = parseTree(text);
  const value = findNodeAtLocation(tree, ["env", name]);
  if (!value) return text;
  const property = value.parent;
  const siblings = property.parent.children;
  const at = siblings.indexOf(property);
  if (at > 0) {
    const before = siblings[at - 1];
    return text.slice(0, before.offset + before.length) + text.slice(property.offset + property.length);
  }
  if (siblings.length > 1) return text.slice(0, property.offset) + text.slice(siblings[1].offset);
  return text.slice(0, property.offset) + text.slice(property.offset + property.length);
}

const started = performance.now();
say(`${slug}: exporting its data`);
let exported;
try {
  exported = await exportData();
} catch (error) {
  fail(`${slug}: the export failed, nothing was deleted.\n${error.stack ?? error}`);
}
say(`${slug}: ${exported.members} files, ${exported.bytes} bytes, saved to ${exported.file}`);
if (!(await confirmed())) fail("the slug was not typed: nothing deleted", 2);

say(`${slug}: deleting its Worker, D1, R2 and KV${remote ? "" : ` under ${target.persistTo}`}`);
deleteResources();
const text = readFileSync(configPath, "utf8");
writeFileSync(configPath, removeShopEnv(text, slug));
rmSync(join(shopsDir, slug), { recursive: true, force: true });
rmSync(join(root, "build", "shops", slug), { recursive: true, force: true });
say(`${slug} offboarded in ${((performance.now() - started) / 1000).toFixed(1)} s; its data: ${exported.file}`);
if (spawnSync("git", ["rev-parse", "--verify", "--quiet", `refs/heads/shops/${slug}`], { cwd: root }).status === 0) {
  say(`  the branch shops/${slug} is still there: git branch -D shops/${slug} once the export is safe`);
}
