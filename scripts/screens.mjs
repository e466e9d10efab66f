// npm run screens: every screen of the demo shop at 1280×800, one PNG each in
// build/screens/, for a reviewer to look at them all in one place. The pictures are taken
// by the browser test that walks every screen (test/browser/every-screen.test.mjs), so
// what a reviewer sees is what that test checked.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { log, offlineEnv, root, setup } from "./lib.mjs";
import { shopBundle } from "../test/support/worker-bundle.mjs";

setup();
shopBundle("demo");
const walked = spawnSync(process.execPath, ["--test", "--test-reporter=spec", "test/browser/every-screen.test.mjs"], {
  cwd: root,
  env: offlineEnv,
  stdio: "inherit",
});
const dir = join(root, "build", "screens");
log(`${readdirSync(dir).filter((f) => f.endsWith(".png")).length} screens in ${dir}`);
process.exit(walked.status ?? 1);
