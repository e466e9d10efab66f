#include "auth/views/pin_page.hpp"

#include <charconv>

#include "auth/pin.hpp"
#include "core/html.hpp"
#include "web/layout.hpp"

namespace helm::auth {
namespace {

struct PadState {
    std::string next;
    std::int64_t chosen = 0;
    std::optional<Error> error;
};

std::string render(const std::vector<PinHolder>& members, const PadState& s) {
    Html h;
    h.add("<div class=\"pin-overlay\"><form class=\"pin-pad\" method=\"post\" action=\"/pin\" aria-labelledby=\"pin-title\">"
          "<h2 id=\"pin-title\">Who is at the counter?</h2><input type=\"hidden\" name=\"next\" value=\"{}\">",
          s.next);
    if (s.error) h.add("<p class=\"error\" id=\"pin-error\" role=\"alert\">{}</p>", s.error->message);
    h.add("<fieldset class=\"who-list\"><legend>Your name</legend>");
    for (const auto& m : members) {
        if (m.disabled) continue;
        h.add("<label><input type=\"radio\" name=\"staff_id\" value=\"{}\" required{}> {}</label>", m.id,
              raw(m.id == s.chosen ? " checked" : ""), m.display_name);
    }
    h.add("</fieldset>");
    if (members.empty()) {
        h.add("<p>No staff yet. The owner adds the first one with the shop's recovery secret "
              "(docs/runbooks/recovery.md).</p></form></div>");
        return h.take();
    }
    h.add("<label for=\"pin\">PIN</label><input id=\"pin\" name=\"pin\" type=\"password\" inputmode=\"numeric\" autocomplete=\"off\" "
          "pattern=\"[0-9]{5}\" maxlength=\"5\" required autofocus{}>",
          raw(s.error ? " aria-invalid=\"true\" aria-describedby=\"pin-error\"" : ""));
    h.add("<div class=\"keys\" hidden>");
    for (const char* key : {"1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"})
        h.add("<button type=\"button\" data-key=\"{}\" tabindex=\"-1\">{}</button>", key, key);
    h.add("</div><button type=\"submit\">Sign in</button></form></div>");
    return h.take();
}

// The staff member's id from the form, or 0.
std::int64_t chosen_id(std::string_view text) {
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    return ec == std::errc{} && end == text.data() + text.size() && id > 0 ? id : 0;
}

Task<Response> answer(Context& cx, int status, const PadState& s) {
    HELM_CO_TRY(auto members, co_await pin_holders(cx));
    co_return Response::html(status, web::page(cx, {"", "Enter your PIN"}, render(members, s)));
}

}  // namespace

Task<Response> pin_page(Context& cx, const Request& rq) {
    PadState s{local_path(rq.query_value("next")), cx.session->staff_id, std::nullopt};
    co_return co_await answer(cx, 200, s);
}

Task<Response> pin_from_form(Context& cx, const Request& rq) {
    auto form = parse_form(rq.body);
    PadState s{local_path(form_value(form, "next")), chosen_id(form_value(form, "staff_id")), std::nullopt};
    if (s.chosen == 0) {
        s.error = invalid("staff_id", "choose your name");
    } else if (auto ok = co_await sign_in_with_pin(cx, s.chosen, form_value(form, "pin")); !ok) {
        s.error = ok.error();
    } else {
        co_return Response::redirect(s.next);
    }
    co_return co_await answer(cx, Response::http_status(s.error->code), s);
}

}  // namespace helm::auth
