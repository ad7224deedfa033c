#pragma once
// The printed summary's lines on the grid connection: per site with supply, its PV, import, battery, cost and
// emissions against drawing everything from the grid; per demand-response event, what was asked and delivered; per
// flexible job, what curtailment cost it.

#include "sim/record/run_report.hpp"

#include <ostream>

namespace terawatt {

void print_supply(std::ostream& out, const RunReport& report);

}  // namespace terawatt
