#pragma once
// The shell every screen sits in: the shop's branding, the navigation, one <main>.
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/shop.hpp"

namespace helm::web {

struct Screen {
    std::string_view key;    // the nav entry marked current
    std::string_view title;  // <title> and <h1>
    std::string_view script = {};  // an optional module under /static/, for polish only
};

// The screens in the navigation, in order; Home shows the others as tiles.
struct NavEntry {
    std::string_view key, href, label, accesskey, blurb;
};
std::span<const NavEntry> screens();

std::string page(const Shop& shop, const Screen& screen, std::string_view main_markup);
std::string error_page(const Shop& shop, const Error& error, std::string_view request_id);

}  // namespace helm::web
