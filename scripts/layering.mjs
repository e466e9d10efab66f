// The layering rule (test/config/layering.test.mjs; docs/architecture.md "Layers"):
// 1. No cycle between modules: the folders under src/ (and bindings/' port headers) form
//    a graph by their #includes, and it has no cycle.
// 2. No upward include: src/core/ includes nothing of Helm but bindings/' port headers
//    (which include only core/); no module includes src/app/ (the layer that wires them).
// 3. No statement names another module's table: the tables named after FROM, JOIN, INTO,
//    UPDATE and DELETE FROM in a module's string literals are its own (tableOwners), or
//    the use is in `allowed` with its reason.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

// Each table and view the migrations create, by the module that owns it: the one whose
// SQL writes it and whose docs say what it means. A new table must be given an owner here.
export const tableOwners = {
  audit: ["audit_events", "batch_guard", "audit_archive_segments"],
  auth: ["shop_settings", "allowlist", "sign_in_attempts", "device_sessions", "pin_attempts"],
  staff: ["roles", "permissions", "role_permissions", "staff", "staff_screen_permissions", "effective_permissions"],
  identity: ["shop_details"],
  catalog: ["products", "products_v2", "tax_classes", "tax_rates", "categories", "vendors", "product_barcodes", "products_search", "product_vendors"],
  inventory: ["serial_units", "serial_unit_history", "stock_movements", "stock_counts", "stock_count_lines"],
  customers: ["customers", "customers_search", "bikes"],
  sales: [
    "registers", "sale_drafts", "drawer_sessions", "drawer_movements", "sales", "sale_lines", "sale_line_taxes",
    "accounts", "account_entries", "sale_payments", "z_reports", "gift_card_lookups",
  ],
  service: ["work_orders", "work_order_lines", "work_order_history", "special_orders", "outbox", "work_order_invoices"],
  ops: ["cron_runs", "ops_settings", "request_metrics"],
};

// A statement of one module naming another's table, each with why it may:
// "<module> reads|writes <table>", or "trigger <name> reads|writes <table>" (a * in the
// name stands for any text). A read joins another module's rows into one query where a
// call through its header would cost a D1 round trip per row or per list; a write is the
// exception to remove (the module asks the owner for its statements, as sales asks
// inventory::unit_move_statements). Cross-module triggers are listed in docs/architecture.md.
export const allowed = {
  // Reads: a name or a price beside one's own rows, in the same query.
  "auth reads staff": "the gate's one query per request reads the signed-in staff member's row when its copy is stale (docs/architecture.md, the gate)",
  "auth reads roles": "the gate's one query reads the role's idle time in its stale branch",
  "auth reads role_permissions": "the gate's one query reads the role's permissions in its stale branch",
  "auth reads staff_screen_permissions": "the gate's one query reads the staff member's own permissions in its stale branch",
  "staff reads shop_settings": "a role's idle time defaults to the shop's, shown beside each role in one query",
  "inventory reads staff": "a stock movement's list names who moved it, joined in the list's one query",
  "inventory reads products": "the ledger's lists, counts and reorder list show each product's SKU, name and cached on_hand beside its movements in one query",
  "sales reads staff": "a drawer, a cart and a document name who opened, held or rang them, joined in the same query",
  "sales reads products": "a sale's stock movements take the product's average cost at the moment of the sale, inside the batch (read by the lead's move to inventory); the period report ranks products by name",
  "sales reads customers": "a document's list shows its customer's name, joined in one query",
  "sales reads serial_units": "a document's lines show the serial they sold, joined in one query",
  "sales reads work_orders": "a document names the ticket it paid for, and the period report counts tickets picked up through sales, each in one query",
  "service reads customers": "a ticket's card shows its customer's name and whether they are still active, joined in the board's one query",
  "service reads bikes": "a ticket's card names its bike, joined in the board's one query",
  "service reads staff": "a ticket names its mechanic and who moved it, joined in one query",
  "service reads products": "a ticket's lines show the product's SKU and name, joined in one query",
  // Writes.
  "sales writes shop_settings": "the register's settings are columns of the shop's one settings row (migration 0007 added them); sales writes only those columns",
  // Triggers (docs/architecture.md lists them).
  "trigger access_moves_on_* writes shop_settings":
    "any change to who may do what moves shop_settings.access_version on, so the gate's cached copy on each device session goes stale in the same statement (migration 0019)",
  "trigger sale_lines_pay_only_the_invoice reads work_orders": "a line of a sale paying a ticket must be a line of the ticket's invoice, one for one, checked in the sale's own batch (migration 0012)",
  "trigger sale_lines_pay_only_the_invoice reads work_order_invoices": "the invoice's lines are what such a sale's lines are checked against (migration 0012)",
  "trigger sales_pay_only_the_invoice reads work_orders": "a sale paying an invoiced ticket pays exactly its invoice, checked in the sale's own batch (migration 0012)",
  "trigger sales_pay_only_the_invoice reads work_order_invoices": "the invoice's total is what such a sale must come to (migration 0012)",
  "trigger sale_payments_store_credit_to_the_customer reads customers": "store credit from a return goes to the original customer or the one they were merged into, checked where the payment is written (migration 0012)",
  "trigger sales_are_not_edited reads customers": "the one edit a document allows is an erasure's blanking, recognised by its customer being erased (migration 0014)",
  "trigger sales_pick_up_work_orders writes work_orders": "a sale that pays a ticket marks it picked up in the same statement, so a paid ticket is never left ready (migration 0008)",
  "trigger sales_pick_up_work_orders writes work_order_history": "the pick-up's move is recorded with it, as every status move is",
  "trigger stock_movements_keep_levels writes products": "on_hand and the average cost are cached on the product for the register and the lists; the ledger's trigger keeps them in the movement's own statement, and CHECK (on_hand >= 0) turns a shortage into an aborted batch",
  "trigger stock_movements_need_stock_items reads products": "only a stocked product moves: its kind is read where the movement is written",
};

// "<who> <kind> <table>" matched against an allowed key, whose * stands for any text.
const matches = (pattern, key) => new RegExp("^" + pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$").test(key);
const allowedBy = (allow, key) => Object.keys(allow).find((pattern) => matches(pattern, key));

const layerOf = (file) => file.split("/")[0];

// The text with comments blanked and the string literals collected, so that SQL is read
// only where it is SQL (a comment's "FROM" or a URL's "//" is neither).
export function literalsOf(text) {
  const out = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "/" && text[i + 1] === "/") {
      i = text.indexOf("\n", i);
      if (i < 0) break;
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2);
      if (i < 0) break;
      i += 2;
    } else if (c === "R" && text[i + 1] === '"' && !/\w/.test(text[i - 1] ?? "")) {
      const open = text.indexOf("(", i);
      const delimiter = ")" + text.slice(i + 2, open) + '"';
      const end = text.indexOf(delimiter, open);
      out.push(text.slice(open + 1, end));
      i = end + delimiter.length;
    } else if (c === '"' || (c === "'" && !/[0-9a-fA-F]/.test(text[i - 1] ?? ""))) {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      if (c === '"') out.push(text.slice(i + 1, j));
      i = j + 1;
    } else {
      i++;
    }
  }
  // Adjacent literals make one statement in C++; joined with a space they read the same.
  return out.join(" ");
}

// Tables and views created by the migrations (a renamed one under both names).
export function migrationTables(migrations) {
  const tables = new Set();
  for (const sql of Object.values(migrations)) {
    for (const m of sql.matchAll(/\bCREATE\s+(?:VIRTUAL\s+)?(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?["`]?(\w+)/gi)) tables.add(m[1]);
    for (const m of sql.matchAll(/\bALTER\s+TABLE\s+\w+\s+RENAME\s+TO\s+["`]?(\w+)/gi)) tables.add(m[1]);
  }
  return tables;
}

export function includesOf(text) {
  return [...text.matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)].map((m) => m[1]);
}

// The tables a text of SQL names, each as "reads" or "writes" (a write wins).
export function tablesNamed(sql, known) {
  const found = new Map();
  for (const m of sql.matchAll(/\b(FROM|JOIN|INTO|UPDATE)\s+["`]?(\w+)/gi)) {
    if (!known.has(m[2])) continue;
    const before = sql.slice(Math.max(0, m.index - 8), m.index);
    const kind = /^(INTO|UPDATE)$/i.test(m[1]) || /DELETE\s+$/i.test(before) ? "writes" : "reads";
    if (found.get(m[2]) !== "writes") found.set(m[2], kind);
  }
  return found;
}

// The triggers standing after every migration (a later DROP or CREATE replaces one), each
// with the table it is on and its body.
export function migrationTriggers(migrations) {
  const triggers = new Map();
  for (const name of Object.keys(migrations).sort()) {
    const sql = migrations[name].replace(/--[^\n]*/g, " ");
    const re = /\bDROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?(\w+)|\bCREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)([\s\S]*?)\bON\s+(\w+)([\s\S]*?)\bEND\s*;/gi;
    for (const m of sql.matchAll(re)) {
      if (m[1]) triggers.delete(m[1]);
      else triggers.set(m[2], { on: m[4], body: m[5], migration: name });
    }
  }
  return triggers;
}

// The strongly connected parts of the module graph with more than one module: each a cycle.
function cycles(edges) {
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])])].sort();
  let index = 0;
  const idx = new Map(), low = new Map(), stack = [], on = new Set(), found = [];
  const visit = (v) => {
    idx.set(v, index), low.set(v, index++), stack.push(v), on.add(v);
    for (const w of [...(edges.get(v) ?? [])].sort()) {
      if (!idx.has(w)) visit(w), low.set(v, Math.min(low.get(v), low.get(w)));
      else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const part = [];
      let w;
      do (w = stack.pop()), on.delete(w), part.push(w);
      while (w !== v);
      if (part.length > 1) found.push(part.sort());
    }
  };
  for (const v of nodes) if (!idx.has(v)) visit(v);
  return found;
}

// `tree`: {files: {"src/<module>/...": text, "bindings/...": text}, migrations: {name: sql}};
// `owners` and `allow` as tableOwners and allowed. Answers the violations, one line each.
export function layeringViolations(tree, owners = tableOwners, allow = allowed) {
  const problems = [];
  const known = migrationTables(tree.migrations);
  const ownerOf = new Map();
  for (const [module, tables] of Object.entries(owners))
    for (const t of tables) {
      if (ownerOf.has(t)) problems.push(`table ${t} has two owners: ${ownerOf.get(t)} and ${module}`);
      ownerOf.set(t, module);
      if (!known.has(t)) problems.push(`table ${t} (owned by ${module}) is created by no migration`);
    }
  for (const t of [...known].sort()) if (!ownerOf.has(t)) problems.push(`table ${t} has no owner module (scripts/layering.mjs tableOwners)`);

  const edges = new Map();
  const used = new Set();
  for (const [path, text] of Object.entries(tree.files).sort()) {
    // bindings/' port headers (d1, values, ports, platform, wire) sit with core; its drivers
    // (native/, wasm/) sit above app: they run the App.
    const bindingsDriver = /^bindings\/(native|wasm)\//.test(path);
    const from = path.startsWith("src/") ? layerOf(path.slice(4)) : bindingsDriver ? "drivers" : "bindings";
    for (const inc of includesOf(text)) {
      const to = inc.startsWith("bindings/") ? (/^bindings\/(native|wasm)\//.test(inc) ? "drivers" : "bindings") : layerOf(inc);
      if (!inc.includes("/") || to === from) continue;
      if ((from === "core" || from === "bindings") && to !== "core" && to !== "bindings")
        problems.push(`${path}: includes ${inc}: ${from}/ includes nothing of Helm above it`);
      if (to === "app" && from !== "drivers") problems.push(`${path}: includes ${inc}: nothing below app/ includes it`);
      if (to === "drivers") problems.push(`${path}: includes ${inc}: a platform's driver is included by nothing`);
      if (from === "drivers" || from === "app" || to === "core" || to === "bindings") continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from).add(to);
      if (!edges.has(`${from}->${to}`)) edges.set(`${from}->${to}`, []);
    }
    if (!path.startsWith("src/") || from === "core") continue;
    for (const [table, kind] of tablesNamed(literalsOf(text), known)) {
      const owner = ownerOf.get(table);
      if (!owner || owner === from) continue;
      const key = `${from} ${kind} ${table}`;
      const by = allowedBy(allow, key);
      if (by) used.add(by);
      else problems.push(`${path}: ${kind} ${owner}'s table ${table} (ask ${owner} for it, or allow "${key}" with its reason)`);
    }
  }
  // A trigger belongs to the module owning the table it is on.
  for (const [name, t] of [...migrationTriggers(tree.migrations)].sort()) {
    const from = ownerOf.get(t.on);
    for (const [table, kind] of tablesNamed(t.body, known)) {
      const owner = ownerOf.get(table);
      if (!from || !owner || owner === from) continue;
      const key = `trigger ${name} ${kind} ${table}`;
      const by = allowedBy(allow, key);
      if (by) used.add(by);
      else problems.push(`${t.migration}: trigger ${name} on ${from}'s ${t.on} ${kind} ${owner}'s table ${table} (allow "${key}" with its reason)`);
    }
  }
  for (const [key, reason] of Object.entries(allow)) {
    if (!reason || reason.trim().length < 10) problems.push(`allowed "${key}" gives no reason`);
    if (!used.has(key)) problems.push(`allowed "${key}" is no longer used: drop it`);
  }
  const moduleEdges = new Map([...edges].filter(([k]) => !k.includes("->")));
  for (const part of cycles(moduleEdges)) problems.push(`cycle between modules: ${part.join(", ")}`);
  return problems;
}

// The repository's own tree, as layeringViolations reads it.
export function readTree(root) {
  const files = {};
  for (const dir of ["src", "bindings"])
    for (const f of readdirSync(join(root, dir), { recursive: true }))
      if (/\.(hpp|cpp|h)$/.test(f)) files[`${dir}/${f}`] = readFileSync(join(root, dir, f), "utf8");
  const migrations = {};
  const mdir = join(root, "migrations");
  if (existsSync(mdir)) for (const f of readdirSync(mdir)) if (f.endsWith(".sql")) migrations[f] = readFileSync(join(mdir, f), "utf8");
  return { files, migrations };
}
