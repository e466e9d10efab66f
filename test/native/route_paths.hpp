// A path that matches a route's pattern, for the tests that walk every route: the first
// ":name" becomes `first`, any other "1", and the rest of a "*" a real static file.
#pragma once
#include <string>
#include <string_view>

inline std::string concrete_path(std::string_view pattern, std::string_view first = "1") {
    std::string out;
    bool replaced = false;
    for (std::size_t i = 0; i < pattern.size();) {
        if (pattern[i] == ':') {
            out += replaced ? std::string_view("1") : first;
            replaced = true;
            while (i < pattern.size() && pattern[i] != '/') ++i;
        } else if (pattern[i] == '*') {
            out += "helm.css";
            ++i;
        } else {
            out += pattern[i++];
        }
    }
    return out;
}
