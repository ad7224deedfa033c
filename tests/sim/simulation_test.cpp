// End-to-end physics of a run on SimGrid: conservation of energy, exact job durations and energies, queueing,
// power caps and horizons. Each TEST_CASE runs in its own process (one SimGrid engine per process).

#include "sim/simulate/simulation.hpp"
#include "models/power/catalog.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "tests/sim/run_capture.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

// Relative tolerance of exact bookkeeping: sums of interval energies against ledger totals.
constexpr double conservation_tolerance = 1e-9;
// SimGrid stops an activity within its precision of the exact end; durations are checked to this.
constexpr double duration_tolerance = 1e-9;
// The default fabric's floor per server (models/power/fabric_power.hpp): 3 / 64 of a 747 W switch and 30 W of optics
// for each of the default 400 GB/s's eight 400 Gb/s ports.
constexpr double fabric_w = 8 * (3 * 747.0 / 64 + 30.0);

Capture run(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  return run_scenario(load_scenario_text(yaml, "test.yaml", overrides));
}

// The integral of an interval-mean series: sum of value x interval length.
double integral(const Capture& capture, const std::string& variable, std::size_t column) {
  const std::size_t v = variable_index(variable);
  double previous_s = 0.0;
  double sum = 0.0;
  for (const auto& row : capture.rows) {
    sum += row.values[v][column] * (row.time_s - previous_s);
    previous_s = row.time_s;
  }
  return sum;
}

}  // namespace

TEST_CASE("a training job ends at FLOPs / (accelerators x peak x MFU) and draws the analytic energy") {
  const Capture capture = run(one_h100_cluster);
  const AcceleratorSpec& h100 = *find_accelerator("h100-sxm");
  const double expected_duration_s = 1e21 / (16 * h100.peak_flop_per_s * 0.5);
  const WorkloadTotals& job = capture.report.workloads.at(0);
  CHECK(job.started_s == 3600.0);
  CHECK(job.finished_s - job.started_s == Approx(expected_duration_s).epsilon(duration_tolerance));
  CHECK(job.progress == 1.0);

  // Two servers compute (8 GPUs each at idle + 0.86 x (TDP - idle)), every server carries its overhead.
  const double compute_w = h100.idle_w + 0.86 * (h100.tdp_w - h100.idle_w);
  const double job_power_w = 2 * (8 * compute_w + 1000.0);
  CHECK(job.it_energy_j == Approx(job_power_w * expected_duration_s).epsilon(conservation_tolerance));
  CHECK(job.facility_energy_j == Approx(1.2 * job.it_energy_j).epsilon(1e-12));
  CHECK(job.emissions_kg == Approx(job.facility_energy_j * 0.4 / 3.6e6).epsilon(1e-12));
  CHECK(job.accelerator_hours == Approx(16 * expected_duration_s / 3600.0).epsilon(duration_tolerance));

  // Whole cluster: the other two servers idle all along, the job's two idle before it starts.
  const double idle_server_w = 8 * h100.idle_w + 1000.0;
  const double end_s = capture.report.end_s;
  CHECK(end_s == Approx(3600.0 + expected_duration_s).epsilon(duration_tolerance));
  const double expected_it_j =
      4 * (idle_server_w + fabric_w) * end_s + 2 * (8 * (compute_w - h100.idle_w)) * expected_duration_s;
  CHECK(capture.report.clusters.at(0).it_energy_j == Approx(expected_it_j).epsilon(conservation_tolerance));
}

TEST_CASE("interval energies sum to the totals and emissions integrate facility power x intensity") {
  const Capture capture = run(one_h100_cluster);
  const RunReport& report = capture.report;
  REQUIRE(capture.rows.size() > 3);
  CHECK(capture.rows.back().time_s == report.end_s);
  const double it_total_j = report.clusters.at(0).it_energy_j;
  CHECK(std::fabs(integral(capture, "it_power", 0) - it_total_j) <= conservation_tolerance * it_total_j);
  CHECK(std::fabs(integral(capture, "gpu_power", 0) - report.clusters.at(0).accelerator_energy_j) <=
        conservation_tolerance * it_total_j);
  const double facility_j = report.sites.at(0).sums.facility_j;
  CHECK(std::fabs(integral(capture, "facility_power", 0) - facility_j) <= conservation_tolerance * facility_j);
  CHECK(facility_j == Approx(1.2 * it_total_j).epsilon(1e-12));
  // Emissions rate in g/s integrates to the site's emissions in kg.
  const double emissions_kg = report.sites.at(0).sums.emissions_kg;
  CHECK(std::fabs(integral(capture, "emissions_rate", 0) / 1000.0 - emissions_kg) <=
        conservation_tolerance * emissions_kg);
  CHECK(emissions_kg == Approx(facility_j * 0.4 / 3.6e6).epsilon(1e-12));
  // Cumulative series end at the totals; PUE is at least 1 in every interval.
  const std::size_t energy = variable_index("energy");
  const std::size_t pue = variable_index("pue");
  CHECK(capture.rows.back().values[energy][0] == Approx(facility_j).epsilon(conservation_tolerance));
  for (const auto& row : capture.rows) CHECK(row.values[pue][0] >= 1.0);
}

TEST_CASE("GPT-3 on 10,000 V100 at 24.6 TFLOP/s ends after 14.8 days") {
  // Patterson et al. 2021 (docs/references.md RC-01): 3.14e23 FLOP / (10,000 x 24.6e12 FLOP/s) = 14.77 d.
  const std::string yaml = R"(
scenario: {name: gpt3}
sites: [{name: azure, pue: 1.1, carbon_intensity: 0.429 kg/kWh}]
clusters: [{name: v100, accelerator: v100-sxm2, servers: 1250}]
workloads:
  - {name: gpt3, type: training, flops: 3.14e23 FLOP, achieved_flop_rate: 24.6 TFLOP/s}
)";
  const Capture capture = run(yaml);
  const WorkloadTotals& job = capture.report.workloads.at(0);
  const double expected_s = 3.14e23 / (10000 * 24.6e12);
  CHECK(job.finished_s == Approx(expected_s).epsilon(duration_tolerance));
  CHECK(job.finished_s / 86400.0 == Approx(14.8).epsilon(0.005));
  CHECK(job.accelerator_hours == Approx(10000 * expected_s / 3600.0).epsilon(duration_tolerance));
}

TEST_CASE("a power cap below the compute power clips it to the cap, slows compute by the cube root and saves energy") {
  const Capture capped = run(one_h100_cluster, {"clusters.c.power_cap=400 W"});
  const AcceleratorSpec& h100 = *find_accelerator("h100-sxm");
  const double uncapped_s = 1e21 / (16 * h100.peak_flop_per_s * 0.5);
  // Compute draws idle + 0.86 x (TDP - idle) uncapped; the cap keeps (400 - idle) / (that - idle) of its dynamic
  // power, and the cube root of that of its clock (models/power/accelerator_power.hpp).
  const double compute_w = h100.idle_w + 0.86 * (h100.tdp_w - h100.idle_w);
  const double speed = std::cbrt((400.0 - h100.idle_w) / (compute_w - h100.idle_w));
  const double capped_s = capped.report.workloads[0].finished_s - capped.report.workloads[0].started_s;
  CHECK(capped_s == Approx(uncapped_s / speed).epsilon(duration_tolerance));
  // Accelerator energy of the job falls (power falls faster than speed), even though it runs longer.
  const double uncapped_gpu_j = 16 * compute_w * uncapped_s;
  const double capped_gpu_j = 16 * 400.0 * capped_s;
  CHECK(capped_gpu_j < uncapped_gpu_j);
  CHECK(capped.report.workloads[0].it_energy_j == Approx(capped_gpu_j + 2 * 1000.0 * capped_s).epsilon(1e-9));
}

TEST_CASE("jobs queue first come, first served, and a short job backfills without delaying the head") {
  const Capture capture = run(one_h100_cluster + R"(
  - name: big
    type: training
    flops: 1e21 FLOP
    accelerators: 32
    mfu: 0.5
    start: 2 h
  - name: small
    type: training
    flops: 1e20 FLOP
    accelerators: 8
    mfu: 0.5
    start: 3 h
  - name: long
    type: training
    flops: 1e22 FLOP
    accelerators: 8
    mfu: 0.5
    start: 3 h
)");
  const auto& jobs = capture.report.workloads;
  REQUIRE(jobs.size() == 4);
  // "big" needs all four servers: it waits for "j" and starts when "j" ends.
  CHECK(jobs[1].started_s == Approx(jobs[0].finished_s).epsilon(1e-12));
  CHECK(jobs[1].queue_wait_s == Approx(jobs[0].finished_s - 7200.0).epsilon(1e-12));
  // "small" fits beside "j" and ends long before "j" does: it backfills at once and "big" is not delayed.
  CHECK(jobs[2].started_s == 3 * 3600.0);
  CHECK(jobs[2].finished_s < jobs[0].finished_s);
  // "long" would also fit now but would still run when "big" is due: it waits behind "big".
  CHECK(jobs[3].started_s == Approx(jobs[1].finished_s).epsilon(1e-12));
  CHECK(capture.report.end_s == Approx(jobs[3].finished_s).epsilon(1e-12));
}

TEST_CASE("a horizon cuts a job: energy up to the horizon, partial progress, idle servers keep drawing power") {
  const Capture capture = run(one_h100_cluster, {"scenario.duration=5 h"});
  const WorkloadTotals& job = capture.report.workloads.at(0);
  CHECK(capture.report.end_s == 5 * 3600.0);
  CHECK(std::isnan(job.finished_s));
  const AcceleratorSpec& h100 = *find_accelerator("h100-sxm");
  const double expected_duration_s = 1e21 / (16 * h100.peak_flop_per_s * 0.5);
  REQUIRE(expected_duration_s > 4 * 3600.0);
  CHECK(job.progress == Approx(4 * 3600.0 / expected_duration_s).epsilon(1e-9));
  const double compute_w = h100.idle_w + 0.86 * (h100.tdp_w - h100.idle_w);
  CHECK(job.it_energy_j == Approx(2 * (8 * compute_w + 1000.0) * 4 * 3600.0).epsilon(conservation_tolerance));
  CHECK(capture.rows.size() == 30);  // 5 h of 10-minute samples
  CHECK(std::fabs(integral(capture, "it_power", 0) - capture.report.clusters[0].it_energy_j) <=
        conservation_tolerance * capture.report.clusters[0].it_energy_j);
}

TEST_CASE("servers_per_host scales power and speed: fewer hosts give the same duration and energy") {
  // One SimGrid engine per process, so compare with the analytic values of the one-server-per-host run.
  const Capture capture = run(one_h100_cluster, {"clusters.c.servers_per_host=2"});
  const AcceleratorSpec& h100 = *find_accelerator("h100-sxm");
  const double duration_s = 1e21 / (16 * h100.peak_flop_per_s * 0.5);
  const WorkloadTotals& job = capture.report.workloads.at(0);
  CHECK(job.finished_s - job.started_s == Approx(duration_s).epsilon(duration_tolerance));
  const double compute_w = h100.idle_w + 0.86 * (h100.tdp_w - h100.idle_w);
  CHECK(job.it_energy_j == Approx(2 * (8 * compute_w + 1000.0) * duration_s).epsilon(conservation_tolerance));
  const double expected_it_j = 4 * (8 * h100.idle_w + 1000.0 + fabric_w) * capture.report.end_s +
                               2 * (8 * (compute_w - h100.idle_w)) * duration_s;
  CHECK(capture.report.clusters.at(0).it_energy_j == Approx(expected_it_j).epsilon(conservation_tolerance));
}

TEST_CASE("scenarios/gpt3-training.yaml reproduces Patterson et al.'s 1,287 MWh and 552.1 tCO2e") {
  // docs/references.md RC-01 tolerances: +-2 % on energy, +-1 % on CO2 given the energy.
  const Scenario scenario = load_scenario_file(std::string(TERAWATT_SOURCE_DIR) + "/scenarios/gpt3-training.yaml");
  const RunReport report = simulate(scenario, {}, [](double, const std::vector<std::vector<double>>&) {});
  const WorkloadTotals& job = report.workloads.at(0);
  CHECK(job.finished_s / 86400.0 == Approx(14.8).epsilon(0.005));
  CHECK(job.accelerator_hours == Approx(3.55e6).epsilon(0.005));  // FLM-101B Table 3 restatement
  CHECK(job.facility_energy_j / 3.6e9 == Approx(1287.0).epsilon(0.02));
  CHECK(job.emissions_kg / 1000.0 == Approx(552.1).epsilon(0.01));
}

TEST_CASE("IT energy splits exactly into active power, the held and unheld servers idle, and the network") {
  // Job j holds 2 of the 4 servers from 1 h to its end; each server idles at 8 x 70 W + 1,000 W = 1,560 W.
  const Capture capture = run(one_h100_cluster);
  const ClusterTotals& cluster = capture.report.clusters.at(0);
  const WorkloadTotals& job = capture.report.workloads.at(0);
  const double end_s = capture.report.end_s;
  const double start_s = job.started_s;
  REQUIRE(start_s == Approx(3600.0));
  const double idle_server_w = 8 * 70.0 + 1000.0;
  CHECK(cluster.unreserved_energy_j ==
        Approx(idle_server_w * (2 * end_s + 2 * start_s)).epsilon(conservation_tolerance));
  CHECK(cluster.reserved_idle_energy_j ==
        Approx(idle_server_w * 2 * (end_s - start_s)).epsilon(conservation_tolerance));
  CHECK(job.reserved_idle_it_energy_j == Approx(cluster.reserved_idle_energy_j).epsilon(conservation_tolerance));
  // The fabric draws its floor for the 4 servers throughout.
  CHECK(cluster.network_energy_j == Approx(4 * fabric_w * end_s).epsilon(conservation_tolerance));
  // What the job drew above that floor is the rest of the cluster's IT energy: nothing is dropped.
  const double active_j = cluster.active_energy_j();
  CHECK(active_j == Approx(job.it_energy_j - job.reserved_idle_it_energy_j).epsilon(1e-6));
  CHECK(active_j > 0.0);
}
