#include "auth/gate.hpp"

#include "auth/auth_sql.hpp"
#include "core/hex.hpp"
#include "core/router.hpp"
#include "core/sha256.hpp"

namespace helm::auth {
namespace {

// Touching the device row on every request would write on every request: the sliding
// 30 days move once an hour, and the staff member's last activity once a quarter of
// their idle time (so a session may end up to that much early, never late).
constexpr std::int64_t device_touch_ms = 3600 * 1000;

bool is_token(std::string_view token) {
    return token.size() == 64 && token.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

bool changes_state(std::string_view method) { return method != "GET" && method != "HEAD"; }

Error sign_in_first() { return {Code::unauthenticated, "sign in on this device first", "device"}; }

std::vector<std::string> split_keys(std::string_view text) {
    std::vector<std::string> keys;
    while (!text.empty()) {
        auto space = text.find(' ');
        keys.emplace_back(text.substr(0, space));
        text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
    }
    return keys;
}

// The session as found, and the writes that keep it current: the sliding 30 days, the
// staff member's last activity, or the end of their session (idle, 12 hours, disabled).
struct SessionRead {
    Session session;
    std::vector<Statement> touches;
};

SessionRead read_session(const Row& row, std::int64_t now) {
    Session s;
    s.device_id = row.integer("id");
    s.device_email = row.text("email");
    std::vector<Statement> touches;
    if (now - row.integer("seen_at_ms") >= device_touch_ms) {
        touches.push_back({std::string(sql::renew_device), {s.device_id, now, now + device_lifetime_ms}});
        s.renew_cookie = true;
    }
    if (row.is_null("signed_in_staff_id")) return {std::move(s), std::move(touches)};
    const std::int64_t started = row.integer("staff_started_at_ms");
    const std::int64_t seen = row.integer("staff_seen_at_ms");
    const std::int64_t idle_s = row.integer("idle_timeout_s", 60);
    // A disabled staff member's row does not join: their session ends with the next request.
    const bool active = !row.is_null("staff_id") && now - seen < idle_s * 1000 && now - started < staff_session_cap_ms;
    if (!active) {
        touches.push_back({std::string(sql::staff_ended), {s.device_id, started}});
        return {std::move(s), std::move(touches)};
    }
    s.staff_id = row.integer("staff_id");
    s.staff_name = row.text("display_name");
    s.role = row.text("role_key");
    s.idle_timeout_s = idle_s;
    s.permissions = split_keys(row.text("permissions"));
    if (now - seen >= idle_s * 1000 / 4) touches.push_back({std::string(sql::staff_seen), {s.device_id, now, started}});
    if (row.integer("fresh") == 0)
        touches.push_back({std::string(sql::cache_staff), {s.device_id, row.integer("access_version"), s.staff_id, s.staff_name, s.role, idle_s,
                                                           row.text("permissions")}});
    return {std::move(s), std::move(touches)};
}

}  // namespace

std::string token_hash(std::string_view token) { return sha256_hex(token); }

bool secret_matches(std::string_view given, std::string_view expected) { return constant_time_equal(sha256(given), sha256(expected)); }

namespace {
// A shop without the secret has no operator routes; a wrong or missing token is told
// nothing more than that.
Task<Status> admit_operator(Context& cx, const Request& rq) {
    constexpr std::string_view bearer = "Bearer ";
    constexpr std::size_t min_token_length = 32;
    const std::string_view given = rq.header("authorization");
    Error refused{Code::unauthenticated, "this needs the shop's operator token", "authorization"};
    if (cx.shop.operator_token.size() < min_token_length || !given.starts_with(bearer)) co_return refused;
    if (!secret_matches(given.substr(bearer.size()), cx.shop.operator_token)) co_return refused;
    cx.actor = "operator";
    co_return Ok{};
}
}  // namespace

Task<Status> admit(Context& cx, const Request& rq, std::string_view needs) {
    if (needs == access::operator_token) co_return co_await admit_operator(cx, rq);
    const std::string token = rq.cookie(device_cookie);
    // A cookie rides along with any request the browser sends, from any site: a change
    // must come from this shop's own pages.
    if (!token.empty() && changes_state(rq.method) && !rq.same_origin())
        co_return Error{Code::permission_denied, "this request came from another site", "origin"};
    if (needs == access::open) co_return Ok{};
    if (!is_token(token)) co_return sign_in_first();

    const std::string hash = token_hash(token);
    const std::int64_t now = cx.now_ms();
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::session_by_token, hash, now));
    if (found.rows.empty()) co_return sign_in_first();

    SessionRead read = read_session(Row(found, 0), now);
    if (!read.touches.empty()) {
        HELM_CO_TRY(auto touched, co_await cx.db.batch(std::move(read.touches)));
    }
    cx.session = std::move(read.session);
    cx.actor = cx.session->has_staff() ? "staff:" + std::to_string(cx.session->staff_id) : "device:" + cx.session->device_email;

    if (needs == access::device) co_return Ok{};
    if (!cx.session->has_staff()) co_return Error{Code::unauthenticated, "enter your PIN to go on", "pin"};
    if (needs == access::staff || cx.session->can(needs)) co_return Ok{};
    co_return Error{Code::permission_denied, cx.session->staff_name + " may not do this (needs " + std::string(needs) + ")",
                    std::string(needs)};
}

}  // namespace helm::auth
