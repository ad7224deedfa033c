// Facility and grid end to end: the cooling plant in hot and cold weather and at low load, exact emissions over
// an hourly grid file, and carbon-aware deferral. One simulation per TEST_CASE (one SimGrid engine per process).

#include "sim/scenario/scenario_loader.hpp"
#include "sim/simulate/simulation.hpp"
#include "tests/sim/run_capture.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

double pue_of(const SiteTotals& site) {
  return site.sums.facility_j / site.sums.it_j;
}

}  // namespace

TEST_CASE("the same fleet in Phoenix and Stockholm: hotter means higher PUE and more water, summer above winter") {
  const Scenario scenario = load_scenario_file(std::string(TERAWATT_SOURCE_DIR) + "/scenarios/hot-and-cold.yaml");
  const Capture capture = run_scenario(scenario);
  const SiteTotals& phoenix = capture.report.sites.at(0);
  const SiteTotals& stockholm = capture.report.sites.at(1);
  // The same load in both places, but for Phoenix's extra fine-tuning job on servers that would idle otherwise:
  // the difference is the job's compute power above idle over its run, the accelerators' and their hosts' (a DGX
  // H100 host rises from 1.4 to 2.8 kW with the accelerators' load, 0.86 in compute: models/power/catalog.cpp).
  const WorkloadTotals& finetune = capture.report.workloads.at(2);
  const double h100_compute_above_idle_w = 0.86 * (700.0 - 70.0);
  const double host_above_idle_per_gpu_w = 0.86 * (2800.0 - 1400.0) / 8;
  CHECK(
      phoenix.sums.it_j - stockholm.sums.it_j ==
      Approx(256 * (h100_compute_above_idle_w + host_above_idle_per_gpu_w) * (finetune.finished_s - finetune.started_s))
          .epsilon(1e-6));
  CHECK(pue_of(phoenix) > pue_of(stockholm));
  CHECK(pue_of(stockholm) >= 1.0);
  CHECK(phoenix.sums.onsite_water_m3 > stockholm.sums.onsite_water_m3);
  CHECK(phoenix.sums.facility_j ==
        Approx(phoenix.sums.it_j + phoenix.sums.cooling_j + phoenix.sums.distribution_j + phoenix.sums.other_j)
            .epsilon(1e-12));

  // Monthly PUE in Phoenix: July (hours 4344-5088 of 2024) above January.
  const std::size_t facility = variable_index("facility_power");
  const std::size_t it = variable_index("site_it_power");
  std::array<double, 2> facility_j{}, it_j{};
  for (const auto& row : capture.rows) {
    const double hour = row.time_s / 3600.0;
    const int month = hour <= 744 ? 0 : (hour > 4368 && hour <= 5112) ? 1 : -1;
    if (month < 0) continue;
    facility_j[month] += row.values[facility][0] * 3600.0;
    it_j[month] += row.values[it][0] * 3600.0;
  }
  CHECK(facility_j[1] / it_j[1] > facility_j[0] / it_j[0]);

  // The deferrable fine-tuning job waited for cleaner hours, met its deadline and emitted less.
  const WorkloadTotals& job = finetune;
  CHECK(job.name == "az-finetune");
  CHECK(job.deferral_s > 0.0);
  CHECK(job.finished_s <= job.submitted_s + 2 * 86400.0);
  CHECK(job.emissions_kg < job.emissions_if_run_at_once_kg);
}

TEST_CASE("a plant's PUE is higher at low load than at full load in the same weather") {
  const std::string yaml = R"(
scenario: {name: load, start: 2024-04-01T00:00:00Z, duration: 7 d, sample_interval: 1 h}
sites:
  - {name: busy, facility: {preset: enterprise, climate: virginia}, carbon_intensity: 367.8 g/kWh}
  - {name: idle, facility: {preset: enterprise, climate: virginia}, carbon_intensity: 367.8 g/kWh}
clusters:
  - {name: busy-h100, site: busy, accelerator: h100-sxm, servers: 16}
  - {name: idle-h100, site: idle, accelerator: h100-sxm, servers: 16}
workloads:
  - {name: train, type: training, cluster: busy-h100, flops: 1e24 FLOP, mfu: 40 %}
)";
  const Capture capture = run_scenario(load_scenario_text(yaml, "load.yaml", {"sites.idle.facility.climate=virginia"}));
  CHECK(pue_of(capture.report.sites.at(1)) > pue_of(capture.report.sites.at(0)));
}

TEST_CASE("emissions over an hourly grid file equal the sum of facility energy x each hour's intensity") {
  const auto dir = std::filesystem::temp_directory_path() / ("terawatt-grid-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::vector<double> g_per_kwh{120, 480, 300, 60, 250, 410};
  {
    std::ofstream csv(dir / "grid.csv");
    csv << "# a test grid\ntime,carbon_intensity [g/kWh]\n";
    for (std::size_t h = 0; h < g_per_kwh.size(); ++h) {
      char stamp[32];
      std::snprintf(stamp, sizeof stamp, "2024-03-01T%02zu:00:00Z", h);
      csv << stamp << ',' << g_per_kwh[h] << '\n';
    }
  }
  const std::string yaml = R"(
scenario: {name: hourly, start: 2024-03-01T00:00:00Z, duration: 6 h, sample_interval: 20 min}
sites: [{name: s, pue: 1.25, grid: {file: grid.csv}}]
clusters: [{name: c, accelerator: a100-sxm4-80gb, servers: 4, server_overhead: 2 kW}]
)";
  const Scenario scenario = load_scenario_text(yaml, (dir / "hourly.yaml").string());
  const Capture capture = run_scenario(scenario);
  std::filesystem::remove_all(dir);
  // Idle fleet: constant IT power, so facility power is constant and each hour weighs its own intensity. A100 SXM4 80
  // GB idles at 55 W (catalog); the default fabric draws 3 / 64 of a 747 W switch and 30 W of optics per 400 Gb/s, of
  // which a DGX A100 has four (eight 200 Gb/s adapters).
  const double it_w = 4 * (8 * 55.0 + 2000.0 + 4 * (3 * 747.0 / 64 + 30.0));
  double expected_kg = 0.0;
  for (double g : g_per_kwh) expected_kg += 1.25 * it_w * 3600.0 * g * 1e-3 / 3.6e6;
  CHECK(capture.report.sites.at(0).sums.emissions_kg == Approx(expected_kg).epsilon(1e-12));
  CHECK(capture.rows.size() == 18);
}
