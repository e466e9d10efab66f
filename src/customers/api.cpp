// The customers' JSON API: /api/customers and /api/bikes.
#include "customers/api.hpp"

#include "core/fields.hpp"
#include "customers/customers.hpp"

namespace helm::customers {
namespace {

struct MergeBody {
    std::int64_t into_id = 0;
    std::optional<std::int64_t> version;
};

// {"into_id": 12, "version": 3}, or for an erasure {"version": 3}, {} or no body at all.
Result<MergeBody> merge_body(std::string_view body, bool wants_into) {
    MergeBody m;
    auto doc = wants_into ? JsonDocument::parse_body(body, {"into_id", "version"}) : JsonDocument::parse_body(body, {"version"});
    if (!doc) return std::move(doc).error();
    bool has_into = false;
    for (auto [key, value] : doc->object()) {
        if (key == "into_id") {
            HELM_TRY(m.into_id, json_id(value, key));
            has_into = true;
        } else if (key == "version") {
            HELM_TRY(m.version, json_integer(value, key));
            if (*m.version < 1) return invalid("version", "version must be the customer's version, a positive whole number");
        }
    }
    if (wants_into && !has_into) return invalid("into_id", "into_id is required: the customer to keep");
    return m;
}

Json found_json(const Found& f) {
    Json j = customer_json(f.customer);
    j["matched_bike_serial"] = f.by_serial;
    return j;
}

Json customer_page_json(const Customer& c, const std::vector<Bike>& bikes, const std::vector<Customer>& duplicates) {
    return {{"customer", customer_json(c)},
            {"bikes", json_array(bikes, bike_json)},
            {"possible_duplicates", json_array(duplicates, customer_json)}};
}

}  // namespace

Task<Response> search_customers(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto limit, query_number(rq, "limit", default_page_size, 1, max_page_size));
    HELM_CO_TRY(auto found, co_await find_customers(cx, rq.query_value("q"), int(limit)));
    co_return Response::json(200, {{"customers", json_array(found, found_json)}});
}

Task<Response> post_customer(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto fields, customer_fields_from_json(rq.body));
    HELM_CO_TRY(auto created, co_await create_customer(cx, fields));
    co_return Response::json(201, customer_page_json(created.customer, {}, created.duplicates));
}

Task<Response> get_customer(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "customer"));
    HELM_CO_TRY(auto c, co_await load_customer(cx, id));
    HELM_CO_TRY(auto bikes, co_await bikes_of(cx, id));
    std::vector<Customer> duplicates;
    if (c.active()) {
        HELM_CO_TRY(duplicates, co_await possible_duplicates(cx, c));
    }
    co_return Response::json(200, customer_page_json(c, bikes, duplicates));
}

Task<Response> patch_customer(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "customer"));
    HELM_CO_TRY(auto fields, customer_fields_from_json(rq.body));
    HELM_CO_TRY(auto after, co_await update_customer(cx, id, fields));
    co_return Response::json(200, {{"customer", customer_json(after)}});
}

Task<Response> post_bike(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "customer"));
    HELM_CO_TRY(auto fields, bike_fields_from_json(rq.body));
    HELM_CO_TRY(auto bike, co_await add_bike(cx, id, fields));
    co_return Response::json(201, {{"bike", bike_json(bike)}});
}

Task<Response> patch_bike(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "bike"));
    HELM_CO_TRY(auto fields, bike_fields_from_json(rq.body));
    HELM_CO_TRY(auto bike, co_await update_bike(cx, id, fields));
    co_return Response::json(200, {{"bike", bike_json(bike)}});
}

Task<Response> post_merge(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "customer"));
    HELM_CO_TRY(auto body, merge_body(rq.body, true));
    HELM_CO_TRY(auto survivor, co_await merge_customer(cx, id, body.into_id, body.version));
    co_return Response::json(200, {{"customer", customer_json(survivor)}});
}

Task<Response> post_erase(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "customer"));
    HELM_CO_TRY(auto body, merge_body(rq.body, false));
    HELM_CO_TRY(auto erased, co_await erase_customer(cx, id, body.version));
    co_return Response::json(200, {{"customer", customer_json(erased)}});
}

Task<Response> get_export(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "customer"));
    HELM_CO_TRY(auto document, co_await export_customer(cx, id));
    Response res = Response::json(200, document);
    res.headers.push_back({"content-disposition", "attachment; filename=\"customer-" + std::to_string(id) + ".json\""});
    res.headers.push_back({"cache-control", "no-store"});
    co_return res;
}

}  // namespace helm::customers
