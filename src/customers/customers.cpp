#include "customers/customers.hpp"

#include <algorithm>

#include "audit/audit.hpp"
#include "core/fields.hpp"
#include "core/guard.hpp"
#include "core/search.hpp"
#include "core/time.hpp"
#include "customers/customers_sql.hpp"
#include "customers/erasure.hpp"

namespace helm::customers {
namespace {

// A query's phone or a stored one, compared by its last ten digits at most, so that
// "+1 604 555 0199" and "(604) 555-0199" meet.
constexpr std::size_t phone_digits_compared = 10;

bool is_phoneish(std::string_view q) {
    return q.find_first_not_of("0123456789 +-().") == std::string_view::npos &&
           std::count_if(q.begin(), q.end(), [](char c) { return c >= '0' && c <= '9'; }) >= 3;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}


Value phone_key(const Customer& c) { return c.phone ? Value(digits_reversed(*c.phone)) : Value(nullptr); }

std::string customer_text(std::int64_t id) { return "customer " + std::to_string(id); }

Error not_active(const Customer& c, std::string field) {
    if (c.erased_at_ms) return {Code::failed_precondition, customer_text(c.id) + " was erased", std::move(field)};
    return {Code::failed_precondition, customer_text(c.id) + " was merged into " + customer_text(c.merged_into_id.value_or(0)),
            std::move(field)};
}

Error edited_meanwhile(std::string_view what, std::int64_t id) {
    return {Code::conflict, std::string(what) + " " + std::to_string(id) + " was changed by someone else; reload it", "version"};
}

Statement insert_statement(const Customer& c) {
    return {std::string(sql::insert_customer),
            {c.id, c.name, nullable(c.company), nullable(c.phone), phone_key(c), nullable(c.email),
             nullable(c.notes), std::int64_t{c.tax_exempt}, nullable(c.tax_exempt_reference), std::int64_t{c.consent_sms},
             std::int64_t{c.consent_email}, c.version, c.created_at_ms}};
}

Statement update_statement(const Customer& after, std::int64_t seen) {
    return {std::string(sql::update_customer),
            {after.id, after.name, nullable(after.company), nullable(after.phone), phone_key(after),
             nullable(after.email), nullable(after.notes), std::int64_t{after.tax_exempt},
             nullable(after.tax_exempt_reference), std::int64_t{after.consent_sms}, std::int64_t{after.consent_email},
             after.updated_at_ms, seen}};
}

Statement insert_statement(const Bike& b) {
    return {std::string(sql::insert_bike),
            {b.id, b.customer_id, nullable(b.make), nullable(b.model), nullable(b.year), nullable(b.colour),
             nullable(b.size), nullable(b.frame_serial), nullable(b.battery_serial), nullable(b.key_number),
             nullable(b.notes), b.created_at_ms}};
}

Statement update_statement(const Bike& after, std::int64_t seen) {
    return {std::string(sql::update_bike),
            {after.id, nullable(after.make), nullable(after.model), nullable(after.year),
             nullable(after.colour), nullable(after.size), nullable(after.frame_serial),
             nullable(after.battery_serial), nullable(after.key_number), nullable(after.notes),
             after.updated_at_ms, seen}};
}

template <class T, class FromRow>
std::vector<T> all_rows(const D1Result& result, FromRow from_row) {
    std::vector<T> out;
    out.reserve(result.rows.size());
    for (std::size_t i = 0; i < result.rows.size(); ++i) out.push_back(from_row(Row(result, i)));
    return out;
}

Task<Result<std::vector<Customer>>> merged_into(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::merged_family, id));
    co_return all_rows<Customer>(found, customer_from_row);
}

Task<Result<std::vector<Bike>>> bikes_of_family(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::bikes_of_family, id));
    co_return all_rows<Bike>(found, bike_from_row);
}

template <class T>
Json ids_of(const std::vector<T>& items) {
    return json_array(items, [](const T& item) { return item.id; });
}

// The changes, built outside the coroutines (g++ 12 mishandles braced lists inside them).
audit::Change customer_creation(const Customer& c) {
    return {{insert_statement(c)}, {"customer.create", "customer", std::to_string(c.id), nullptr, customer_audit_image(c)}};
}

audit::Change customer_edit(const Customer& before, const Customer& after) {
    return {{update_statement(after, before.version), expect_changes(1)},
            {"customer.update", "customer", std::to_string(after.id), customer_audit_image(before), customer_audit_image(after, &before)}};
}

audit::Change bike_creation(const Bike& b) {
    return {{insert_statement(b)}, {"bike.create", "bike", std::to_string(b.id), nullptr, bike_audit_image(b)}};
}

audit::Change bike_edit(const Bike& before, const Bike& after) {
    return {{update_statement(after, before.version), expect_changes(1)},
            {"bike.update", "bike", std::to_string(after.id), bike_audit_image(before), bike_audit_image(after, &before)}};
}

audit::Change merge_change(const Customer& merged, std::int64_t into_id, const std::vector<Bike>& bikes, std::int64_t now) {
    std::vector<Statement> statements;
    statements.push_back({std::string(sql::merge_customer), {merged.id, into_id, now, merged.version}});
    statements.push_back(expect_changes(1));
    statements.push_back({std::string(sql::merge_survivor_is_active), {into_id, now}});
    statements.push_back(expect_changes(1));
    for (auto& s : records_merge_statements(merged.id, into_id, now)) statements.push_back(std::move(s));
    Customer after = merged;
    after.merged_into_id = into_id;
    after.version = merged.version + 1;
    Json image = customer_audit_image(after, &merged);
    image["moved"] = {{"bikes", ids_of(bikes)}};
    return {std::move(statements), {"customer.merge", "customer", std::to_string(merged.id), customer_audit_image(merged), std::move(image)}};
}

audit::Change erase_change(const Customer& before, const std::vector<Customer>& family, const std::vector<Bike>& bikes,
                           std::int64_t now) {
    const std::int64_t id = before.id;
    std::vector<Statement> statements;
    statements.push_back({std::string(sql::erase_family), {id, now}});
    statements.push_back({std::string(sql::erase_customer), {id, now, before.version}});
    statements.push_back(expect_changes(1));
    Json erased_ids = ids_of(family);
    erased_ids.insert(erased_ids.begin(), Json(id));
    for (auto& s : records_erasure_statements(id, to_text(erased_ids), now)) statements.push_back(std::move(s));
    statements.push_back({std::string(sql::optimize_search), {}});
    Customer after = before;
    after.name = "Erased customer " + std::to_string(id);
    after.company = after.phone = after.email = after.notes = after.tax_exempt_reference = std::nullopt;
    after.consent_sms = after.consent_email = false;
    after.erased_at_ms = now;
    after.version = before.version + 1;
    Json image = customer_audit_image(after, &before);
    image["also_erased"] = ids_of(family);
    image["bikes"] = ids_of(bikes);
    return {std::move(statements), {"customer.erase", "customer", std::to_string(id), customer_audit_image(before), std::move(image)}};
}

// Who exported whom is audited by ids only: the log outlives an erasure.
audit::Change export_change(std::int64_t id, const std::vector<Customer>& family, const std::vector<Bike>& bikes) {
    Json image = {{"id", id}, {"merged_customers", ids_of(family)}, {"bikes", ids_of(bikes)}};
    return {{}, {"customer.export", "customer", std::to_string(id), nullptr, std::move(image)}};
}

// A module that keeps records about a customer (sales, work orders) adds them here.
Json export_document(const Context& cx, const Customer& c, const std::vector<Customer>& family, const std::vector<Bike>& bikes) {
    return {{"format", "helm.customer_export.v1"},
            {"shop", cx.shop.name},
            {"exported_at", iso_utc(cx.now_ms())},
            {"customer", customer_json(c)},
            {"bikes", json_array(bikes, bike_json)},
            {"merged_customers", json_array(family, customer_json)}};
}

Found found_from_row(const Row& row) {
    Found f;
    f.customer = customer_from_row(row);
    f.by_serial = row.integer("rank", 1) == 0;
    return f;
}

}  // namespace

SearchTerms search_terms(std::string_view query) {
    const std::string q = trimmed(query);
    SearchTerms t;
    if (q.empty()) return t;
    t.words = fts_prefix_query(q);
    if (is_phoneish(q)) t.phone = digits_reversed(q).substr(0, phone_digits_compared);
    if (q.find('@') != std::string::npos) t.email = lower_ascii(q);
    if (q.size() <= 64) t.serial = q;
    return t;
}

Task<Result<std::vector<Found>>> find_customers(Context& cx, std::string_view query, int limit) {
    if (auto ok = check_search("q", query); !ok) co_return std::move(ok).error();
    const SearchTerms t = search_terms(query);
    std::vector<Found> out;
    if (t.empty()) {
        HELM_CO_TRY(auto listed, co_await cx.db.query(sql::list_customers, std::int64_t(limit)));
        for (std::size_t i = 0; i < listed.rows.size(); ++i) out.push_back(found_from_row(Row(listed, i)));
        co_return out;
    }
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::search_customers, t.words, t.phone, t.email, t.serial, std::int64_t(limit)));
    for (std::size_t i = 0; i < found.rows.size(); ++i) out.push_back(found_from_row(Row(found, i)));
    co_return out;
}

Statement customer_read(std::int64_t id) { return {std::string(sql::customer_by_id), {id}}; }

Task<Result<Customer>> load_customer(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::customer_by_id, id));
    if (found.rows.empty()) co_return Error{Code::not_found, customer_text(id) + " not found", "id"};
    co_return customer_from_row(Row(found, 0));
}

Task<Result<Bike>> load_bike(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::bike_by_id, id));
    if (found.rows.empty()) co_return Error{Code::not_found, "bike " + std::to_string(id) + " not found", "id"};
    co_return bike_from_row(Row(found, 0));
}

Task<Result<std::vector<Bike>>> bikes_of(Context& cx, std::int64_t customer_id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::bikes_of, customer_id));
    co_return all_rows<Bike>(found, bike_from_row);
}

Task<Result<std::vector<Customer>>> possible_duplicates(Context& cx, const Customer& c) {
    std::string phone = c.phone ? digits_reversed(*c.phone).substr(0, phone_digits_compared) : std::string();
    if (phone.size() < 7) phone.clear();  // too short to say it is the same person's
    const std::string email = c.email.value_or("");
    if (phone.empty() && email.empty()) co_return std::vector<Customer>();
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::possible_duplicates, c.id, phone, email));
    co_return all_rows<Customer>(found, customer_from_row);
}

Task<Result<Created>> create_customer(Context& cx, const CustomerFields& fields) {
    if (fields.version) co_return invalid("version", "a new customer has no version yet");
    if (!fields.name) co_return invalid("name", "name is required");
    HELM_CO_TRY(Customer c, apply(Customer(), fields));
    c.version = 1;
    c.created_at_ms = c.updated_at_ms = cx.now_ms();
    auto written = co_await audit::commit_new(cx, sql::next_customer_id, [&c](std::int64_t id) {
        c.id = id;
        return customer_creation(c);
    });
    if (!written) co_return std::move(written).error();
    Created created;
    created.customer = customer_from_row(Row(written->front(), 0));
    HELM_CO_TRY(created.duplicates, co_await possible_duplicates(cx, created.customer));
    co_return created;
}

Task<Result<Customer>> update_customer(Context& cx, std::int64_t id, const CustomerFields& fields) {
    if (!fields.version) co_return invalid("version", "an edit must carry the version it was made against");
    if (!has_changes(fields))
        co_return invalid("body", "nothing to change: send name, company, phone, email, notes, tax_exempt, "
                                  "tax_exempt_reference, consent_sms or consent_email");
    HELM_CO_TRY(Customer before, co_await load_customer(cx, id));
    if (!before.active()) co_return not_active(before, "id");
    if (*fields.version != before.version) co_return edited_meanwhile("customer", id);
    HELM_CO_TRY(Customer after, apply(before, fields));
    after.version = before.version + 1;
    after.updated_at_ms = cx.now_ms();
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> { co_return customer_edit(before, after); });
    if (!written) co_return is_unmet_expectation(written.error()) ? edited_meanwhile("customer", id) : std::move(written).error();
    co_return customer_from_row(Row(written->front(), 0));
}

Task<Result<Bike>> add_bike(Context& cx, std::int64_t customer_id, const BikeFields& fields) {
    if (fields.version) co_return invalid("version", "a new bike has no version yet");
    if (!has_changes(fields)) co_return invalid("make", "describe the bike: its make, model or frame serial at least");
    Bike draft;
    draft.customer_id = customer_id;
    HELM_CO_TRY(Bike bike, apply(draft, fields));
    bike.version = 1;
    bike.created_at_ms = bike.updated_at_ms = cx.now_ms();
    // The owner is read in the plan: a merge or an erasure that lands first moves the
    // chain's head, and the plan then runs again and sees it.
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        HELM_CO_TRY(Customer owner, co_await load_customer(cx, customer_id));
        if (!owner.active()) co_return not_active(owner, "id");
        HELM_CO_TRY(auto next, co_await cx.db.query(sql::next_bike_id));
        bike.id = Row(next, 0).integer("id");
        co_return bike_creation(bike);
    });
    if (!written) co_return std::move(written).error();
    co_return bike_from_row(Row(written->front(), 0));
}

Task<Result<Bike>> update_bike(Context& cx, std::int64_t id, const BikeFields& fields) {
    if (!fields.version) co_return invalid("version", "an edit must carry the version it was made against");
    if (!has_changes(fields))
        co_return invalid("body", "nothing to change: send make, model, year, colour, size, frame_serial, battery_serial, "
                                  "key_number or notes");
    HELM_CO_TRY(Bike before, co_await load_bike(cx, id));
    if (*fields.version != before.version) co_return edited_meanwhile("bike", id);
    HELM_CO_TRY(Customer owner, co_await load_customer(cx, before.customer_id));
    if (owner.erased_at_ms) co_return not_active(owner, "id");
    HELM_CO_TRY(Bike after, apply(before, fields));
    after.version = before.version + 1;
    after.updated_at_ms = cx.now_ms();
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> { co_return bike_edit(before, after); });
    if (!written) co_return is_unmet_expectation(written.error()) ? edited_meanwhile("bike", id) : std::move(written).error();
    co_return bike_from_row(Row(written->front(), 0));
}

Task<Result<Customer>> merge_customer(Context& cx, std::int64_t id, std::int64_t into_id, std::optional<std::int64_t> version) {
    if (id == into_id) co_return invalid("into_id", "a customer cannot be merged into itself");
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        HELM_CO_TRY(Customer merged, co_await load_customer(cx, id));
        auto survivor = co_await load_customer(cx, into_id);
        if (!survivor) {
            Error e = std::move(survivor).error();
            if (e.code == Code::not_found) e.field = "into_id";
            co_return e;
        }
        if (!merged.active()) co_return not_active(merged, "id");
        if (!survivor->active()) co_return not_active(*survivor, "into_id");
        if (version && *version != merged.version) co_return edited_meanwhile("customer", id);
        HELM_CO_TRY(std::vector<Bike> bikes, co_await bikes_of(cx, id));
        co_return merge_change(merged, into_id, bikes, cx.now_ms());
    });
    if (!written) co_return is_unmet_expectation(written.error()) ? edited_meanwhile("customer", id) : std::move(written).error();
    co_return co_await load_customer(cx, into_id);
}

Task<Result<Customer>> erase_customer(Context& cx, std::int64_t id, std::optional<std::int64_t> version) {
    std::vector<std::int64_t> erased_ids;
    std::int64_t erased_at = 0;
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        HELM_CO_TRY(Customer before, co_await load_customer(cx, id));
        if (before.erased_at_ms) co_return not_active(before, "id");
        if (version && *version != before.version) co_return edited_meanwhile("customer", id);
        HELM_CO_TRY(std::vector<Customer> family, co_await merged_into(cx, id));
        HELM_CO_TRY(std::vector<Bike> bikes, co_await bikes_of_family(cx, id));
        erased_ids = {id};
        for (const auto& c : family) erased_ids.push_back(c.id);
        erased_at = cx.now_ms();
        co_return erase_change(before, family, bikes, erased_at);
    });
    if (!written) co_return is_unmet_expectation(written.error()) ? edited_meanwhile("customer", id) : std::move(written).error();
    co_await after_erasure(cx, erased_ids, erased_at);
    co_return co_await load_customer(cx, id);
}

Task<Result<Json>> export_customer(Context& cx, std::int64_t id) {
    HELM_CO_TRY(Customer c, co_await load_customer(cx, id));
    HELM_CO_TRY(std::vector<Customer> family, co_await merged_into(cx, id));
    HELM_CO_TRY(std::vector<Bike> bikes, co_await bikes_of_family(cx, id));
    Json out = export_document(cx, c, family, bikes);
    HELM_CO_TRY(auto written, co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> { co_return export_change(id, family, bikes); }));
    co_return out;
}

std::vector<Statement> sold_bike_statements(const SoldBike& b, std::int64_t at_ms) {
    return {{std::string(sql::unlink_unit), {b.serial_unit_id}},
            {std::string(sql::insert_sold_bike),
             {b.customer_id, nullable(b.make), nullable(b.model), nullable(b.year), nullable(b.colour), nullable(b.size),
              b.frame_serial, b.serial_unit_id, at_ms}},
            expect_changes(1)};
}

}  // namespace helm::customers
