// Single tenant, per shop: every shop env has every binding, and no two shops share a
// Worker, a database, a bucket, a KV namespace or a hostname.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { experimental_readRawConfig, unstable_readConfig } from "wrangler";
import { root } from "../../scripts/lib.mjs";

const configPath = join(root, "wrangler.jsonc");
const { rawConfig } = experimental_readRawConfig({ config: configPath });
const envNames = Object.keys(rawConfig.env ?? {});
const shops = envNames.filter((name) => name !== "demo");
const resolved = Object.fromEntries(envNames.map((env) => [env, unstable_readConfig({ config: configPath, env }, {})]));

describe("wrangler.jsonc", () => {
  it("has the two shops and the local demo", () => {
    for (const name of ["swicked", "mike-s-bikes", "demo"]) assert.ok(envNames.includes(name), name);
  });

  for (const env of envNames) {
    it(`env ${env} declares every binding, var, cron and entry of its own`, () => {
      const c = resolved[env];
      const raw = rawConfig.env[env];
      assert.equal(c.name, `helm-${env}`);
      assert.deepEqual(raw.d1_databases?.map((d) => d.binding), ["DB"], "D1 must be declared in the env itself");
      assert.equal(c.d1_databases[0].database_name, `helm-${env}-db`);
      assert.match(c.d1_databases[0].database_id, /^[0-9a-f-]{36}$/);
      assert.equal(c.d1_databases[0].migrations_dir, "migrations");
      assert.deepEqual(raw.r2_buckets?.map((b) => [b.binding, b.bucket_name]), [["ASSETS", `helm-${env}-assets`]]);
      assert.deepEqual(raw.kv_namespaces?.map((k) => k.binding), ["KV"]);
      assert.match(c.kv_namespaces[0].id, /^[0-9a-f]{32}$/);
      for (const v of ["SHOP_SLUG", "SHOP_NAME", "SHOP_TIMEZONE", "SHOP_CURRENCY"]) assert.ok(raw.vars?.[v], `${env} lacks ${v}`);
      assert.equal(raw.vars.SHOP_SLUG, env);
      assert.deepEqual(c.triggers.crons, ["0 * * * *"]);
      assert.ok(c.main.endsWith(join("build", "shops", env, "entry.js")), c.main);
      assert.equal(raw.build?.command, `node scripts/build.mjs --shop ${env}`);
      assert.ok(readdirSync(join(root, "shop-overrides")).includes(env), `shop-overrides/${env} is missing`);
    });
  }

  for (const env of shops) {
    it(`shop ${env} is served at its own custom domain`, () => {
      assert.deepEqual(resolved[env].routes, [{ pattern: `helm-${env}.kvick.bike`, custom_domain: true }]);
    });
  }

  it("gives no two envs the same Worker, database, bucket, namespace or hostname", () => {
    const pick = {
      worker: (c) => [c.name],
      "d1 id": (c) => c.d1_databases.map((d) => d.database_id),
      "d1 name": (c) => c.d1_databases.map((d) => d.database_name),
      bucket: (c) => c.r2_buckets.map((b) => b.bucket_name),
      "kv namespace": (c) => c.kv_namespaces.map((k) => k.id),
      hostname: (c) => (c.routes ?? []).map((r) => r.pattern ?? r),
    };
    for (const [what, values] of Object.entries(pick)) {
      const all = envNames.flatMap((env) => values(resolved[env]));
      assert.equal(new Set(all).size, all.length, `two envs share a ${what}: ${all.join(", ")}`);
    }
  });
});
