#pragma once
// Where a run writes its output, and what it must never overwrite: shared by `terawatt run` of a scenario and of its
// uncertainty samples.

#include "sim/app/common/run_options.hpp"
#include "sim/scenario/scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace terawatt {

// The files a run of `scenario` (read from `scenario_path`) reads: what its output must never replace.
std::vector<std::string> run_input_files(const std::string& scenario_path, const Scenario& scenario);

// The file a run writes: -o, or the default. nullopt, with the reason on stderr, when it may not be written there:
// it is one of `input_files`, or an existing file that is not a terawatt output (without --force).
std::optional<std::string> writable_output_path(const RunCommandOptions& options,
                                                const std::vector<std::string>& input_files);

}  // namespace terawatt
