// The shim's replies: any head decodes for every operation or is refused as a value; no
// number from JS is ever converted out of its range (UBSan stops the run if one is).
#include "bindings/wire.hpp"
#include "fuzz.hpp"

using namespace helm;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto [head, rest] = fuzz::split_line(fuzz::text(data, size));
    const Blob body(rest.begin(), rest.end());
    const Operation ops[] = {op::D1Query{}, op::D1Batch{},       op::R2Get{"k"},         op::R2List{},        op::R2StreamOpen{},
                             op::R2StreamClose{}, op::R2StreamCopy{}, op::KvGet{"k"}, op::Fetch{},         op::Pbkdf2Sha256{},
                             op::VerifyRs256{}, op::R2Put{},       op::KvPut{}};
    for (const auto& operation : ops) (void)wire::decode(operation, head, body);
    return 0;
}
