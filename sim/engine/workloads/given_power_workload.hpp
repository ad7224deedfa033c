#pragma once
// The "given_power" workload type: servers drawing a given IT power (GivenPowerLoad) for a set time, with no model of
// their work, behind the Workload seam. Each server's power is split between accelerators and host along its curves
// (models/power/given_power.hpp) and held constant (sim/engine/workloads/held_power_run.hpp).

#include "sim/engine/workloads/held_power_run.hpp"
#include "sim/engine/workloads/workload_type.hpp"

namespace terawatt {

class GivenPowerWorkload final : public Workload {
 public:
  GivenPowerWorkload(const GivenPowerLoad& load, const Scenario& scenario);

  const std::string& name() const override { return load_.name; }
  std::size_t cluster_index() const override { return load_.cluster_index; }
  void launch(const LaunchContext& context) override;
  const WorkloadMeter& meter() const override { return run_.meter(); }
  double accelerator_hours(double now_s) const override;
  void complete_totals(double end_s, const Scenario& scenario, WorkloadTotals& totals) override;

 private:
  const GivenPowerLoad& load_;
  double accelerators_;  // held
  HeldPowerRun run_;
};

const WorkloadType& given_power_workload_type();

}  // namespace terawatt
