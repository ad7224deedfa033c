#pragma once
// What a projection run writes and prints:
//   /projection  dims year, segment, region, case: electricity [TWh], it_electricity [TWh], emissions [Mt CO2e],
//                installed_servers, installed_accelerators, shipped_servers, retired_servers [1], pue [1],
//                installed_peak_flops [FLOP/s]
//   /coupling    dims representative, week: the representative clusters and the power per server they measured
//                (IT, facility, busy fraction), the generated week scenarios as attributes
//   /            provenance (sim/record/provenance.hpp), with the projection document after overrides as
//   scenario_resolved
//   /            also `warnings` when a segment is projected past its sourced years, or a demand-driven one's
//                installed base and demand disagree (projection_caveats.hpp)
//   /projection  also served_work [its segment's unit, the group's `work_units` attribute] of demand-driven segments
// and the IEA-like table of electricity by year and segment, one per case, with the fleet's mean PUE and its mean
// efficiency (installed peak FLOP/s and HBM bandwidth per W of IT power, fleet_capacity_per_it_w).

#include "models/fleet/projection_fleet.hpp"
#include "sim/app/projection/projection_representative.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/scenario/projection_scenario.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace terawatt {

void write_projection_groups(Hdf5Writer& writer, const ProjectionScenario& scenario, const ProjectionResult& result,
                             const Coupling& coupling);

// Root attributes: the simulation's provenance fields, with the projection's resolved document.
std::vector<Attribute> projection_provenance(const ProjectionScenario& scenario, const std::string& command_line,
                                             const std::vector<std::string>& overrides);

// Electricity (TWh) by year and segment, with the total, the emissions and the fleet's mean PUE, one table per case.
void print_projection_table(std::ostream& out, const ProjectionResult& result);

// For the demand-driven segments, one table per case: the work served in each year (all regions) and the delivered
// efficiency, work per kWh of facility electricity. Nothing without such segments.
void print_delivered_efficiency(std::ostream& out, const ProjectionScenario& scenario, const ProjectionResult& result);

}  // namespace terawatt
