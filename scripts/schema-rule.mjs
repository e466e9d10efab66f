// The schema rule every migration keeps (test/config/schema-rule.test.mjs; npm run deploy
// runs it before a shop is deployed):
// 1. No `ALTER TABLE ... ADD COLUMN` on a big table without a note saying why it is safe
//    (a comment right above it containing "Note on the schema rule", as in
//    migrations/0008_service.sql). The default answer is a new table and a backfill.
// 2. No column names a tenant: a shop is its own deployment, never a value in a row.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

// The tables that grow with every sale, movement, event and customer of a shop's life.
export const bigTables = [
  "sales", "sale_lines", "sale_line_taxes", "sale_payments", "stock_movements", "audit_events",
  "customers", "bikes", "products", "product_barcodes", "serial_units", "serial_unit_history",
  "work_orders", "work_order_lines", "work_order_history", "drawer_movements", "account_entries",
];

const tenantName = /\b(tenant\w*|shop|shop_(id|slug|key|code|uuid|name))\b/gi;
const addColumn = /\bALTER\s+TABLE\s+["`[]?(\w+)["`\]]?\s+ADD\b/gi;
const note = /note on the schema rule/i;

// The SQL with comments and string literals blanked out, every offset and line kept.
function codeOnly(sql) {
  const blank = (text) => text.replace(/[^\n]/g, " ");
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'/g, blank);
}

// The comment lines directly above line `index` (and a comment ending that line), as one text.
function commentAbove(lines, index) {
  const words = [lines[index].match(/--(.*)$/)?.[1] ?? ""];
  for (let i = index - 1; i >= 0 && /^\s*--/.test(lines[i]); i--) words.unshift(lines[i].replace(/^\s*--/, ""));
  return words.map((w) => w.trim()).join(" ");
}

export function violationsIn(name, sql) {
  const code = codeOnly(sql);
  const lines = sql.split("\n");
  const lineOf = (offset) => code.slice(0, offset).split("\n").length;
  const found = [];
  for (const m of code.matchAll(addColumn)) {
    const line = lineOf(m.index);
    if (bigTables.includes(m[1].toLowerCase()) && !note.test(commentAbove(lines, line - 1))) {
      found.push(`${name}:${line}: ALTER TABLE ${m[1]} ADD COLUMN on a big table without a "Note on the schema rule" comment`);
    }
  }
  for (const m of code.matchAll(tenantName)) {
    found.push(`${name}:${lineOf(m.index)}: "${m[0]}" names a tenant; a shop is its own deployment, not a column`);
  }
  return found;
}

export function schemaRuleViolations(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .flatMap((f) => violationsIn(f, readFileSync(join(dir, f), "utf8")));
}
