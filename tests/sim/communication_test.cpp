// The gradient all-reduce of training steps over the SimGrid links: it lengthens the job by its exposed part, as the
// analytic ring model predicts (within SimGrid's network-model factors), and costs energy at communication power.
#include "run_capture.hpp"
#include "sim/cluster_power.hpp"
#include "sim/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace terawatt;
using namespace terawatt::testing;

namespace {
// 32 A100 servers on 200 Gb/s links (25 GB/s), a 7B model on 1e11 tokens: 256 data-parallel replicas.
std::string job_yaml(const std::string& extra) {
  return R"(
scenario:
  name: comm
  start: 2024-01-01T00:00:00Z
  sample_interval: 1 h
sites:
  - name: s
    pue: 1.0
    carbon_intensity: 400 g/kWh
clusters:
  - name: c
    accelerator: a100-sxm4-80gb
    servers: 32
    server_overhead: 0 W
    network: {bandwidth: 25 GB/s}
workloads:
  - name: j
    type: training
    parameters: 7e9
    tokens: 1e11
    mfu: 0.4
    global_batch: 2e6
)" + extra;
}

double compute_s(const Scenario& scenario) {
  const TrainingJob& job = scenario.training_jobs.at(0);
  const Cluster& cluster = scenario.clusters.at(0);
  return job.flops / (static_cast<double>(job.accelerators) * cluster.accelerator.peak_flop_per_s * job.mfu);
}
}  // namespace

TEST_CASE("exposed all-reduce lengthens a job as the ring model predicts and draws communication power") {
  const Scenario scenario = load_scenario_text(job_yaml(""), "c.yaml", {});
  const CommunicationParams& c = *scenario.training_jobs.at(0).communication;
  // Ring all-reduce of 7e9 x 2 B over 256 replicas: 2 x 255/256 x 14 GB per GPU, 8 GPUs per server.
  CHECK(c.bytes_per_host_per_step == Approx(8.0 * 2.0 * 255.0 / 256.0 * 14e9).epsilon(1e-12));
  CHECK(c.steps == Approx(5e4));
  REQUIRE(c.exposed_s_per_compute_s > 0.0);
  const Capture run = run_scenario(scenario);
  const double compute = compute_s(scenario);
  const double exposed = compute * c.exposed_s_per_compute_s;
  const WorkloadTotals& job = run.report.workloads.at(0);
  // SimGrid's default network model (LV08) delivers 97 % of a link's bandwidth and sends TCP acknowledgements of 5 % of
  // each transfer back, which in a ring share every host's uplink: the transfers take about 8 % longer than
  // bytes / bandwidth.
  CHECK(job.finished_s - compute == Approx(exposed * 1.05 / 0.97).epsilon(0.01));
  // Energy: compute at compute power, the exposed communication at communication power (no overhead here).
  const AcceleratorPowerModel power = accelerator_power_model(scenario.clusters.at(0));
  const double accelerators = 256.0;
  const double expected_j = accelerators * (power.power_w(WorkKind::compute) * compute +
                                            power.power_w(WorkKind::communication) * (job.finished_s - compute));
  CHECK(job.it_energy_j == Approx(expected_j).epsilon(1e-9));
  CHECK(power.power_w(WorkKind::communication) < power.power_w(WorkKind::compute));
}

TEST_CASE("a fully overlapped all-reduce that fits in the compute costs no time") {
  // At 400 GB/s a step's transfer (0.56 s) is shorter than its compute (2.6 s), and all of it overlaps.
  std::string yaml = job_yaml("    communication_overlap: 1\n");
  yaml.replace(yaml.find("25 GB/s"), 7, "400 GB/s");
  const Scenario scenario = load_scenario_text(yaml, "c.yaml", {});
  REQUIRE(scenario.training_jobs.at(0).communication->exposed_s_per_compute_s == 0.0);
  const Capture run = run_scenario(scenario);
  CHECK(run.report.workloads.at(0).finished_s == Approx(compute_s(scenario)).epsilon(1e-12));
}

TEST_CASE("tensor and pipeline parallelism shrink each accelerator's gradient shard") {
  const Scenario plain = load_scenario_text(job_yaml(""), "a.yaml", {});
  const Scenario split = load_scenario_text(job_yaml("    tensor_parallel: 8\n    pipeline_parallel: 2\n"), "b.yaml", {});
  // 16 replicas of 16 accelerators: shard / 16, ring factor 2 x 15/16 instead of 2 x 255/256.
  CHECK(split.training_jobs.at(0).communication->bytes_per_host_per_step ==
        Approx(plain.training_jobs.at(0).communication->bytes_per_host_per_step / 16.0 * (15.0 / 16.0) /
               (255.0 / 256.0))
            .epsilon(1e-12));
}

TEST_CASE("communication needs the model size and a parallel layout that divides the job") {
  CHECK_THROWS_WITH(load_scenario_text(job_yaml("    tensor_parallel: 3\n"), "c.yaml", {}),
                    Catch::Contains("workloads.j.tensor_parallel: tensor x pipeline parallel (3) does not divide"));
  const std::string no_parameters = R"(
scenario: {name: x, start: 2024-01-01T00:00:00Z}
sites: [{name: s, pue: 1.0, carbon_intensity: 400 g/kWh}]
clusters: [{name: c, accelerator: a100-sxm4-80gb, servers: 2}]
workloads: [{name: j, type: training, flops: 1e21 FLOP, mfu: 0.4, global_batch: 2e6}]
)";
  CHECK_THROWS_WITH(load_scenario_text(no_parameters, "c.yaml", {}),
                    Catch::Contains("workloads.j.global_batch: needs parameters and tokens"));
}
