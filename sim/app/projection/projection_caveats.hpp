#pragma once
// Warnings that go with a projection's figures:
//  - a projection run past the years its inputs hold for: a segment whose growth was sourced or calibrated up to
//    `sourced_until` (SegmentSetup) and is projected beyond it compounds those rates with nothing behind them. The
//    warning says by how much, per case, so that a 2030 figure is read as what it is;
//  - a demand-driven segment whose stated installed base and demand disagree in the first year, where the two views
//    of its fleet meet (README, Projections: demand-driven segments).

#include "models/fleet/projection_fleet.hpp"
#include "sim/scenario/projection_scenario.hpp"

#include <string>
#include <vector>

namespace terawatt {

// One warning per segment projected past its `sourced_until`: where the key is, the years, and per case the ratio of
// the segment's electricity (all regions) in the last year to that in its last sourced year. None when no segment
// is projected past its sources.
std::vector<std::string> growth_caveats(const ProjectionScenario& scenario, const ProjectionResult& result);

// Beyond this factor either way between the servers a demand-driven segment's first-year demand needs and its stated
// `installed`, the two views of the fleet disagree enough to warn: the utilisation, MFU or demand behind one of them
// is off by as much. 1.25 is a judgement, not a sourced or measured tolerance: a gap of more than a quarter is taken
// to mean that an input is wrong rather than uncertain.
inline constexpr double demand_meeting_tolerance = 1.25;

// One warning per demand-driven segment with `installed` and case where the servers its first-year demand needs
// (all regions) differ from the stated installed base by more than demand_meeting_tolerance: where `installed` is,
// both counts, and the utilisation at which the stated base would serve the demand.
std::vector<std::string> demand_meeting_caveats(const ProjectionScenario& scenario, const ProjectionResult& result);

}  // namespace terawatt
