// The gradient all-reduce of training steps, hierarchical: a ring of servers over the SimGrid links and a reduction
// inside each server over its interconnect. It lengthens the job by its exposed part, as the closed form predicts
// (within SimGrid's network-model factors), whatever the number of servers a host stands for, and costs energy at
// communication power.
#include "run_capture.hpp"
#include "sim/engine/platform.hpp"
#include "sim/scenario/cluster_power.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

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

// SimGrid's default network model (LV08) delivers 97 % of a link's bandwidth and sends TCP acknowledgements of 5 % of
// each transfer back, which in a ring share every host's uplink: a ring's transfers take 1.05 / 0.97 of bytes /
// bandwidth.
constexpr double kLv08TransferFactor = 1.05 / 0.97;
// What is left between the closed form and the simulated ring: the rounding of bytes to whole bytes and of SimGrid's
// solver; far below it.
constexpr double kRingTolerance = 1e-3;

double compute_s(const Scenario& scenario) {
  const TrainingJob& job = scenario.training_jobs.at(0);
  const Cluster& cluster = scenario.clusters.at(0);
  return job.flops / (static_cast<double>(job.accelerators) * cluster.accelerator.peak_flop_per_s * job.mfu);
}
}  // namespace

TEST_CASE("exposed all-reduce lengthens a job as the ring model predicts and draws communication power") {
  const Scenario scenario = load_scenario_text(job_yaml(""), "c.yaml", {});
  const CommunicationParams& c = *scenario.training_jobs.at(0).communication;
  // Tensor parallel 1: each server reduces its 8 copies of the 7e9 x 2 B gradient over NVLink, and the ring over the
  // 32 servers sends 2 x 31/32 x 14 GB through each server's port.
  CHECK(c.bytes_per_host_per_step == Approx(2.0 * 31.0 / 32.0 * 14e9).epsilon(1e-12));
  CHECK(c.steps == Approx(5e4));
  REQUIRE(c.exposed_s_per_compute_s > 0.0);
  const Capture run = run_scenario(scenario);
  const double compute = compute_s(scenario);
  const WorkloadTotals& job = run.report.workloads.at(0);
  // The network leg (1.08 s a step at 25 GB/s) outlasts the NVLink leg (1.75 x 14 GB / 300 GB/s = 0.08 s).
  const double network_s = c.bytes_per_host_per_step / 25e9 * kLv08TransferFactor + 2.0 * 31.0 * 2e-6;
  CHECK(job.finished_s - compute == Approx(c.exposed_fraction * c.steps * network_s).epsilon(kRingTolerance));
  // Energy: compute at compute power, the exposed communication at communication power (no overhead here).
  const AcceleratorPowerModel power = accelerator_power_model(scenario.clusters.at(0));
  const double accelerators = 256.0;
  const double expected_j = accelerators * (power.power_w(WorkKind::compute) * compute +
                                            power.power_w(WorkKind::communication) * (job.finished_s - compute));
  CHECK(job.it_energy_j == Approx(expected_j).epsilon(1e-9));
  CHECK(power.power_w(WorkKind::communication) < power.power_w(WorkKind::compute));
}

TEST_CASE("the ring's bytes cost the fabric's energy per bit, in the cluster's network energy and in the job's") {
  // Half the all-reduce hides behind compute: its bytes move on no simulated transfer but count all the same.
  std::string yaml = job_yaml("    communication_overlap: 0.5\n");
  yaml.replace(yaml.find("{bandwidth: 25 GB/s}"), 20,
               "{bandwidth: 25 GB/s, fabric_power: 100 W, traffic_pj_per_bit: 20}");
  const Scenario scenario = load_scenario_text(yaml, "c.yaml", {});
  const CommunicationParams& c = *scenario.training_jobs.at(0).communication;
  REQUIRE(c.exposed_fraction > 0.0);
  REQUIRE(c.exposed_fraction < 1.0);
  const Capture run = run_scenario(scenario);
  const ClusterTotals& cluster = run.report.clusters.at(0);
  const WorkloadTotals& job = run.report.workloads.at(0);
  // Every one of the 32 servers sends its share of every step's ring, exposed or hidden.
  const double traffic_j = 20e-12 * 8.0 * c.bytes_per_host_per_step * c.steps * 32.0;
  const double floor_j = 100.0 * 32.0 * run.report.end_s;
  CHECK(cluster.network_energy_j == Approx(floor_j + traffic_j).epsilon(1e-6));
  const double compute = compute_s(scenario);
  const AcceleratorPowerModel power = accelerator_power_model(scenario.clusters.at(0));
  const double accelerators_j = 256.0 * (power.power_w(WorkKind::compute) * compute +
                                         power.power_w(WorkKind::communication) * (job.finished_s - compute));
  CHECK(job.it_energy_j == Approx(accelerators_j + traffic_j).epsilon(1e-9));
}

TEST_CASE("a fully overlapped all-reduce that fits in the compute costs no time") {
  // At 400 GB/s a step's all-reduce (its NVLink leg, 1.75 x 14 GB / 300 GB/s = 0.08 s, the slower) is shorter than
  // its compute (2.6 s), and all of it overlaps.
  std::string yaml = job_yaml("    communication_overlap: 1\n");
  yaml.replace(yaml.find("25 GB/s"), 7, "400 GB/s");
  const Scenario scenario = load_scenario_text(yaml, "c.yaml", {});
  REQUIRE(scenario.training_jobs.at(0).communication->exposed_s_per_compute_s == 0.0);
  const Capture run = run_scenario(scenario);
  CHECK(run.report.workloads.at(0).finished_s == Approx(compute_s(scenario)).epsilon(1e-12));
}

TEST_CASE("tensor and pipeline parallelism shrink each server's gradient and lengthen the ring") {
  const Scenario split =
      load_scenario_text(job_yaml("    tensor_parallel: 8\n    pipeline_parallel: 2\n"), "b.yaml", {});
  // 16 replicas of 16 accelerators: each server holds one tensor-parallel group of one stage, 8 shards of S / 16,
  // G = S / 2, and no copies; its ring spans the 16 servers of its stage: 2 x 15/16 x 7 GB.
  CHECK(split.training_jobs.at(0).communication->bytes_per_host_per_step ==
        Approx(2.0 * 15.0 / 16.0 * 14e9 / 2.0).epsilon(1e-12));
  CHECK(split.training_jobs.at(0).communication->intra_server_s_per_step == 0.0);
}

TEST_CASE("communication needs the model size and a parallel layout that divides the job") {
  CHECK_THROWS_WITH(load_scenario_text(job_yaml("    tensor_parallel: 3\n"), "c.yaml", {}),
                    Catch::Contains("workloads.j.tensor_parallel: tensor x pipeline parallel (3) does not divide"));
  // Tensor groups of 4 on servers of 6 would straddle servers unevenly.
  std::string six_per_server = job_yaml("    tensor_parallel: 4\n");
  six_per_server.replace(six_per_server.find("servers: 32"), 11, "servers: 32\n    accelerators_per_server: 6");
  CHECK_THROWS_WITH(load_scenario_text(six_per_server, "c.yaml", {}),
                    Catch::Contains("workloads.j.tensor_parallel: tensor parallel (4) neither divides nor is a "
                                    "multiple of the 6 accelerators of a server"));
  const std::string no_parameters = R"(
scenario: {name: x, start: 2024-01-01T00:00:00Z}
sites: [{name: s, pue: 1.0, carbon_intensity: 400 g/kWh}]
clusters: [{name: c, accelerator: a100-sxm4-80gb, servers: 2}]
workloads: [{name: j, type: training, flops: 1e21 FLOP, mfu: 0.4, global_batch: 2e6}]
)";
  CHECK_THROWS_WITH(load_scenario_text(no_parameters, "c.yaml", {}),
                    Catch::Contains("workloads.j.global_batch: needs parameters and tokens"));
}

namespace {
// 64 H100 servers on the default fabric (400 GB/s, 2 us), a 7B model at tensor parallel 1 with 4M-token steps. The
// job's exposed all-reduce from the closed form: the ring over n = 64 servers sends 2 (n - 1) / n x 14 GB from each
// server, its NVLink leg 2 x 7/8 x 14 GB per accelerator at 450 GB/s each way (NVLink 4, 900 GB/s both ways,
// NVIDIA H100 datasheet), and 0.8 of the slower leg hides behind each step's compute.
void check_grouped_job_matches_closed_form(int servers_per_host) {
  const std::string yaml = R"(
scenario: {name: grouped, start: 2024-01-01T00:00:00Z, sample_interval: 1 d}
sites: [{name: s, pue: 1.0, carbon_intensity: 400 g/kWh}]
clusters:
  - {name: c, accelerator: h100-sxm, servers: 64, servers_per_host: )" +
                           std::to_string(servers_per_host) + R"(}
workloads:
  - {name: j, type: training, parameters: 7e9, tokens: 2e11, mfu: 0.4, global_batch: 4e6}
)";
  const Scenario scenario = load_scenario_text(yaml, "g.yaml", {});
  const double gradient_bytes = 14e9;
  const double servers = 64.0;
  const double steps = 2e11 / 4e6;
  const double network_bytes = 2.0 * (servers - 1.0) / servers * gradient_bytes;
  const double network_s = network_bytes / 400e9 + 2.0 * (servers - 1.0) * 2e-6;
  const double nvlink_s = 2.0 * 7.0 / 8.0 * gradient_bytes / 450e9;
  const double step_s = std::max(network_s, nvlink_s);
  const double compute = compute_s(scenario);
  const double hidden_s = std::min(0.8 * step_s, compute / steps);
  const double exposed_fraction = (step_s - hidden_s) / step_s;
  // Simulated, the network leg's bytes take the LV08 factor; its latencies are waited for as they are.
  const double exposed_s =
      exposed_fraction * steps * (network_bytes / 400e9 * kLv08TransferFactor + 2.0 * (servers - 1.0) * 2e-6);
  const Capture run = run_scenario(scenario);
  // Each grouping within half the tolerance of the same closed form: any two within 1 % of each other.
  constexpr double kGroupingTolerance = 0.005;
  CHECK(run.report.workloads.at(0).finished_s == Approx(compute + exposed_s).epsilon(kGroupingTolerance));
  CHECK(run.report.workloads.at(0).finished_s - compute == Approx(exposed_s).epsilon(kRingTolerance));
}
}  // namespace

TEST_CASE("a job on hosts of 1 server ends when the closed-form hierarchical ring says") {
  check_grouped_job_matches_closed_form(1);
}

TEST_CASE("a job on hosts of 2 servers ends when the closed-form hierarchical ring says") {
  check_grouped_job_matches_closed_form(2);
}

TEST_CASE("a job on hosts of 4 servers ends when the closed-form hierarchical ring says, unthrottled by TCP") {
  check_grouped_job_matches_closed_form(4);
}

TEST_CASE("a job on hosts of 8 servers ends when the closed-form hierarchical ring says, unthrottled by TCP") {
  check_grouped_job_matches_closed_form(8);
}

TEST_CASE("a job on one host of 64 servers sends its ring up and back down the host's link") {
  check_grouped_job_matches_closed_form(64);
}

TEST_CASE("a job inside one server spends its exposed all-reduce on NVLink alone") {
  // 8 H100 on one server, tensor parallel 1: 8 copies, no ring across servers; the NVLink leg, 2 x 7/8 x 14 GB at
  // 450 GB/s each way, is the whole step; 0.8 of it hides, the rest waits.
  const std::string yaml = R"(
scenario: {name: one, start: 2024-01-01T00:00:00Z, sample_interval: 1 d}
sites: [{name: s, pue: 1.0, carbon_intensity: 400 g/kWh}]
clusters: [{name: c, accelerator: h100-sxm, servers: 1}]
workloads: [{name: j, type: training, parameters: 7e9, tokens: 1e10, mfu: 0.4, global_batch: 4e6}]
)";
  const Scenario scenario = load_scenario_text(yaml, "one.yaml", {});
  REQUIRE(scenario.training_jobs.at(0).communication);
  CHECK(scenario.training_jobs.at(0).communication->bytes_per_host_per_step == 0.0);
  const double nvlink_s = 2.0 * 7.0 / 8.0 * 14e9 / 450e9;
  const double steps = 1e10 / 4e6;
  const Capture run = run_scenario(scenario);
  // A timed wait, no network model in between: exact to the clock's rounding.
  CHECK(run.report.workloads.at(0).finished_s - compute_s(scenario) == Approx(0.2 * nvlink_s * steps).epsilon(1e-9));
}

TEST_CASE("a horizon inside a job's all-reduce ends the run exactly there and counts energy only up to it") {
  // The job's one all-reduce (no checkpoints) runs from the end of its compute to its finish; a horizon on a whole
  // hour between the two cuts the transfers in flight, as it cuts any other work.
  // (One simulation per process: the finish comes from the closed form of the first test, not from a run.)
  const Scenario open = load_scenario_text(job_yaml(""), "c.yaml", {});
  const CommunicationParams& c = *open.training_jobs.at(0).communication;
  const double compute = compute_s(open);
  const double network_s = c.bytes_per_host_per_step / 25e9 * kLv08TransferFactor + 2.0 * 31.0 * 2e-6;
  const double finish_s = compute + c.exposed_fraction * c.steps * network_s;
  const double horizon_s = std::floor((compute + finish_s) / 2.0 / 3600.0) * 3600.0;
  REQUIRE(horizon_s > compute);
  REQUIRE(horizon_s < finish_s);
  std::string yaml = job_yaml("");
  yaml.replace(yaml.find("  sample_interval: 1 h\n"), 0, "  duration: " + std::to_string(horizon_s) + " s\n");
  const Scenario scenario = load_scenario_text(yaml, "c.yaml", {});
  const Capture run = run_scenario(scenario);
  // The clock stops at the horizon (to the solver's rounding of a few ulps), with one row per interval up to it.
  constexpr double kClockTolerance = 1e-12;
  CHECK(run.report.end_s == Approx(horizon_s).epsilon(kClockTolerance));
  CHECK(run.report.samples == static_cast<std::size_t>(horizon_s / 3600.0));
  CHECK(run.rows.size() == static_cast<std::size_t>(horizon_s / 3600.0));
  CHECK(run.rows.back().time_s == Approx(horizon_s).epsilon(kClockTolerance));
  const WorkloadTotals& job = run.report.workloads.at(0);
  CHECK(std::isnan(job.finished_s));
  CHECK(job.progress < 1.0);
  // Energy: the job's 256 accelerators at compute power through its compute, then at communication power up to the
  // horizon and not past it; the whole cluster is the job's (no overhead, no idle server).
  const AcceleratorPowerModel power = accelerator_power_model(scenario.clusters.at(0));
  const double expected_j = 256.0 * (power.power_w(WorkKind::compute) * compute +
                                     power.power_w(WorkKind::communication) * (horizon_s - compute));
  CHECK(job.it_energy_j == Approx(expected_j).epsilon(1e-9));
  // The report's energy is the time series' integral: the interval means times the 1 h intervals.
  const std::size_t it_power = variable_index("it_power");
  double integral_j = 0.0;
  for (const Row& row : run.rows) integral_j += row.values[it_power].at(0) * 3600.0;
  const ClusterTotals& cluster = run.report.clusters.at(0);
  CHECK(cluster.it_energy_j == Approx(integral_j).epsilon(1e-9));
  // The servers' part of it; the fabric's floor is the rest.
  CHECK(cluster.it_energy_j - cluster.network_energy_j == Approx(expected_j).epsilon(1e-9));
}

namespace {
// The assumption behind sending a ring of two hosts for a job's whole ring (sim/engine/workloads/training_run.cpp):
// on the cluster's platform, with `network_model`, a ring of 16 hosts and a ring of two other hosts, sent at once and
// sharing no link, end at the same instant, bit for bit.
void check_two_host_ring_ends_with_the_full_ring(const char* network_model) {
  namespace sg4 = simgrid::s4u;
  int argc = 2;
  std::string model_setting = std::string("--cfg=network/model:") + network_model;
  char name[] = "ring_test";
  std::vector<char*> argv{name, model_setting.data(), nullptr};
  sg4::Engine engine(&argc, argv.data());
  // The job only makes the scenario valid: nothing here runs it.
  const Scenario scenario =
      load_scenario_text(h100_servers_without_workloads(18) +
                             "  - {name: j, type: training, flops: 1e18 FLOP, accelerators: 8, mfu: 0.4}\n",
                         "ring.yaml", {});
  Platform platform;
  build_platform(scenario, {ClusterNeeds{}}, platform);
  const std::vector<sg4::Host*>& hosts = platform.clusters.at(0).hosts;
  std::vector<sg4::CommPtr> sent;
  sg4::Actor::create("rings", platform.control_host, [&] {
    for (std::size_t i = 0; i < 16; ++i) sent.push_back(sg4::Comm::sendto_async(hosts[i], hosts[(i + 1) % 16], 1e10));
    sent.push_back(sg4::Comm::sendto_async(hosts[16], hosts[17], 1e10));
    sent.push_back(sg4::Comm::sendto_async(hosts[17], hosts[16], 1e10));
    for (const sg4::CommPtr& transfer : sent) transfer->wait();
  });
  engine.run();
  REQUIRE(sent.size() == 18);
  // Every transfer of the full ring ends at one instant, and so do the two of the small ring.
  const double full_ring_end_s = sent[0]->get_finish_time();
  REQUIRE(full_ring_end_s > 0.0);
  for (std::size_t i = 1; i < 16; ++i) CHECK(sent[i]->get_finish_time() == full_ring_end_s);
  CHECK(sent[16]->get_finish_time() == full_ring_end_s);
  CHECK(sent[17]->get_finish_time() == full_ring_end_s);
}
}  // namespace

TEST_CASE("a ring of two hosts ends with the ring of every host under the default network model") {
  check_two_host_ring_ends_with_the_full_ring("LV08");
}

TEST_CASE("a ring of two hosts ends with the ring of every host under the InfiniBand network model") {
  check_two_host_ring_ends_with_the_full_ring("IB");
}
