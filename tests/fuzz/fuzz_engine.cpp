// libFuzzer target over the whole public path: program and history parsing,
// evaluation, projection, view model and every serializer. The input is
// "PROGRAM\x00HISTORY" (a missing separator fuzzes the program alone).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "stepwise/stepwise.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::size_t split = input.find('\0');
    std::string_view program_text = input.substr(0, split);
    auto program = stepwise::parse_program(program_text);
    if (!program.ok()) {
        (void)stepwise::errors_json(program.errors);
        return 0;
    }
    (void)stepwise::program_json(*program.value);
    if (split == std::string_view::npos) return 0;
    auto history = stepwise::parse_history(input.substr(split + 1), *program.value);
    if (!history.ok()) return 0;
    // Two evaluation times: mid-2026 and far in the future (windows and holds expire).
    for (stepwise::Time as_of : {1782864000000LL, 4102444800000LL}) {
        auto report = stepwise::evaluate(*program.value, *history.value, as_of);
        (void)stepwise::report_json(*program.value, report);
        (void)stepwise::view_model_json(stepwise::view_model(*program.value, report));
        (void)stepwise::due_json(*program.value, stepwise::newly_due(report, {}, {}));
        stepwise::Cart cart;
        cart.subtotal = cart.total = 12345;
        (void)stepwise::projection_json(*program.value, stepwise::project(*program.value, *history.value, as_of, cart));
    }
    return 0;
}
