// Builds the Wasm core and one shop's Worker entry: `node scripts/build.mjs --shop <slug>`.
// wrangler.jsonc runs it as each env's build command, so dev and deploy always bundle
// a fresh build for the shop they serve.
import { buildShop, log } from "./lib.mjs";

const at = process.argv.indexOf("--shop");
const slug = at > 0 ? process.argv[at + 1] : "demo";
buildShop(slug);
log(`built the Worker for ${slug}`);
