#pragma once
// The service module's own pieces shared by its writes: a line checked against the
// catalog, a ticket priced as the register prices it, and the "ready for pickup" message.
#include <optional>
#include <string>
#include <vector>

#include "core/context.hpp"
#include "core/shop.hpp"
#include "core/task.hpp"
#include "customers/customer.hpp"
#include "sales/pricing.hpp"
#include "service/service.hpp"

namespace helm::service {

// The line as it will be written: a service-menu labor item, a part, or custom labor.
Task<Result<Line>> plan_line(Context& cx, const WorkOrder& w, const LineFields& f);

// The lines priced and taxed as the register would price them today (labor and parts by
// their own tax classes, the customer's exemption, the shop's rounding). Stock is not
// checked: that is the sale's job when it completes.
Task<Result<sales::Totals>> price_lines(Context& cx, std::int64_t customer_id, const std::vector<Line>& lines);

// Refuses a line that would take the ticket over the not-to-exceed the customer approved.
Task<Status> within_not_to_exceed(Context& cx, const WorkOrder& w, const Line& added);

// The customer's "ready for pickup" message on the channel they consented to (SMS first,
// then email), or none when they consented to neither: staff phone them. The text names
// the shop, the ticket and the bike, never the customer.
struct Message {
    std::string channel, body;
};
std::optional<Message> ready_for_pickup(const Shop& shop, const WorkOrder& w, const customers::Customer& c);

}  // namespace helm::service
