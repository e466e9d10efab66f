// customers::facts_about, gathered from the modules that hold something of a customer.
// They depend on customers, so the gathering lives here, above them all: a module that
// comes to hold something of a customer (layaways, special orders) adds its facts here.
#include "customers/customers.hpp"
#include "sales/sales.hpp"
#include "service/lifecycle.hpp"
#include "service/service.hpp"

namespace helm::customers {
namespace {

// Tickets not yet picked up or cancelled: the bike is still in the shop's hands.
Task<Result<std::vector<Fact>>> open_tickets(Context& cx, std::int64_t customer_id) {
    HELM_CO_TRY(auto tickets, co_await service::tickets_of_customer(cx, customer_id));
    std::vector<Fact> facts;
    for (const auto& t : tickets) {
        if (t.status == "picked_up" || t.status == "cancelled") continue;
        const auto* status = service::status_info(t.status);
        std::string value(status ? status->label : t.status);
        if (t.bike_label) value += " · " + *t.bike_label;
        if (t.promised_date) value += " · promised " + *t.promised_date;
        facts.push_back({"Open tickets", t.number, std::move(value), "/service/tickets/" + std::to_string(t.id)});
    }
    co_return facts;
}

}  // namespace

// Balances first (they are spent at the counter), then open tickets and recent purchases,
// each only to staff whose screens show them.
Task<Result<std::vector<Fact>>> facts_about(Context& cx, std::int64_t customer_id) {
    const auto may = [&](std::string_view permission) { return cx.session && cx.session->can(permission); };
    HELM_CO_TRY(auto from_sales, co_await sales::customer_facts(cx, customer_id));
    std::vector<Fact> facts;
    for (auto& f : from_sales)
        if (f.group == "Balances") facts.push_back(std::move(f));
    if (may("screen.service")) {
        HELM_CO_TRY(auto tickets, co_await open_tickets(cx, customer_id));
        facts.insert(facts.end(), tickets.begin(), tickets.end());
    }
    if (may("screen.sales"))
        for (auto& f : from_sales)
            if (f.group != "Balances") facts.push_back(std::move(f));
    co_return facts;
}

}  // namespace helm::customers
