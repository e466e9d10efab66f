#include "auth/id_token.hpp"

#include <optional>
#include <tuple>

#include "core/base64.hpp"
#include "core/json.hpp"

namespace helm::auth {
namespace {

using simdjson::dom::element;

Error refused(std::string why) { return {Code::unauthenticated, std::move(why), "id_token"}; }

std::string_view as_text(const Blob& bytes) { return {reinterpret_cast<const char*>(bytes.data()), bytes.size()}; }

// Absent and present-but-not-a-string are the same to every check below.
std::optional<std::string_view> text_member(element object, std::string_view key) {
    std::string_view text;
    if (object[key].get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
    return text;
}

// A NumericDate: seconds, which RFC 7519 lets carry a fraction. A double beyond any
// plausible date is refused rather than cast (an out-of-range cast is undefined).
std::optional<std::int64_t> seconds_member(element object, std::string_view key) {
    element value;
    if (object[key].get(value) != simdjson::SUCCESS) return std::nullopt;
    if (value.is_int64()) return value.get_int64().value_unsafe();
    double seconds = 0;
    if (value.get_double().get(seconds) == simdjson::SUCCESS && seconds > -1e15 && seconds < 1e15)
        return std::int64_t(seconds);
    return std::nullopt;
}

// Some issuers send email_verified as the string "true" rather than the boolean.
bool flag_member(element object, std::string_view key) {
    bool flag = false;
    if (object[key].get_bool().get(flag) == simdjson::SUCCESS) return flag;
    return text_member(object, key) == "true";
}

struct CompactJws {
    Blob signing_input;  // "header.payload" as sent: the bytes the signature covers
    Blob header, payload, signature;
};

Result<CompactJws> split_compact(std::string_view token) {
    const auto first = token.find('.');
    const auto second = first == token.npos ? token.npos : token.find('.', first + 1);
    if (second == token.npos || token.find('.', second + 1) != token.npos)
        return refused("the ID token is not three dot-separated parts");
    auto header = base64url_decode(token.substr(0, first));
    auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
    auto signature = base64url_decode(token.substr(second + 1));
    if (!header || !payload || !signature) return refused("a part of the ID token is not base64url");
    return CompactJws{Blob(token.begin(), token.begin() + second), std::move(*header), std::move(*payload),
                      std::move(*signature)};
}

// The header's key id ("" when it names none), once the header asks for RS256 and
// nothing else: "none" or HS256 would let whoever wrote the token vouch for it.
Result<std::string> key_id_of_rs256(const Blob& header) {
    auto doc = JsonDocument::parse(as_text(header));
    if (!doc || !doc->root().is_object()) return refused("the ID token's header is not a JSON object");
    const element fields = doc->root();
    const auto alg = text_member(fields, "alg");
    if (alg != "RS256")
        return refused("the ID token is signed with " + (alg ? std::string(*alg) : std::string("no algorithm")) +
                       ", not RS256");
    // RFC 7515: extensions listed as critical must be understood, and we understand none.
    if (fields["crit"].error() != simdjson::NO_SUCH_FIELD) return refused("the ID token's header has critical extensions");
    return std::string(text_member(fields, "kid").value_or(""));
}

struct RsaJwk {
    std::string n, e;
};

// The issuer key the token names by kid or, when it names none, the JWKS's only RSA key.
Result<RsaJwk> find_key(std::string_view jwks_json, std::string_view kid) {
    auto doc = JsonDocument::parse(jwks_json);
    simdjson::dom::array keys;
    if (!doc || doc->root()["keys"].get_array().get(keys) != simdjson::SUCCESS)
        return refused("the issuer's JWKS has no list of keys");
    std::optional<element> chosen;
    if (kid.empty()) {
        for (element key : keys) {
            if (text_member(key, "kty") != "RSA") continue;
            if (chosen) return refused("the ID token names no key and the issuer has several RSA keys");
            chosen = key;
        }
        if (!chosen) return refused("the issuer has no RSA key");
    } else {
        for (element key : keys)
            if (text_member(key, "kid") == kid) {
                chosen = key;
                break;
            }
        if (!chosen) return refused("the issuer has no key \"" + std::string(kid) + "\"");
        if (text_member(*chosen, "kty") != "RSA") return refused("the issuer's key \"" + std::string(kid) + "\" is not RSA");
    }
    const auto n = text_member(*chosen, "n");
    const auto e = text_member(*chosen, "e");
    if (!n || !e) return refused("the issuer's key has no modulus or exponent");
    // Checked here because workerd's WebCrypto takes spellings ('+', '/', spaces, stray
    // bits) that the native port refuses: both ports are then handed the same keys.
    if (!base64url_decode(*n) || !base64url_decode(*e)) return refused("the issuer's key is not base64url");
    return RsaJwk{std::string(*n), std::string(*e)};
}

// aud is one client id or a list; a list that names other parties too must say in azp
// that the token was issued to us (OpenID Connect Core 3.1.3.7).
Status check_audience(element claims, std::string_view client_id) {
    if (text_member(claims, "aud") == client_id) return Ok{};
    simdjson::dom::array audiences;
    bool listed = false;
    if (claims["aud"].get_array().get(audiences) == simdjson::SUCCESS)
        for (element audience : audiences) {
            std::string_view name;
            if (audience.get_string().get(name) == simdjson::SUCCESS && name == client_id) listed = true;
        }
    if (!listed) return refused("the ID token is meant for another client");
    if (audiences.size() > 1 && text_member(claims, "azp") != client_id)
        return refused("the ID token names several audiences and was not issued to this client (azp)");
    return Ok{};
}

Result<IdTokenClaims> check_claims(const Blob& payload, const IdTokenExpectations& expect) {
    auto doc = JsonDocument::parse(as_text(payload));
    if (!doc || !doc->root().is_object()) return refused("the ID token's claims are not a JSON object");
    const element claims = doc->root();
    if (text_member(claims, "iss") != expect.issuer) return refused("the ID token comes from another issuer");
    HELM_TRY(std::ignore, check_audience(claims, expect.client_id));
    const auto exp = seconds_member(claims, "exp");
    if (!exp) return refused("the ID token has no expiry time");
    // Compared as exp > now - leeway, not exp + leeway > now: a huge exp cannot overflow.
    if (*exp <= expect.now_s - expect.leeway_s) return refused("the ID token has expired");
    const auto iat = seconds_member(claims, "iat");
    if (!iat) return refused("the ID token has no issue time");
    if (*iat > expect.now_s + expect.leeway_s) return refused("the ID token was issued in the future");
    const auto nonce = text_member(claims, "nonce");
    if (!nonce || nonce->empty()) return refused("the ID token carries no nonce");
    if (*nonce != expect.nonce) return refused("the ID token's nonce is not this sign-in's");
    const auto sub = text_member(claims, "sub");
    if (!sub || sub->empty()) return refused("the ID token names no subject");
    IdTokenClaims out;
    out.iss = expect.issuer;
    out.sub = std::string(*sub);
    out.email = std::string(text_member(claims, "email").value_or(""));
    out.email_verified = flag_member(claims, "email_verified");
    out.exp = *exp;
    out.iat = *iat;
    out.nonce = std::string(*nonce);
    return out;
}

}  // namespace

Task<Result<IdTokenClaims>> verify_id_token(Context& cx, std::string_view token, std::string_view jwks_json,
                                            const IdTokenExpectations& expect) {
    HELM_CO_TRY(auto jws, split_compact(token));
    HELM_CO_TRY(const auto kid, key_id_of_rs256(jws.header));
    HELM_CO_TRY(auto key, find_key(jwks_json, kid));
    HELM_CO_TRY(auto verdict, co_await cx.crypto.verify_rs256(std::move(key.n), std::move(key.e), std::move(jws.signing_input),
                                                              std::move(jws.signature)));
    // The claims are read only once the signature shows the issuer wrote them.
    if (!verdict.valid) co_return refused("the ID token's signature does not match the issuer's key");
    co_return check_claims(jws.payload, expect);
}

}  // namespace helm::auth
