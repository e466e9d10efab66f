#pragma once
// SHA-256 (FIPS 180-4) in the core itself: the gate hashes a cookie and the audit chain
// an event on every request or write, and a call out to WebCrypto for it cost a round
// trip through the shim each time. Checked against the standard's vectors and OpenSSL
// (test/native/platform_test.cpp). PBKDF2 stays with the platform: it is slow by design.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace helm {

using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest sha256(std::string_view data);
std::string sha256_hex(std::string_view data);  // lowercase, 64 characters

}  // namespace helm
