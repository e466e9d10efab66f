#include "auth/access.hpp"

#include "audit/audit.hpp"
#include "auth/auth_sql.hpp"
#include "auth/views/access_pages.hpp"
#include "core/fields.hpp"
#include "core/guard.hpp"

namespace helm::auth {
namespace {

AllowlistEntry entry_from_row(const Row& row) {
    AllowlistEntry e{row.integer("id"), row.text("email"), row.text("issuer"), row.integer("added_at_ms"), std::nullopt,
                     row.integer("devices")};
    if (!row.is_null("bound_at_ms")) e.bound_at_ms = row.integer("bound_at_ms");
    return e;
}

Json entry_json(const AllowlistEntry& e) {
    return {{"id", e.id},
            {"email", e.email},
            {"bound", !e.issuer.empty()},
            {"issuer", e.issuer.empty() ? Json(nullptr) : Json(e.issuer)},
            {"added_at_ms", e.added_at_ms},
            {"bound_at_ms", e.bound_at_ms ? Json(*e.bound_at_ms) : Json(nullptr)},
            {"devices", e.devices}};
}

Json device_json(const Device& d) {
    return {{"id", d.id},
            {"email", d.email},
            {"user_agent", d.user_agent},
            {"staff", d.staff_name.empty() ? Json(nullptr) : Json(d.staff_name)},
            {"created_at_ms", d.created_at_ms},
            {"seen_at_ms", d.seen_at_ms},
            {"expires_at_ms", d.expires_at_ms}};
}

Task<Result<AllowlistEntry>> load_entry(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::allowlist_entry, id));
    if (found.rows.empty()) co_return Error{Code::not_found, "allowlist entry " + std::to_string(id) + " not found", "id"};
    co_return entry_from_row(Row(found, 0));
}

}  // namespace

Result<std::string> normalized_email(std::string_view text) {
    std::string email = trimmed(text);
    for (auto& c : email) c = char(std::tolower(static_cast<unsigned char>(c)));
    if (auto ok = check_code_text("email", email, 254); !ok) return std::move(ok).error();
    const auto at = email.find('@');
    if (at == 0 || at == std::string::npos || at + 1 == email.size() || email.find_first_of(" ,;<>\"") != std::string::npos)
        return invalid("email", "that is not an email address");
    return email;
}

Task<Result<std::vector<AllowlistEntry>>> list_allowlist(Context& cx) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::list_allowlist, cx.now_ms()));
    std::vector<AllowlistEntry> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) out.push_back(entry_from_row(Row(found, i)));
    co_return out;
}

Task<Result<AllowlistEntry>> add_to_allowlist(Context& cx, std::string email) {
    HELM_CO_TRY(auto normalized, normalized_email(email));
    AllowlistEntry e{0, normalized, "", cx.now_ms(), std::nullopt, 0};
    auto written = co_await audit::commit_new(cx, sql::next_allowlist_id, [&e](std::int64_t id) {
        e.id = id;
        return audit::Change{{{std::string(sql::insert_entry), {e.id, e.email, e.added_at_ms}}},
                             {"allowlist.add", "allowlist", std::to_string(id), nullptr, entry_json(e)}};
    });
    if (!written) {
        if (written.error().code == Code::already_exists)
            co_return Error{Code::already_exists, e.email + " is already on the list", "email"};
        co_return std::move(written).error();
    }
    co_return e;
}

Task<Status> remove_from_allowlist(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto entry, co_await load_entry(cx, id));
    if (cx.session && entry.email == cx.session->device_email)
        co_return Error{Code::failed_precondition, "this device is signed in as " + entry.email + ": remove it from another device", "id"};
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        // Its device sessions go with it (ON DELETE CASCADE): they stop working at once.
        co_return audit::Change{{{std::string(sql::delete_entry), {entry.id}}, expect_changes(1)},
                                {"allowlist.remove", "allowlist", std::to_string(entry.id), entry_json(entry), nullptr}};
    });
    if (!written) co_return is_unmet_expectation(written.error()) ? Error{Code::not_found, "already removed", "id"} : std::move(written).error();
    co_return Ok{};
}

Task<Result<std::vector<Device>>> list_devices(Context& cx) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::list_devices, cx.now_ms()));
    std::vector<Device> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        const Row row(found, i);
        out.push_back({row.integer("id"), row.text("email"), row.text("user_agent"), row.text("staff_name"),
                       row.integer("created_at_ms"), row.integer("seen_at_ms"), row.integer("expires_at_ms")});
    }
    co_return out;
}

Task<Status> revoke_device(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::device_by_id, id));
    if (found.rows.empty()) co_return Error{Code::not_found, "no signed-in device has id " + std::to_string(id), "id"};
    const std::string email = Row(found, 0).text("email");
    const std::int64_t now = cx.now_ms();
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        co_return audit::Change{{{std::string(sql::revoke_device), {id, now}}, expect_changes(1)},
                                {"device.revoke", "device_session", std::to_string(id), Json{{"email", email}}, nullptr}};
    });
    if (!written) co_return is_unmet_expectation(written.error()) ? Error{Code::not_found, "already signed out", "id"} : std::move(written).error();
    co_return Ok{};
}

std::vector<Statement> recover_allowlist_entry(const std::string& email, std::int64_t now) {
    return {{std::string(sql::revoke_entry_devices), {email, now}}, {std::string(sql::recover_entry), {email, now}}};
}

namespace {

Task<Response> get_allowlist(Context& cx, const Request&) {
    HELM_CO_TRY(auto entries, co_await list_allowlist(cx));
    co_return Response::json(200, {{"entries", json_array(entries, entry_json)}});
}

Task<Response> post_allowlist(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto doc, JsonDocument::parse_body(rq.body, {"email"}));
    HELM_CO_TRY(auto email, json_text(doc.object(), "email"));
    HELM_CO_TRY(auto entry, co_await add_to_allowlist(cx, email));
    co_return Response::json(201, {{"entry", entry_json(entry)}});
}

Task<Response> delete_allowlist(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "allowlist entry"));
    HELM_CO_TRY(std::ignore, JsonDocument::parse_empty_body(rq.body));
    if (auto ok = co_await remove_from_allowlist(cx, id); !ok) co_return std::move(ok).error();
    co_return Response::json(200, {{"removed", id}});
}

Task<Response> get_devices(Context& cx, const Request&) {
    HELM_CO_TRY(auto devices, co_await list_devices(cx));
    Json list = Json::array();
    for (const auto& d : devices) {
        Json j = device_json(d);
        j["current"] = d.id == cx.session->device_id;
        list.push_back(std::move(j));
    }
    co_return Response::json(200, {{"devices", std::move(list)}});
}

Task<Response> delete_device(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "device"));
    HELM_CO_TRY(std::ignore, JsonDocument::parse_empty_body(rq.body));
    if (auto ok = co_await revoke_device(cx, id); !ok) co_return std::move(ok).error();
    co_return Response::json(200, {{"revoked", id}});
}

}  // namespace

std::span<const Route> access_routes() {
    static constexpr std::array table{
        Route{"GET", "/api/allowlist", get_allowlist, "action.access_manage"},
        Route{"POST", "/api/allowlist", post_allowlist, "action.access_manage"},
        Route{"DELETE", "/api/allowlist/:id", delete_allowlist, "action.access_manage"},
        Route{"GET", "/api/devices", get_devices, "action.access_manage"},
        Route{"DELETE", "/api/devices/:id", delete_device, "action.access_manage"},
        Route{"GET", "/settings/access", allowlist_page, "action.access_manage"},
        Route{"POST", "/settings/access", add_from_form, "action.access_manage"},
        Route{"POST", "/settings/access/:id/remove", remove_from_form, "action.access_manage"},
        Route{"GET", "/settings/devices", devices_page, "action.access_manage"},
        Route{"POST", "/settings/devices/:id/revoke", revoke_from_form, "action.access_manage"},
    };
    return table;
}

}  // namespace helm::auth
