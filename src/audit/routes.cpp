#include "audit/routes.hpp"

#include <array>

#include "audit/events.hpp"
#include "audit/views/audit_page.hpp"

namespace helm::audit {
namespace {

Task<Response> verify_chain(Context& cx, const Request&) {
    HELM_CO_TRY(auto v, co_await verify(cx));
    Json body = {{"ok", v.first_broken_seq == 0}, {"checked", v.checked}};
    if (v.first_broken_seq != 0) {
        body["first_broken_seq"] = v.first_broken_seq;
        body["problem"] = v.problem;
    }
    co_return Response::json(200, body);
}

Task<Response> list_events(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto filter, filter_from(rq));
    HELM_CO_TRY(auto events, co_await recent_events(cx, filter));
    Json list = Json::array();
    for (const auto& e : events) list.push_back(event_json(e));
    co_return Response::json(200, {{"events", std::move(list)}});
}

constexpr std::array table{
    Route{"GET", "/api/audit/verify", verify_chain, "action.audit_view"},
    Route{"GET", "/api/audit", list_events, "action.audit_view"},
    Route{"GET", "/audit", audit_page, "action.audit_view"},
};

}  // namespace

std::span<const Route> routes() { return table; }

}  // namespace helm::audit
