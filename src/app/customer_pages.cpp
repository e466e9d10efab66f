// What a customer's page shows of their service (customers/customers.hpp): the service
// module's, and it depends on customers, so the answers are given here, above both.
#include "customers/customers.hpp"
#include "service/service.hpp"
#include "service/views/pieces.hpp"

namespace helm::customers {

std::string bike_history_path(std::int64_t bike_id) { return service::screens::bike_path(bike_id); }

Task<Result<std::string>> service_history_html(Context& cx, std::int64_t customer_id) {
    HELM_CO_TRY(auto tickets, co_await service::tickets_of_customer(cx, customer_id));
    co_return service::service_history_html(cx, tickets);
}

}  // namespace helm::customers
