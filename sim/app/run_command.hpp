#pragma once
// `terawatt run`: load and validate the scenario, open the output, simulate, write the summary and provenance,
// commit the file, print the summary. Exit codes: 0 ok, 1 runtime failure, 2 scenario or usage error.

#include "sim/app/common/run_options.hpp"

namespace terawatt {

int run_command(const RunCommandOptions& options);

}  // namespace terawatt
