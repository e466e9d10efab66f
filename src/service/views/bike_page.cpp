// A bike's page: what it is, whose it is, and every ticket it came in on, newest first.
#include "service/views/bike_page.hpp"

#include "core/fields.hpp"
#include "customers/customers.hpp"
#include "service/service.hpp"
#include "service/views/pieces.hpp"
#include "web/layout.hpp"

namespace helm::service {

using namespace screens;

Task<Response> bike_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "bike"));
    HELM_CO_TRY(auto bike, co_await customers::load_bike(cx, id));
    HELM_CO_TRY(auto owner, co_await customers::load_customer(cx, bike.customer_id));
    HELM_CO_TRY(auto tickets, co_await tickets_of_bike(cx, id));
    auto text = [](const std::optional<std::string>& t) { return t.value_or("—"); };
    const std::string title = customers::bike_title(bike);

    Html h;
    h.add("<p><a href=\"/customers/{}\">{}</a> › {}</p>", owner.id, owner.name, title);
    h.add("<dl class=\"customer\" id=\"bike\"><dt>Owner</dt><dd><a href=\"/customers/{}\">{}</a></dd><dt>Year</dt><dd>{}</dd>"
          "<dt>Colour</dt><dd>{}</dd><dt>Size</dt><dd>{}</dd><dt>Frame serial</dt><dd id=\"bike-serial\">{}</dd>"
          "<dt>Battery serial</dt><dd>{}</dd><dt>Key</dt><dd>{}</dd><dt>Notes</dt><dd class=\"notes\">{}</dd></dl>",
          owner.id, owner.name, bike.year ? std::to_string(*bike.year) : "—", text(bike.colour), text(bike.size), text(bike.frame_serial),
          text(bike.battery_serial), text(bike.key_number), text(bike.notes));
    if (owner.active())
        h.add("<p><a class=\"button\" id=\"new-ticket\" href=\"/service/new?customer={}&amp;bike={}\" accesskey=\"n\" data-key=\"n\">New ticket for this bike "
              "<kbd>n</kbd></a></p>",
              owner.id, bike.id);
    h.add("<h2 id=\"history-title\">Service history</h2>");
    if (tickets.empty()) h.add("<p class=\"muted\" id=\"no-tickets\">This bike has not been in for service yet.</p>");
    else tickets_table(h, "bike-tickets", tickets, today(cx));
    co_return Response::html(200, web::page(cx, {"service", title, "service.js"}, h.str()));
}

}  // namespace helm::service
