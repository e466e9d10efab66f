// Restores a shop's D1 from one of its backups, then replays its erasure journal so that
// no customer erased since that backup comes back (docs/runbooks/restore.md).
//
//   npm run restore -- --env <slug> --from <backup key or local file> [--local|--remote] [--force] [--persist-to DIR]
//
// --from is a key in the shop's R2 (backups/daily/2026-11-23.sql.gz) or a file on this
// machine (.sql.gz or .sql). It refuses a database that holds any table unless --force,
// which drops every table first. Everything goes through wrangler, so the same command
// works on the local shop (--local, the default) and on Cloudflare (--remote).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { bucketOf, r2Get, targetArgs, wrangler } from "./shops.mjs";

const JOURNAL_KEY = "erasures/journal.sql";

const { values } = parseArgs({
  options: {
    env: { type: "string" },
    from: { type: "string" },
    local: { type: "boolean", default: false },
    remote: { type: "boolean", default: false },
    force: { type: "boolean", default: false },
    "persist-to": { type: "string" },
  },
});

function fail(message, code = 1) {
  console.error(`restore: ${message}`);
  process.exit(code);
}

if (!values.env || !values.from) fail("usage: npm run restore -- --env <slug> --from <backup key or file> [--local|--remote] [--force]");
if (values.local && values.remote) fail("--local or --remote, not both");
const target = { remote: values.remote, persistTo: values["persist-to"] };

function execute(args) {
  return wrangler(["d1", "execute", "DB", "--env", values.env, ...targetArgs(target), "--yes", ...args], { remote: target.remote });
}

function query(sql) {
  return JSON.parse(execute(["--json", "--command", sql]).stdout)[0].results;
}

const scratch = mkdtempSync(join(tmpdir(), "helm-restore-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true })); // also after fail()
const started = performance.now();
try {
  // 1. The backup, unzipped, and whole: a dump ends with its own count line.
  const bytes = existsSync(values.from) ? readFileSync(values.from) : r2Get(values.env, values.from, target);
  if (!bytes) fail(`no object ${values.from} in ${bucketOf(values.env)}`);
  const sql = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString("utf8") : bytes.toString("utf8");
  const footer = /^-- end of backup: (\d+) tables, (\d+) rows$/m.exec(sql);
  if (!footer) fail(`${values.from} is not a whole Helm backup (its last line is missing)`);

  // 2. Only into an empty database, unless told otherwise.
  const objects = query(
    "SELECT type, name, sql FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' " +
      "AND sql IS NOT NULL ORDER BY type = 'table', sql LIKE 'CREATE VIRTUAL%' DESC",
  );
  if (objects.length && !values.force) {
    fail(`the ${values.env} database is not empty (${objects.length} tables and views); add --force to replace it`, 2);
  }
  if (objects.length) {
    // Views first, then full-text tables (their shadow tables go with them), then the
    // other tables children before parents: D1 checks a dropped table's foreign keys.
    const quote = (name) => `"${name.replaceAll('"', '""')}"`;
    const tables = objects.filter((o) => o.type === "table");
    // One PRAGMA per table in one call (D1 does not allow pragma_foreign_key_list()).
    const lists = JSON.parse(execute(["--json", "--command", tables.map((t) => `PRAGMA foreign_key_list(${quote(t.name)})`).join("; ")]).stdout);
    const links = tables.flatMap((t, i) => (lists[i]?.results ?? []).map((f) => ({ child: t.name, parent: f.table })));
    const names = objects.map((o) => o.name);
    const dropped = new Set();
    const drops = ["PRAGMA defer_foreign_keys = on;"];
    const drop = (o) => {
      drops.push(`DROP ${o.type.toUpperCase()} IF EXISTS ${quote(o.name)};`);
      dropped.add(o.name);
    };
    const shadow = (o) => o.type === "table" && names.some((v) => dropped.has(v) && o.name.startsWith(`${v}_`));
    for (const o of objects) if (o.type === "view" || /^CREATE VIRTUAL/i.test(o.sql ?? "")) drop(o);
    for (let left = objects.filter((o) => !dropped.has(o.name) && !shadow(o)); left.length; ) {
      // A table no remaining table refers to goes next (a cycle: the rest in any order).
      const free = left.filter((o) => !links.some((l) => l.parent === o.name && l.child !== o.name && left.some((c) => c.name === l.child)));
      for (const o of free.length ? free : left) drop(o);
      left = left.filter((o) => !dropped.has(o.name));
    }
    writeFileSync(join(scratch, "drop.sql"), drops.join("\n") + "\n");
    execute(["--file", join(scratch, "drop.sql")]);
    console.log(`restore: dropped ${dropped.size} tables and views (--force)`);
  }

  // 3. The backup itself.
  const dump = join(scratch, "backup.sql");
  writeFileSync(dump, sql);
  execute(["--file", dump]);
  console.log(`restore: loaded ${values.from}: ${footer[1]} tables, ${footer[2]} rows`);

  // 4. The erasure journal: every erasure since that backup made again.
  const journal = r2Get(values.env, JOURNAL_KEY, target);
  if (journal && journal.length) {
    writeFileSync(join(scratch, "journal.sql"), journal);
    execute(["--file", join(scratch, "journal.sql")]);
    const erased = /: (\d+) erased customers/.exec(journal.toString("utf8"))?.[1] ?? "?";
    console.log(`restore: replayed the erasure journal (${erased} erased customers)`);
  } else {
    console.log("restore: no erasure journal in R2 (no customer was ever erased)");
  }
  // The audit chain's anchor in KV and R2 still names the head from before the restore.
  console.log("restore: events written since this backup show in /api/audit/verify as cut from the chain until its anchor is reset (docs/runbooks/restore.md, \"The audit chain's anchor\")");
  console.log(`restore: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  fail(error.message);
}
