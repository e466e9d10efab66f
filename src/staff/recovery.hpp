#pragma once
// Recovering a locked-out owner, and setting up a new shop's first one, without any
// hard-coded code: whoever holds the shop's HELM_RECOVERY_SECRET (set with
// `wrangler secret put`) may give a named owner a new PIN and put an email on the
// allowlist. Every use is audited as actor "recovery" (docs/runbooks/recovery.md).
#include "core/context.hpp"
#include "core/http.hpp"
#include "core/task.hpp"

namespace helm::staff {

// POST /auth/recover {"secret", "email", "display_name", "pin"}
Task<Response> recover_owner(Context& cx, const Request& rq);

}  // namespace helm::staff
