#pragma once
// Verifying an OpenID Connect ID token: a compact JWS signed RS256 by the issuer, whose
// keys are the issuer's JWKS document. The RSA check itself is a crypto port operation
// (WebCrypto in the Worker, OpenSSL natively); the rest is parsing and comparing here.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/context.hpp"
#include "core/task.hpp"

namespace helm::auth {

struct IdTokenClaims {
    std::string iss, sub, email;
    bool email_verified = false;
    std::int64_t exp = 0, iat = 0;
    std::string nonce;
};

struct IdTokenExpectations {
    std::string issuer;
    std::string client_id;
    std::string nonce;
    std::int64_t now_s = 0;
    std::int64_t leeway_s = 60;  // clock skew allowed on exp and iat
};

// token: the compact JWS from the token endpoint; jwks_json: the text of the issuer's
// jwks_uri document. Every refusal is Error{Code::unauthenticated, why, "id_token"}.
// email and email_verified are read, not enforced: the caller decides what they allow.
// The task is lazy, so token, jwks_json and expect must outlive it, not just the call.
Task<Result<IdTokenClaims>> verify_id_token(Context& cx, std::string_view token, std::string_view jwks_json,
                                            const IdTokenExpectations& expect);

}  // namespace helm::auth
