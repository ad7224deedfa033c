#pragma once
// The sites' supply in one simulation: an operator per site with solar, a battery or a grid connection (empty for the
// others), built from the scenario; and, after the run, their totals and the demand-response events for the report.

#include "models/supply/site_supply_operator.hpp"
#include "sim/engine/site_controller.hpp"
#include "sim/record/run_report.hpp"
#include "sim/record/sampler.hpp"
#include "sim/scenario/scenario.hpp"

#include <optional>
#include <vector>

namespace terawatt {

std::vector<std::optional<SiteSupplyOperator>> make_supply_operators(const Scenario& scenario);

// Fills report.supply and report.events; report.workloads must be complete (an event's cost to the work is read
// from the flexible jobs' curtailments).
void add_supply_report(const Scenario& scenario, const Sampler& sampler,
                       const std::vector<std::optional<SiteSupplyOperator>>& operators,
                       const SiteController& controller, RunReport& report);

}  // namespace terawatt
