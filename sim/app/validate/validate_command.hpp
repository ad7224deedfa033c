#pragma once
// `terawatt validate [DIR] [--case NAME]... [--jobs N] [-o OUTDIR]`: runs every validation case of DIR
// (default scenarios/validation/*.yaml), each in its own `terawatt run`, and prints published against simulated
// figures. Exit codes: 0 every check passes, 1 a check fails or a case's run fails, 2 a usage error or a malformed
// case (its scenario, its `expected` section, or a metric that names nothing in the run's /summary).

#include <string>
#include <vector>

namespace terawatt {

int validate_main(const std::vector<std::string>& args);

}  // namespace terawatt
