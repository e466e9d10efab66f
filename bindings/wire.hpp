#pragma once
// The wire format between the Wasm core and worker/shim.js: an operation goes out as a
// JSON head plus raw body bytes; its reply comes back the same way. Pure functions, so
// the native tests check them too.
#include <string>
#include <string_view>

#include "bindings/ports.hpp"

namespace helm::wire {

struct Message {
    std::string head;  // JSON
    Blob body;
};

Result<Message> encode(const Operation& op);
Result<Reply> decode(const Operation& op, std::string_view head, Blob body);

}  // namespace helm::wire
