#pragma once
// What one run measured, as exact totals read from the energy ledgers and the sampler's sums: per cluster, site,
// workload and inference service. `simulate` (sim/simulate/simulation.hpp) fills it; the summary columns
// (sim/record/run_summary.hpp) write it.

#include "sim/engine/workloads/workload_totals.hpp"
#include "sim/record/accumulators.hpp"
#include "sim/scenario/scenario.hpp"

#include <string>
#include <vector>

namespace terawatt {

struct ClusterTotals {
  std::string name;
  std::string site;
  double it_energy_j = 0.0;
  double accelerator_energy_j = 0.0;
  double accelerators = 0.0;
  double embodied_kg = 0.0;  // the installed hardware's embodied carbon amortised over the simulated time
  // The IT energy by use (models/power/power_use.hpp); active is it_energy_j less these two.
  double reserved_idle_energy_j = 0.0;  // the idle floor of servers a workload held
  double unreserved_energy_j = 0.0;     // servers no workload held
};

struct SiteTotals {
  std::string name;
  SiteAccumulator sums;  // IT, facility, cooling, distribution, other energy; emissions; water
};

struct RunReport {
  double end_s = 0.0;  // simulated time at the end of the run
  std::size_t samples = 0;
  std::vector<ClusterTotals> clusters;
  std::vector<SiteTotals> sites;
  std::vector<WorkloadTotals> workloads;  // training jobs, then services
  std::vector<ServiceReport> services;
  double wall_build_s = 0.0;
  double wall_simulate_s = 0.0;
  double wall_sampling_s = 0.0;
  double wall_environment_s = 0.0;
};

}  // namespace terawatt
