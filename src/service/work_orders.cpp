// Work orders: read whole, opened for a named customer, edited, their lines added and
// removed, moved through the lifecycle. Every write is one audited batch guarded by the
// ticket's version.
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "audit/audit.hpp"
#include "catalog/products.hpp"
#include "core/fields.hpp"
#include "core/guard.hpp"
#include "customers/customers.hpp"
#include "service/lifecycle.hpp"
#include "service/service.hpp"
#include "service/service_sql.hpp"
#include "service/planning.hpp"
#include "staff/staff.hpp"

namespace helm::service {
namespace {

std::string work_order_number(std::int64_t id) {
    char text[24];
    std::snprintf(text, sizeof text, "T-%05lld", static_cast<long long>(id));
    return text;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y)); });
}

Json nullable_json(const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(nullptr); }

Value cents_or_null(const std::optional<Cents>& c) { return c ? Value(c->value) : Value(nullptr); }

// What the audit log keeps of a ticket: ids, status, dates, flags and amounts, never the
// words typed about the customer or their bike (the audit log is never erased).
Json audit_image(const WorkOrder& w) {
    auto optional = [](const auto& v) { return v ? Json(*v) : Json(nullptr); };
    return {{"id", w.id},
            {"number", w.number},
            {"status", w.status},
            {"customer_id", w.customer_id},
            {"bike_id", optional(w.bike_id)},
            {"promised_date", optional(w.promised_date)},
            {"mechanic_staff_id", optional(w.mechanic_staff_id)},
            {"warranty", w.warranty},
            {"estimate_cents", w.estimate ? Json(w.estimate->value) : Json(nullptr)},
            {"not_to_exceed_cents", w.not_to_exceed ? Json(w.not_to_exceed->value) : Json(nullptr)},
            {"approved", w.approved_at_ms.has_value()},
            {"lines", w.lines.size()},
            {"version", w.version}};
}

Error edited_meanwhile(std::int64_t id) {
    return {Code::conflict, "work order " + std::to_string(id) + " was changed by someone else meanwhile; it shows as it is now", "version"};
}

Error closed(const WorkOrder& w) {
    return {Code::failed_precondition, w.number + " is " + std::string(status_info(w.status)->label) + ": it no longer changes", "id"};
}

// The bike must be one of the customer's.
Task<Result<std::optional<std::int64_t>>> customers_bike(Context& cx, std::int64_t customer_id, std::optional<std::int64_t> bike_id,
                                                         const std::optional<std::string>& serial) {
    if (!bike_id && !serial) co_return std::optional<std::int64_t>{};
    HELM_CO_TRY(auto bikes, co_await customers::bikes_of(cx, customer_id));
    for (const auto& b : bikes) {
        if (bike_id && b.id == *bike_id) co_return std::optional<std::int64_t>{b.id};
        if (!bike_id && b.frame_serial && equal_ignoring_case(*b.frame_serial, *serial)) co_return std::optional<std::int64_t>{b.id};
    }
    if (bike_id) co_return invalid("bike_id", "bike " + std::to_string(*bike_id) + " is not one of this customer's bikes");
    co_return Error{Code::not_found, "none of this customer's bikes has that frame serial", "bike_serial"};
}

Task<Status> check_mechanic(Context& cx, const std::optional<std::int64_t>& staff_id) {
    if (!staff_id) co_return Ok{};
    auto mechanic = co_await staff::load_staff(cx, *staff_id);
    if (!mechanic || mechanic->disabled)
        co_return invalid("mechanic_staff_id", "staff member " + std::to_string(*staff_id) + " does not exist or is disabled");
    co_return Ok{};
}

// The fields onto the ticket; then the whole ticket is checked.
Result<WorkOrder> apply(WorkOrder w, const WorkOrderFields& f, Value staff, std::int64_t at) {
    if (f.bike_id) w.bike_id = *f.bike_id;
    if (f.promised_date) w.promised_date = *f.promised_date;
    if (f.problem) w.problem = *f.problem;
    if (f.dropoff_notes) w.dropoff_notes = *f.dropoff_notes;
    if (f.internal_notes) w.internal_notes = *f.internal_notes;
    if (f.customer_notes) w.customer_notes = *f.customer_notes;
    if (f.hook_tag) w.hook_tag = *f.hook_tag;
    if (f.mechanic_staff_id) w.mechanic_staff_id = *f.mechanic_staff_id;
    if (f.warranty) w.warranty = *f.warranty;
    if (f.estimate) w.estimate = *f.estimate;
    if (f.not_to_exceed) w.not_to_exceed = *f.not_to_exceed;
    if (f.approved_by && *f.approved_by != w.approved_by) {
        // The customer's yes is recorded when it is given, with whoever took it.
        w.approved_by = *f.approved_by;
        w.approved_at_ms = w.approved_by ? std::optional<std::int64_t>(at) : std::nullopt;
        w.approval_staff_id = w.approved_by && std::holds_alternative<std::int64_t>(staff)
                                  ? std::optional<std::int64_t>(std::get<std::int64_t>(staff))
                                  : std::nullopt;
    }
    if (w.problem.empty()) return invalid("problem", "describe the problem in the customer's words");
    if (w.approved_by && !w.estimate && !w.not_to_exceed)
        return invalid("approved_by", "an approval is of an estimate or a not-to-exceed amount: give one first");
    return w;
}

Statement update_statement(const WorkOrder& before, const WorkOrder& after) {
    return {std::string(sql::update_work_order),
            {after.id, before.version, nullable(after.bike_id), nullable(after.promised_date), after.problem, nullable(after.dropoff_notes),
             nullable(after.internal_notes), nullable(after.customer_notes), nullable(after.mechanic_staff_id), nullable(after.hook_tag),
             std::int64_t(after.warranty), cents_or_null(after.estimate), cents_or_null(after.not_to_exceed), nullable(after.approved_by),
             nullable(after.approved_at_ms), nullable(after.approval_staff_id), after.updated_at_ms}};
}

Line line_from_row(const Row& row) {
    Line l;
    l.id = row.integer("id");
    l.kind = row.text("kind");
    l.product_id = row.optional_integer("product_id");
    l.sku = row.optional_text("sku").value_or("");
    l.description = row.text("description");
    l.quantity = row.integer("quantity");
    l.unit_price = Cents{row.integer("unit_price_cents")};
    l.custom = row.integer("custom") != 0;
    l.minutes = row.integer("minutes");
    l.tax_class = row.text("tax_class_key");
    l.discountable = row.integer("discountable") != 0;
    l.on_hand = row.integer("on_hand");
    l.special_order_id = row.optional_integer("special_order_id");
    l.special_order_status = row.text("special_order_status");
    return l;
}

WorkOrder head_from_row(const Row& row) {
    WorkOrder w;
    w.id = row.integer("id");
    w.number = row.text("number");
    w.status = row.text("status");
    w.customer_id = row.integer("customer_id");
    w.customer_name = row.text("customer_name");
    w.customer_phone = row.optional_text("customer_phone");
    w.customer_email = row.optional_text("customer_email");
    w.customer_active = row.integer("customer_active") != 0;
    w.bike_id = row.optional_integer("bike_id");
    if (w.bike_id) {
        std::string label = row.optional_text("bike_make").value_or("");
        if (auto model = row.optional_text("bike_model")) label += (label.empty() ? "" : " ") + *model;
        std::string details;
        if (auto year = row.optional_integer("bike_year")) details = std::to_string(*year);
        if (auto colour = row.optional_text("bike_colour")) details += (details.empty() ? "" : ", ") + *colour;
        if (!details.empty()) label += (label.empty() ? "" : " ") + ("(" + details + ")");
        w.bike_label = label.empty() ? "Bike " + std::to_string(*w.bike_id) : label;
        w.bike_serial = row.optional_text("bike_serial");
    }
    w.dropped_off_at_ms = row.integer("dropped_off_at_ms");
    w.promised_date = row.optional_text("promised_date");
    w.problem = row.text("problem");
    w.dropoff_notes = row.optional_text("dropoff_notes");
    w.internal_notes = row.optional_text("internal_notes");
    w.customer_notes = row.optional_text("customer_notes");
    w.mechanic_staff_id = row.optional_integer("mechanic_staff_id");
    w.mechanic_name = row.optional_text("mechanic_name");
    w.hook_tag = row.optional_text("hook_tag");
    w.warranty = row.integer("warranty") != 0;
    if (auto c = row.optional_integer("estimate_cents")) w.estimate = Cents{*c};
    if (auto c = row.optional_integer("not_to_exceed_cents")) w.not_to_exceed = Cents{*c};
    w.approved_by = row.optional_text("approved_by");
    w.approved_at_ms = row.optional_integer("approved_at_ms");
    w.approval_staff_id = row.optional_integer("approval_staff_id");
    w.sale_id = row.optional_integer("sale_id");
    w.completed_at_ms = row.optional_integer("completed_at_ms");
    w.picked_up_at_ms = row.optional_integer("picked_up_at_ms");
    w.version = row.integer("version");
    w.created_at_ms = row.integer("created_at_ms");
    w.updated_at_ms = row.integer("updated_at_ms");
    return w;
}

}  // namespace

bool WorkOrder::open() const {
    const StatusInfo* info = status_info(status);
    return info && info->open;
}

std::int64_t WorkOrder::labor_minutes() const {
    std::int64_t minutes = 0;
    for (const auto& l : lines)
        if (l.kind == "labor") minutes += l.minutes * l.quantity;
    return minutes;
}

Json work_order_json(const WorkOrder& w) {
    auto optional = [](const auto& v) { return v ? Json(*v) : Json(nullptr); };
    auto money = [](const std::optional<Cents>& c) { return c ? Json(c->value) : Json(nullptr); };
    Json lines = Json::array(), history = Json::array();
    for (const auto& l : w.lines)
        lines.push_back({{"id", l.id},
                         {"kind", l.kind},
                         {"product_id", optional(l.product_id)},
                         {"sku", l.sku},
                         {"description", l.description},
                         {"quantity", l.quantity},
                         {"unit_price_cents", l.unit_price.value},
                         {"custom", l.custom},
                         {"minutes", l.minutes},
                         {"tax_class", l.tax_class},
                         {"on_hand", l.on_hand},
                         {"special_order_id", optional(l.special_order_id)},
                         {"special_order_status", l.special_order_id ? Json(l.special_order_status) : Json(nullptr)}});
    for (const auto& h : w.history)
        history.push_back({{"from", optional(h.from)}, {"to", h.to}, {"staff_name", optional(h.staff_name)}, {"at_ms", h.at_ms},
                           {"note", optional(h.note)}});
    return {{"id", w.id},
            {"number", w.number},
            {"status", w.status},
            {"customer_id", w.customer_id},
            {"customer_name", w.customer_name},
            {"bike_id", optional(w.bike_id)},
            {"bike_label", optional(w.bike_label)},
            {"bike_serial", optional(w.bike_serial)},
            {"dropped_off_at_ms", w.dropped_off_at_ms},
            {"promised_date", optional(w.promised_date)},
            {"problem", w.problem},
            {"dropoff_notes", optional(w.dropoff_notes)},
            {"internal_notes", optional(w.internal_notes)},
            {"customer_notes", optional(w.customer_notes)},
            {"mechanic_staff_id", optional(w.mechanic_staff_id)},
            {"mechanic_name", optional(w.mechanic_name)},
            {"hook_tag", optional(w.hook_tag)},
            {"warranty", w.warranty},
            {"estimate_cents", money(w.estimate)},
            {"not_to_exceed_cents", money(w.not_to_exceed)},
            {"approved_by", optional(w.approved_by)},
            {"approved_at_ms", optional(w.approved_at_ms)},
            {"approval_staff_id", optional(w.approval_staff_id)},
            {"sale_id", optional(w.sale_id)},
            {"completed_at_ms", optional(w.completed_at_ms)},
            {"picked_up_at_ms", optional(w.picked_up_at_ms)},
            {"labor_minutes", w.labor_minutes()},
            {"version", w.version},
            {"created_at_ms", w.created_at_ms},
            {"updated_at_ms", w.updated_at_ms},
            {"lines", std::move(lines)},
            {"history", std::move(history)}};
}

Task<Result<WorkOrder>> load_work_order(Context& cx, std::int64_t id) {
    std::vector<Statement> reads{{std::string(sql::work_order_by_id), {id}},
                                 {std::string(sql::lines_of_work_order), {id}},
                                 {std::string(sql::history_of_work_order), {id}}};
    HELM_CO_TRY(auto found, co_await cx.db.batch(std::move(reads)));
    const auto& results = found;
    if (results[0].rows.empty()) co_return Error{Code::not_found, "work order " + std::to_string(id) + " not found", "id"};
    WorkOrder w = head_from_row(Row(results[0], 0));
    for (std::size_t i = 0; i < results[1].rows.size(); ++i) w.lines.push_back(line_from_row(Row(results[1], i)));
    for (std::size_t i = 0; i < results[2].rows.size(); ++i) {
        const Row row(results[2], i);
        w.history.push_back({row.optional_text("from_status"), row.text("to_status"), row.optional_text("staff_name"),
                             row.optional_text("note"), row.integer("at_ms")});
    }
    co_return w;
}

Task<Result<WorkOrder>> create_work_order(Context& cx, const WorkOrderFields& fields) {
    if (!fields.customer_id) co_return invalid("customer_id", "a work order belongs to a named customer: there is no walk-in service ticket");
    if (fields.version) co_return invalid("version", "a new work order has no version yet");
    if (fields.bike_id && *fields.bike_id && fields.bike_serial) co_return invalid("bike_serial", "name the bike by its id or its serial, not both");
    const std::int64_t at = cx.now_ms();
    const Value staff = cx.acting_staff();
    auto found = co_await customers::load_customer(cx, *fields.customer_id);
    if (!found) co_return Error{found.error().code, found.error().message, "customer_id"};
    const customers::Customer& customer = *found;
    if (!customer.active())
        co_return invalid("customer_id", "customer " + std::to_string(customer.id) + " was merged or erased: choose the customer as they are now");
    WorkOrder draft;
    draft.customer_id = customer.id;
    HELM_CO_TRY(auto w, apply(draft, fields, staff, at));
    HELM_CO_TRY(w.bike_id, co_await customers_bike(cx, customer.id, fields.bike_id.value_or(std::nullopt), fields.bike_serial));
    if (auto ok = co_await check_mechanic(cx, w.mechanic_staff_id); !ok) co_return std::move(ok).error();
    w.dropped_off_at_ms = w.created_at_ms = w.updated_at_ms = at;
    w.version = 1;
    // A customer merged or erased meanwhile moves the chain's head: the id is chosen again,
    // and the batch's own guard (the customer still active) is the sale's too.
    auto written = co_await audit::commit_new(cx, sql::next_work_order_id, [&](std::int64_t id) {
        w.id = id;
        w.number = work_order_number(id);
        std::vector<Statement> statements{
            {std::string(sql::insert_work_order),
             {w.id, w.number, w.customer_id, nullable(w.bike_id), at, nullable(w.promised_date), w.problem, nullable(w.dropoff_notes),
              nullable(w.internal_notes), nullable(w.customer_notes), nullable(w.mechanic_staff_id), nullable(w.hook_tag),
              std::int64_t(w.warranty), cents_or_null(w.estimate), cents_or_null(w.not_to_exceed), nullable(w.approved_by),
              nullable(w.approved_at_ms), nullable(w.approval_staff_id)}},
            {std::string(sql::insert_history), {w.id, nullptr, "dropped_off", staff, at, nullptr}},
        };
        return audit::Change{std::move(statements), {"work_order.create", "work_order", std::to_string(w.id), nullptr, audit_image(w)}};
    });
    if (!written) co_return std::move(written).error();
    co_return co_await load_work_order(cx, w.id);
}

Task<Result<WorkOrder>> update_work_order(Context& cx, std::int64_t id, const WorkOrderFields& fields) {
    if (!fields.version) co_return invalid("version", "an edit must carry the version it was made against");
    if (fields.customer_id) co_return invalid("customer_id", "a ticket stays with its customer: merge the customers instead");
    if (fields.bike_serial) co_return invalid("bike_serial", "choose the bike by its bike_id");
    const std::int64_t at = cx.now_ms();
    const Value staff = cx.acting_staff();
    HELM_CO_TRY(auto before, co_await load_work_order(cx, id));
    if (*fields.version != before.version) co_return edited_meanwhile(id);
    if (!before.open()) co_return closed(before);
    HELM_CO_TRY(auto after, apply(before, fields, staff, at));
    if (fields.bike_id && after.bike_id) {
        HELM_CO_TRY(after.bike_id, co_await customers_bike(cx, before.customer_id, after.bike_id, std::nullopt));
    }
    if (fields.mechanic_staff_id) {
        if (auto ok = co_await check_mechanic(cx, after.mechanic_staff_id); !ok) co_return std::move(ok).error();
    }
    after.version = before.version + 1;
    after.updated_at_ms = at;
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        co_return audit::Change{{update_statement(before, after), expect_changes(1)},
                                {"work_order.update", "work_order", std::to_string(id), audit_image(before), audit_image(after)}};
    });
    if (!written) co_return is_unmet_expectation(written.error()) ? edited_meanwhile(id) : std::move(written).error();
    co_return co_await load_work_order(cx, id);
}

Task<Result<WorkOrder>> add_line(Context& cx, std::int64_t id, const LineFields& fields) {
    if (fields.quantity < 1 || fields.quantity > 10'000) co_return invalid("quantity", "a quantity is a whole number from 1 to 10000");
    const std::int64_t at = cx.now_ms();
    const Value staff = cx.acting_staff();
    HELM_CO_TRY(auto before, co_await load_work_order(cx, id));
    if (fields.version != before.version) co_return edited_meanwhile(id);
    if (!before.open()) co_return closed(before);
    HELM_CO_TRY(auto planned, co_await plan_line(cx, before, fields));
    if (auto ok = co_await within_not_to_exceed(cx, before, planned); !ok) co_return std::move(ok).error();
    WorkOrder after = before;
    after.lines.push_back(planned);
    after.version = before.version + 1;
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        std::vector<Statement> statements{{std::string(sql::bump_version), {id, before.version, at}}, expect_changes(1)};
        statements.push_back({std::string(sql::insert_line),
                              {id, planned.kind, nullable(planned.product_id), planned.custom ? Value(planned.description) : Value(nullptr),
                               planned.quantity, planned.custom ? Value(planned.unit_price.value) : Value(nullptr),
                               planned.kind == "labor" ? Value(planned.minutes) : Value(nullptr), staff, at}});
        if (fields.special_order)
            statements.push_back({std::string(sql::insert_special_order), {nullable(planned.product_id), planned.quantity, before.customer_id, id, at}});
        Json image = audit_image(after);
        image["line"] = {{"kind", planned.kind}, {"product_id", nullable_json(planned.product_id)}, {"quantity", planned.quantity},
                         {"unit_price_cents", planned.unit_price.value}, {"special_order", fields.special_order}};
        co_return audit::Change{std::move(statements), {"work_order.add_line", "work_order", std::to_string(id), audit_image(before), std::move(image)}};
    });
    if (!written) co_return is_unmet_expectation(written.error()) ? edited_meanwhile(id) : std::move(written).error();
    co_return co_await load_work_order(cx, id);
}

Task<Result<WorkOrder>> remove_line(Context& cx, std::int64_t id, std::int64_t line_id, std::int64_t version) {
    const std::int64_t at = cx.now_ms();
    HELM_CO_TRY(auto before, co_await load_work_order(cx, id));
    if (version != before.version) co_return edited_meanwhile(id);
    if (!before.open()) co_return closed(before);
    auto line = std::find_if(before.lines.begin(), before.lines.end(), [&](const Line& l) { return l.id == line_id; });
    if (line == before.lines.end()) co_return Error{Code::not_found, "line " + std::to_string(line_id) + " is not on " + before.number, "line_id"};
    WorkOrder after = before;
    after.lines.erase(after.lines.begin() + (line - before.lines.begin()));
    after.version = before.version + 1;
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        std::vector<Statement> statements{{std::string(sql::bump_version), {id, before.version, at}}, expect_changes(1),
                                          {std::string(sql::release_line_special_order), {line_id, at}},
                                          {std::string(sql::delete_line), {line_id, id}}, expect_changes(1)};
        Json image = audit_image(after);
        image["removed_line"] = {{"kind", line->kind}, {"product_id", nullable_json(line->product_id)}, {"quantity", line->quantity}};
        co_return audit::Change{std::move(statements), {"work_order.remove_line", "work_order", std::to_string(id), audit_image(before), std::move(image)}};
    });
    if (!written) co_return is_unmet_expectation(written.error()) ? edited_meanwhile(id) : std::move(written).error();
    co_return co_await load_work_order(cx, id);
}

Task<Result<WorkOrder>> move_work_order(Context& cx, std::int64_t id, std::string_view to, std::int64_t version,
                                        std::optional<std::string> note) {
    if (!status_info(to)) co_return invalid("to", "to must be one of the ticket statuses");
    if (note) {
        if (auto ok = check_typed_text("note", *note, 500); !ok) co_return std::move(ok).error();
    }
    const std::int64_t at = cx.now_ms();
    const Value staff = cx.acting_staff();
    HELM_CO_TRY(auto before, co_await load_work_order(cx, id));
    if (version != before.version) co_return edited_meanwhile(id);
    const Transition* move = transition(before.status, to);
    const std::string from_label(status_info(before.status)->label), to_label(status_info(to)->label);
    if (!move) co_return invalid("to", before.number + " cannot go from " + from_label + " to " + to_label);
    if (move->by == MovedBy::invoicing) co_return invalid("to", "a ticket is invoiced by invoicing it: its sale goes on the register");
    if (move->by == MovedBy::payment) co_return invalid("to", "a ticket is picked up when its invoice is paid at the register");
    WorkOrder after = before;
    after.status = std::string(to);
    after.version = before.version + 1;
    std::vector<Statement> statements{{std::string(sql::move_status), {id, before.version, std::string(to), at, before.status}},
                                      expect_changes(1),
                                      {std::string(sql::insert_history), {id, before.status, std::string(to), staff, at, nullable(note)}}};
    if (to == "completed") {
        HELM_CO_TRY(auto customer, co_await customers::load_customer(cx, before.customer_id));
        if (auto message = ready_for_pickup(cx.shop, before, customer))
            statements.push_back({std::string(sql::queue_message),
                                  {before.customer_id, id, "ready_for_pickup", message->channel, message->body, at}});
    }
    if (to == "cancelled") statements.push_back({std::string(sql::release_special_orders), {id, at}});
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        co_return audit::Change{statements, {"work_order.move", "work_order", std::to_string(id), audit_image(before), audit_image(after)}};
    });
    if (!written) co_return is_unmet_expectation(written.error()) ? edited_meanwhile(id) : std::move(written).error();
    co_return co_await load_work_order(cx, id);
}

}  // namespace helm::service
