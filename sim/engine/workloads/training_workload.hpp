#pragma once
// The "training" workload type: a training job (sim/engine/workloads/training_run.hpp) behind the Workload seam.

#include "sim/engine/workloads/training_run.hpp"
#include "sim/engine/workloads/workload_type.hpp"

#include <memory>

namespace terawatt {

class TrainingWorkload final : public Workload {
 public:
  TrainingWorkload(const TrainingJob& job, const Scenario& scenario, const Platform& platform);

  const std::string& name() const override { return run_.job().name; }
  std::size_t cluster_index() const override { return run_.job().cluster_index; }
  void launch(const LaunchContext& context) override;
  const WorkloadMeter& meter() const override { return run_.meter(); }
  double accelerator_hours(double now_s) const override { return run_.accelerator_hours(now_s); }
  void complete_totals(double end_s, const Scenario& scenario, WorkloadTotals& totals) override;

 private:
  // The power states its servers take when the controller caps it, or leaves it running: for the flexibility.
  FlexibleCompute::PowerState running_power(const Scenario& scenario, const Platform& platform) const;

  TrainingRun run_;
  std::unique_ptr<FlexibleCompute> flexible_;  // a job the site controller may curtail
};

const WorkloadType& training_workload_type();

}  // namespace terawatt
