// The local OpenID Connect provider, driven with fetch exactly as the Worker drives it:
// discovery, authorize (PKCE S256, state, nonce, login_hint), the token exchange, then the
// id token checked with jose against the published keys.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { demoIdentities, startIdentityProvider, subFor } from "../../scripts/identity-provider.mjs";

const clientId = "helm-test";
const redirectUri = "http://127.0.0.1:8787/auth/callback";

let provider;
let discovery;
let jwks;

before(async () => {
  provider = await startIdentityProvider();
  discovery = await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json();
  jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
});
after(() => provider.stop());

const random = () => randomBytes(32).toString("base64url");

function authorizeUrl({ email, state, nonce, challenge }) {
  const url = new URL(discovery.authorization_endpoint);
  const query = {
    response_type: "code",
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: "openid email",
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: "S256",
  };
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  if (email) url.searchParams.set("login_hint", email);
  return url;
}

// Authorize as the Worker redirects a browser there; returns the code from the callback.
async function authorize(email, { state, nonce, verifier }) {
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const res = await fetch(authorizeUrl({ email, state, nonce, challenge }), { redirect: "manual" });
  assert.equal(res.status, 302);
  const callback = new URL(res.headers.get("location"));
  assert.equal(`${callback.origin}${callback.pathname}`, redirectUri);
  assert.equal(callback.searchParams.get("state"), state);
  return callback.searchParams.get("code");
}

function exchange(form) {
  return fetch(discovery.token_endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      redirect_uri: redirectUri,
      client_id: clientId,
      client_secret: "dev-secret",
      ...form,
    }),
  });
}

// The whole sign-in; returns the raw id token and the nonce it must carry.
async function signIn(email) {
  const [state, nonce, verifier] = [random(), random(), random()];
  const code = await authorize(email, { state, nonce, verifier });
  const res = await exchange({ code, code_verifier: verifier });
  assert.equal(res.status, 200);
  return { idToken: (await res.json()).id_token, nonce };
}

// What the Worker checks: signature, iss, aud, exp, then the nonce.
async function verify({ idToken, nonce }) {
  const { payload } = await jwtVerify(idToken, jwks, { issuer: discovery.issuer, audience: clientId, algorithms: ["RS256"] });
  assert.equal(payload.nonce, nonce, "nonce");
  return payload;
}

describe("discovery", () => {
  it("names the provider's own issuer and endpoints", () => {
    assert.equal(discovery.issuer, provider.issuer);
    assert.equal(provider.issuer, `http://127.0.0.1:${provider.port}`);
    assert.equal(discovery.authorization_endpoint, `${provider.issuer}/authorize`);
    assert.equal(discovery.token_endpoint, `${provider.issuer}/token`);
    assert.equal(discovery.jwks_uri, `${provider.issuer}/jwks`);
    assert.ok(discovery.code_challenge_methods_supported.includes("S256"));
  });

  it("publishes one RS256 key", async () => {
    const { keys } = await (await fetch(discovery.jwks_uri)).json();
    assert.equal(keys.length, 1);
    assert.equal(keys[0].alg, "RS256");
    assert.equal(keys[0].d, undefined);
  });
});

describe("signing in with a login_hint", () => {
  it("issues an id token for that email, for this client, with the nonce", async () => {
    const signedIn = await signIn("sales@demo.kvick.bike");
    const claims = await verify(signedIn);
    assert.equal(claims.iss, provider.issuer);
    assert.equal(claims.aud, clientId);
    assert.equal(claims.email, "sales@demo.kvick.bike");
    assert.equal(claims.email_verified, true);
    assert.equal(claims.sub, subFor("sales@demo.kvick.bike"));
    assert.match(claims.sub, /^sub-[0-9a-f]{16}$/);
    assert.ok(claims.exp > Date.now() / 1000);
  });

  it("gives an email the same sub every time and another email another sub", async () => {
    const first = await verify(await signIn("mechanic@demo.kvick.bike"));
    const again = await verify(await signIn("Mechanic@Demo.Kvick.Bike "));
    const other = await verify(await signIn("owner@demo.kvick.bike"));
    assert.equal(again.sub, first.sub);
    assert.equal(again.email, "mechanic@demo.kvick.bike");
    assert.notEqual(other.sub, first.sub);
  });

  it("applies signInAs overrides to that email only", async () => {
    provider.signInAs("unverified@example.com", { email_verified: false });
    provider.signInAs("renamed@example.com", { sub: "other" });
    assert.equal((await verify(await signIn("unverified@example.com"))).email_verified, false);
    assert.equal((await verify(await signIn("renamed@example.com"))).sub, "other");
    const untouched = await verify(await signIn("stranger@example.com"));
    assert.equal(untouched.email_verified, true);
    assert.equal(untouched.sub, subFor("stranger@example.com"));
  });
});

describe("the chooser", () => {
  it("appears without a login_hint and re-enters authorize with the chosen email", async () => {
    const [state, nonce, verifier] = [random(), random(), random()];
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const res = await fetch(authorizeUrl({ state, nonce, challenge }), { redirect: "manual" });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type"), /^text\/html/);
    const page = await res.text();
    for (const email of demoIdentities) assert.ok(page.includes(`name="login_hint" value="${email}"`), email);
    assert.match(page, /<input id="login_hint" type="email" name="login_hint" required>/);
    assert.doesNotMatch(page, /<script|<link|src=/);

    // Submit the first form with the mechanic's button, as a browser would.
    const form = page.slice(page.indexOf("<form"), page.indexOf("</form>"));
    const fields = [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, n, v]) => [n, v]);
    assert.deepEqual(Object.fromEntries(fields), Object.fromEntries(authorizeUrl({ state, nonce, challenge }).searchParams));
    const submit = new URL(`${provider.issuer}${form.match(/action="([^"]+)"/)[1]}`);
    for (const [name, value] of fields) submit.searchParams.append(name, value);
    submit.searchParams.append("login_hint", "mechanic@demo.kvick.bike");
    const chosen = await fetch(submit, { redirect: "manual" });
    assert.equal(chosen.status, 302);
    const code = new URL(chosen.headers.get("location")).searchParams.get("code");
    const token = await exchange({ code, code_verifier: verifier });
    const claims = await verify({ idToken: (await token.json()).id_token, nonce });
    assert.equal(claims.email, "mechanic@demo.kvick.bike");
  });
});

describe("tamperNext", () => {
  const expected = {
    expired: { code: "ERR_JWT_EXPIRED" },
    "wrong-audience": { code: "ERR_JWT_CLAIM_VALIDATION_FAILED", claim: "aud" },
    "wrong-issuer": { code: "ERR_JWT_CLAIM_VALIDATION_FAILED", claim: "iss" },
    "wrong-nonce": { code: "ERR_ASSERTION" },
    forged: { code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" },
    "other-key": { code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" },
  };
  for (const [kind, defect] of Object.entries(expected)) {
    it(`${kind} spoils exactly the next id token`, async () => {
      provider.tamperNext(kind);
      const spoiled = await signIn("stranger@example.com");
      await assert.rejects(verify(spoiled), (err) => {
        assert.equal(err.code, defect.code);
        if (defect.claim) assert.equal(err.claim, defect.claim);
        return true;
      });
      // Still names the published key, so a verifier cannot skip it as unknown.
      const header = JSON.parse(Buffer.from(spoiled.idToken.split(".")[0], "base64url"));
      const { keys } = await (await fetch(discovery.jwks_uri)).json();
      assert.equal(header.kid, keys[0].kid);
      assert.equal((await verify(await signIn("stranger@example.com"))).email, "stranger@example.com");
    });
  }

  it("forged claims another identity under the original signature", async () => {
    provider.tamperNext("forged");
    const claims = decodeJwt((await signIn("stranger@example.com")).idToken);
    assert.equal(claims.email, "owner@demo.kvick.bike");
    assert.equal(claims.sub, subFor("owner@demo.kvick.bike"));
  });

  it("expired puts exp and iat in the past", async () => {
    provider.tamperNext("expired");
    const claims = decodeJwt((await signIn("stranger@example.com")).idToken);
    const now = Date.now() / 1000;
    assert.ok(claims.exp < now - 3000, `exp ${claims.exp}`);
    assert.ok(claims.iat < claims.exp);
  });

  it("refuses a kind it does not know", () => {
    assert.throws(() => provider.tamperNext("late"), /unknown tamper kind: late/);
  });
});

describe("the token endpoint", () => {
  async function freshCode() {
    const [state, nonce, verifier] = [random(), random(), random()];
    return { code: await authorize("owner@demo.kvick.bike", { state, nonce, verifier }), verifier };
  }

  async function refused(form, error) {
    const res = await exchange(form);
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.id_token, undefined);
    if (error) assert.equal(body.error, error);
  }

  it("refuses a wrong code_verifier", async () => {
    const { code } = await freshCode();
    await refused({ code, code_verifier: random() });
  });

  it("refuses a missing code_verifier when the code was bound to a challenge", async () => {
    const { code } = await freshCode();
    await refused({ code }, "invalid_grant");
  });

  it("redeems a code once", async () => {
    const { code, verifier } = await freshCode();
    assert.equal((await exchange({ code, code_verifier: verifier })).status, 200);
    await refused({ code, code_verifier: verifier });
    await refused({ code }, "invalid_grant");
  });

  it("refuses a code it never issued", async () => {
    await refused({ code: "made-up" }, "invalid_grant");
  });

  it("refuses another redirect_uri or another client", async () => {
    const first = await freshCode();
    await refused({ code: first.code, code_verifier: first.verifier, redirect_uri: "http://evil.invalid/cb" }, "invalid_grant");
    const second = await freshCode();
    await refused({ code: second.code, code_verifier: second.verifier, client_id: "another-client" }, "invalid_client");
  });
});
