// Held sales: the carts put aside at any register, each resumed at this one or discarded.
#include "sales/views/held_page.hpp"

#include <algorithm>

#include "sales/drafts.hpp"
#include "sales/views/register_forms.hpp"
#include "sales/views/register_page.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::sales {
namespace register_screen {

constexpr int max_held = 30;

std::string age(std::int64_t ms) {
    const std::int64_t minutes = std::max<std::int64_t>(ms / 60'000, 0);
    if (minutes < 60) return std::to_string(minutes) + " min";
    if (minutes < 48 * 60) return std::to_string(minutes / 60) + " h";
    return std::to_string(minutes / (24 * 60)) + " days";
}

std::int64_t items_of(const SaleRequest& cart) {
    std::int64_t n = 0;
    for (const auto& l : cart.lines) n += l.quantity;
    return n;
}

Task<Response> render_held(Context& cx, std::int64_t register_id, int status, const std::optional<Error>& error) {
    HELM_CO_TRY(auto reg, co_await load_register(cx, register_id));
    HELM_CO_TRY(auto held, co_await held_carts(cx, max_held));
    Html h;
    h.add("<p><a href=\"{}\" data-key=\"F9\">‹ Back to {}</a> <kbd>F9</kbd></p>", register_path(register_id), reg.name);
    web::form_error(h, error);
    if (held.empty()) {
        h.add("<p class=\"muted\" id=\"no-held\">No sales are held.</p>");
        co_return Response::html(status, web::page(cx, {"register", "Held sales", script}, h.str()));
    }
    h.add("<table id=\"held\" class=\"held\"><thead><tr><th scope=\"col\">Label</th><th scope=\"col\" class=\"num\">Items</th>"
          "<th scope=\"col\" class=\"num\">Total</th><th scope=\"col\">Held</th><th scope=\"col\">By</th><th scope=\"col\">"
          "<span class=\"visually-hidden\">Resume or discard</span></th></tr></thead><tbody>");
    const std::int64_t now = cx.now_ms();
    bool first = true;
    for (const auto& d : held) {
        std::string total = "—";
        if (!d.cart.lines.empty()) {
            auto priced = co_await quote(cx, d.cart);
            if (priced) total = format_cents(priced->totals.total);
        }
        h.add("<tr id=\"held-{}\"><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{} ago</td><td>{}</td><td>",
              d.id, d.label.value_or("(no label)"), items_of(d.cart), total, age(now - d.updated_at_ms), d.staff_name.value_or(""));
        h.add("<form method=\"post\" action=\"/register/held/{}/resume\"><input type=\"hidden\" name=\"register\" value=\"{}\">"
              "<input type=\"hidden\" name=\"version\" value=\"{}\"><button type=\"submit\"{}>Resume</button></form>",
              d.id, register_id, d.version, raw(first ? " autofocus" : ""));
        h.add("<form method=\"post\" action=\"/register/held/{}/discard\" class=\"discard-held\"><input type=\"hidden\" name=\"register\" value=\"{}\">"
              "<input type=\"hidden\" name=\"version\" value=\"{}\"><label class=\"check\"><input type=\"checkbox\" name=\"confirm\" value=\"1\" "
              "required> sure</label><button type=\"submit\" class=\"danger small\">Discard</button></form></td></tr>",
              d.id, register_id, d.version);
        first = false;
    }
    h.add("</tbody></table>");
    co_return Response::html(status, web::page(cx, {"register", "Held sales", script}, h.str()));
}
}  // namespace register_screen

using namespace register_screen;

Task<Response> held_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto register_id, query_number(rq, "register", 1, 1, max_safe_integer));
    const std::optional<Error> none;
    co_return co_await render_held(cx, register_id, 200, none);
}

Task<Response> resume_from_form(Context& cx, const Request& rq) {
    const Form form = parse_form(rq.body);
    std::int64_t register_id = 1;
    auto resumed = co_await [&]() -> Task<Result<Draft>> {
        HELM_CO_TRY(auto id, path_id(rq, "held sale"));
        HELM_CO_TRY(register_id, form_number(form, "register", 1));
        HELM_CO_TRY(auto version, form_number(form, "version", 0));
        co_return co_await resume_held(cx, id, version, register_id);
    }();
    if (resumed) co_return Response::redirect(register_path(register_id, "/register", "done=resumed"));
    const std::optional<Error> error = std::move(resumed).error();
    co_return co_await render_held(cx, register_id, Response::http_status(error->code), error);
}

Task<Response> discard_held_from_form(Context& cx, const Request& rq) {
    const Form form = parse_form(rq.body);
    std::int64_t register_id = 1;
    auto discarded = co_await [&]() -> Task<Status> {
        HELM_CO_TRY(auto id, path_id(rq, "held sale"));
        HELM_CO_TRY(register_id, form_number(form, "register", 1));
        HELM_CO_TRY(auto version, form_number(form, "version", 0));
        if (!web::ticked(form, "confirm")) co_return invalid("confirm", "tick “sure” to discard a held sale");
        HELM_CO_TRY(auto draft, co_await load_draft(cx, id));
        if (draft.status != "held") co_return Error{Code::conflict, "that sale is no longer held", "version"};
        co_return co_await discard_cart(cx, id, version);
    }();
    if (discarded) co_return Response::redirect(register_path(register_id, "/register/held"));
    const std::optional<Error> error = std::move(discarded).error();
    co_return co_await render_held(cx, register_id, Response::http_status(error->code), error);
}

}  // namespace helm::sales
