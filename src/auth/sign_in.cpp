// Layer 1, the device gate: OpenID Connect's authorization-code flow with PKCE, state
// and nonce, against the shop's issuer (Google in production; a local provider in
// development and tests, run for real). Success turns this browser into a trusted device.
#include "auth/sign_in.hpp"

#include "audit/audit.hpp"
#include "auth/auth_sql.hpp"
#include "auth/gate.hpp"
#include "auth/id_token.hpp"
#include "auth/views/sign_in_pages.hpp"
#include "core/base64.hpp"
#include "core/guard.hpp"
#include "core/hex.hpp"
#include "core/sha256.hpp"

namespace helm::auth {

// These live outside the anonymous namespace on purpose: clang 14 (emscripten 3.1.6)
// demands a Wasm tail call for the final suspend of a Task<T> whose T has internal
// linkage, and the Wasm build has no tail calls.
namespace sign_in_flow {
struct Issuer {
    std::string issuer, authorization_endpoint, token_endpoint, jwks_uri;
};

struct Attempt {
    std::string nonce, code_verifier, return_to;
};

struct Entry {
    std::int64_t id = 0;
    std::string email, issuer, subject;
};
}  // namespace sign_in_flow
using sign_in_flow::Attempt, sign_in_flow::Entry, sign_in_flow::Issuer;

namespace {

// The browser that starts a sign-in must be the one that finishes it: the state rides in
// this cookie as well as through the issuer (no one can complete a sign-in for another).
constexpr std::string_view sign_in_cookie = "__Host-helm_sign_in";
constexpr std::int64_t attempt_lifetime_ms = 10 * 60 * 1000;
// Anyone may start a sign-in, so what a start costs is bounded: at most this many wait
// for their callback at once, and the issuer's discovery is read once an hour.
constexpr std::int64_t max_pending_attempts = 50;
constexpr std::int64_t discovery_lifetime_ms = 60 * 60 * 1000;

bool is_loopback_http(std::string_view url) {
    return url.rfind("http://127.0.0.1", 0) == 0 || url.rfind("http://localhost", 0) == 0;
}

// Plain http only to a provider on this machine (development and tests).
Status check_configured(const Shop& shop) {
    if (shop.oidc_issuer.empty() || shop.oidc_client_id.empty() || shop.oidc_client_secret.empty())
        return Error{Code::failed_precondition,
                     "sign-in is not configured for this shop: OIDC_ISSUER, OIDC_CLIENT_ID and the secret OIDC_CLIENT_SECRET are needed",
                     "OIDC_ISSUER"};
    if (shop.oidc_issuer.rfind("https://", 0) != 0 && !is_loopback_http(shop.oidc_issuer))
        return Error{Code::failed_precondition, "OIDC_ISSUER must be an https:// URL", "OIDC_ISSUER"};
    return Ok{};
}

Task<Result<std::string>> fetch_text(Context& cx, op::Fetch request, std::string_view what) {
    HELM_CO_TRY(auto got, co_await cx.http.fetch(std::move(request)));
    if (got.status != 200)
        co_return Error{Code::unavailable, "the sign-in provider answered " + std::to_string(got.status) + " for " + std::string(what), ""};
    co_return std::move(got.body);
}

Task<Result<std::string>> fetch_get(Context& cx, std::string url, std::string_view what) {
    op::Fetch request;
    request.method = "GET";
    request.url = std::move(url);
    request.headers.push_back({"accept", "application/json"});
    co_return co_await fetch_text(cx, std::move(request), what);
}

std::string string_at(const JsonDocument& doc, std::string_view pointer) {
    std::string_view value;
    if (doc.root().at_pointer(pointer).get_string().get(value) != simdjson::SUCCESS) return {};
    return std::string(value);
}

// The discovery document as the shop's KV last kept it, when younger than an hour.
Task<std::optional<std::string>> cached_discovery(Context& cx, const std::string& key) {
    auto kept = co_await cx.kv.get(key);
    if (!kept || !*kept) co_return std::nullopt;
    auto doc = JsonDocument::parse(**kept);
    if (!doc) co_return std::nullopt;
    std::int64_t fetched_at = 0;
    std::string_view text;
    if (doc->root()["fetched_at_ms"].get_int64().get(fetched_at) != simdjson::SUCCESS ||
        doc->root()["document"].get_string().get(text) != simdjson::SUCCESS || cx.now_ms() - fetched_at >= discovery_lifetime_ms)
        co_return std::nullopt;
    co_return std::string(text);
}

// The issuer's discovery document: where to send the browser, where to swap the code,
// where its keys are. It must name the configured issuer exactly.
Task<Result<Issuer>> discover(Context& cx) {
    std::string base = cx.shop.oidc_issuer;
    while (!base.empty() && base.back() == '/') base.pop_back();
    const std::string key = "oidc-discovery:" + base;
    std::string text;
    if (auto kept = co_await cached_discovery(cx, key)) {
        text = std::move(*kept);
    } else {
        HELM_CO_TRY(auto fetched, co_await fetch_get(cx, base + "/.well-known/openid-configuration", "its discovery document"));
        text = std::move(fetched);
        Json entry;  // no braced lists inside a coroutine (docs/architecture.md)
        entry["fetched_at_ms"] = cx.now_ms();
        entry["document"] = text;
        // A cache: a failed write costs only the next start a fetch.
        (void)co_await cx.kv.put(key, to_text(entry), discovery_lifetime_ms / 1000);
    }
    HELM_CO_TRY(auto doc, JsonDocument::parse(text));
    Issuer idp{string_at(doc, "/issuer"), string_at(doc, "/authorization_endpoint"), string_at(doc, "/token_endpoint"),
               string_at(doc, "/jwks_uri")};
    if (idp.issuer != cx.shop.oidc_issuer)
        co_return Error{Code::unavailable, "the provider calls itself " + idp.issuer + ", not " + cx.shop.oidc_issuer, "OIDC_ISSUER"};
    if (idp.authorization_endpoint.empty() || idp.token_endpoint.empty() || idp.jwks_uri.empty())
        co_return Error{Code::unavailable, "the provider's discovery document lacks an endpoint", "OIDC_ISSUER"};
    co_return idp;
}

std::string random_base64url(std::size_t bytes) {
    Blob raw(bytes);
    platform::fill_random(raw.data(), raw.size());
    return base64url_encode(raw);
}

std::string query(std::initializer_list<std::pair<std::string_view, std::string_view>> pairs) {
    std::string out;
    for (const auto& [name, value] : pairs) {
        if (!out.empty()) out += '&';
        out += std::string(name) + "=" + percent_encode(value);
    }
    return out;
}

std::string redirect_uri(const Request& rq) { return rq.origin + "/auth/callback"; }

Task<Response> start_sign_in(Context& cx, const Request& rq) {
    if (auto ok = check_configured(cx.shop); !ok) co_return std::move(ok).error();
    const std::string state = random_hex(32), nonce = random_hex(16), verifier = random_base64url(32);
    const auto challenge = sha256(verifier);
    const std::string state_hash = token_hash(state);
    const std::int64_t now = cx.now_ms();
    // Expired attempts go first, so the cap counts only those still waiting.
    std::vector<Statement> statements;
    statements.push_back(Statement{std::string(sql::expire_attempts), std::vector<Value>(1, Value(now - attempt_lifetime_ms))});
    statements.push_back(Statement{std::string(sql::insert_attempt), std::vector<Value>{state_hash, nonce, verifier, local_path(rq.query_value("next")),
                                                                                       now, max_pending_attempts}});
    statements.push_back(expect_changes(1));
    auto saved = co_await cx.db.batch(std::move(statements));
    if (!saved && is_unmet_expectation(saved.error()))
        co_return Error{Code::too_many_attempts, "too many sign-ins are under way: try again in a few minutes", "sign_in"};
    if (!saved) co_return std::move(saved).error();
    HELM_CO_TRY(auto idp, co_await discover(cx));

    const std::string uri = redirect_uri(rq), code_challenge = base64url_encode(challenge);
    std::string url = idp.authorization_endpoint + (idp.authorization_endpoint.find('?') == std::string::npos ? "?" : "&") +
                      query({{"response_type", "code"},
                             {"client_id", cx.shop.oidc_client_id},
                             {"redirect_uri", uri},
                             {"scope", "openid email"},
                             {"state", state},
                             {"nonce", nonce},
                             {"code_challenge", code_challenge},
                             {"code_challenge_method", "S256"}});
    if (auto hint = rq.query_value("login_hint"); !hint.empty()) url += "&login_hint=" + percent_encode(hint);
    Response res = Response::redirect(url);
    res.set_cookie(sign_in_cookie, state, attempt_lifetime_ms / 1000);
    co_return res;
}

// The attempt this state started, deleted as it is read: a replayed state finds nothing.
Task<Result<Attempt>> take_attempt(Context& cx, const Request& rq) {
    const std::string state = rq.query_value("state");
    if (state.empty()) co_return Error{Code::invalid_argument, "the provider sent no state", "state"};
    if (rq.cookie(sign_in_cookie) != state)
        co_return Error{Code::unauthenticated, "this sign-in was started in another browser or has expired: start again", "state"};
    const std::string state_hash = token_hash(state);
    HELM_CO_TRY(auto taken, co_await cx.db.query(sql::take_attempt, state_hash, cx.now_ms() - attempt_lifetime_ms));
    if (taken.rows.empty())
        co_return Error{Code::unauthenticated, "this sign-in was already used or has expired: start again", "state"};
    const Row row(taken, 0);
    co_return Attempt{row.text("nonce"), row.text("code_verifier"), row.text("return_to")};
}

Task<Result<std::string>> exchange_code(Context& cx, const Request& rq, const Issuer& idp, const Attempt& attempt) {
    op::Fetch request;
    request.method = "POST";
    request.url = idp.token_endpoint;
    request.headers.push_back({"content-type", "application/x-www-form-urlencoded"});
    request.headers.push_back({"accept", "application/json"});
    request.body = query({{"grant_type", "authorization_code"},
                          {"code", rq.query_value("code")},
                          {"redirect_uri", redirect_uri(rq)},
                          {"client_id", cx.shop.oidc_client_id},
                          {"client_secret", cx.shop.oidc_client_secret},
                          {"code_verifier", attempt.code_verifier}});
    HELM_CO_TRY(auto text, co_await fetch_text(cx, std::move(request), "the code"));
    HELM_CO_TRY(auto doc, JsonDocument::parse(text));
    std::string id_token = string_at(doc, "/id_token");
    if (id_token.empty()) co_return Error{Code::unauthenticated, "the provider sent no ID token", "id_token"};
    co_return id_token;
}

// Only an allowlisted, verified email from the configured issuer; an entry already bound
// to an account takes only that account.
Task<Result<Entry>> allowlisted(Context& cx, const IdTokenClaims& claims) {
    if (claims.email.empty() || !claims.email_verified)
        co_return Error{Code::permission_denied, "the provider did not vouch for this account's email address", "email"};
    std::string email = claims.email;
    for (auto& c : email) c = char(std::tolower(static_cast<unsigned char>(c)));
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::allowlisted, email));
    if (found.rows.empty())
        co_return Error{Code::permission_denied, email + " is not on " + cx.shop.name + "'s list of people who may sign in", "email"};
    const Row row(found, 0);
    Entry entry{row.integer("id"), row.text("email"), row.text("issuer"), row.text("subject")};
    if (!entry.issuer.empty() && (entry.issuer != claims.iss || entry.subject != claims.sub))
        co_return Error{Code::permission_denied, email + " is bound to another account at the provider", "email"};
    co_return entry;
}

audit::Change device_creation(std::int64_t id, const Entry& entry, const IdTokenClaims& claims, const std::string& hash,
                              const std::string& user_agent, std::int64_t now) {
    audit::Change change;
    if (entry.issuer.empty()) {
        change.statements.push_back({std::string(sql::bind_entry), {entry.id, claims.iss, claims.sub, now}});
        change.statements.push_back(expect_changes(1));
    }
    change.statements.push_back({std::string(sql::insert_device), {id, hash, entry.id, entry.email, user_agent, now, now + device_lifetime_ms}});
    change.event = {"device.sign_in", "device_session", std::to_string(id), nullptr,
                    Json{{"id", id}, {"email", entry.email}, {"user_agent", user_agent}, {"issuer", claims.iss},
                         {"first_sign_in", entry.issuer.empty()}, {"expires_at_ms", now + device_lifetime_ms}}};
    return change;
}

// What the provider's error means, in our words: its own text (error, error_description)
// is whatever the link's author wrote, so none of it is shown.
std::string provider_refusal(std::string_view error) {
    static constexpr std::pair<std::string_view, std::string_view> known[] = {
        {"access_denied", "You did not allow the sign-in, so this device was not signed in."},
        {"login_required", "The sign-in provider wants you to sign in there first: try again."},
        {"interaction_required", "The sign-in provider needs you to finish something there first: try again."},
        {"consent_required", "The sign-in provider needs your consent first: try again."},
        {"account_selection_required", "Choose an account at the sign-in provider: try again."},
        {"temporarily_unavailable", "The sign-in provider is busy right now: try again in a minute."},
        {"server_error", "The sign-in provider had a problem: try again in a minute."},
    };
    for (const auto& [code, message] : known)
        if (code == error) return std::string(message);
    return "The sign-in provider did not sign you in: try again, or ask the owner.";
}

Task<Result<Response>> complete_sign_in(Context& cx, const Request& rq) {
    if (auto refused = rq.query_value("error"); !refused.empty()) co_return Error{Code::unauthenticated, provider_refusal(refused), "code"};
    if (auto ok = check_configured(cx.shop); !ok) co_return std::move(ok).error();
    HELM_CO_TRY(auto attempt, co_await take_attempt(cx, rq));
    if (rq.query_value("code").empty()) co_return Error{Code::invalid_argument, "the provider sent no code", "code"};
    HELM_CO_TRY(auto idp, co_await discover(cx));
    HELM_CO_TRY(auto id_token, co_await exchange_code(cx, rq, idp, attempt));
    HELM_CO_TRY(auto jwks, co_await fetch_get(cx, idp.jwks_uri, "its keys"));
    IdTokenExpectations expect{cx.shop.oidc_issuer, cx.shop.oidc_client_id, attempt.nonce, cx.now_ms() / 1000};
    HELM_CO_TRY(auto claims, co_await verify_id_token(cx, id_token, jwks, expect));
    HELM_CO_TRY(auto entry, co_await allowlisted(cx, claims));

    const std::string token = random_hex(32);
    const std::string hash = token_hash(token);
    const std::string user_agent(rq.header("user-agent").substr(0, 200));
    const std::int64_t now = cx.now_ms();
    cx.actor = "device:" + entry.email;
    auto written = co_await audit::commit_new(cx, "SELECT coalesce(max(id), 0) + 1 AS id FROM device_sessions", [&](std::int64_t id) {
        return device_creation(id, entry, claims, hash, user_agent, now);
    });
    if (!written) {
        if (is_unmet_expectation(written.error()))
            co_return Error{Code::conflict, "this list entry was bound to another account meanwhile", "email"};
        co_return std::move(written).error();
    }
    Response res = Response::redirect(attempt.return_to);
    res.set_cookie(device_cookie, token, device_lifetime_ms / 1000);
    co_return res;
}

Task<Response> finish_sign_in(Context& cx, const Request& rq) {
    auto done = co_await complete_sign_in(cx, rq);
    Response res = done ? std::move(*done) : sign_in_refused(cx, done.error());
    res.set_cookie(sign_in_cookie, "", 0);
    co_return res;
}

audit::Change device_revocation(std::int64_t device_id, const std::string& hash, const std::string& email, std::int64_t now) {
    return {{{std::string(sql::revoke_by_token), {hash, now}}, expect_changes(1)},
            {"device.sign_out", "device_session", std::to_string(device_id), Json{{"email", email}}, nullptr}};
}

Task<Response> sign_out(Context& cx, const Request& rq) {
    const std::string hash = token_hash(rq.cookie(device_cookie));
    const Session& s = *cx.session;
    const std::int64_t now = cx.now_ms();
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        co_return device_revocation(s.device_id, hash, s.device_email, now);
    });
    if (!written && !is_unmet_expectation(written.error())) co_return std::move(written).error();
    Response res = Response::redirect("/auth/signed-out");
    res.set_cookie(device_cookie, "", 0);
    co_return res;
}

}  // namespace

std::span<const Route> sign_in_routes() {
    static constexpr std::array table{
        Route{"GET", "/auth/sign-in", start_sign_in, access::open},
        Route{"GET", "/auth/callback", finish_sign_in, access::open},
        Route{"GET", "/auth/signed-out", signed_out_page, access::open},
        Route{"POST", "/auth/sign-out", sign_out, access::device},
    };
    return table;
}

}  // namespace helm::auth
