#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bindings/values.hpp"
#include "core/json.hpp"
#include "core/result.hpp"

namespace helm {

// JSON bodies larger than this are refused before parsing (413).
constexpr std::size_t max_body_bytes = 1 << 20;

struct Request {
    std::string method;
    std::string origin; // "https://helm-swicked.kvick.bike": where this request was sent
    std::string path;   // decoded path, no query
    std::string query;  // raw query string, no '?'
    Headers headers;    // names lower-case
    std::string body;
    std::vector<std::pair<std::string, std::string>> params;  // filled by the router

    std::string_view header(std::string_view lower_name) const { return find_header(headers, lower_name); }
    std::string_view param(std::string_view name) const;
    std::string query_value(std::string_view name) const;  // decoded, empty when absent
    std::string cookie(std::string_view name) const;       // empty when absent
    // A form post or a fetch from a page of this shop, not from another site (CSRF).
    bool same_origin() const;
    // A program's request, answered in JSON (errors too) whatever the path: under /api/, or
    // sending JSON (Content-Type), or asking for it (Accept).
    bool wants_json() const;
};

struct Response {
    int status = 200;
    Headers headers;
    std::string body;
    std::optional<Error> error;  // rendered by the app with the request id (JSON or a page)

    Response() = default;
    Response(Error e) : status(http_status(e.code)), error(std::move(e)) {}

    static Response json(int status, const Json& body);
    static Response html(int status, std::string body);
    static Response redirect(std::string_view location);  // 303 See Other, after a form post
    static Response bytes(std::string content_type, std::string body, std::string cache_control);
    static Response not_found(std::string_view what);

    // A __Host- cookie: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain; max_age_s 0 deletes it.
    void set_cookie(std::string_view name, std::string_view value, std::int64_t max_age_s);

    static int http_status(Code code);
};

// Fills rq.origin (from a full URL), rq.path (percent-decoded) and rq.query.
void set_target(Request& rq, std::string_view url);

// %XX escapes: decoding turns '+' into a space only in forms and query strings;
// encoding keeps ASCII letters, digits and the characters in `keep`.
std::string percent_decode(std::string_view s, bool plus_is_space);
std::string percent_encode(std::string_view s, std::string_view keep = "-_.~");

// Where to go back to after a sign-in: only a path that stays on this shop once a browser
// has read it (printable ASCII, no backslash, not "//host", the same once percent-decoded),
// never another site (an open redirect) nor a broken Location header; "/" otherwise.
std::string local_path(std::string_view next);

// application/x-www-form-urlencoded and query strings: the fields in the order sent.
using Form = std::vector<std::pair<std::string, std::string>>;
Form parse_form(std::string_view body);
std::string form_value(const Form& form, std::string_view name);
// Whether the form carries the field at all (blank or not): a form edits what it sends.
bool form_has(const Form& form, std::string_view name);

}  // namespace helm
