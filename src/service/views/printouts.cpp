// The hook tag and the drop-off receipt (helm.css, "The service department"): each prints
// alone on its own named page, and receipt.js adds the Print button as it does for a sale's
// receipt. The drop-off receipt is the customer's: it shows what they told us, what we
// noted at the counter and the notes meant for them, never the internal notes.
#include "service/views/printouts.hpp"

#include "core/fields.hpp"
#include "identity/identity.hpp"
#include "service/service.hpp"
#include "service/views/pieces.hpp"
#include "web/layout.hpp"

namespace helm::service {

using namespace screens;

Task<Response> hook_tag_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "ticket"));
    HELM_CO_TRY(auto w, co_await load_work_order(cx, id));
    Html h;
    h.add("<article class=\"hook-tag\" id=\"hook-tag\" aria-label=\"Hook tag {}\"><p class=\"tag-number\">{}</p>", w.number, w.number);
    if (w.hook_tag) h.add("<p class=\"tag-hook\">Hook <strong>{}</strong></p>", *w.hook_tag);
    h.add("<p class=\"tag-customer\">{}</p>", w.customer_name);
    if (w.bike_label) h.add("<p class=\"tag-bike\">{}</p>", *w.bike_label);
    h.add("<p class=\"tag-promised\">Promised <strong>{}</strong></p>", w.promised_date.value_or("—"));
    if (w.warranty) h.add("<p class=\"tag-warranty\">WARRANTY</p>");
    h.add("</article>");
    const std::string title = "Hook tag " + w.number;
    co_return Response::html(200, printable_page(cx, title, ticket_path(w.id), "Back to " + w.number, h.str()));
}

Task<Response> dropoff_receipt_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "ticket"));
    HELM_CO_TRY(auto w, co_await load_work_order(cx, id));
    auto deposits = co_await money_of(cx, w);
    HELM_CO_TRY(auto shop, co_await identity::shop_as_kept(cx));
    Html h;
    h.add("<article class=\"receipt dropoff-receipt\" id=\"dropoff-receipt\" aria-label=\"Drop-off receipt {}\">{}", w.number,
          raw(identity::printed_head_html(shop)));
    h.add("<p class=\"receipt-title\"><strong>Service ticket <span class=\"receipt-number\">{}</span></strong></p><dl>", w.number);
    h.add("<dt>Dropped off</dt><dd>{}</dd><dt>Promised</dt><dd>{}</dd><dt>Customer</dt><dd>{}</dd>", web::local_time(cx, w.dropped_off_at_ms),
          w.promised_date.value_or("to be confirmed"), w.customer_name);
    if (w.bike_label) h.add("<dt>Bike</dt><dd>{}</dd>", *w.bike_label);
    if (w.bike_serial) h.add("<dt>Frame serial</dt><dd>{}</dd>", *w.bike_serial);
    if (w.hook_tag) h.add("<dt>Hook tag</dt><dd>{}</dd>", *w.hook_tag);
    if (w.estimate) h.add("<dt>Estimate</dt><dd>{}</dd>", format_cents(*w.estimate));
    if (w.not_to_exceed) h.add("<dt>Not to exceed</dt><dd>{}</dd>", format_cents(*w.not_to_exceed));
    if (w.approved_by) h.add("<dt>Approved by</dt><dd>{}</dd>", *w.approved_by);
    if (deposits && deposits->deposit_held().value > 0) h.add("<dt>Deposit paid</dt><dd id=\"dropoff-deposit\">{}</dd>", format_cents(deposits->deposit_held()));
    if (w.warranty) h.add("<dt>Warranty</dt><dd>yes</dd>");
    h.add("</dl><section class=\"receipt-block\"><p><strong>The problem</strong></p><p class=\"receipt-note\" id=\"dropoff-problem\">{}</p>", w.problem);
    if (w.dropoff_notes)
        h.add("<p><strong>Left with us</strong></p><p class=\"receipt-note\" id=\"dropoff-notes\">{}</p>", *w.dropoff_notes);
    if (w.customer_notes) h.add("<p><strong>Notes</strong></p><p class=\"receipt-note\" id=\"customer-notes\">{}</p>", *w.customer_notes);
    h.add("</section><footer><p>Bring this receipt when you pick up.</p>");
    if (!shop.receipt.hours.empty()) h.add("<p class=\"receipt-hours\" id=\"dropoff-hours\">{}</p>", shop.receipt.hours);
    h.add("<p class=\"receipt-number-again\">{}</p></footer></article>", w.number);
    const std::string title = "Drop-off receipt " + w.number;
    co_return Response::html(200, printable_page(cx, title, ticket_path(w.id), "Back to " + w.number, h.str()));
}

}  // namespace helm::service
