#pragma once
// The "offline_inference" workload type: an offline batch inference job (OfflineInferenceJob) behind the Workload
// seam. Its replicas run their requests in full batches (models/workload/offline_batch.hpp); the job holds its
// servers from its grant until the last request ends, and each replica's power steps at its waves' ends
// (sim/engine/workloads/held_power_run.hpp). It reports its requests as a service does, in the output's service
// dimension, with fidelity "offline".

#include "models/workload/offline_batch.hpp"
#include "sim/engine/workloads/held_power_run.hpp"
#include "sim/engine/workloads/workload_type.hpp"

namespace terawatt {

class OfflineInferenceWorkload final : public Workload {
 public:
  OfflineInferenceWorkload(const OfflineInferenceJob& job, const Scenario& scenario);

  const std::string& name() const override { return job_.name; }
  std::size_t cluster_index() const override { return job_.cluster_index; }
  void launch(const LaunchContext& context) override;
  const WorkloadMeter& meter() const override { return run_.meter(); }
  double accelerator_hours(double now_s) const override;
  void complete_totals(double end_s, const Scenario& scenario, WorkloadTotals& totals) override;
  std::optional<ServiceReport> service_report(double end_s) override;

 private:
  const OfflineInferenceJob& job_;
  OfflineBatchPlan plan_;
  double accelerators_;  // held, the unused ones of shared hosts included
  HeldPowerRun run_;
};

const WorkloadType& offline_inference_workload_type();

}  // namespace terawatt
