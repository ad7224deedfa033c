#pragma once
// What one run measured, as exact totals read from the energy ledgers and the sampler's sums: per cluster, site,
// workload and inference service. `simulate` (sim/simulate/simulation.hpp) fills it; the summary columns
// (sim/record/run_summary.hpp) write it.

#include "sim/record/sampler.hpp"
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

struct WorkloadTotals {
  std::string name;
  std::string cluster;
  double it_energy_j = 0.0;
  double reserved_idle_it_energy_j = 0.0;  // the idle floor of the servers it held (models/power/power_use.hpp)
  double facility_energy_j = 0.0;
  double emissions_kg = 0.0;
  double water_m3 = 0.0;                     // on-site and off-site
  double embodied_kg = 0.0;                  // amortised by the accelerator-hours it used
  double emissions_if_run_at_once_kg = 0.0;  // its facility energy at the intensity from its submission on
  double accelerator_hours = 0.0;
  double submitted_s = 0.0;
  double started_s = 0.0;   // NaN if it never started
  double finished_s = 0.0;  // NaN if it did not finish within the horizon
  double deferral_s = 0.0;  // time a deferrable job waited for low-carbon hours
  double queue_wait_s = 0.0;
  double progress = 0.0;                      // fraction of its FLOPs done
  double failures = 0.0;                      // failures of a training job with an mtbf
  double lost_accelerator_hours = 0.0;        // compute and writes lost to failures, and the restart delays
  double checkpoint_accelerator_hours = 0.0;  // completed checkpoint writes
};

// An inference service's requests and what they cost (its energy is its workload's).
struct ServiceReport {
  std::string name;
  Modality modality = Modality::text;
  Fidelity fidelity = Fidelity::fluid;
  RequestOutput output;  // per request
  ServiceTotals totals;
  std::size_t workload = 0;  // its index in RunReport::workloads
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
