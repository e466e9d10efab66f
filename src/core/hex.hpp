#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bindings/platform.hpp"

namespace helm {

inline std::string to_hex(const std::vector<std::uint8_t>& bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (auto b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

// Hex digits back to bytes; stops at the first pair that is not hex.
inline std::vector<std::uint8_t> from_hex(std::string_view hex) {
    auto digit = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        const int hi = digit(hex[i]), lo = digit(hex[i + 1]);
        if (hi < 0 || lo < 0) break;
        out.push_back(std::uint8_t(hi * 16 + lo));
    }
    return out;
}

// Equal contents, compared over every byte: the time taken tells nothing of how much
// matched (PIN hashes, secrets' digests).
template <class A, class B>
bool constant_time_equal(const A& a, const B& b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

// A fresh random identifier, hex-encoded: request ids, run ids, later session ids.
inline std::string random_hex(std::size_t bytes) {
    std::vector<std::uint8_t> raw(bytes);
    platform::fill_random(raw.data(), raw.size());
    return to_hex(raw);
}

}  // namespace helm
