#pragma once
// base64url (RFC 4648 section 5), the spelling JWS and JWK use: '-' and '_' instead of
// '+' and '/', written without '=' padding.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "bindings/values.hpp"

namespace helm {

inline std::string base64url_encode(std::span<const std::uint8_t> bytes) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::uint32_t bits = 0;
    int held = 0;  // how many low bits of `bits` are not written yet
    for (auto b : bytes) {
        bits = (bits << 8) | b;
        held += 8;
        while (held >= 6) {
            held -= 6;
            out += alphabet[(bits >> held) & 63];
        }
    }
    if (held > 0) out += alphabet[(bits << (6 - held)) & 63];
    return out;
}

// The unpadded form only: JWS and JWK forbid '=' (RFC 7515 section 2), and workerd's
// WebCrypto refuses a padded JWK, so the native side refuses it too. Also refuses any
// other character, a length no encoder produces and non-zero bits after the last byte,
// so that a byte string has exactly one spelling.
inline std::optional<Blob> base64url_decode(std::string_view text) {
    if (text.size() % 4 == 1) return std::nullopt;
    auto value = [](char c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '-') return 62;
        if (c == '_') return 63;
        return -1;
    };
    Blob out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t bits = 0;
    int held = 0;
    for (char c : text) {
        const int v = value(c);
        if (v < 0) return std::nullopt;
        bits = (bits << 6) | std::uint32_t(v);
        held += 6;
        if (held >= 8) {
            held -= 8;
            out.push_back(std::uint8_t(bits >> held));
        }
    }
    if ((bits & ((1u << held) - 1)) != 0) return std::nullopt;
    return out;
}

}  // namespace helm
