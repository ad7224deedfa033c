#pragma once
// `terawatt run` of a projection scenario (a document with `projection`): load it, measure power per server on the
// representative clusters (child processes), project the fleet, write /projection and /coupling with provenance to
// OUT.h5.partial and rename it, print the table. Exit codes as `terawatt run`: 0 ok, 1 runtime failure, 2 scenario
// error. A projection names built-in hardware only: `--catalog` is refused (exit 2).

#include "sim/app/common/run_options.hpp"

namespace terawatt {

int run_projection_command(const RunCommandOptions& options);

}  // namespace terawatt
