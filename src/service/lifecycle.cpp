#include "service/lifecycle.hpp"

#include <algorithm>

namespace helm::service {

const StatusInfo* status_info(std::string_view key) {
    auto found = std::find_if(std::begin(statuses), std::end(statuses), [&](const StatusInfo& s) { return s.key == key; });
    return found == std::end(statuses) ? nullptr : &*found;
}

const Transition* transition(std::string_view from, std::string_view to) {
    auto found = std::find_if(std::begin(transitions), std::end(transitions), [&](const Transition& t) { return t.from == from && t.to == to; });
    return found == std::end(transitions) ? nullptr : &*found;
}

std::vector<Transition> staff_moves_from(std::string_view from) {
    std::vector<Transition> out;
    for (const auto& t : transitions)
        if (t.from == from && t.by == MovedBy::staff) out.push_back(t);
    std::stable_partition(out.begin(), out.end(), [](const Transition& t) { return !t.reopens; });
    return out;
}

}  // namespace helm::service
