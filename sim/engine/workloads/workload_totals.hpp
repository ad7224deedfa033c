#pragma once
// What a workload reports at the end of a run (sim/record/run_report.hpp gathers them): its share of the energy,
// emissions and water, its times and progress; and, for an inference service, its requests.

#include "sim/engine/workloads/inference_run.hpp"
#include "sim/scenario/scenario.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace terawatt {

struct WorkloadTotals {
  std::string name;
  std::string type;  // the scenario's `type` of the workload: training, inference, offline_inference, given_power
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
  // A training job its site controller may curtail (`flexibility`).
  bool flexible = false;
  double curtailments = 0.0;            // pauses or caps
  double curtailment_delay_s = 0.0;     // compute time they cost: pauses whole, capped time by the speed lost
  double paused_s = 0.0;                // idle time of pauses (without their writes and restarts)
  double capped_s = 0.0;                // time under the curtailed cap
  double curtailment_overhead_s = 0.0;  // checkpoint writes and restarts of pauses
  // Each curtailment: [start, end) in simulated seconds and the accelerators it took out of full service.
  struct CurtailedSpan {
    double start_s;
    double end_s;
    double accelerators;
  };
  std::vector<CurtailedSpan> curtailed_spans = {};
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

}  // namespace terawatt
