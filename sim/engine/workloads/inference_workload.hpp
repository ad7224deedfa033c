#pragma once
// The "inference" workload type: an inference service (sim/engine/workloads/inference_run.hpp) behind the Workload
// seam, with the "service" output dimension and its series (sim/engine/workloads/service_columns.hpp).

#include "sim/engine/workloads/inference_run.hpp"
#include "sim/engine/workloads/workload_type.hpp"

#include <memory>

namespace terawatt {

class InferenceWorkload final : public Workload {
 public:
  InferenceWorkload(const InferenceService& service, const Scenario& scenario, const Platform& platform);

  const std::string& name() const override { return run_.service().name; }
  std::size_t cluster_index() const override { return run_.service().cluster_index; }
  void launch(const LaunchContext& context) override;
  void catch_up(double now_s) override { run_.catch_up(now_s); }
  const WorkloadMeter& meter() const override { return run_.meter(); }
  double accelerator_hours(double now_s) const override { return run_.accelerator_hours(now_s); }
  void complete_totals(double end_s, const Scenario& scenario, WorkloadTotals& totals) override;
  const WorkloadDimension* dimension() const override;
  void read_series(double now_s, double length_s, std::size_t first, std::size_t index,
                   std::vector<std::vector<double>>& row) override;
  std::optional<ServiceReport> service_report(double end_s) override;
  void keep_interval_latency() override { run_.keep_interval_latency(); }
  const LatencyHistogram* interval_latency() const override { return run_.last_interval_latency(); }

 private:
  InferenceRun run_;
  std::unique_ptr<FlexibleService> flexible_;  // a service the site controller may scale down
};

const WorkloadType& inference_workload_type();

}  // namespace terawatt
