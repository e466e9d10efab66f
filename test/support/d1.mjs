// A running (or stopped) local shop's D1, opened directly through Miniflare over the same
// persist directory: for loading generated data fast (wrangler's SQL splitter takes over
// a minute on 14 MB) and for reading every table as an auditor would.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { unstable_readConfig } from "wrangler";
import { root } from "../../scripts/lib.mjs";

export async function openLocalD1(persist, env = "demo") {
  const config = unstable_readConfig({ config: join(root, "wrangler.jsonc"), env }, {});
  const db = config.d1_databases.find((d) => d.binding === "DB");
  const mf = new Miniflare({
    modules: true,
    script: "",
    cf: false,
    d1Persist: join(persist, "v3", "d1"),
    d1Databases: { DATABASE: db.preview_database_id ?? db.database_id },
  });
  return { d1: await mf.getD1Database("DATABASE"), dispose: () => mf.dispose() };
}

// Every table's row count and a SHA-256 of its rows in key order (FTS shadow tables
// aside: their pages depend on how the index was built, not on what it holds; and
// cron_runs, which a backup leaves out: src/ops/dump.hpp; and request_metrics, which
// the Worker adds to at most once a minute, after the backup as well).
export async function tableChecksums(d1) {
  const { results: tables } = await d1
    .prepare(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' " +
        "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT IN (SELECT v.name || s.suffix FROM sqlite_schema v, " +
        "(SELECT '_data' AS suffix UNION ALL SELECT '_idx' UNION ALL SELECT '_content' UNION ALL SELECT '_docsize' UNION ALL SELECT '_config') s " +
        "WHERE v.sql LIKE 'CREATE VIRTUAL%') AND name NOT IN ('cron_runs', 'request_metrics') ORDER BY name",
    )
    .all();
  const out = {};
  for (const { name, sql } of tables) {
    const withoutRowid = /WITHOUT ROWID\s*;?\s*$/i.test(sql);
    const quoted = `"${name.replaceAll('"', '""')}"`;
    const { results } = await d1.prepare(`SELECT ${withoutRowid ? "" : "rowid AS _rowid, "}* FROM ${quoted} ORDER BY ${withoutRowid ? "1, 2" : "rowid"}`).all();
    const hash = createHash("sha256");
    for (const row of results) hash.update(`${JSON.stringify(row)}\n`);
    out[name] = { rows: results.length, sha256: hash.digest("hex") };
  }
  return out;
}
