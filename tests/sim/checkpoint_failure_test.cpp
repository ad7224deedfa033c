// Checkpoints and failures of training jobs: exact durations and checkpoint energy, the bookkeeping identity of
// failures (occupied time = the work + checkpoint writes + lost time), and the loader's pairing of keys. Each
// TEST_CASE runs in its own process (one SimGrid engine per process).

#include "models/power/accelerator_power.hpp"
#include "models/power/catalog.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/simulate/simulation.hpp"
#include "tests/sim/run_capture.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

// SimGrid stops an activity within its precision of the exact end; durations are checked to this.
constexpr double duration_tolerance = 1e-9;

// The shared one-cluster scenario with keys appended to its job "j".
std::string scenario_with(const std::string& job_keys) {
  return one_h100_cluster + job_keys;
}

double compute_s() {
  const AcceleratorSpec& h100 = *find_accelerator("h100-sxm");
  return 1e21 / (16 * h100.peak_flop_per_s * 0.5);
}

}  // namespace

TEST_CASE("checkpoints add one write per segment but the last, drawn at the checkpoint power") {
  const Scenario scenario = load_scenario_text(scenario_with("    checkpoint_interval: 10 h\n"
                                                             "    checkpoint_write_time: 10 min\n"),
                                               "test.yaml", {});
  const Capture capture = run_scenario(scenario);
  const WorkloadTotals& job = capture.report.workloads.at(0);
  const double segments = std::ceil(compute_s() / 36000.0);
  REQUIRE(segments == 4.0);
  const double writes_s = (segments - 1.0) * 600.0;
  CHECK(job.started_s == 3600.0);
  CHECK(job.finished_s - job.started_s == Approx(compute_s() + writes_s).epsilon(duration_tolerance));
  CHECK(job.progress == 1.0);
  CHECK(job.failures == 0.0);
  CHECK(job.lost_accelerator_hours == 0.0);
  CHECK(job.checkpoint_accelerator_hours == Approx(16 * writes_s / 3600.0).epsilon(1e-12));

  // The cluster's accelerator energy less idle and compute leaves the writes: 16 accelerators at 15 % of TDP.
  const AcceleratorSpec& h100 = *find_accelerator("h100-sxm");
  AcceleratorPowerParams params;
  params.tdp_w = h100.tdp_w;
  params.idle_w = h100.idle_w;
  const AcceleratorPowerModel model(params);
  const double checkpoint_w = model.power_w(WorkKind::checkpoint);
  CHECK(checkpoint_w == Approx(0.15 * h100.tdp_w).epsilon(1e-12));
  const double end_s = capture.report.end_s;
  CHECK(end_s == Approx(job.finished_s).epsilon(1e-12));
  const double idle_j = 16 * h100.idle_w * end_s + 16 * h100.idle_w * (end_s - (compute_s() + writes_s));
  const double compute_j = 16 * model.power_w(WorkKind::compute) * compute_s();
  const double writes_j = capture.report.clusters.at(0).accelerator_energy_j - idle_j - compute_j;
  CHECK(writes_j == Approx(checkpoint_w * writes_s * 16).epsilon(1e-6));
}

TEST_CASE("under a power cap above the checkpoint power, writes keep their time and power while compute slows") {
  // A 400 W cap on an H100: compute (611.8 W uncapped) is clipped to 400 W and slowed by the cube root of
  // (400 - 70) / (611.8 - 70); checkpoint writes draw 15 % of TDP, 105 W, below the cap, and are not clock-bound,
  // so they keep their 10 min and their 105 W (models/power/accelerator_power.hpp).
  const Scenario scenario = load_scenario_text(scenario_with("    checkpoint_interval: 10 h\n"
                                                             "    checkpoint_write_time: 10 min\n"
                                                             "    power_cap: 400 W\n"),
                                               "test.yaml", {});
  const Capture capture = run_scenario(scenario);
  const WorkloadTotals& job = capture.report.workloads.at(0);
  const AcceleratorSpec& h100 = *find_accelerator("h100-sxm");
  const double compute_w = h100.idle_w + 0.86 * (h100.tdp_w - h100.idle_w);
  const double speed = std::cbrt((400.0 - h100.idle_w) / (compute_w - h100.idle_w));
  const double capped_compute_s = compute_s() / speed;
  const double segments = std::ceil(capped_compute_s / 36000.0);
  REQUIRE(segments == 5.0);
  const double writes_s = (segments - 1.0) * 600.0;
  CHECK(job.finished_s - job.started_s == Approx(capped_compute_s + writes_s).epsilon(duration_tolerance));
  const double end_s = capture.report.end_s;
  const double idle_j = 16 * h100.idle_w * end_s + 16 * h100.idle_w * (end_s - (capped_compute_s + writes_s));
  const double compute_j = 16 * 400.0 * capped_compute_s;
  const double writes_j = capture.report.clusters.at(0).accelerator_energy_j - idle_j - compute_j;
  CHECK(writes_j == Approx(0.15 * h100.tdp_w * writes_s * 16).epsilon(1e-6));
}

TEST_CASE("failures lose the work since the last checkpoint: occupied time = work + writes + lost time") {
  // A job-wide mean time between failures of 2 h (32 h per accelerator) over about 35 h of compute.
  const Scenario scenario = load_scenario_text(scenario_with("    checkpoint_interval: 1 h\n"
                                                             "    checkpoint_write_time: 5 min\n"
                                                             "    mtbf: 32 h\n"
                                                             "    restart_delay: 10 min\n"),
                                               "test.yaml", {"scenario.seed=42"});
  const Capture capture = run_scenario(scenario);
  const WorkloadTotals& job = capture.report.workloads.at(0);
  CHECK(job.failures > 0.0);
  CHECK(job.progress == 1.0);
  const double segments = std::ceil(compute_s() / 3600.0);
  // Only completed writes count as checkpoint time; an interrupted write is lost time.
  CHECK(job.checkpoint_accelerator_hours == Approx(16 * (segments - 1.0) * 300.0 / 3600.0).epsilon(1e-9));
  // Every failure costs at least its restart delay.
  CHECK(job.lost_accelerator_hours >= job.failures * 16 * 600.0 / 3600.0 * (1.0 - 1e-12));
  const double occupied_gpu_hours = (job.finished_s - job.started_s) * 16 / 3600.0;
  const double work_gpu_hours = compute_s() * 16 / 3600.0;
  CHECK(occupied_gpu_hours ==
        Approx(work_gpu_hours + job.checkpoint_accelerator_hours + job.lost_accelerator_hours).epsilon(1e-9));
  CHECK(job.accelerator_hours == Approx(occupied_gpu_hours).epsilon(1e-12));
}

TEST_CASE("mtbf without restart_delay is an error located at the missing key") {
  try {
    load_scenario_text(scenario_with("    mtbf: 5 yr\n"), "test.yaml", {});
    FAIL("no error");
  } catch (const ScenarioError& e) {
    CHECK(e.key_path() == "workloads.j.restart_delay");
    CHECK(std::string(e.what()).find("restart_delay") != std::string::npos);
  }
}
