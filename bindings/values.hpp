#pragma once
// The values that cross every port: SQL values and byte blobs. Integers are int64 in
// C++ but doubles in JS: exact to 2^53, which holds every id and every cent amount.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace helm {

using Blob = std::vector<std::uint8_t>;
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string, Blob>;

constexpr std::int64_t max_safe_integer = (std::int64_t{1} << 53) - 1;

// An optional column's parameter: its value, or NULL when absent.
template <class T>
Value nullable(const std::optional<T>& v) {
    return v ? Value(*v) : Value(nullptr);
}

struct Header {
    std::string name;  // lower-case
    std::string value;
};
using Headers = std::vector<Header>;

std::string_view find_header(const Headers& headers, std::string_view lower_name);

}  // namespace helm
