#pragma once
// `terawatt run`: load and validate the scenario, open the output, simulate, write the summary and provenance,
// commit the file, print the summary. Exit codes: 0 ok, 1 runtime failure, 2 scenario or usage error.

#include "sim/app/common/run_options.hpp"
#include "sim/scenario/scenario.hpp"

#include <optional>
#include <string>

namespace terawatt {

int run_command(const RunCommandOptions& options);

// The file a run of `scenario` writes: -o, or the default. nullopt, with the reason on stderr, when it may not be
// written there: it is one of the files the run reads, or an existing file that is not a terawatt output (without
// --force).
std::optional<std::string> writable_output_path(const RunCommandOptions& options, const Scenario& scenario);

}  // namespace terawatt
