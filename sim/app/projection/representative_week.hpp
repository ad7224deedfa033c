#pragma once
// One representative week of a projection as a typed simulation scenario (README, Projections): every simulated
// representative's cluster "r<i>" on a site "r<i>" of its own, training clusters running one job a day, inference
// clusters serving their segment's service, all side by side in one engine.

#include "sim/app/projection/projection_representative.hpp"
#include "sim/record/run_report.hpp"
#include "sim/scenario/scenario.hpp"

#include <vector>

namespace terawatt {

Scenario representative_week_scenario(const ProjectionScenario& scenario, const std::vector<Representative>& reps,
                                      int week, double start_epoch_s);

// What a week's run hands back to the projection: for each of its clusters in order, the cluster's mean IT power
// over the run (W) and its site's facility energy (J).
std::vector<double> representative_week_figures(const Scenario& week, const RunReport& report);

}  // namespace terawatt
