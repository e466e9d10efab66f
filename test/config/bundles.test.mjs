// Each shop deploys offline (a dry run) and its bundle carries its own overrides only.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { root } from "../../scripts/lib.mjs";
import { shopSlugs } from "../../scripts/shops.mjs";
import { wranglerSync } from "../support/shop.mjs";

// Every shop, or only the one npm run deploy is about to deploy.
const shops = process.env.HELM_BUNDLE_SHOPS?.split(",") ?? shopSlugs();
const overrides = Object.fromEntries(
  readdirSync(join(root, "shop-overrides")).map((slug) => {
    const dir = join(root, "shop-overrides", slug);
    return [slug, { shop: JSON.parse(readFileSync(join(dir, "shop.json"), "utf8")), logo: readFileSync(join(dir, "logo.svg"), "utf8").trim() }];
  }),
);
const outdirs = [];
after(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("per-shop dry-run deploys", () => {
  for (const slug of shops) {
    it(`${slug} bundles offline with its own branding and no other shop's`, () => {
      const outdir = mkdtempSync(join(tmpdir(), `helm-bundle-${slug}-`));
      outdirs.push(outdir);
      const printed = wranglerSync(["deploy", "--dry-run", "--env", slug, "--outdir", outdir]);
      assert.match(printed, /Total Upload: [\d.]+ KiB \/ gzip: [\d.]+ KiB/);
      assert.match(printed, new RegExp(`env.DB \\(helm-${slug}-db\\)`));
      const files = readdirSync(outdir);
      assert.ok(files.some((f) => f.endsWith(".wasm")), `no .wasm in ${files}`);
      // Everything uploaded but the core itself: the JS bundle and its text modules (the logo).
      const uploaded = files.filter((f) => !f.endsWith(".wasm") && !f.endsWith(".map") && f !== "README.md");
      const bundle = uploaded.map((f) => readFileSync(join(outdir, f), "utf8")).join("\n");
      for (const [other, { shop, logo }] of Object.entries(overrides)) {
        const present = [shop.copy.tagline, shop.theme.primary, shop.receipt.footer, logo].map((marker) => bundle.includes(marker));
        if (other === slug) assert.deepEqual(present, [true, true, true, true], `${slug}'s own overrides are missing`);
        else assert.deepEqual(present, [false, false, false, false], `${slug}'s bundle carries ${other}'s overrides`);
      }
    });
  }
});
