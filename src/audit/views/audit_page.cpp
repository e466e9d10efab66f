// The Audit screen: who changed what and when, newest first, with the row before and
// after each change. Filters are a plain GET form. Events show by their recorded names
// (as code): they are what the Entity filter takes and what an export holds.
#include "audit/views/audit_page.hpp"

#include "audit/events.hpp"
#include "core/html.hpp"
#include "core/time.hpp"
#include "web/layout.hpp"

namespace helm::audit {
namespace {

std::string pretty(const std::optional<std::string>& image) {
    if (!image) return "—";
    auto parsed = Json::parse(*image, nullptr, false);
    return parsed.is_discarded() ? *image : parsed.dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

Task<Response> audit_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto filter, filter_from(rq));
    HELM_CO_TRY(auto events, co_await recent_events(cx, filter));
    Html h;
    h.add("<form class=\"filters\" method=\"get\" action=\"/audit\">"
          "<label for=\"audit-entity\">Entity</label><input id=\"audit-entity\" name=\"entity\" value=\"{}\" placeholder=\"product\">"
          "<label for=\"audit-entity-id\">Id</label><input id=\"audit-entity-id\" name=\"entity_id\" value=\"{}\" size=\"8\">"
          "<label for=\"audit-actor\">Who</label><input id=\"audit-actor\" name=\"actor\" value=\"{}\" placeholder=\"staff:1\" size=\"12\">"
          "<label for=\"audit-date\">Day</label><input id=\"audit-date\" name=\"date\" type=\"date\" value=\"{}\">"
          "<button type=\"submit\">Filter</button></form>",
          filter.entity, filter.entity_id, filter.actor, filter.date);
    if (events.empty()) h.add("<p class=\"muted\" id=\"no-events\">No changes recorded{}.</p>", filter.entity.empty() && filter.actor.empty() && filter.date.empty() ? "" : " for this filter");
    h.add("<ol class=\"audit\">");
    for (const auto& e : events) {
        h.add("<li><details><summary><span class=\"seq\">#{}</span> <time datetime=\"{}\">{}</time> "
              "<strong><code>{}</code></strong> <code>{}</code> {} by {}</summary>"
              "<div class=\"images\"><figure><figcaption>Before</figcaption><pre>{}</pre></figure>"
              "<figure><figcaption>After</figcaption><pre>{}</pre></figure></div>"
              "<p class=\"muted\">request {} · build {} · hash {}</p></details></li>",
              e.seq, iso_utc(e.at_ms), web::local_time(cx, e.at_ms), e.action, e.entity, e.entity_id, e.actor, pretty(e.before_json),
              pretty(e.after_json), e.request_id, e.build_version, e.hash.substr(0, 16));
    }
    h.add("</ol>");
    if (!events.empty() && std::int64_t(events.size()) == filter.limit)
        h.add("<p><a href=\"/audit?entity={}&amp;entity_id={}&amp;actor={}&amp;date={}&amp;before={}\">Older changes</a></p>",
              percent_encode(filter.entity), percent_encode(filter.entity_id), percent_encode(filter.actor), filter.date, events.back().seq);
    co_return Response::html(200, web::page(cx, {"audit", "Audit log"}, h.str()));
}

}  // namespace helm::audit
