// The service department's reads for the screens: the board and its search, a customer's
// and a bike's tickets, the mechanic's day and the workshop's load, the outbox.
#include <cctype>
#include <map>

#include "core/fields.hpp"
#include "core/search.hpp"
#include "core/time.hpp"
#include "customers/customers.hpp"
#include "service/service.hpp"
#include "service/service_sql.hpp"
#include "staff/staff.hpp"

namespace helm::service {
namespace {

BoardCard card_from_row(const Row& row) {
    BoardCard c;
    c.id = row.integer("id");
    c.version = row.integer("version");
    c.number = row.text("number");
    c.status = row.text("status");
    c.customer_id = row.integer("customer_id");
    c.bike_id = row.optional_integer("bike_id");
    c.customer_name = row.text("customer_name");
    c.problem = row.text("problem");
    c.bike_label = row.optional_text("bike_label");
    c.promised_date = row.optional_text("promised_date");
    c.mechanic_name = row.optional_text("mechanic_name");
    c.hook_tag = row.optional_text("hook_tag");
    c.labor_minutes = row.integer("labor_minutes");
    c.warranty = row.integer("warranty") != 0;
    return c;
}

std::vector<BoardCard> cards_from(const D1Result& result) {
    std::vector<BoardCard> out;
    for (std::size_t i = 0; i < result.rows.size(); ++i) out.push_back(card_from_row(Row(result, i)));
    return out;
}

// "T-00012", "t12" or "12": the ticket's id; 0 when the query is not a ticket number.
std::int64_t ticket_id_in(std::string_view query) {
    if (!query.empty() && (query[0] == 'T' || query[0] == 't')) query.remove_prefix(1);
    if (!query.empty() && query[0] == '-') query.remove_prefix(1);
    if (query.empty() || query.size() > 9) return 0;
    std::int64_t id = 0;
    for (char ch : query) {
        if (!std::isdigit(static_cast<unsigned char>(ch))) return 0;
        id = id * 10 + (ch - '0');
    }
    return id;
}

std::vector<DayLoad> by_day(const std::vector<BoardCard>& cards) {
    std::map<std::string, DayLoad> days;
    for (const auto& c : cards) {
        DayLoad& d = days[c.promised_date.value_or("")];
        d.date = c.promised_date.value_or("");
        d.minutes += c.labor_minutes;
        d.tickets += 1;
    }
    std::vector<DayLoad> out;
    for (auto& [date, load] : days) out.push_back(load);
    return out;
}

}  // namespace

Json board_card_json(const BoardCard& c) {
    auto optional = [](const auto& v) { return v ? Json(*v) : Json(nullptr); };
    return {{"id", c.id},
            {"version", c.version},
            {"number", c.number},
            {"status", c.status},
            {"customer_id", c.customer_id},
            {"customer_name", c.customer_name},
            {"bike_id", optional(c.bike_id)},
            {"bike_label", optional(c.bike_label)},
            {"promised_date", optional(c.promised_date)},
            {"mechanic_name", optional(c.mechanic_name)},
            {"hook_tag", optional(c.hook_tag)},
            {"labor_minutes", c.labor_minutes},
            {"warranty", c.warranty}};
}

Task<Result<std::vector<BoardCard>>> board(Context& cx, std::string_view query, int limit) {
    const std::string q = trimmed(query);
    if (q.empty()) {
        HELM_CO_TRY(auto found, co_await cx.db.query(sql::open_cards, limit));
        co_return cards_from(found);
    }
    if (auto ok = check_search("q", q); !ok) co_return std::move(ok).error();
    HELM_CO_TRY(auto customers, co_await customers::find_customers(cx, q, 50));
    Json ids = Json::array();
    for (const auto& f : customers) ids.push_back(f.customer.id);
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::found_cards, ticket_id_in(q), to_text(ids), q, limit));
    co_return cards_from(found);
}

Task<Result<std::vector<BoardCard>>> tickets_of_customer(Context& cx, std::int64_t customer_id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::cards_of_customer, customer_id));
    co_return cards_from(found);
}

Task<Result<std::vector<BoardCard>>> tickets_of_bike(Context& cx, std::int64_t bike_id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::cards_of_bike, bike_id));
    co_return cards_from(found);
}

Task<Result<MechanicDay>> mechanic_day(Context& cx, std::int64_t staff_id) {
    // No one's day is not an empty day: an unknown staff member is a 404 naming the id.
    if (auto member = co_await staff::load_staff(cx, staff_id); !member) co_return std::move(member).error();
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::cards_of_mechanic, staff_id));
    MechanicDay day;
    day.staff_id = staff_id;
    day.tickets = cards_from(found);
    day.by_day = by_day(day.tickets);
    co_return day;
}

Task<Result<std::vector<WorkshopLoad>>> workshop_load(Context& cx, std::string_view from_date, int days) {
    const std::int64_t start = utc_day_start_ms(from_date);
    if (start < 0) co_return invalid("from", "from is a date like 2026-12-24");
    if (days < 1 || days > 62) co_return invalid("days", "days is from 1 to 62");
    const std::string to_date = local_date(start + std::int64_t(days - 1) * 86'400'000, 0);
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::workshop_load, std::string(from_date), to_date));
    std::vector<WorkshopLoad> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        const Row row(found, i);
        const auto staff_id = row.optional_integer("mechanic_staff_id");
        if (out.empty() || out.back().staff_id != staff_id) out.push_back({staff_id, row.optional_text("mechanic_name"), {}});
        out.back().by_day.push_back({row.text("promised_date"), row.integer("minutes"), row.integer("tickets")});
    }
    co_return out;
}

Json outbox_json(const OutboxMessage& m) {
    return {{"id", m.id},
            {"customer_id", m.customer_id},
            {"work_order_id", m.work_order_id ? Json(*m.work_order_id) : Json(nullptr)},
            {"template", m.template_key},
            {"channel", m.channel},
            {"body", m.body},
            {"status", m.status},
            {"created_at_ms", m.created_at_ms}};
}

Task<Result<std::vector<OutboxMessage>>> outbox_of(Context& cx, std::int64_t work_order_id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::outbox_of_work_order, work_order_id));
    std::vector<OutboxMessage> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        const Row row(found, i);
        out.push_back({row.integer("id"), row.integer("customer_id"), row.optional_integer("work_order_id"), row.text("template"),
                       row.text("channel"), row.text("body"), row.text("status"), row.integer("created_at_ms")});
    }
    co_return out;
}

}  // namespace helm::service
