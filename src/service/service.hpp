#pragma once
// The service department: work orders (tickets) from drop-off to pickup. A ticket always
// belongs to a named customer. Every change is one audited batch; a status move or an
// edit names the version it was made against, so two staff never overwrite each other
// (the second gets a 409 and the ticket as it is now). Lines never move stock: invoicing
// puts the ticket on the register as a held sale, and paying that sale takes the parts off
// the shelf and picks the ticket up, in the sale's own batch.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.hpp"
#include "core/http.hpp"
#include "core/json.hpp"
#include "core/money.hpp"
#include "core/task.hpp"

namespace helm::service {

struct Line {
    std::int64_t id = 0;
    std::string kind;  // "labor" or "part"
    std::optional<std::int64_t> product_id;  // none: custom labor
    std::string sku, description;            // the custom words, or the catalog's name
    std::int64_t quantity = 1;
    Cents unit_price;               // the custom price, or the catalog's price now
    bool custom = false;            // custom labor: words, price and minutes typed on the ticket
    std::int64_t minutes = 0;       // standard minutes per unit (labor)
    std::string tax_class;          // the product's: labor and parts are taxed by their own classes
    bool discountable = true;
    std::optional<std::int64_t> special_order_id;  // a part ordered for this ticket
    std::string special_order_status;
    std::int64_t on_hand = 0;  // the part's stock now
};

struct HistoryEntry {
    std::optional<std::string> from;
    std::string to;
    std::optional<std::string> staff_name, note;
    std::int64_t at_ms = 0;
};

struct WorkOrder {
    std::int64_t id = 0;
    std::string number;  // T-00012
    std::string status = "dropped_off";
    std::int64_t customer_id = 0;
    std::string customer_name;
    std::optional<std::string> customer_phone, customer_email;
    bool customer_active = true;
    std::optional<std::int64_t> bike_id;
    std::optional<std::string> bike_label, bike_serial;  // "Trek Domane SL5 (2022, blue)"
    std::int64_t dropped_off_at_ms = 0;
    std::optional<std::string> promised_date;  // YYYY-MM-DD, shop-local
    std::string problem;
    std::optional<std::string> dropoff_notes, internal_notes, customer_notes, hook_tag;
    std::optional<std::int64_t> mechanic_staff_id;
    std::optional<std::string> mechanic_name;
    bool warranty = false;
    std::optional<Cents> estimate, not_to_exceed;
    std::optional<std::string> approved_by;
    std::optional<std::int64_t> approved_at_ms, approval_staff_id;
    std::optional<std::int64_t> sale_id;
    std::optional<std::int64_t> completed_at_ms, picked_up_at_ms;
    std::int64_t version = 0;
    std::int64_t created_at_ms = 0, updated_at_ms = 0;
    std::vector<Line> lines;
    std::vector<HistoryEntry> history;

    bool open() const;              // lines may change, it may be cancelled
    std::int64_t labor_minutes() const;  // standard minutes of its labor lines
};
Json work_order_json(const WorkOrder& w);

// What a create or an edit may set. Absent means "leave as it is"; an optional text or
// amount may be set to none. An edit names the version it was made against.
struct WorkOrderFields {
    std::optional<std::int64_t> customer_id;  // a create only: required
    std::optional<std::optional<std::int64_t>> bike_id;
    std::optional<std::string> bike_serial;  // a create: the customer's bike with this frame serial
    std::optional<std::optional<std::string>> promised_date, dropoff_notes, internal_notes, customer_notes, hook_tag;
    std::optional<std::string> problem;
    std::optional<std::optional<std::int64_t>> mechanic_staff_id;
    std::optional<bool> warranty;
    std::optional<std::optional<Cents>> estimate, not_to_exceed;
    std::optional<std::optional<std::string>> approved_by;  // the customer's approval: set now, by whom
    std::optional<std::int64_t> version;
};
Result<WorkOrderFields> work_order_fields_from_json(std::string_view body);
Result<WorkOrderFields> work_order_fields_from_form(const Form& form);

// A line to add: a product (a service-menu labor item or a part), or custom labor with
// its words, price and minutes. A part short of stock may be special-ordered for the ticket.
struct LineFields {
    std::optional<std::int64_t> product_id;
    std::optional<std::string> code;  // a barcode or SKU, as scanned
    std::int64_t quantity = 1;
    std::optional<std::string> description;  // custom labor
    std::optional<Cents> unit_price;         // custom labor
    std::optional<std::int64_t> minutes;     // custom labor
    bool special_order = false;
    std::int64_t version = 0;  // the ticket's
};
Result<LineFields> line_fields_from_json(std::string_view body);
Result<LineFields> line_fields_from_form(const Form& form);

Task<Result<WorkOrder>> load_work_order(Context& cx, std::int64_t id);  // 404 naming "id"
// Refuses without an active (not merged, not erased) customer: there is no walk-in ticket.
Task<Result<WorkOrder>> create_work_order(Context& cx, const WorkOrderFields& fields);
Task<Result<WorkOrder>> update_work_order(Context& cx, std::int64_t id, const WorkOrderFields& fields);
Task<Result<WorkOrder>> add_line(Context& cx, std::int64_t id, const LineFields& fields);
Task<Result<WorkOrder>> remove_line(Context& cx, std::int64_t id, std::int64_t line_id, std::int64_t version);
// Moves the ticket by hand (MovedBy::staff): 422 naming "to" when the table does not allow
// it, 409 naming "version" when the ticket changed meanwhile. Completing it queues the
// customer's "ready for pickup" message (by the channel they consented to); cancelling it
// releases its special orders.
Task<Result<WorkOrder>> move_work_order(Context& cx, std::int64_t id, std::string_view to, std::int64_t version,
                                        std::optional<std::string> note);

// The ticket as a sale request: its lines (labor and parts, taxed by their classes), the
// customer, the deposit still held for it as a payment.
struct Invoice {
    WorkOrder work_order;
    std::int64_t draft_id = 0;  // the held sale on the register
};
// Invoices a completed (or notified) ticket: it becomes read-only and its sale is held on
// the register. Again on an invoiced ticket whose held sale was discarded: held again.
Task<Result<Invoice>> invoice_work_order(Context& cx, std::int64_t id, std::int64_t version, std::int64_t register_id);
// A deposit for the ticket, held on the register to be paid there (a deposit line).
Task<Result<std::int64_t>> hold_deposit(Context& cx, std::int64_t id, Cents amount, std::int64_t register_id);

// The money around a ticket: deposits paid for it (less any applied), and what its lines
// come to, priced and taxed as the register would price them now.
struct Money {
    Cents subtotal, tax, total;
    Cents deposits_paid, deposits_applied;
    Cents deposit_held() const { return deposits_paid - deposits_applied; }
    std::optional<std::int64_t> held_sale_id;  // the held invoice on the register, if any
    std::optional<std::string> quote_error;    // why it cannot be priced (a part out of stock)
};
Task<Result<Money>> money_of(Context& cx, const WorkOrder& w);

// The board: open tickets (not picked up, not cancelled), oldest promise first.
struct BoardCard {
    std::int64_t id = 0, version = 0, customer_id = 0;
    std::optional<std::int64_t> bike_id;
    std::string number, status, customer_name, problem;
    std::optional<std::string> bike_label, promised_date, mechanic_name, hook_tag;
    std::int64_t labor_minutes = 0;
    bool warranty = false;
};
// `query` empty: every open ticket. Otherwise tickets (open or not, newest first) by number
// ("T-00012", "12"), customer name or phone, or bike frame serial.
Task<Result<std::vector<BoardCard>>> board(Context& cx, std::string_view query, int limit);
Json board_card_json(const BoardCard& c);

// A customer's or a bike's tickets, newest first.
Task<Result<std::vector<BoardCard>>> tickets_of_customer(Context& cx, std::int64_t customer_id);
Task<Result<std::vector<BoardCard>>> tickets_of_bike(Context& cx, std::int64_t bike_id);

// The mechanic's day: their open tickets and the standard minutes of labor promised per
// day, so the writer sees the workshop's load before promising a date.
struct DayLoad {
    std::string date;  // promised date; "" for none
    std::int64_t minutes = 0, tickets = 0;
};
struct MechanicDay {
    std::int64_t staff_id = 0;
    std::vector<BoardCard> tickets;
    std::vector<DayLoad> by_day;
};
// A 404 naming "id" when no staff member has that id.
Task<Result<MechanicDay>> mechanic_day(Context& cx, std::int64_t staff_id);
// Every mechanic's load per promised day, from `from_date` for `days` days.
struct WorkshopLoad {
    std::optional<std::int64_t> staff_id;
    std::optional<std::string> staff_name;  // none: unassigned
    std::vector<DayLoad> by_day;
};
Task<Result<std::vector<WorkshopLoad>>> workshop_load(Context& cx, std::string_view from_date, int days);

// The outbox: messages queued for customers (sending arrives with notifications).
struct OutboxMessage {
    std::int64_t id = 0, customer_id = 0;
    std::optional<std::int64_t> work_order_id;
    std::string template_key, channel, body, status;
    std::int64_t created_at_ms = 0;
};
Task<Result<std::vector<OutboxMessage>>> outbox_of(Context& cx, std::int64_t work_order_id);
Json outbox_json(const OutboxMessage& m);

}  // namespace helm::service
