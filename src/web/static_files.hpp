#pragma once
// The browser's CSS and JS, embedded at build time from src/web/static/ (see
// cmake/embed_static.cmake) so that the Worker serves them without another binding.
#include <optional>
#include <string_view>

namespace helm::web {

struct StaticFile {
    std::string_view content_type;
    std::string_view bytes;
};

std::optional<StaticFile> find_static(std::string_view name);

}  // namespace helm::web
