#pragma once
// Warnings for a projection run past the years its inputs hold for: a segment whose growth was sourced or calibrated
// up to `sourced_until` (SegmentSetup) and is projected beyond it compounds those rates with nothing behind them. The
// warning says by how much, per case, so that a 2030 figure is read as what it is.

#include "models/fleet/projection_fleet.hpp"
#include "sim/scenario/projection_scenario.hpp"

#include <string>
#include <vector>

namespace terawatt {

// One warning per segment projected past its `sourced_until`: where the key is, the years, and per case the ratio of
// the segment's electricity (all regions) in the last year to that in its last sourced year. None when no segment
// is projected past its sources.
std::vector<std::string> growth_caveats(const ProjectionScenario& scenario, const ProjectionResult& result);

}  // namespace terawatt
