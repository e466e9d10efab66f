#pragma once
// A tar archive (POSIX ustar, with a pax header for a path too long for ustar), written a
// member at a time: each member is a header block that states its size, the bytes, then
// zeros to the next 512-byte block. Nothing here holds a member's bytes: the export
// writes headers and padding, and the R2 port copies the bytes between them.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace helm::ops::tar {

inline constexpr std::int64_t block_bytes = 512;
// ustar's size field: 11 octal digits.
inline constexpr std::int64_t max_member_bytes = 077777777777;

// The block(s) that start a regular file of `size` bytes at `path`, modified at `mtime_s`
// (UTC seconds). A path that does not fit ustar's name (100) and prefix (155) fields gets
// a pax extended header before it, which tar, bsdtar and Python's tarfile all read.
Result<std::string> member_header(std::string_view path, std::int64_t size, std::int64_t mtime_s);
// The zeros after a member of `size` bytes, up to the next block.
std::string padding(std::int64_t size);
// Two zero blocks end the archive.
std::string end_of_archive();
// The bytes a whole member takes: header, body and padding (for a path that fits ustar).
std::int64_t member_bytes(std::int64_t size);

}  // namespace helm::ops::tar
