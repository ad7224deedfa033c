#pragma once
// A plain run of a scenario whose values are distributions (sim/scenario/input_distributions.hpp) takes their central
// values; `terawatt run --samples N` draws them (sim/app/uncertainty/).

#include <string>
#include <vector>

namespace terawatt {

// Says on stderr that the run takes the central values (`central_values`: "path=value", as the loaders record them in
// Scenario::central_values), and which; nothing when there are none.
void print_central_values_note(const std::vector<std::string>& central_values);

}  // namespace terawatt
