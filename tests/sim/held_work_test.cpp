// Work held for a known time at a set power, end to end: an offline batch inference job's energy, completion and
// latency are its plan's (models/workload/offline_batch.hpp); servers at a given power draw exactly that power while
// held, wait in the queue like any job, and give their servers back at idle. One simulation per TEST_CASE (one
// SimGrid engine per process).

#include "models/power/given_power.hpp"
#include "models/workload/offline_batch.hpp"
#include "sim/scenario/cluster_power.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/simulate/simulation.hpp"
#include "tests/sim/run_capture.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

constexpr double tolerance = 1e-12;  // relative: a few products summed in another order
constexpr double hour_s = 3600.0;

const std::string sites_and_cluster = R"(
sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]
clusters: [{name: c, site: s, accelerator: h100-sxm, servers: 4, accelerators_per_server: 8}]
)";

}  // namespace

TEST_CASE("an offline batch job uses the energy, completion time and latency of its plan") {
  const std::string yaml = R"(
scenario: {name: offline, start: 2024-06-01T00:00:00Z, sample_interval: 1 min}
workloads:
  - name: eval
    type: offline_inference
    modality: text
    model: {parameters: 70e9, layers: 80, hidden_size: 8192, kv_heads: 8, head_dim: 128}
    request: {prompt_tokens: 1000, output_tokens: 300}
    replicas: {accelerators: 8, count: 3, max_batch: 32}
    requests: 10001
    start: 10 min
)" + sites_and_cluster;
  const Scenario scenario = load_scenario_text(yaml, "offline.yaml");
  const OfflineInferenceJob& job = scenario.offline_jobs.at(0);
  const OfflineBatchPlan plan = offline_batch_plan(job.replica, job.requests, job.replicas);
  REQUIRE(plan.replicas_with_more == 2);  // 10001 = 3 x 3333 + 2
  const Capture capture = run_scenario(scenario);
  const RunReport& report = capture.report;
  const WorkloadTotals& totals = report.workloads.at(0);
  CHECK(totals.type == "offline_inference");
  CHECK(totals.started_s == 600.0);
  CHECK(totals.finished_s == Approx(600.0 + plan.completion_s).epsilon(tolerance));
  CHECK(report.end_s == totals.finished_s);  // no duration: the run ends with its last workload
  // Each replica is one server's 8 accelerators; the fourth server idles all along.
  const Cluster& cluster = scenario.clusters[0];
  const double idle_w = 8.0 * accelerator_power_model(cluster).idle_w();
  const double expected_j = 8.0 * (2.0 * plan.accelerator_energy_j(true) + plan.accelerator_energy_j(false)) +
                            idle_w * (3.0 * 600.0 + report.end_s);
  CHECK(report.clusters.at(0).accelerator_energy_j == Approx(expected_j).epsilon(tolerance));
  REQUIRE(report.services.size() == 1);
  const ServiceReport& served = report.services[0];
  CHECK(served.fidelity == Fidelity::offline);
  CHECK(served.totals.served == 10001.0);
  CHECK(served.totals.queue_length == 0.0);
  CHECK(served.totals.latency_mean_s == Approx(plan.mean_latency_s).epsilon(tolerance));
  CHECK(totals.progress == 1.0);
}

TEST_CASE("servers at a given power draw it while held, queue behind a job and return to idle") {
  const std::string yaml = R"(
scenario: {name: given, start: 2024-06-01T00:00:00Z, duration: 6 h, sample_interval: 5 min}
workloads:
  - {name: job, type: training, flops: 1e20 FLOP, accelerators: 32, mfu: 0.4}
  - {name: measured, type: given_power, servers: 2, power: 10 kW, duration: 2 h}
)" + sites_and_cluster;
  const Scenario scenario = load_scenario_text(yaml, "given.yaml");
  const Capture capture = run_scenario(scenario);
  const RunReport& report = capture.report;
  const WorkloadTotals& job = report.workloads.at(0);
  const WorkloadTotals& measured = report.workloads.at(1);
  REQUIRE(std::isfinite(job.finished_s));
  // Submitted with the job, it waits for the servers the job holds.
  CHECK(measured.started_s == job.finished_s);
  CHECK(measured.finished_s == Approx(job.finished_s + 2.0 * hour_s).epsilon(tolerance));
  CHECK(measured.it_energy_j == Approx(10e3 * 2.0 * hour_s).epsilon(tolerance));
  CHECK(measured.type == "given_power");
  // Outside the hold, its two servers draw the cluster's idle power: the cluster's IT energy is the job's, the
  // given power's, and every other server-second at idle.
  const Cluster& cluster = scenario.clusters[0];
  const AcceleratorPowerModel accelerator = accelerator_power_model(cluster);
  const double server_idle_w = 8.0 * accelerator.idle_w() + cluster.host_power.idle_w;
  const double idle_server_s = 4.0 * report.end_s - 4.0 * (job.finished_s - job.started_s) - 2.0 * 2.0 * hour_s;
  // and the fabric's floor throughout.
  const double fabric_j = cluster.network.fabric.floor_w(4.0) * report.end_s;
  CHECK(report.clusters.at(0).network_energy_j == Approx(fabric_j).epsilon(tolerance));
  CHECK(report.clusters.at(0).it_energy_j ==
        Approx(job.it_energy_j + measured.it_energy_j + server_idle_w * idle_server_s + fabric_j).epsilon(tolerance));
  // The accelerators' share of the given power is the split's; the job's accelerators draw compute power.
  const PowerSplit split = split_server_power(5e3, 8.0, accelerator, cluster.host_power);
  const double expected_accelerators_j =
      32.0 * accelerator.power_w(WorkKind::compute) * (job.finished_s - job.started_s) +
      2.0 * split.accelerators_w * 2.0 * hour_s + 8.0 * accelerator.idle_w() * idle_server_s;
  CHECK(report.clusters.at(0).accelerator_energy_j == Approx(expected_accelerators_j).epsilon(tolerance));
}

TEST_CASE("an offline text job sized by its dataset runs the dataset's prompt tokens over one request's") {
  const std::string yaml = R"(
scenario: {name: dataset, start: 2024-06-01T00:00:00Z, sample_interval: 1 min}
workloads:
  - name: eval
    type: offline_inference
    modality: text
    model: {parameters: 8e9, layers: 32, hidden_size: 4096, kv_heads: 8, head_dim: 128}
    request: {prompt_tokens: 300, output_tokens: 100}
    dataset_tokens: 1e6
)" + sites_and_cluster;
  // 1e6 / 300 = 3333.3: the last, partial prompt is one more request.
  CHECK(load_scenario_text(yaml, "dataset.yaml").offline_jobs.at(0).requests == 3334.0);
}

TEST_CASE("the shipped offline-eval scenario serves every prompt and holds its hall at 60 % of nameplate") {
  const Scenario scenario = load_scenario_file(std::string(TERAWATT_SOURCE_DIR) + "/scenarios/offline-eval.yaml");
  const Capture capture = run_scenario(scenario);
  const RunReport& report = capture.report;
  REQUIRE(report.services.size() == 1);
  CHECK(report.services[0].totals.served == 1e6);
  const Cluster& hall = scenario.clusters.at(1);
  const double nameplate_w = server_nameplate_w(static_cast<double>(hall.accelerators_per_server),
                                                accelerator_power_model(hall), hall.host_power);
  CHECK(report.workloads.at(1).it_energy_j == Approx(0.6 * nameplate_w * 16.0 * 24.0 * hour_s).epsilon(tolerance));
  // A workload's embodied share is over the hours in use: 1 / 0.85 of the calendar share of its accelerator-hours.
  const Cluster& h100 = scenario.clusters.at(0);
  CHECK(report.workloads.at(0).embodied_kg ==
        Approx(report.workloads.at(0).accelerator_hours * hour_s * h100.embodied_kg_per_accelerator_s() / 0.85)
            .epsilon(tolerance));
}
