#include "auth/views/sign_in_pages.hpp"

#include "core/html.hpp"
#include "web/layout.hpp"

namespace helm::auth {

Response sign_in_refused(const Context& cx, const Error& why) {
    Html h;
    h.add("<p class=\"error\" role=\"alert\" id=\"refusal\">{}</p>", why.message);
    if (why.code == Code::permission_denied)
        h.add("<p>Only people the owner has listed in Settings may open {} on a device. Ask the owner to add your "
              "address, or sign in with another account.</p>",
              cx.shop.name);
    h.add("<p><a href=\"/auth/sign-in\" class=\"button\">Try again</a></p><p class=\"muted\">Request {}</p>", cx.request_id);
    return Response::html(Response::http_status(why.code), web::page(cx, {"", "Not signed in"}, h.str()));
}

Task<Response> signed_out_page(Context& cx, const Request&) {
    co_return Response::html(200, web::page(cx, {"", "Signed out"},
                                            "<p>This device is signed out: it no longer opens the shop.</p>"
                                            "<p><a href=\"/auth/sign-in\" class=\"button\">Sign in again</a></p>"));
}

}  // namespace helm::auth
