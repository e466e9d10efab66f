// The card-number detector against a slow reference written from its definition: any
// window of consecutive digit groups, the groups joined by spaces, dots or dashes, whose
// 13 to 19 digits pass the Luhn check. The two must agree on every text.
#include <string>
#include <vector>

#include "core/fields.hpp"
#include "fuzz.hpp"

using namespace helm;

namespace {

bool luhn(const std::string& digits) {
    int sum = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        int d = digits[digits.size() - 1 - i] - '0';
        if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
    }
    return sum % 10 == 0;
}

bool reference(std::string_view text) {
    // Every digit group with whether a separator run joins it to the next group.
    struct Group {
        std::string digits;
        bool joined_to_next = false;
    };
    std::vector<Group> groups;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] < '0' || text[i] > '9') {
            ++i;
            continue;
        }
        Group g;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') g.digits += text[i++];
        std::size_t j = i;
        while (j < text.size() && (text[j] == ' ' || text[j] == '.' || text[j] == '-')) ++j;
        g.joined_to_next = j > i && j < text.size() && text[j] >= '0' && text[j] <= '9';
        groups.push_back(g);
        i = j;
    }
    for (std::size_t first = 0; first < groups.size(); ++first) {
        std::string digits;
        for (std::size_t last = first; last < groups.size(); ++last) {
            digits += groups[last].digits;
            if (digits.size() >= 13 && digits.size() <= 19 && luhn(digits)) return true;
            if (!groups[last].joined_to_next) break;
        }
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::text(data, size);
    fuzz::require(holds_card_number(text) == reference(text), "holds_card_number agrees with its definition");
    const std::string owned(text);
    if (check_text("note", owned, 4096).ok()) fuzz::require(!reference(text), "check_text refuses every card number");
    return 0;
}
