#include "core/http.hpp"

#include <algorithm>
#include <cctype>

namespace helm {

std::string_view code_name(Code code) {
    switch (code) {
        case Code::invalid_argument: return "invalid_argument";
        case Code::unauthenticated: return "unauthenticated";
        case Code::permission_denied: return "permission_denied";
        case Code::not_found: return "not_found";
        case Code::method_not_allowed: return "method_not_allowed";
        case Code::already_exists: return "already_exists";
        case Code::conflict: return "conflict";
        case Code::payload_too_large: return "payload_too_large";
        case Code::failed_precondition: return "failed_precondition";
        case Code::too_many_attempts: return "too_many_attempts";
        case Code::internal: return "internal";
        case Code::unavailable: return "unavailable";
    }
    return "internal";
}

int Response::http_status(Code code) {
    switch (code) {
        case Code::invalid_argument: return 400;
        case Code::unauthenticated: return 401;
        case Code::permission_denied: return 403;
        case Code::not_found: return 404;
        case Code::method_not_allowed: return 405;
        case Code::already_exists: return 409;
        case Code::conflict: return 409;
        case Code::payload_too_large: return 413;
        case Code::failed_precondition: return 422;
        case Code::too_many_attempts: return 429;
        case Code::internal: return 500;
        case Code::unavailable: return 503;
    }
    return 500;
}

Response Response::json(int status, const Json& body) {
    Response r;
    r.status = status;
    r.headers.push_back({"content-type", "application/json; charset=utf-8"});
    r.body = to_text(body);
    return r;
}

Response Response::html(int status, std::string body) {
    Response r;
    r.status = status;
    r.headers.push_back({"content-type", "text/html; charset=utf-8"});
    r.body = std::move(body);
    return r;
}

Response Response::redirect(std::string_view location) {
    Response r;
    r.status = 303;
    r.headers.push_back({"location", std::string(location)});
    return r;
}

Response Response::bytes(std::string content_type, std::string body, std::string cache_control) {
    Response r;
    r.headers.push_back({"content-type", std::move(content_type)});
    r.headers.push_back({"cache-control", std::move(cache_control)});
    r.body = std::move(body);
    return r;
}

Response Response::not_found(std::string_view what) {
    return Error{Code::not_found, std::string(what) + " not found", ""};
}

std::string_view Request::param(std::string_view name) const {
    for (const auto& [k, v] : params)
        if (k == name) return v;
    return {};
}

std::string Request::query_value(std::string_view name) const { return form_value(parse_form(query), name); }

std::string Request::cookie(std::string_view name) const {
    std::string_view rest = header("cookie");
    while (!rest.empty()) {
        auto semi = rest.find(';');
        auto pair = rest.substr(0, semi);
        rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    }
    return {};
}

// Browsers send Origin with every POST, PUT, PATCH and DELETE; when it is missing,
// Sec-Fetch-Site still tells where the request came from. Neither: not a browser.
bool Request::same_origin() const {
    auto sent_from = header("origin");
    if (!sent_from.empty()) return !origin.empty() && sent_from == origin;
    auto site = header("sec-fetch-site");
    return site.empty() || site == "same-origin";
}

bool Request::wants_json() const {
    auto names_json = [](std::string_view value) {
        std::string lower(value);
        for (char& c : lower) c = char(c >= 'A' && c <= 'Z' ? c + 32 : c);
        return lower.find("application/json") != std::string::npos;
    };
    return path.rfind("/api/", 0) == 0 || names_json(header("content-type")) || names_json(header("accept"));
}

void Response::set_cookie(std::string_view name, std::string_view value, std::int64_t max_age_s) {
    headers.push_back({"set-cookie", std::string(name) + "=" + std::string(value) + "; Max-Age=" + std::to_string(max_age_s) +
                                         "; Path=/; Secure; HttpOnly; SameSite=Lax"});
}

namespace {
int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::string percent_decode(std::string_view s, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+' && plus_is_space) {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
            out += char(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string percent_encode(std::string_view s, std::string_view keep) {
    constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || keep.find(char(c)) != std::string_view::npos) {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

void set_target(Request& rq, std::string_view url) {
    if (auto scheme = url.find("://"); scheme != std::string_view::npos) {
        auto slash = url.find('/', scheme + 3);
        rq.origin = std::string(url.substr(0, slash));
        url = slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
    }
    auto hash = url.find('#');
    url = url.substr(0, hash);
    auto question = url.find('?');
    rq.query = question == std::string_view::npos ? "" : std::string(url.substr(question + 1));
    rq.path = percent_decode(url.substr(0, question), false);
    if (rq.path.empty()) rq.path = "/";
}

namespace {
// A browser drops tabs and line breaks from a URL and reads a backslash as "/", so
// "/<tab>/evil.example" goes to //evil.example; a Location header cannot hold a line break (workerd throws) nor,
// as a byte string, anything beyond Latin-1.
bool stays_on_this_origin(std::string_view path, bool decoded) {
    if (path.empty() || path.front() != '/' || (path.size() > 1 && (path[1] == '/' || path[1] == '\\'))) return false;
    return std::all_of(path.begin(), path.end(), [decoded](unsigned char c) {
        // Decoded, a space or a letter beyond ASCII is fine: only the encoded form is sent.
        return c != '\\' && c != 0x7f && (decoded ? c >= ' ' : c > ' ' && c < 0x7f);
    });
}
}  // namespace

std::string local_path(std::string_view next) {
    // Decoded once more, too: "/%09/evil.example" must not become the line above anywhere.
    if (!stays_on_this_origin(next, false) || !stays_on_this_origin(percent_decode(next, false), true)) return "/";
    return std::string(next);
}

Form parse_form(std::string_view body) {
    Form out;
    while (!body.empty()) {
        auto amp = body.find('&');
        auto pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        if (eq == std::string_view::npos)
            out.emplace_back(percent_decode(pair, true), "");
        else
            out.emplace_back(percent_decode(pair.substr(0, eq), true), percent_decode(pair.substr(eq + 1), true));
    }
    return out;
}

std::string form_value(const Form& form, std::string_view name) {
    for (const auto& [k, v] : form)
        if (k == name) return v;
    return {};
}

bool form_has(const Form& form, std::string_view name) {
    return std::any_of(form.begin(), form.end(), [&](const auto& field) { return field.first == name; });
}

}  // namespace helm
