// Outbound fetch through libcurl, SHA-256 and PBKDF2 through OpenSSL: the same
// operations the Worker performs with fetch() and crypto.subtle.
#include <curl/curl.h>
#include <openssl/evp.h>

#include "bindings/native/native.hpp"

namespace helm::native {
namespace {

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

}  // namespace helm::native
