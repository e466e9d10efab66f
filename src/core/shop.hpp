#pragma once
// The shop's identity is configuration, never data: the env's vars plus the
// shop-overrides/<slug>/ bundled for that shop only, handed over once per instance.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace helm {

struct BuildInfo {
    std::string version;
    std::string commit;
    std::string built_at;
};

struct Shop {
    std::string slug;
    std::string name;
    std::string timezone;
    std::string currency;
    std::string primary_color = "#1f4e79";
    std::string accent_color = "#f2a900";
    std::string tagline;
    std::string logo_svg;
    BuildInfo build;
};

// {"vars":{SHOP_SLUG,...},"overrides":{"slug","theme":{"primary","accent"},"copy":{"tagline"},"logo_svg"},
//  "build":{"version","commit","built_at"}}
Result<Shop> shop_from_config(std::string_view json);

}  // namespace helm
