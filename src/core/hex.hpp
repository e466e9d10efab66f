#pragma once
#include <cstdint>
#include <string>
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

// A fresh random identifier, hex-encoded: request ids, run ids, later session ids.
inline std::string random_hex(std::size_t bytes) {
    std::vector<std::uint8_t> raw(bytes);
    platform::fill_random(raw.data(), raw.size());
    return to_hex(raw);
}

}  // namespace helm
