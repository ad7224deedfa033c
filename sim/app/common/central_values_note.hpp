#pragma once
// A plain run of a scenario whose values are distributions (sim/scenario/input_distributions.hpp) takes their central
// values; `terawatt run --samples N` draws them (sim/app/uncertainty/).

#include "sim/app/common/run_options.hpp"

namespace terawatt {

// Says on stderr that the run takes the central values, and which; nothing for a scenario without distributions. For
// a scenario that loaded (its distributions are well-formed).
void print_central_values_note(const RunCommandOptions& options);

}  // namespace terawatt
