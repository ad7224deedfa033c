// Metrics over a projection's /projection (sim/app/sweep/sweep_metric.hpp): one label per named dimension, the unnamed
// dimensions summed for quantities that add up, refused for those that do not (a PUE).

#include "sim/app/sweep/sweep_metric.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

namespace {

// electricity(year, segment, case): 2 x 2 x 2, row-major.
PointSummaryVariable projection_variable(const std::string& name, const std::string& units) {
  PointSummaryVariable v;
  v.name = name;
  v.units = units;
  v.dimensions = {"year", "segment", "case"};
  v.dimension_labels = {{"2022", "2026"}, {"ai", "crypto"}, {"low", "high"}};
  v.dimension = "year";
  v.labels = v.dimension_labels.front();
  v.values = {1, 2, 3, 4, 10, 20, 30, 40};
  return v;
}

}  // namespace

TEST_CASE("a projection metric selects labels and sums the dimensions it does not name") {
  const std::vector<PointSummaryVariable> variables{projection_variable("electricity", "TWh"),
                                                    projection_variable("pue", "1")};
  const MetricSpec metric = parse_metric("electricity[year=2026,case=high]");
  CHECK(metric.column == "electricity.2026.high");
  CHECK(metric.selectors.size() == 2);
  CHECK(evaluate_metric(metric, variables).value == 20.0 + 40.0);
  CHECK(evaluate_metric(parse_metric("electricity[year=2022,segment=crypto,case=low]"), variables).value == 3.0);
  CHECK(evaluate_metric(parse_metric("electricity"), variables).value == 110.0);
  CHECK(evaluate_metric(parse_metric("max(electricity)"), variables).value == 40.0);
  CHECK(evaluate_metric(parse_metric("pue[year=2022,segment=ai,case=low]"), variables).value == 1.0);
  const MetricValue refused = evaluate_metric(parse_metric("pue[year=2022]"), variables);
  CHECK(refused.problem ==
        "'pue' [1] does not add up over segment, case (expected a label for each, such as "
        "pue[segment=ai,...])");
  CHECK(evaluate_metric(parse_metric("electricity[region=us]"), variables).problem ==
        "'electricity' is over year, segment, case, not 'region' (expected electricity[year=...])");
  CHECK(evaluate_metric(parse_metric("electricity[year=2030]"), variables).problem ==
        "no year '2030' (did you mean '2022'?) (expected one of: 2022, 2026)");
  CHECK_THROWS_WITH(parse_metric("electricity[year=2022,year=2026]"), Catch::Contains("selects on 'year' twice"));
}
