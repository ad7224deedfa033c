// Real grid data end to end (README, Real grid data): a run over an Electricity Maps export (both bases) and an
// ENTSO-E generation mix emits the integral of facility power x each hour's intensity. One simulation per
// TEST_CASE (one SimGrid engine per process).

#include "sim/scenario/scenario_loader.hpp"
#include "sim/simulate/simulation.hpp"
#include "tests/sim/run_capture.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

constexpr double hour_s = 3600.0;
constexpr double kg_per_j_per_g_per_kwh = 1e-3 / 3.6e6;
constexpr double tolerance = 1e-12;  // relative: sums of a few products, rounded differently

// Emissions of a constant facility power over hours of the given intensities (g/kWh): the run's facility energy
// spread evenly over the hours, times each hour's intensity.
double expected_kg(const SiteTotals& site, const std::vector<double>& g_per_kwh) {
  const double facility_w = site.sums.facility_j / (static_cast<double>(g_per_kwh.size()) * hour_s);
  double kg = 0.0;
  for (double g : g_per_kwh) kg += facility_w * hour_s * g * kg_per_j_per_g_per_kwh;
  return kg;
}

}  // namespace

TEST_CASE(
    "emissions over an Electricity Maps export and an ENTSO-E mix equal facility energy x each hour's intensity") {
  const auto dir = std::filesystem::temp_directory_path() / ("terawatt-grid-data-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::vector<double> direct{300, 420, 250};
  const std::vector<double> lca{350, 470.5, 290};
  {
    std::ofstream em(dir / "em.csv");
    em << "Datetime (UTC),Zone Id,Carbon Intensity gCO\xE2\x82\x82"
          "eq/kWh (direct),"
          "Carbon Intensity gCO\xE2\x82\x82"
          "eq/kWh (LCA)\n";
    for (std::size_t h = 0; h < direct.size(); ++h) {
      em << "2023-01-01 0" << h << ":00:00,DE," << direct[h] << ',' << lca[h] << '\n';
    }
    std::ofstream entsoe(dir / "entsoe.csv");
    entsoe
        << "\"Area\",\"MTU\",\"Fossil Gas  - Actual Aggregated [MW]\",\"Wind Onshore  - Actual Aggregated [MW]\"\r\n";
    for (int h = 0; h < 3; ++h) {
      entsoe << "\"BZN|X\",\"01.01.2023 0" << h << ":00 - 01.01.2023 0" << h + 1 << ":00 (UTC)\",\"" << 1000 * h
             << "\",\"1000\"\r\n";
    }
  }
  const std::string yaml = R"(
scenario: {name: grid-data, start: 2023-01-01T00:00:00Z, duration: 3 h, sample_interval: 20 min}
sites:
  - {name: lca, pue: 1.25, grid: {file: em.csv, format: electricity_maps}}
  - {name: direct, pue: 1.25, grid: {file: em.csv, format: electricity_maps, basis: direct}}
  - {name: mix, pue: 1.25, grid: {file: entsoe.csv, format: entsoe_generation}}
clusters:
  - {name: a, site: lca, accelerator: a100-sxm4-80gb, servers: 2}
  - {name: b, site: direct, accelerator: a100-sxm4-80gb, servers: 2}
  - {name: c, site: mix, accelerator: a100-sxm4-80gb, servers: 2}
)";
  const Scenario scenario = load_scenario_text(yaml, (dir / "grid-data.yaml").string());
  const Capture capture = run_scenario(scenario);
  std::filesystem::remove_all(dir);
  const auto& sites = capture.report.sites;
  CHECK(sites.at(0).sums.emissions_kg == Approx(expected_kg(sites.at(0), lca)).epsilon(tolerance));
  CHECK(sites.at(1).sums.emissions_kg == Approx(expected_kg(sites.at(1), direct)).epsilon(tolerance));
  // The same fleet and file: the bases differ by the ratio of their sums, 1110.5 / 970.
  CHECK(sites.at(0).sums.emissions_kg / sites.at(1).sums.emissions_kg == Approx(1110.5 / 970).epsilon(tolerance));
  // Gas (IPCC AR5 490 g/kWh) and onshore wind (11) at 0:1000, 1000:1000 and 2000:1000 MW.
  const std::vector<double> mix{11, (490.0 + 11) / 2, (2 * 490.0 + 11) / 3};
  CHECK(sites.at(2).sums.emissions_kg == Approx(expected_kg(sites.at(2), mix)).epsilon(tolerance));
}

TEST_CASE("the shipped grid-data scenario runs and its lifecycle intensity is above its direct one") {
  const Scenario scenario = load_scenario_file(std::string(TERAWATT_SOURCE_DIR) + "/scenarios/grid-data.yaml");
  const Capture capture = run_scenario(scenario);
  const auto& sites = capture.report.sites;
  REQUIRE(sites.size() == 3);
  // Lifecycle adds the fuel chain and construction to combustion: the LCA site emits more, by the sample's
  // 12-17 % (scenarios/data/README.md).
  const double ratio = sites.at(0).sums.emissions_kg / sites.at(1).sums.emissions_kg;
  CHECK(ratio > 1.1);
  CHECK(ratio < 1.2);
  // France's sample is mostly nuclear: well below Germany's.
  CHECK(sites.at(2).sums.emissions_kg < 0.25 * sites.at(1).sums.emissions_kg);
}
