#pragma once
// What every fuzz target shares: the input as text, and a property check that stops the
// run the way libFuzzer reports a crash (abort), with what broke.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace helm::fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) { return {reinterpret_cast<const char*>(data), size}; }

inline void require(bool holds, const char* property) {
    if (holds) return;
    std::fprintf(stderr, "property broken: %s\n", property);
    std::abort();
}

// The input up to its first line break, and the rest.
inline std::pair<std::string_view, std::string_view> split_line(std::string_view input) {
    const auto at = input.find('\n');
    if (at == std::string_view::npos) return {input, {}};
    return {input.substr(0, at), input.substr(at + 1)};
}

}  // namespace helm::fuzz
