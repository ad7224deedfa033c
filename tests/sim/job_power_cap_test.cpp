// A power cap of a job's own: its servers slow and draw less while it runs, and return to the cluster's setting after.
#include "run_capture.hpp"
#include "sim/scenario/cluster_power.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace terawatt;
using namespace terawatt::testing;

namespace {
// Two H100 servers with no overhead, at PUE 1, running `workloads` (a YAML list).
std::string two_h100_servers(const std::string& workloads) {
  return R"(
scenario:
  name: cap
  start: 2024-01-01T00:00:00Z
  sample_interval: 1 h
sites: [{name: s, pue: 1.0, carbon_intensity: 400 g/kWh}]
clusters: [{name: c, accelerator: h100-sxm, servers: 2, server_overhead: 0 W}]
workloads:
)" + workloads;
}
}  // namespace

TEST_CASE("a job's own power cap slows it by the cube root and lowers its power, and the next job runs uncapped") {
  const std::string yaml = two_h100_servers(R"(
  - name: capped
    type: training
    flops: 1e21 FLOP
    mfu: 0.5
    power_cap: 400 W
  - name: free
    type: training
    flops: 1e21 FLOP
    mfu: 0.5
    start: 1 s
)");
  const Scenario scenario = load_scenario_text(yaml, "cap.yaml", {});
  const Capture run = run_scenario(scenario);
  const Cluster& cluster = scenario.clusters.at(0);
  const AcceleratorPowerModel capped = accelerator_power_model(cluster, 400.0);
  const AcceleratorPowerModel free = accelerator_power_model(cluster);
  const double full_s = 1e21 / (16.0 * cluster.accelerator.peak_flop_per_s * 0.5);
  const WorkloadTotals& a = run.report.workloads.at(0);
  const WorkloadTotals& b = run.report.workloads.at(1);
  // Compute draws 70 + 0.86 x 630 W uncapped; r = (400 - 70) / (0.86 x 630): speed r^(1/3)
  // (models/power/accelerator_power.hpp).
  CHECK(capped.speed_factor(WorkKind::compute) == Approx(std::cbrt(330.0 / (0.86 * 630.0))).epsilon(1e-12));
  CHECK(capped.power_w(WorkKind::compute) == 400.0);
  CHECK(a.finished_s == Approx(full_s / capped.speed_factor(WorkKind::compute)).epsilon(1e-9));
  CHECK(a.it_energy_j == Approx(16.0 * capped.power_w(WorkKind::compute) * a.finished_s).epsilon(1e-9));
  CHECK(b.finished_s - b.started_s == Approx(full_s).epsilon(1e-9));
  CHECK(b.it_energy_j == Approx(16.0 * free.power_w(WorkKind::compute) * full_s).epsilon(1e-9));
  // Less power, less energy, even though it runs longer: the cap cuts power more than speed.
  CHECK(a.it_energy_j < b.it_energy_j);
}

TEST_CASE("a job's own power cap above its compute power changes neither its time nor its energy") {
  // H100 compute draws 70 + 0.86 x 630 = 611.8 W uncapped (models/power/accelerator_power.hpp): a 650 W cap never acts.
  const std::string yaml = two_h100_servers(R"(
  - name: loose
    type: training
    flops: 1e21 FLOP
    mfu: 0.5
    power_cap: 650 W
)");
  const Scenario scenario = load_scenario_text(yaml, "loose-cap.yaml", {});
  const Capture run = run_scenario(scenario);
  const Cluster& cluster = scenario.clusters.at(0);
  const double full_s = 1e21 / (16.0 * cluster.accelerator.peak_flop_per_s * 0.5);
  const double compute_w = cluster.accelerator.idle_w + 0.86 * (cluster.accelerator.tdp_w - cluster.accelerator.idle_w);
  const WorkloadTotals& job = run.report.workloads.at(0);
  CHECK(job.finished_s - job.started_s == Approx(full_s).epsilon(1e-9));
  CHECK(job.it_energy_j == Approx(16.0 * compute_w * full_s).epsilon(1e-9));
}
