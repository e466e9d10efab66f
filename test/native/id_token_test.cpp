// ID tokens as an OpenID Connect issuer would send them: an RSA-2048 key made here with
// OpenSSL, its JWKS, and tokens signed with it, checked through the native crypto port.
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>

#include <memory>

#include "auth/id_token.hpp"
#include "core/base64.hpp"
#include "harness.hpp"

using namespace helm;
using auth::IdTokenClaims;
using auth::IdTokenExpectations;

namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

Blob bytes(std::string_view text) { return Blob(text.begin(), text.end()); }
std::string b64(std::string_view text) { return base64url_encode(bytes(text)); }

// Generated once: RSA-2048 key generation takes a noticeable fraction of a second.
EVP_PKEY* issuer_key() {
    static Key key(EVP_RSA_gen(2048), EVP_PKEY_free);
    return key.get();
}
EVP_PKEY* forger_key() {
    static Key key(EVP_RSA_gen(2048), EVP_PKEY_free);
    return key.get();
}

std::string jwk_param(EVP_PKEY* key, const char* name) {
    BIGNUM* bn = nullptr;
    REQUIRE(EVP_PKEY_get_bn_param(key, name, &bn) == 1);
    Blob raw(BN_num_bytes(bn));
    BN_bn2bin(bn, raw.data());
    BN_free(bn);
    return base64url_encode(raw);
}

Json jwk(EVP_PKEY* key, std::string kid) {
    return {{"kty", "RSA"}, {"kid", std::move(kid)}, {"use", "sig"}, {"alg", "RS256"},
            {"n", jwk_param(key, OSSL_PKEY_PARAM_RSA_N)}, {"e", jwk_param(key, OSSL_PKEY_PARAM_RSA_E)}};
}

// The issuer's jwks_uri document: its RSA key beside an EC key that must be skipped.
std::string issuer_jwks() {
    Json ec = {{"kty", "EC"}, {"kid", "ec-1"}, {"crv", "P-256"}, {"x", "AA"}, {"y", "AA"}};
    return to_text({{"keys", Json::array({ec, jwk(issuer_key(), "key-1")})}});
}

Blob rs256(EVP_PKEY* key, std::string_view input) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    std::size_t size = 0;
    REQUIRE(EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, key) == 1);
    REQUIRE(EVP_DigestSign(md.get(), nullptr, &size, reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1);
    Blob signature(size);
    REQUIRE(EVP_DigestSign(md.get(), signature.data(), &size, reinterpret_cast<const unsigned char*>(input.data()),
                           input.size()) == 1);
    signature.resize(size);
    return signature;
}

constexpr std::int64_t now = 1'790'000'000;

IdTokenExpectations expected() {
    IdTokenExpectations e;
    e.issuer = "https://accounts.example.com";
    e.client_id = "helm-client";
    e.nonce = "n-0S6_WzA2Mj";
    e.now_s = now;
    return e;
}

Json header(std::string kid = "key-1") { return {{"alg", "RS256"}, {"typ", "JWT"}, {"kid", std::move(kid)}}; }

Json claims() {
    return {{"iss", "https://accounts.example.com"}, {"sub", "110169484474386276334"}, {"aud", "helm-client"},
            {"exp", now + 3600},  {"iat", now - 5},  {"nonce", "n-0S6_WzA2Mj"},
            {"email", "owner@shop.example"}, {"email_verified", true}};
}

std::string token(const Json& head, const Json& body, EVP_PKEY* key = issuer_key()) {
    const auto input = b64(head.dump()) + "." + b64(body.dump());
    return input + "." + base64url_encode(rs256(key, input));
}

// One request's worth of ports, driven natively exactly as a handler's awaits are.
Result<IdTokenClaims> verify(const std::string& id_token, const std::string& jwks = issuer_jwks(),
                             const IdTokenExpectations& expect = expected()) {
    const auto dir = testing::fresh_dir("id-token");
    native::Ports ports{nullptr, native::DirectoryStore(dir / "r2"), native::DirectoryStore(dir / "kv")};
    const Shop shop = testing::test_shop();
    Context cx(shop, "req-id-token");
    auto task = auth::verify_id_token(cx, id_token, jwks, expect);
    auto result = native::drive(task, cx.channel, ports);
    std::filesystem::remove_all(dir);
    return result;
}

// Why a token was refused, checking it was refused the way every caller expects. An
// accepted token fails the CHECK without ending the run, as a REQUIRE would here.
std::string refusal(const Result<IdTokenClaims>& result) {
    CHECK_FALSE(result.ok());
    if (result.ok()) return "(accepted)";
    CHECK(result.error().code == Code::unauthenticated);
    CHECK(result.error().field == "id_token");
    return result.error().message;
}

}  // namespace

TEST_CASE("base64url encodes RFC 4648's test vectors with the URL alphabet and no padding") {
    CHECK(b64("") == "");
    CHECK(b64("f") == "Zg");
    CHECK(b64("fo") == "Zm8");
    CHECK(b64("foo") == "Zm9v");
    CHECK(b64("foob") == "Zm9vYg");
    CHECK(b64("fooba") == "Zm9vYmE");
    CHECK(b64("foobar") == "Zm9vYmFy");
    CHECK(base64url_encode(Blob{0xfb, 0xef, 0xbe}) == "----");  // "++++" in plain base64
    CHECK(base64url_encode(Blob{0xff, 0xff}) == "__8");          // "//8=" in plain base64
}

TEST_CASE("base64url decodes RFC 4648's test vectors, unpadded, back to the same bytes") {
    CHECK(base64url_decode("") == Blob{});
    CHECK(base64url_decode("Zg") == bytes("f"));
    CHECK(base64url_decode("Zm8") == bytes("fo"));
    CHECK(base64url_decode("Zm9v") == bytes("foo"));
    CHECK(base64url_decode("Zm9vYg") == bytes("foob"));
    CHECK(base64url_decode("Zm9vYmE") == bytes("fooba"));
    CHECK(base64url_decode("Zm9vYmFy") == bytes("foobar"));
    CHECK(base64url_decode("__8") == Blob{0xff, 0xff});
    Blob all;
    for (int b = 0; b < 256; ++b) {
        all.push_back(std::uint8_t(b));
        CHECK(base64url_decode(base64url_encode(all)) == all);
    }
}

TEST_CASE("base64url decoding refuses other alphabets, impossible lengths, padding and stray bits") {
    for (std::string_view text : {"Zm9v+", "Zm/v", "Zm9 v", "Zm9v\n", "Z", "Zm9vY", "Zg==", "Zm9vYmE=", "Zg=", "=", "Z=g=",
                                  "Zh", "Zm9"}) {
        CAPTURE(text);
        CHECK_FALSE(base64url_decode(text).has_value());
    }
}

TEST_CASE("the native RS256 check accepts the key's own signature and nothing else, whatever the key") {
    const auto good = jwk(issuer_key(), "k");
    const std::string n = good["n"], e = good["e"];
    const auto signature = rs256(issuer_key(), "header.payload");
    CHECK(native::verify_rs256(n, e, bytes("header.payload"), signature));
    CHECK_FALSE(native::verify_rs256(n, e, bytes("header.payloaD"), signature));
    CHECK_FALSE(native::verify_rs256(n, e, bytes("header.payload"), rs256(forger_key(), "header.payload")));
    CHECK_FALSE(native::verify_rs256(n, e, bytes("header.payload"), Blob{}));
    // Malformed keys are a failed check, not a crash or an error.
    CHECK_FALSE(native::verify_rs256("", e, bytes("header.payload"), signature));
    CHECK_FALSE(native::verify_rs256("not base64!", e, bytes("header.payload"), signature));
    CHECK_FALSE(native::verify_rs256(n, "", bytes("header.payload"), signature));
    CHECK_FALSE(native::verify_rs256(n + "=", e, bytes("header.payload"), signature));  // as workerd's WebCrypto
    CHECK_FALSE(native::verify_rs256("AQAB", "AQAB", bytes("header.payload"), signature));
}

TEST_CASE("a good ID token passes and yields its claims") {
    auto result = verify(token(header(), claims()));
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().message));
    CHECK(result->iss == "https://accounts.example.com");
    CHECK(result->sub == "110169484474386276334");
    CHECK(result->email == "owner@shop.example");
    CHECK(result->email_verified);
    CHECK(result->exp == now + 3600);
    CHECK(result->iat == now - 5);
    CHECK(result->nonce == "n-0S6_WzA2Mj");
}

TEST_CASE("email_verified is read, as a boolean or the string \"true\", and not enforced") {
    auto body = claims();
    body["email_verified"] = "true";
    auto as_text = verify(token(header(), body));
    REQUIRE(as_text.ok());
    CHECK(as_text->email_verified);
    body["email_verified"] = false;
    auto unverified = verify(token(header(), body));
    REQUIRE(unverified.ok());
    CHECK_FALSE(unverified->email_verified);
    body.erase("email_verified");
    body.erase("email");
    auto no_email = verify(token(header(), body));
    REQUIRE(no_email.ok());
    CHECK(no_email->email.empty());
    CHECK_FALSE(no_email->email_verified);
}

TEST_CASE("an ID token whose claims were changed after signing is refused") {
    const auto genuine = token(header(), claims());
    auto forged_claims = claims();
    forged_claims["email"] = "attacker@evil.example";
    const auto dot = genuine.find('.');
    const auto forged = genuine.substr(0, dot) + "." + b64(forged_claims.dump()) + genuine.substr(genuine.rfind('.'));
    CHECK(refusal(verify(forged)).find("signature") != std::string::npos);
}

TEST_CASE("an ID token signed by another key under the issuer's kid is refused") {
    CHECK(refusal(verify(token(header(), claims(), forger_key()))).find("signature") != std::string::npos);
}

TEST_CASE("an ID token that asks for alg none or HS256 is refused") {
    auto none = header();
    none["alg"] = "none";
    const auto unsigned_token = b64(none.dump()) + "." + b64(claims().dump()) + ".";
    CHECK(refusal(verify(unsigned_token)).find("none, not RS256") != std::string::npos);

    // The classic confusion: an HMAC keyed with the issuer's public modulus.
    auto hs = header();
    hs["alg"] = "HS256";
    const auto input = b64(hs.dump()) + "." + b64(claims().dump());
    const std::string secret = jwk(issuer_key(), "key-1")["n"];
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_size = 0;
    HMAC(EVP_sha256(), secret.data(), int(secret.size()), reinterpret_cast<const unsigned char*>(input.data()),
         input.size(), mac, &mac_size);
    const auto hmac_token = input + "." + base64url_encode(Blob(mac, mac + mac_size));
    CHECK(refusal(verify(hmac_token)).find("HS256, not RS256") != std::string::npos);

    auto lower = header();
    lower["alg"] = "rs256";
    CHECK(refusal(verify(token(lower, claims()))).find("not RS256") != std::string::npos);
    auto missing = header();
    missing.erase("alg");
    CHECK(refusal(verify(token(missing, claims()))).find("no algorithm") != std::string::npos);
}

TEST_CASE("an expired ID token is refused, within the leeway it is not") {
    auto body = claims();
    body["exp"] = now - 61;
    CHECK(refusal(verify(token(header(), body))).find("expired") != std::string::npos);
    body["exp"] = now - 30;
    CHECK(verify(token(header(), body)).ok());
    body.erase("exp");
    CHECK(refusal(verify(token(header(), body))).find("no expiry") != std::string::npos);
}

TEST_CASE("an ID token issued in the future, or with no issue time, is refused") {
    auto body = claims();
    body["iat"] = now + 120;
    CHECK(refusal(verify(token(header(), body))).find("future") != std::string::npos);
    body["iat"] = now + 30;
    CHECK(verify(token(header(), body)).ok());
    body.erase("iat");
    CHECK(refusal(verify(token(header(), body))).find("no issue time") != std::string::npos);
}

TEST_CASE("an ID token meant for another client is refused; a list of audiences needs azp") {
    auto body = claims();
    body["aud"] = "another-client";
    CHECK(refusal(verify(token(header(), body))).find("another client") != std::string::npos);
    body["aud"] = Json::array({"another-client", "third-client"});
    CHECK(refusal(verify(token(header(), body))).find("another client") != std::string::npos);
    body.erase("aud");
    CHECK(refusal(verify(token(header(), body))).find("another client") != std::string::npos);

    body["aud"] = Json::array({"helm-client"});
    CHECK(verify(token(header(), body)).ok());
    body["aud"] = Json::array({"another-client", "helm-client"});
    CHECK(refusal(verify(token(header(), body))).find("azp") != std::string::npos);
    body["azp"] = "another-client";
    CHECK(refusal(verify(token(header(), body))).find("azp") != std::string::npos);
    body["azp"] = "helm-client";
    CHECK(verify(token(header(), body)).ok());
}

TEST_CASE("an ID token from another issuer is refused") {
    auto body = claims();
    body["iss"] = "https://accounts.example.com.evil.example";
    CHECK(refusal(verify(token(header(), body))).find("another issuer") != std::string::npos);
    body.erase("iss");
    CHECK(refusal(verify(token(header(), body))).find("another issuer") != std::string::npos);
}

TEST_CASE("an ID token with another sign-in's nonce, or none, is refused") {
    auto body = claims();
    body["nonce"] = "someone-elses-nonce";
    CHECK(refusal(verify(token(header(), body))).find("not this sign-in's") != std::string::npos);
    body["nonce"] = "";
    CHECK(refusal(verify(token(header(), body))).find("no nonce") != std::string::npos);
    body.erase("nonce");
    CHECK(refusal(verify(token(header(), body))).find("no nonce") != std::string::npos);
}

TEST_CASE("an ID token with no subject is refused") {
    auto body = claims();
    body["sub"] = "";
    CHECK(refusal(verify(token(header(), body))).find("no subject") != std::string::npos);
}

TEST_CASE("the key is the one the kid names; with no kid, only a single RSA key will do") {
    CHECK(refusal(verify(token(header("key-2"), claims()))).find("no key \"key-2\"") != std::string::npos);
    CHECK(refusal(verify(token(header("ec-1"), claims()))).find("not RSA") != std::string::npos);

    auto no_kid = header();
    no_kid.erase("kid");
    CHECK(verify(token(no_kid, claims())).ok());
    const auto two_keys = to_text({{"keys", Json::array({jwk(forger_key(), "old"), jwk(issuer_key(), "key-1")})}});
    CHECK(refusal(verify(token(no_kid, claims()), two_keys)).find("several RSA keys") != std::string::npos);
    // The kid still picks the right one of two.
    CHECK(verify(token(header(), claims()), two_keys).ok());
}

TEST_CASE("garbage in place of an ID token or a JWKS is refused with a reason, never a crash") {
    const auto good = token(header(), claims());
    const auto payload_and_signature = good.substr(good.find('.'));
    struct Case {
        std::string token;
        std::string why;
    };
    const Case cases[] = {
        {"", "three dot-separated parts"},
        {"not a token", "three dot-separated parts"},
        {"a.b", "three dot-separated parts"},
        {good + ".extra", "three dot-separated parts"},
        {"!!!" + payload_and_signature, "not base64url"},
        {good + "*", "not base64url"},
        {"..", "header is not a JSON object"},
        {b64("{\"alg\":") + payload_and_signature, "header is not a JSON object"},
        {b64("[\"RS256\"]") + payload_and_signature, "header is not a JSON object"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.token);
        CHECK(refusal(verify(c.token)).find(c.why) != std::string::npos);
    }
    // Signed claims that are not JSON: the signature holds, the claims still cannot pass.
    const auto input = b64(header().dump()) + "." + b64("not json");
    CHECK(refusal(verify(input + "." + base64url_encode(rs256(issuer_key(), input)))).find("claims are not") !=
          std::string::npos);

    CHECK(refusal(verify(good, "not json")).find("no list of keys") != std::string::npos);
    CHECK(refusal(verify(good, "{}")).find("no list of keys") != std::string::npos);
    auto broken = jwk(issuer_key(), "key-1");
    broken["n"] = "***";
    CHECK(refusal(verify(good, to_text({{"keys", Json::array({broken})}}))).find("not base64url") != std::string::npos);
    broken["n"] = "AQAB";  // base64url, but no RSA modulus: the port answers that the check failed
    CHECK(refusal(verify(good, to_text({{"keys", Json::array({broken})}}))).find("signature") != std::string::npos);
    broken.erase("n");
    CHECK(refusal(verify(good, to_text({{"keys", Json::array({broken})}}))).find("no modulus") != std::string::npos);
}
