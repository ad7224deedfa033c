// A cluster's measured compute power (clusters[].compute_power) replaces the power model's default training power,
// so that a study's measured figure can be imposed (scenarios/validation/, mode measured-power). Each TEST_CASE runs
// in its own process (one SimGrid engine per process).

#include "models/power/catalog.hpp"
#include "sim/scenario/resolved_scenario.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "tests/sim/run_capture.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

// Line 5 holds the cluster; error columns below refer to it.
const std::string tpu_cluster = R"(scenario: {name: tpu}
sites: [{name: s, pue: 1.1, carbon_intensity: 0.4 kg/kWh}]
clusters:
  - name: c
    accelerator: tpu-v3
    accelerators_per_server: 4
    servers: 4
    server_overhead: 0 W
    compute_power: 310 W
workloads:
  - {name: j, type: training, flops: 1e21 FLOP, accelerators: 8, achieved_flop_rate: 45.6 TFLOP/s}
)";

std::string load_error(const std::vector<std::string>& overrides) {
  try {
    load_scenario_text(tpu_cluster, "tpu.yaml", overrides);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("an accelerator computing draws its measured compute power, idle ones draw idle power") {
  // T5 on TPU v3: Patterson et al. 2021 measured 310 W per chip (docs/references.md RC-02), below the model's
  // 45 + 0.86 x (450 - 45) = 393.3 W.
  const Capture capture = run_scenario(load_scenario_text(tpu_cluster, "tpu.yaml"));
  const WorkloadTotals& job = capture.report.workloads.at(0);
  const double run_s = 1e21 / (8 * 45.6e12);
  CHECK(job.finished_s == Approx(run_s).epsilon(1e-9));
  CHECK(job.it_energy_j == Approx(8 * 310.0 * run_s).epsilon(1e-9));
  const double idle_w = find_accelerator("tpu-v3")->idle_w;
  CHECK(capture.report.clusters.at(0).accelerator_energy_j == Approx((8 * 310.0 + 8 * idle_w) * run_s).epsilon(1e-9));
}

TEST_CASE("a power cap above the measured compute power changes neither the job's power nor its speed") {
  const Capture capture = run_scenario(
      load_scenario_text(tpu_cluster, "tpu.yaml", {"clusters.c.power_cap=350 W", "clusters.c.compute_power=300 W"}));
  const WorkloadTotals& job = capture.report.workloads.at(0);
  const double run_s = 1e21 / (8 * 45.6e12);
  CHECK(job.finished_s == Approx(run_s).epsilon(1e-9));
  CHECK(job.it_energy_j == Approx(8 * 300.0 * run_s).epsilon(1e-9));
}

TEST_CASE("a power cap below the measured compute power clips it and slows the job by the cube root") {
  // 310 W measured at full clock, cap 300 W: dynamic power (300 - 45) / (310 - 45) of the uncapped, clock the cube
  // root of that (models/power/accelerator_power.hpp).
  const Capture capture = run_scenario(load_scenario_text(tpu_cluster, "tpu.yaml", {"clusters.c.power_cap=300 W"}));
  const WorkloadTotals& job = capture.report.workloads.at(0);
  const AcceleratorSpec& tpu = *find_accelerator("tpu-v3");
  const double speed = std::cbrt((300.0 - tpu.idle_w) / (310.0 - tpu.idle_w));
  const double run_s = 1e21 / (8 * 45.6e12 * speed);
  CHECK(job.finished_s == Approx(run_s).epsilon(1e-9));
  CHECK(job.it_energy_j == Approx(8 * 300.0 * run_s).epsilon(1e-9));
}

TEST_CASE("a compute power not above idle or above the TDP is refused where it is written") {
  CHECK_THAT(load_error({"clusters.c.compute_power=500 W"}),
             Catch::StartsWith("--set clusters.c.compute_power=500 W: clusters.c.compute_power: is outside the tpu-v3 "
                               "range from its idle power of 45 W to its TDP of 450 W"));
  CHECK_THAT(load_error({"clusters.c.compute_power=45 W"}), Catch::Contains("is outside the tpu-v3 range"));
  CHECK_THAT(load_error({"clusters.c.compute_power=460 W"}),
             Catch::StartsWith("--set clusters.c.compute_power=460 W: clusters.c.compute_power: is outside"));
  CHECK_THAT(load_error({"clusters.c.compute_power=300"}), Catch::Contains("clusters.c.compute_power"));
}

TEST_CASE("the resolved scenario keeps the compute power") {
  const Scenario original = load_scenario_text(tpu_cluster, "tpu.yaml");
  const Scenario again = load_scenario_text(resolved_scenario_yaml(original), "resolved.yaml");
  REQUIRE(again.clusters.at(0).compute_power_w.has_value());
  CHECK(*again.clusters.at(0).compute_power_w == 310.0);
}
