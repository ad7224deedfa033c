// The time-series declarations: each variable's reader, and the row the sampler builds from them.

#include "sim/record/series_columns.hpp"
#include "run_capture.hpp"
#include "sim/engine/workloads/service_columns.hpp"
#include "sim/record/supply_columns.hpp"
#include "sim/scenario/scenario_loader.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace terawatt;

namespace {
template <typename Sample>
double read(const std::vector<Column<Sample>>& columns, const std::string& name, const Sample& sample) {
  for (const auto& column : columns) {
    if (column.spec.name == name) return column.read(sample);
  }
  FAIL("no column " << name);
  return 0.0;
}
}  // namespace

TEST_CASE("A cluster's power columns are the interval's energy over its length") {
  const ClusterSample sample{6000.0, 1500.0, 300.0, 60.0};
  CHECK(read(cluster_series_columns(), "it_power", sample) == 100.0);
  CHECK(read(cluster_series_columns(), "gpu_power", sample) == 25.0);
  CHECK(read(cluster_series_columns(), "network_power", sample) == 5.0);
}

TEST_CASE("A site's rates read the interval and its cumulative columns read the totals") {
  SiteInterval interval;
  interval.it_j = 1000.0;
  interval.facility_j = 1200.0;
  interval.emissions_kg = 0.002;
  interval.carbon_intensity_kg_per_j = 1e-7;  // 360 g/kWh
  SiteAccumulator total;
  total.facility_j = 5000.0;
  const SiteSample sample{interval, total, 10.0};
  CHECK(read(site_series_columns(), "overhead_power", sample) == Approx(20.0));
  CHECK(read(site_series_columns(), "pue", sample) == Approx(1.2));
  CHECK(read(site_series_columns(), "carbon_intensity", sample) == Approx(360.0));
  CHECK(read(site_series_columns(), "emissions_rate", sample) == Approx(0.2));
  CHECK(read(site_series_columns(), "energy", sample) == 5000.0);
  interval.it_j = 0.0;
  CHECK(std::isnan(read(site_series_columns(), "pue", sample)));
}

TEST_CASE("A service's output rates are its completed requests times what each produces, tokens as counted") {
  ServiceInterval interval;
  interval.arrived = 12.0;
  interval.served = 10.0;
  interval.tokens_served = 3000.0;  // each request's own output (InferenceRun counts them)
  RequestOutput output;
  output.output_tokens = 300.0;
  const ServiceSample sample{interval, output, 5.0};
  CHECK(read(service_series_columns(), "request_rate", sample) == Approx(2.4));
  CHECK(read(service_series_columns(), "token_rate", sample) == Approx(600.0));
  CHECK(read(service_series_columns(), "image_rate", sample) == 0.0);
}

TEST_CASE("Every declared variable has its dimension and the schema keeps the declarations' order") {
  const auto variables = Sampler::all_variables();
  REQUIRE(variables.size() == cluster_series_columns().size() + site_series_columns().size() +
                                  workload_series_columns().size() + service_series_columns().size() +
                                  supply_series_columns().size());
  CHECK(variables.front().name == "it_power");
  CHECK(variables.back().name == "electricity_cost");
  for (const auto& variable : variables) {
    INFO(variable.name);
    CHECK((variable.dimension == "cluster" || variable.dimension == "site" || variable.dimension == "workload" ||
           variable.dimension == "service"));
    CHECK(!variable.units.empty());
    CHECK(!variable.long_name.empty());
  }
}

TEST_CASE("A sampled row holds one vector per declared variable as long as its dimension") {
  const Scenario scenario = load_scenario_text(testing::one_h100_cluster, "test.yaml", {});
  const testing::Capture capture = testing::run_scenario(scenario);
  REQUIRE(!capture.rows.empty());
  const auto variables = Sampler::variables(scenario);
  const auto& values = capture.rows.front().values;
  REQUIRE(values.size() == variables.size());
  for (std::size_t v = 0; v < variables.size(); ++v) {
    INFO(variables[v].name);
    const std::size_t expected = variables[v].dimension == "cluster" ? scenario.clusters.size()
                                 : variables[v].dimension == "site"  ? scenario.sites.size()
                                                                     : scenario.training_jobs.size();
    CHECK(values[v].size() == expected);
  }
}
