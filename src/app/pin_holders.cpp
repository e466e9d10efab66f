// auth's PIN sign-in asks these of staff (auth/pin.hpp): staff depends on auth, so the
// answers are given here, above both.
#include "auth/pin.hpp"
#include "staff/staff.hpp"

namespace helm::auth {
namespace {

PinHolder holder_of(const staff::StaffMember& m) { return {m.id, m.display_name, m.disabled, m.pin_hash, m.pin_salt}; }

}  // namespace

Task<Result<PinHolder>> pin_holder(Context& cx, std::int64_t staff_id) {
    HELM_CO_TRY(auto member, co_await staff::load_staff(cx, staff_id));
    co_return holder_of(member);
}

Task<Result<std::vector<PinHolder>>> pin_holders(Context& cx) {
    HELM_CO_TRY(auto members, co_await staff::list_staff(cx));
    std::vector<PinHolder> out;
    for (const auto& m : members) out.push_back(holder_of(m));
    co_return out;
}

Task<Result<bool>> pin_matches(Context& cx, std::string_view pin, const PinHolder& holder) {
    staff::StaffMember member;
    member.id = holder.id;
    member.pin_hash = holder.pin_hash;
    member.pin_salt = holder.pin_salt;
    co_return co_await staff::pin_matches(cx, pin, member);
}

Task<Result<bool>> holder_may(Context& cx, std::int64_t staff_id, std::string_view permission) {
    HELM_CO_TRY(auto granted, co_await staff::effective_permissions(cx, staff_id));
    for (const auto& p : granted)
        if (p.key == permission && p.allowed) co_return true;
    co_return false;
}

}  // namespace helm::auth
