// Outbound fetch through libcurl, SHA-256, PBKDF2 and RS256 through OpenSSL: the same
// operations the Worker performs with fetch() and crypto.subtle.
#include <curl/curl.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>

#include "bindings/native/native.hpp"
#include "core/base64.hpp"

namespace helm::native {
namespace {

template <auto release>
struct Release {
    template <class T>
    void operator()(T* p) const { release(p); }
};
template <class T, auto release>
using Owned = std::unique_ptr<T, Release<release>>;
using PublicKey = Owned<EVP_PKEY, EVP_PKEY_free>;

// A JWK's n and e as an OpenSSL 3 key, through the provider interface (RSA_set0_key and
// the rest of RSA_* are deprecated in 3.0); null when they are not base64url.
PublicKey rsa_public_key(std::string_view jwk_n, std::string_view jwk_e) {
    const auto n = base64url_decode(jwk_n);
    const auto e = base64url_decode(jwk_e);
    if (!n || !e) return nullptr;
    Owned<BIGNUM, BN_free> bn_n(BN_bin2bn(n->data(), int(n->size()), nullptr));
    Owned<BIGNUM, BN_free> bn_e(BN_bin2bn(e->data(), int(e->size()), nullptr));
    Owned<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free> build(OSSL_PARAM_BLD_new());
    if (!bn_n || !bn_e || !build || !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
        !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()))
        return nullptr;
    Owned<OSSL_PARAM, OSSL_PARAM_free> params(OSSL_PARAM_BLD_to_param(build.get()));
    Owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        return nullptr;
    return PublicKey(key);
}

std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* into) {
    static_cast<std::string*>(into)->append(data, size * count);
    return size * count;
}

std::size_t collect_header(char* data, std::size_t size, std::size_t count, void* into) {
    std::string_view line(data, size * count);
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
        std::string name(line.substr(0, colon));
        for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
        auto value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ')) value.remove_prefix(1);
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.remove_suffix(1);
        static_cast<Headers*>(into)->push_back({std::move(name), std::string(value)});
    }
    return size * count;
}

}  // namespace

Result<FetchResponse> http_fetch(const op::Fetch& request) {
    CURL* curl = curl_easy_init();
    if (!curl) return Error{Code::unavailable, "curl could not start", ""};
    FetchResponse out;
    curl_slist* headers = nullptr;
    for (const auto& h : request.headers) headers = curl_slist_append(headers, (h.name + ": " + h.value).c_str());
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (!request.body.empty() || request.method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &out.headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    const CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) return Error{Code::unavailable, std::string("fetch failed: ") + curl_easy_strerror(rc), ""};
    out.status = int(status);
    return out;
}

Blob sha256(const Blob& data) {
    Blob digest(32);
    unsigned int size = 0;
    EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr);
    return digest;
}

Blob pbkdf2_sha256(const Blob& password, const Blob& salt, std::int64_t iterations) {
    Blob key(32);
    PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(password.data()), int(password.size()), salt.data(), int(salt.size()),
                      int(iterations), EVP_sha256(), int(key.size()), key.data());
    return key;
}

// RSA's default padding for a digest signature is PKCS#1 v1.5, which is what RS256 is.
bool verify_rs256(std::string_view jwk_n, std::string_view jwk_e, const Blob& message, const Blob& signature) {
    const auto key = rsa_public_key(jwk_n, jwk_e);
    Owned<EVP_MD_CTX, EVP_MD_CTX_free> md(EVP_MD_CTX_new());
    const bool valid = key && md && EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
                       EVP_DigestVerify(md.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
    // A refused key or signature leaves reasons on the thread's OpenSSL error queue, where
    // a later, unrelated caller (libcurl's TLS) could mistake them for its own.
    ERR_clear_error();
    return valid;
}

}  // namespace helm::native
