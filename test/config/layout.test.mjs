// The core never sees the platform: <emscripten.h>, SQLite, curl and OpenSSL belong to
// bindings/ (and the shim to worker/), so src/ builds the same for Wasm and natively.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { root } from "../../scripts/lib.mjs";

it("src/ includes no platform header", () => {
  const platform = /#include\s*[<"](emscripten[^>"]*|sqlite3\.h|curl\/[^>"]*|openssl\/[^>"]*|bindings\/(wasm|native)\/[^>"]*)[>"]/;
  const offenders = readdirSync(join(root, "src"), { recursive: true })
    .filter((f) => /\.(hpp|cpp|h)$/.test(f))
    .filter((f) => platform.test(readFileSync(join(root, "src", f), "utf8")));
  assert.deepEqual(offenders, []);
});
