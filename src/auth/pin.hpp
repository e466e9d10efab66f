#pragma once
// Layer 2: on a trusted device, staff switch with a five-digit PIN. Five tries that are
// not right within 60 s lock that staff member for 5 minutes, on every device: the
// tries live in D1, and each is reserved there before the PIN is checked. Twenty without
// a right one between them lock the PIN until the owner sets a new one. Every wrong try
// is audited with its device.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/router.hpp"

namespace helm::auth {

// Signs `staff_id` in on this device (cx.session) when the PIN is right: 401 "pin" when
// wrong, 429 "pin" while locked, 404 "staff_id" for no such active staff member.
Task<Status> sign_in_with_pin(Context& cx, std::int64_t staff_id, std::string_view pin);

// A manager's PIN lets one act through that needs `permission` (a discount over the
// limit) without switching who is signed in: checked like a sign-in, wrong tries counting
// toward the same lock. Answers the approver's id; 403 when they lack the permission.
Task<Result<std::int64_t>> approve_with_pin(Context& cx, std::int64_t staff_id, std::string_view pin, std::string_view permission);

// Makes a staff member's failed tries count no more (an owner's recovery, a new PIN).
Statement forgive_pin_tries(std::int64_t staff_id);

// What the home screen tells the owner: each staff member locked out twice or more since
// their last right PIN (someone may be guessing), and whether only the owner can help.
Task<Result<std::vector<std::string>>> pin_problems(Context& cx);

// Who may sign in with a PIN is staff's to say, and staff depends on auth (a new PIN
// forgives the old one's tries, a recovery adds to the sign-in list): so auth declares
// what it needs of a staff member here and the app fills it in from staff/staff.hpp
// (src/app/pin_holders.cpp).
struct PinHolder {
    std::int64_t id = 0;
    std::string display_name;
    bool disabled = false;
    std::string pin_hash, pin_salt;  // hex, as staff keeps them
};
Task<Result<PinHolder>> pin_holder(Context& cx, std::int64_t staff_id);  // an error when there is none
Task<Result<std::vector<PinHolder>>> pin_holders(Context& cx);           // enabled first, by name
Task<Result<bool>> pin_matches(Context& cx, std::string_view pin, const PinHolder& holder);
// Whether the staff member may do `permission` (their own answer, else their role's).
Task<Result<bool>> holder_may(Context& cx, std::int64_t staff_id, std::string_view permission);

// /pin (the PIN pad), /pin/sign-out, /api/pin, /api/session.
std::span<const Route> pin_routes();

}  // namespace helm::auth
