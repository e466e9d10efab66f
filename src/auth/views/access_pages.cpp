#include "auth/views/access_pages.hpp"

#include "auth/access.hpp"
#include "core/fields.hpp"
#include "core/html.hpp"
#include "core/time.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::auth {
namespace {

struct Outcome : web::FormOutcome<> {
    std::string notice;
};

void outcome(Html& h, const Outcome& o) {
    if (!o.notice.empty()) h.add("<p class=\"notice\" role=\"status\">{}</p>", o.notice);
    web::form_error(h, o.error);
}

// The page again with why a post was refused, and what its form held.
Outcome refused(Error e, Form entered = {}) {
    Outcome o;
    o.entered = std::move(entered);
    o.refused(std::move(e));
    return o;
}

Task<Response> render_allowlist(Context& cx, int status, const Outcome& o) {
    HELM_CO_TRY(auto entries, co_await list_allowlist(cx));
    Html h;
    h.add("<p><a href=\"/settings\">Settings</a> › Sign-in list</p>"
          "<p>People on this list may sign a browser in as a trusted device of {}, with their Google account. "
          "Staff then switch on that device with their PIN.</p>",
          cx.shop.name);
    outcome(h, o);
    h.add("<form method=\"post\" action=\"/settings/access\"><label for=\"allow-email\">Email address</label>"
          "<input id=\"allow-email\" name=\"email\" type=\"email\" required maxlength=\"254\" value=\"{}\" autocomplete=\"off\"{}>"
          "<button type=\"submit\">Add to the list</button></form>",
          form_value(o.entered, "email"), web::fault_marks(o.error.has_value()));
    h.add("<table class=\"settings\" id=\"allowlist\"><thead><tr><th scope=\"col\">Email</th><th scope=\"col\">Account</th>"
          "<th scope=\"col\" class=\"num\">Devices</th><th scope=\"col\"><span class=\"muted\">Remove</span></th></tr></thead><tbody>");
    for (const auto& e : entries) {
        h.add("<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td><form method=\"post\" action=\"/settings/access/{}/remove\">"
              "<button type=\"submit\" class=\"danger\" aria-label=\"Remove {}\">Remove</button></form></td></tr>",
              e.email, e.issuer.empty() ? std::string("not signed in yet") : "bound " + web::local_time(cx, e.bound_at_ms.value_or(0)),
              e.devices, e.id, e.email);
    }
    h.add("</tbody></table>");
    co_return Response::html(status, web::page(cx, {"settings", "Sign-in list"}, h.str()));
}

Task<Response> render_devices(Context& cx, int status, const Outcome& o) {
    HELM_CO_TRY(auto devices, co_await list_devices(cx));
    Html h;
    h.add("<p><a href=\"/settings\">Settings</a> › Devices</p><p>Browsers signed in to the shop. Signing one out "
          "takes effect at its next click.</p>");
    outcome(h, o);
    h.add("<table class=\"settings\" id=\"devices\"><thead><tr><th scope=\"col\">Signed in by</th><th scope=\"col\">Browser</th>"
          "<th scope=\"col\">Last seen</th><th scope=\"col\">At the counter</th><th scope=\"col\"><span class=\"muted\">Sign out</span></th>"
          "</tr></thead><tbody>");
    for (const auto& d : devices) {
        const bool current = d.id == cx.session->device_id;
        h.add("<tr><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td><form method=\"post\" action=\"/settings/devices/{}/revoke\">"
              "<button type=\"submit\" class=\"danger\" aria-label=\"Sign out device {}\">Sign out</button></form></td></tr>",
              d.email, raw(current ? " <strong>(this device)</strong>" : ""), d.user_agent, web::local_time(cx, d.seen_at_ms),
              d.staff_name.empty() ? std::string("—") : d.staff_name, d.id, d.id);
    }
    h.add("</tbody></table>");
    co_return Response::html(status, web::page(cx, {"settings", "Devices"}, h.str()));
}

}  // namespace

Task<Response> allowlist_page(Context& cx, const Request& rq) {
    Outcome o;
    if (auto added = rq.query_value("added"); !added.empty()) o.notice = "Added " + added + ".";
    if (!rq.query_value("removed").empty()) o.notice = "Removed.";
    co_return co_await render_allowlist(cx, 200, o);
}

Task<Response> add_from_form(Context& cx, const Request& rq) {
    Form form = parse_form(rq.body);
    auto added = co_await add_to_allowlist(cx, form_value(form, "email"));
    if (added) co_return Response::redirect("/settings/access?added=" + percent_encode(added->email));
    const Outcome o = refused(std::move(added).error(), std::move(form));
    co_return co_await render_allowlist(cx, Response::http_status(o.error->code), o);
}

Task<Response> remove_from_form(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "allowlist entry"));
    auto removed = co_await remove_from_allowlist(cx, id);
    if (removed) co_return Response::redirect("/settings/access?removed=1");
    const Outcome o = refused(std::move(removed).error());
    co_return co_await render_allowlist(cx, Response::http_status(o.error->code), o);
}

Task<Response> devices_page(Context& cx, const Request& rq) {
    Outcome o;
    if (!rq.query_value("revoked").empty()) o.notice = "Signed out.";
    co_return co_await render_devices(cx, 200, o);
}

Task<Response> revoke_from_form(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "device"));
    auto revoked = co_await revoke_device(cx, id);
    if (revoked) co_return Response::redirect(id == cx.session->device_id ? "/auth/signed-out" : "/settings/devices?revoked=1");
    const Outcome o = refused(std::move(revoked).error());
    co_return co_await render_devices(cx, Response::http_status(o.error->code), o);
}

}  // namespace helm::auth
