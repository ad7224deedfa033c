// Values given as distributions (sim/scenario/input_distributions.hpp): their quantile functions and central values,
// and a scenario that runs at them.
#include "sim/scenario/input_distributions.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace terawatt;

namespace {

std::vector<InputDistribution> distributions_of(const std::string& yaml) {
  const YamlSource context("test.yaml");
  return find_input_distributions(context, YAML::Load(yaml));
}

}  // namespace

TEST_CASE("input distributions: each kind's quantiles and central value") {
  const auto found = distributions_of(R"(
a: {uniform: [2 kW, 4 kW]}
b: {triangular: [1.1, 1.2, 1.5]}
c: {normal: [40 %, 5 %], min: 30 %}
d: {lognormal: [300, 2]}
e: {choice: [iowa, arizona, texas], weights: [1, 0, 3]}
list: [{name: x, f: {uniform: [0, 1]}}, {g: {uniform: [0, 1]}}]
)");
  REQUIRE(found.size() == 7);
  CHECK(found[0].path == "a");
  CHECK(found[0].unit == "kW");
  CHECK(found[0].quantile(0.25) == 2.5);
  CHECK(found[0].central() == 3.0);
  CHECK(found[0].text(2.5) == "2.5 kW");
  // Triangular: F(mode) = (mode - low) / (high - low) = 0.25.
  CHECK(found[1].quantile(0.25) == Approx(1.2).epsilon(1e-12));
  CHECK(found[1].quantile(0.0) == Approx(1.1).epsilon(1e-15));
  CHECK(found[1].quantile(1.0) == Approx(1.5).epsilon(1e-15));
  CHECK(found[1].central() == 1.2);
  // Normal cut at 30 %, two deviations below its mean: the probabilities left are mapped onto [0, 1].
  const double cut = 0.5 * std::erfc(2.0 / std::sqrt(2.0));  // P(z < -2)
  CHECK(found[2].quantile((0.5 - cut) / (1.0 - cut)) == Approx(40.0).epsilon(1e-9));
  CHECK(found[2].quantile(0.0) == Approx(30.0).epsilon(1e-9));
  CHECK(found[2].central() == 40.0);
  // Lognormal: the median, and one geometric deviation (a factor of 2) at the 84.13th percentile.
  CHECK(found[3].quantile(0.5) == Approx(300.0).epsilon(1e-12));
  CHECK(found[3].quantile(0.5 * std::erfc(-1.0 / std::sqrt(2.0))) == Approx(600.0).epsilon(1e-9));
  // Choice: weights 1, 0, 3 over [0, 1): the first a quarter, the second never, the third the rest.
  CHECK(found[4].quantile(0.2) == 0.0);
  CHECK(found[4].quantile(0.25) == 2.0);
  CHECK(found[4].quantile(0.99) == 2.0);
  CHECK(found[4].central() == 2.0);
  CHECK(found[4].text(2.0) == "texas");
  // In lists, an element is named by its name, else its index.
  CHECK(found[5].path == "list.x.f");
  CHECK(found[6].path == "list.1.g");
}

TEST_CASE("input distributions: a scenario runs at its central values, and --set replaces a distribution") {
  const std::string yaml = R"(
scenario: {name: d, start: 2024-06-01T00:00:00Z, duration: 1 d}
sites: [{name: s, pue: {triangular: [1.1, 1.3, 1.5]}, carbon_intensity: {uniform: [300 g/kWh, 500 g/kWh]}}]
clusters: [{name: c, site: s, accelerator: h100-sxm, servers: 1}]
workloads: [{name: j, type: training, flops: 1e18 FLOP, mfu: 0.4}]
)";
  const Scenario central = load_scenario_text(yaml, "d.yaml", {});
  CHECK(central.sites.at(0).inputs.pue == 1.3);
  const Scenario set = load_scenario_text(yaml, "d.yaml", {"sites.s.pue=1.15"});
  CHECK(set.sites.at(0).inputs.pue == 1.15);
}
