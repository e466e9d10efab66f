#pragma once
// A work order's statuses and the moves between them: the one table every check, button
// and test reads. Pure: no I/O.
#include <string_view>
#include <vector>

namespace helm::service {

struct StatusInfo {
    std::string_view key, label;
    bool open;  // on the board, still changing: lines may be added, it may be cancelled
};
inline constexpr StatusInfo statuses[] = {
    {"dropped_off", "Dropped off", true},
    {"quoted", "Quoted", true},
    {"in_progress", "In progress", true},
    {"waiting_for_parts", "Waiting for parts", true},
    {"completed", "Completed", true},
    {"notified", "Customer notified", true},
    {"invoiced", "Invoiced", false},
    {"picked_up", "Picked up", false},
    {"cancelled", "Cancelled", false},
};

// Who makes a move: staff on the ticket, invoicing (which puts the sale on the register),
// or the register when that sale is paid (a trigger in migrations/0008_service.sql).
enum class MovedBy { staff, invoicing, payment };

struct Transition {
    std::string_view from, to;
    MovedBy by;
    bool reopens = false;  // finished work taken up again: never the default move, and said so
};
inline constexpr Transition transitions[] = {
    {"dropped_off", "quoted", MovedBy::staff},
    {"dropped_off", "in_progress", MovedBy::staff},
    {"quoted", "in_progress", MovedBy::staff},
    {"in_progress", "waiting_for_parts", MovedBy::staff},
    {"waiting_for_parts", "in_progress", MovedBy::staff},
    {"in_progress", "completed", MovedBy::staff},
    {"completed", "in_progress", MovedBy::staff, true},  // something else turned up
    {"completed", "notified", MovedBy::staff},
    {"completed", "invoiced", MovedBy::invoicing},
    {"notified", "invoiced", MovedBy::invoicing},
    {"invoiced", "picked_up", MovedBy::payment},
    {"dropped_off", "cancelled", MovedBy::staff},
    {"quoted", "cancelled", MovedBy::staff},
    {"in_progress", "cancelled", MovedBy::staff},
    {"waiting_for_parts", "cancelled", MovedBy::staff},
    {"completed", "cancelled", MovedBy::staff},
    {"notified", "cancelled", MovedBy::staff},
};

// The status's entry, or nullptr for a word that is not a status.
const StatusInfo* status_info(std::string_view key);
// The move from -> to, or nullptr when it is not allowed at all.
const Transition* transition(std::string_view from, std::string_view to);
// Where staff may move a ticket from `from` by hand (the board's buttons), in table order
// but a reopening last, so that a careless Move never takes finished work back.
std::vector<Transition> staff_moves_from(std::string_view from);

}  // namespace helm::service
