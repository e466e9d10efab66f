#pragma once
// Settings -> Data -> Export: the button that builds an export, and the shop's exports.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "ops/export.hpp"

namespace helm::ops {

// `built`: the name of the export just made; `error`: why the last build failed.
std::string export_page_markup(const std::vector<ExportFile>& exports, std::string_view built, const std::optional<Error>& error);
// Where an export downloads from: /settings/data/exports/<name>.
std::string export_download_href(const ExportFile& file);

}  // namespace helm::ops
