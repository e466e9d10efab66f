#include "ops/tar.hpp"

#include <cstdio>
#include <cstring>

namespace helm::ops::tar {
namespace {

// Writes `value` as zero-padded octal filling `width - 1` digits and a NUL.
void octal(char* field, std::size_t width, std::int64_t value) {
    std::snprintf(field, width, "%0*llo", int(width - 1), static_cast<unsigned long long>(value));
}

// One ustar header block; `name` and `prefix` already fit their fields.
std::string ustar_block(std::string_view name, std::string_view prefix, std::int64_t size, std::int64_t mtime_s, char type) {
    std::string block(std::size_t(block_bytes), '\0');
    char* h = block.data();
    std::memcpy(h, name.data(), name.size());
    octal(h + 100, 8, 0644);            // mode
    octal(h + 108, 8, 0);               // uid
    octal(h + 116, 8, 0);               // gid
    octal(h + 124, 12, size);
    octal(h + 136, 12, mtime_s);
    std::memset(h + 148, ' ', 8);       // the checksum counts its own field as spaces
    h[156] = type;
    std::memcpy(h + 257, "ustar", 6);   // magic with its NUL, then version "00"
    std::memcpy(h + 263, "00", 2);
    std::memcpy(h + 345, prefix.data(), prefix.size());
    unsigned sum = 0;
    for (unsigned char c : block) sum += c;
    std::snprintf(h + 148, 8, "%06o", sum);  // six digits, NUL, and the space already there
    h[155] = ' ';
    return block;
}

// ustar splits a long path at a '/' into prefix (<= 155) and name (<= 100).
bool split_ustar(std::string_view path, std::string_view& prefix, std::string_view& name) {
    if (path.size() <= 100) {
        prefix = {};
        name = path;
        return true;
    }
    for (auto slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', slash + 1)) {
        if (slash > 155) break;
        if (path.size() - slash - 1 <= 100 && slash > 0) {
            prefix = path.substr(0, slash);
            name = path.substr(slash + 1);
            return true;
        }
    }
    return false;
}

// A pax record is "<length> path=<value>\n" where <length> counts itself.
std::string pax_record(std::string_view key, std::string_view value) {
    const std::size_t rest = 1 + key.size() + 1 + value.size() + 1;  // " key=value\n"
    std::size_t length = rest + 1;
    while (std::to_string(length).size() + rest != length) length = std::to_string(length).size() + rest;
    return std::to_string(length) + " " + std::string(key) + "=" + std::string(value) + "\n";
}

}  // namespace

Result<std::string> member_header(std::string_view path, std::int64_t size, std::int64_t mtime_s) {
    if (path.empty()) return invalid("path", "a member needs a path");
    if (size < 0 || size > max_member_bytes) return invalid("size", "a member must be under 8 GiB");
    std::string_view prefix, name;
    if (split_ustar(path, prefix, name)) return ustar_block(name, prefix, size, mtime_s, '0');
    // Too long for ustar: a pax header carries the whole path, and the ustar header that
    // follows holds a shortened one for readers that know no pax.
    const std::string record = pax_record("path", path);
    std::string out = ustar_block("PaxHeader", {}, std::int64_t(record.size()), mtime_s, 'x');
    out += record + padding(std::int64_t(record.size()));
    out += ustar_block(path.substr(path.size() - 100), {}, size, mtime_s, '0');
    return out;
}

std::string padding(std::int64_t size) {
    const auto over = size % block_bytes;
    return std::string(over == 0 ? 0 : std::size_t(block_bytes - over), '\0');
}

std::string end_of_archive() { return std::string(std::size_t(2 * block_bytes), '\0'); }

std::int64_t member_bytes(std::int64_t size) { return block_bytes + size + std::int64_t(padding(size).size()); }

}  // namespace helm::ops::tar
