// A new shop's env in wrangler.jsonc, written as a copy of an existing shop's env with
// every value that names that shop changed: the copy keeps the file's layout and
// comments, and repeats every binding (wrangler envs inherit none of vars, D1, R2, KV).
import { applyEdits, findNodeAtLocation, modify, parse, parseTree, visit } from "jsonc-parser";

const formattingOptions = { insertSpaces: true, tabSize: 2, eol: "\n" };

export const shopSlugRule = /^[a-z0-9][a-z0-9-]*$/;

// What the env of shop `slug` holds that no other env does.
export function shopEnvValues({ slug, name, timezone, currency, d1Id, kvId }) {
  return [
    [["name"], `helm-${slug}`],
    [["main"], `build/shops/${slug}/entry.js`],
    [["build", "command"], `node scripts/build.mjs --shop ${slug}`],
    [["routes", 0, "pattern"], `helm-${slug}.kvick.bike`],
    [["vars", "SHOP_SLUG"], slug],
    [["vars", "SHOP_NAME"], name],
    [["vars", "SHOP_TIMEZONE"], timezone],
    [["vars", "SHOP_CURRENCY"], currency],
    // Until the shop's Google OAuth client exists (docs/runbooks/new-shop.md).
    [["vars", "OIDC_CLIENT_ID"], `helm-${slug}.apps.googleusercontent.com`],
    [["d1_databases", 0, "database_name"], `helm-${slug}-db`],
    [["d1_databases", 0, "database_id"], d1Id],
    [["r2_buckets", 0, "bucket_name"], `helm-${slug}-assets`],
    [["kv_namespaces", 0, "id"], kvId],
  ];
}

// Every string in `value` that mentions `slug`, by its path.
function pathsNaming(value, slug, path = []) {
  if (typeof value === "string") return value.includes(slug) ? [path] : [];
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, v]) => pathsNaming(v, slug, [...path, Array.isArray(value) ? Number(key) : key]));
  }
  return [];
}

const at = (value, path) => path.reduce((v, key) => v?.[key], value);

// wrangler.jsonc's text with env `shop.slug` added after the last env, modelled on the
// env `templateSlug`. The text comes back unchanged when the env is already there.
export function addShopEnv(text, shop, templateSlug) {
  const tree = parseTree(text);
  if (findNodeAtLocation(tree, ["env", shop.slug])) return text;
  const templateNode = findNodeAtLocation(tree, ["env", templateSlug]);
  if (!templateNode) throw new Error(`wrangler.jsonc has no env ${templateSlug} to copy`);

  let env = text.slice(templateNode.offset, templateNode.offset + templateNode.length);
  for (const [path, value] of shopEnvValues(shop)) env = applyEdits(env, modify(env, path, value, { formattingOptions }));
  // The template's comments name the template shop ("wrangler secret put --env swicked").
  const comments = [];
  visit(env, { onComment: (offset, length) => comments.push({ offset, length }) });
  for (const { offset, length } of comments.reverse()) {
    env = env.slice(0, offset) + env.slice(offset, offset + length).replaceAll(templateSlug, shop.slug) + env.slice(offset + length);
  }
  // A field the template gained that onboarding does not know yet must not carry the
  // template shop's value into the new shop.
  const template = parse(text).env[templateSlug];
  const copied = parse(env);
  const stale = pathsNaming(template, templateSlug).filter((path) => at(copied, path) === at(template, path));
  if (stale.length) throw new Error(`env ${templateSlug} has values onboarding does not rewrite: ${stale.map((p) => p.join(".")).join(", ")}`);

  const envs = findNodeAtLocation(tree, ["env"]).children;
  const last = envs[envs.length - 1];
  const lineStart = text.lastIndexOf("\n", last.offset) + 1;
  const indent = text.slice(lineStart, last.offset).match(/^\s*/)[0];
  const end = last.offset + last.length;
  return `${text.slice(0, end)},\n\n${indent}${JSON.stringify(shop.slug)}: ${env}${text.slice(end)}`;
}
