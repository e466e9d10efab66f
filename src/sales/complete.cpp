// (being written: quote, complete, void)
#include "sales/api.hpp"
#include "sales/sales.hpp"

namespace helm::sales {
namespace {
Error pending() { return {Code::unavailable, "the register is being built", ""}; }
}  // namespace
Json quote_json(const Quote&) { return nullptr; }
Task<Result<Quote>> quote(Context&, const SaleRequest&) { co_return pending(); }
Task<Result<Completed>> complete(Context&, const SaleRequest&) { co_return pending(); }
Task<Result<Completed>> void_sale(Context&, std::int64_t, std::string, std::string) { co_return pending(); }
Json sale_json(const Sale&) { return nullptr; }
Task<Result<Sale>> load_sale(Context&, std::int64_t) { co_return pending(); }
Task<Result<std::vector<Sale>>> list_sales(Context&, std::string_view, std::int64_t, int) { co_return pending(); }
Task<Result<RegisterSettings>> load_settings(Context&) { co_return pending(); }
Task<Result<RegisterSettings>> save_settings(Context&, const RegisterSettings&) { co_return pending(); }
Task<Response> post_quote(Context&, const Request&) { co_return pending(); }
Task<Response> post_sale(Context&, const Request&) { co_return pending(); }
Task<Response> get_sales(Context&, const Request&) { co_return pending(); }
Task<Response> get_sale(Context&, const Request&) { co_return pending(); }
Task<Response> post_void(Context&, const Request&) { co_return pending(); }
}  // namespace helm::sales
