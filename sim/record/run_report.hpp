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
  // The IT energy by use (models/power/power_use.hpp); active is it_energy_j less these three.
  double reserved_idle_energy_j = 0.0;  // the idle floor of servers a workload held
  double unreserved_energy_j = 0.0;     // servers no workload held
  double network_energy_j = 0.0;        // the fabric's switches and transceivers
  double active_energy_j() const {
    return it_energy_j - reserved_idle_energy_j - unreserved_energy_j - network_energy_j;
  }
};

struct SiteTotals {
  std::string name;
  SiteAccumulator sums;  // IT, facility, cooling, distribution, other energy; emissions; water
};

// A site's supply over the run (sites with `solar`, `battery` or `connection`).
struct SiteSupplyTotals {
  std::string site;
  SupplyAccumulator sums;
  double peak_import_w = 0.0;
  double energy_cost = 0.0;  // NaN without a connection
  double demand_cost = 0.0;
  double export_revenue = 0.0;
  double battery_cycles = 0.0;       // equivalent full cycles; NaN without a battery
  double shortfall_intervals = 0.0;  // control intervals in which curtailment could not meet the limit
  double max_shortfall_w = 0.0;
  // What the site has, for the printed summary.
  bool has_supply = false;  // solar, a battery or a connection
  bool has_pv = false;
  bool has_battery = false;
  double capacity_w = 0.0;  // the connection's; infinite without one
  std::string currency;
};

// A demand-response event as it went.
struct EventReport {
  std::string name;      // "<site>/<index>"
  double start_s = 0.0;  // simulated seconds
  double end_s = 0.0;
  double limit_w = 0.0;
  double baseline_w = 0.0;
  double duration_s = 0.0;  // the part of it the run covered
  double import_j = 0.0;
  double peak_import_w = 0.0;
  double excess_j = 0.0;
  double curtailed_accelerator_hours = 0.0;  // flexible jobs' accelerators curtailed during it
  double service_latency_s = 0.0;         // served-weighted mean latency of the site's services during it (NaN: none)
  double service_latency_before_s = 0.0;  // the same over the hour before it
  // Percentiles of the latencies of the requests those services completed in the same intervals, where every service
  // that served resolves them (request fidelity); NaN otherwise.
  double service_latency_p50_s = 0.0, service_latency_p99_s = 0.0;
  double service_latency_p50_before_s = 0.0, service_latency_p99_before_s = 0.0;
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
  std::vector<SiteSupplyTotals> supply;  // one per site when any site has supply; else empty
  std::vector<EventReport> events;
  double wall_supply_s = 0.0;  // in the sites' supply models (PV, battery, dispatch, bill)
};

}  // namespace terawatt
