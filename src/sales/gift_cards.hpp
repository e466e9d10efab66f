#pragma once
// Gift card codes: a code is what spends a card, so Helm makes new ones too long to guess,
// shows them whole only at the moment of sale, and lets each device look up only so many
// codes that match no card.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/context.hpp"
#include "core/task.hpp"

namespace helm::sales {

// Whole (the answer that completes the sale, for the clerk to hand over) or by the last
// four characters (everywhere afterwards).
enum class CardCodes { masked, shown };
std::string masked_card_code(std::string_view code);
std::string card_code(std::string_view code, CardCodes codes);

// 16 characters of Crockford's base32 (80 random bits; no I, L, O or U to misread).
std::string new_card_code();
// A code typed for a NEW card is at least this long; a card already on file (brought over
// from an old system) keeps its code whatever its length.
inline constexpr std::size_t min_new_card_code = 12;

// The code a gift card line loads: a new one made here when none is typed; a typed one
// of at least min_new_card_code characters; a shorter one only when that card is on file
// (a look-up, so it counts like one). 400 on `field` otherwise.
Task<Result<std::string>> code_for_line(Context& cx, const std::optional<std::string>& typed, const std::string& field);

// Reserves one look-up of a gift card by its code for this device before it is made: 429
// on `field` once the device has looked up 10 codes that matched no card in the last
// hour. Guarded in D1 (INSERT ... WHERE fewer than 10), so racing look-ups cannot get past
// it. Answers the reservation's id, to be settled as found when the code matched a card.
Task<Result<std::int64_t>> reserve_card_lookup(Context& cx, const std::string& field);
// A look-up that found its card no longer counts against the device.
Task<Status> card_lookup_found(Context& cx, std::int64_t reservation);

}  // namespace helm::sales
