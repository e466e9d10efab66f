#pragma once
// The shell every screen sits in: the shop's branding, the navigation, one <main>.
#include <span>
#include <string>
#include <string_view>

#include "core/context.hpp"
#include "core/result.hpp"

namespace helm::web {

struct Screen {
    std::string_view key;    // the nav entry marked current
    std::string_view title;  // <title> and <h1>
    std::string_view script = {};  // an optional module under /static/, for polish only
};

// The screens in the navigation, in order; Home shows the others as tiles. An entry
// shows only to staff who hold its permission: the UI hides what the server refuses.
struct NavEntry {
    std::string_view key, href, label, accesskey, blurb, permission;
};
std::span<const NavEntry> screens();
bool may_open(const Context& cx, const NavEntry& entry);

// The whole page for whoever is asking: their navigation, their name and "Switch".
std::string page(const Context& cx, const Screen& screen, std::string_view main_markup);
std::string error_page(const Context& cx, const Error& error);

// Every time a person reads on a page: the shop's wall clock, "2026-11-23 09:30".
std::string local_time(const Context& cx, std::int64_t at_ms);

}  // namespace helm::web
