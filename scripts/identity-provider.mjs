// A real OpenID Connect provider for development and tests, on oauth2-mock-server: the
// Worker signs people in against it (authorization code, PKCE S256, state, nonce) as it
// would against any provider. Who signs in is the authorize request's login_hint; without
// one, the person at the browser picks an identity on a small chooser page.
// `node scripts/identity-provider.mjs [--port 8788] [--host 127.0.0.1]` serves it alone.
import { createHash, createPrivateKey, generateKeyPair, randomBytes, sign } from "node:crypto";
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { parseArgs, promisify } from "node:util";
import { OAuth2Issuer, OAuth2Service } from "oauth2-mock-server";
import { log } from "./lib.mjs";

export const demoIdentities = [
  "owner@demo.kvick.bike",
  "sales@demo.kvick.bike",
  "mechanic@demo.kvick.bike",
  "stranger@example.com",
];

// Stable per email, so a person keeps their subject across sign-ins.
export function subFor(email) {
  return `sub-${createHash("sha256").update(email).digest("hex").slice(0, 16)}`;
}

function normaliseEmail(email) {
  return (email ?? "").trim().toLowerCase();
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Both forms repeat the authorize request's query and add login_hint, so submitting one
// re-enters the authorize endpoint as if the Worker had sent the hint. No script needed.
function chooserPage(query) {
  const hidden = [...query]
    .filter(([name]) => name !== "login_hint")
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n");
  const buttons = demoIdentities
    .map((email) => `<button name="login_hint" value="${escapeHtml(email)}">${escapeHtml(email)}</button>`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in: Helm development identity provider</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 26rem; margin: 3rem auto; padding: 0 1rem; }
form { display: grid; gap: 0.5rem; margin-bottom: 1.5rem; }
button, input { font: inherit; padding: 0.5rem; }
</style>
</head>
<body>
<h1>Sign in as</h1>
<form method="get" action="/authorize">
${hidden}
${buttons}
</form>
<form method="get" action="/authorize">
${hidden}
<label for="login_hint">Another email</label>
<input id="login_hint" type="email" name="login_hint" required>
<button>Sign in</button>
</form>
</body>
</html>
`;
}

function parseJwt(jwt) {
  const [head, body, signature] = jwt.split(".");
  return { head, claims: JSON.parse(Buffer.from(body, "base64url").toString("utf8")), signature };
}

function encodeClaims(claims) {
  return Buffer.from(JSON.stringify(claims)).toString("base64url");
}

// RS256 is RSASSA-PKCS1-v1_5 over SHA-256, node's default for an RSA key; signing
// synchronously lets beforeResponse (a plain event) swap the token before it is sent.
function signedJwt(head, claims, key) {
  const body = encodeClaims(claims);
  const signature = sign("sha256", Buffer.from(`${head}.${body}`), key).toString("base64url");
  return `${head}.${body}.${signature}`;
}

// Each makes one id token bad in exactly one way; the Worker must refuse every one.
const tampers = {
  expired: ({ head, claims }, keys) =>
    signedJwt(head, { ...claims, iat: claims.iat - 7200, nbf: claims.iat - 7200, exp: claims.iat - 3600 }, keys.issuer),
  "wrong-audience": ({ head, claims }, keys) => signedJwt(head, { ...claims, aud: "another-client" }, keys.issuer),
  "wrong-issuer": ({ head, claims }, keys) => signedJwt(head, { ...claims, iss: "https://issuer.invalid" }, keys.issuer),
  "wrong-nonce": ({ head, claims }, keys) =>
    signedJwt(head, { ...claims, nonce: randomBytes(16).toString("base64url") }, keys.issuer),
  // Claims to be someone else (the owner, or sales when the owner signed in) under the
  // real signature of the real claims.
  forged: ({ head, claims, signature }) => {
    const email = claims.email === demoIdentities[0] ? demoIdentities[1] : demoIdentities[0];
    return `${head}.${encodeClaims({ ...claims, sub: subFor(email), email })}.${signature}`;
  },
  // Same header, kid included, but signed by a key the provider never published.
  "other-key": ({ head, claims }, keys) => signedJwt(head, claims, keys.impostor),
};

// oauth2-mock-server redeems any code, any number of times, for any client and redirect
// URI, and skips PKCE when the verifier is left out; a real provider refuses all of those.
function refusal(grant, form, idClaims) {
  if (form.grant_type !== "authorization_code") return "unsupported_grant_type";
  if (grant === undefined || form.redirect_uri !== grant.redirectUri) return "invalid_grant";
  if (grant.pkce && form.code_verifier === undefined) return "invalid_grant";
  // aud is the library's own reading of the client: Basic auth or the form's client_id.
  if (idClaims.aud !== grant.clientId) return "invalid_client";
  return null;
}

export async function startIdentityProvider({ host = "127.0.0.1", port = 0 } = {}) {
  const issuer = new OAuth2Issuer();
  const [jwk, impostor] = await Promise.all([
    issuer.keys.generate("RS256"),
    promisify(generateKeyPair)("rsa", { modulusLength: 2048 }),
  ]);
  const keys = { issuer: createPrivateKey({ key: jwk, format: "jwk" }), impostor: impostor.privateKey };
  const service = new OAuth2Service(issuer);
  const grants = new Map(); // code -> { email, clientId, redirectUri, pkce }
  const overrides = new Map(); // email -> claims from signInAs
  let tamper = null;

  service.on("beforeAuthorizeRedirect", ({ url }, req) => {
    const code = url.searchParams.get("code");
    if (code === null) return; // an error redirect: nothing was granted
    const query = new URL(req.url, "http://provider").searchParams;
    grants.set(code, {
      email: normaliseEmail(query.get("login_hint")),
      clientId: query.get("client_id"),
      redirectUri: query.get("redirect_uri"),
      pkce: query.has("code_challenge"),
    });
  });

  // Runs for the access token and the id token alike: both name the person signed in.
  service.on("beforeTokenSigning", (token, req) => {
    const grant = grants.get(req.body.code);
    if (grant === undefined) return;
    Object.assign(token.payload, { sub: subFor(grant.email), email: grant.email, email_verified: true });
    Object.assign(token.payload, overrides.get(grant.email));
  });

  service.on("beforeResponse", (response, req) => {
    if (response.statusCode !== 200) return;
    const grant = grants.get(req.body.code);
    grants.delete(req.body.code);
    const idToken = response.body.id_token && parseJwt(response.body.id_token);
    const error = refusal(grant, req.body, idToken?.claims ?? {});
    if (error !== null) {
      response.statusCode = 400;
      response.body = { error };
      return;
    }
    if (tamper !== null) {
      response.body.id_token = tampers[tamper](idToken, keys);
      tamper = null;
    }
  });

  // Express routes case-insensitively and without strict trailing slashes; match as it does.
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://provider");
    if (req.method === "GET" && /^\/authorize\/?$/i.test(url.pathname) && !normaliseEmail(url.searchParams.get("login_hint"))) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(chooserPage(url.searchParams));
      return;
    }
    service.requestHandler(req, res);
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  const bound = server.address().port;
  issuer.url = `http://${host}:${bound}`;

  return {
    issuer: issuer.url,
    port: bound,
    signInAs(email, claims = {}) {
      overrides.set(normaliseEmail(email), claims);
    },
    tamperNext(kind) {
      if (!(kind in tampers)) throw new Error(`unknown tamper kind: ${kind} (one of ${Object.keys(tampers).join(", ")})`);
      tamper = kind;
    },
    stop() {
      return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { host: { type: "string", default: "127.0.0.1" }, port: { type: "string", default: "8788" } },
  });
  const provider = await startIdentityProvider({ host: values.host, port: Number(values.port) });
  log(`OpenID Connect provider at ${provider.issuer}  (Ctrl-C stops it)`);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => provider.stop().then(() => process.exit(0)));
}
