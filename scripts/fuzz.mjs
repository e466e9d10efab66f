// npm run fuzz: the parsers' libFuzzer targets (fuzz/*.cpp) for a fixed time each.
//   node scripts/fuzz.mjs [--seconds 60] [--target csv,wire ...]
// Builds them in build/fuzz with Debian's clang (-fsanitize=fuzzer,address,undefined over
// the parsers' sources, fuzz/CMakeLists.txt: 11 min cold at -j1 on a busy 2-core machine,
// seconds through ccache after that), then runs each from its seeds in
// fuzz/corpus/<target>/ (read only) plus what earlier runs found (build/fuzz/corpus/).
// A crash, a sanitizer report or a broken property stops that target: its input is kept
// under build/fuzz/artifacts/<target>/ and the run ends non-zero. npm test runs
// fuzz({ seconds: 3 }): every target briefly, each counted as a test.
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { spawnSync } from "node:child_process";
import { installDebianPackages, log, offlineEnv, root, run } from "./lib.mjs";

export const targets = readdirSync(join(root, "fuzz", "corpus")).sort();
const buildDir = join(root, "build", "fuzz");
// clang 14 cannot assemble UBSan's function check on split coroutines ("Cannot represent a
// difference across sections" with sanitizer coverage on): every other check stays.
const sanitizers = "-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=function -fno-sanitize-recover=all -fno-omit-frame-pointer -g";

function buildTargets(names) {
  installDebianPackages([
    ["clang", "/usr/bin/clang++"],
    ["libclang-rt-14-dev", "/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a"],
  ]);
  const ccache = spawnSync("sh", ["-c", "command -v ccache"]).status === 0 ? "ccache" : "";
  run("cmake", ["-S", root, "-B", buildDir, "-G", "Unix Makefiles", "-DCMAKE_BUILD_TYPE=Release", "-DHELM_FUZZ=ON",
    "-DCMAKE_CXX_COMPILER=clang++", `-DCMAKE_CXX_COMPILER_LAUNCHER=${ccache}`, `-DCMAKE_CXX_FLAGS=${sanitizers}`,
    "-DCMAKE_CXX_FLAGS_RELEASE=-O1"], { stdio: ["ignore", "ignore", "inherit"] });
  const started = performance.now();
  run("nice", ["cmake", "--build", buildDir, "-j2", ...names.flatMap((t) => ["--target", `fuzz_${t}`])],
    { env: { ...offlineEnv, CCACHE_BASEDIR: root } });
  log(`fuzz targets built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

// Runs each target for `seconds`; answers the names of those that found a problem.
export function fuzz({ seconds = 60, names = targets } = {}) {
  const unknown = names.filter((t) => !targets.includes(t));
  if (unknown.length) throw new Error(`no fuzz target ${unknown.join(", ")}; there are ${targets.join(", ")}`);
  buildTargets(names);
  const failed = [];
  for (const target of names) {
    const found = join(buildDir, "corpus", target);
    const artifacts = join(buildDir, "artifacts", target);
    mkdirSync(found, { recursive: true });
    mkdirSync(artifacts, { recursive: true });
    log(`fuzzing ${target} for ${seconds} s`);
    const result = spawnSync(join(buildDir, "fuzz", `fuzz_${target}`), [
      `-max_total_time=${seconds}`, "-timeout=10", "-rss_limit_mb=2048", "-max_len=65536", "-print_final_stats=1",
      `-artifact_prefix=${artifacts}/`, found, join(root, "fuzz", "corpus", target),
    ], { cwd: root, env: { ...offlineEnv, ASAN_OPTIONS: "detect_leaks=1", UBSAN_OPTIONS: "print_stacktrace=1" }, stdio: ["ignore", "inherit", "pipe"], encoding: "utf8" });
    const report = result.stderr ?? "";
    const stats = report.split("\n").filter((line) => line.startsWith("stat::number_of_executed_units"));
    if (result.status === 0) {
      log(`${target}: no problem (${stats[0]?.split(":").pop().trim() ?? "?"} runs)`);
    } else {
      process.stderr.write(report.split("\n").slice(-60).join("\n"));
      log(`${target}: FAILED (exit ${result.status ?? result.signal}); its input is in ${artifacts}/`);
      failed.push(target);
    }
  }
  return failed;
}

function parseArgs(argv) {
  const options = { seconds: 60, names: targets };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--seconds") options.seconds = Number(argv[++i]);
    else if (argv[i] === "--target") options.names = argv[++i].split(",");
    else throw new Error(`unknown option ${argv[i]}: use --seconds N and --target a,b`);
  }
  if (!(options.seconds > 0)) throw new Error("--seconds takes a positive number");
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const failed = fuzz(parseArgs(process.argv.slice(2)));
  log(failed.length ? `fuzzing found problems in: ${failed.join(", ")}` : "fuzzing found no problem");
  process.exit(failed.length ? 1 : 0);
}
