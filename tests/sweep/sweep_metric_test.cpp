#include "sim/app/sweep/sweep_metric.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace terawatt;

namespace {
std::vector<PointSummaryVariable> end_times(double first, double second) {
  return {{"end_time", "s", "end time", "workload", {"a", "b"}, {first, second}}};
}
}  // namespace

TEST_CASE("a reduction over an unknown value is unknown: an unfinished workload has no end time") {
  const double unfinished = std::numeric_limits<double>::quiet_NaN();
  CHECK(std::isnan(evaluate_metric(parse_metric("max(end_time)"), end_times(100.0, unfinished)).value));
  CHECK(std::isnan(evaluate_metric(parse_metric("min(end_time)"), end_times(unfinished, 100.0)).value));
  CHECK(evaluate_metric(parse_metric("max(end_time)"), end_times(100.0, 250.0)).value == 250.0);
  CHECK(evaluate_metric(parse_metric("end_time[workload=a]"), end_times(100.0, unfinished)).value == 100.0);
}

TEST_CASE("a sum over labels is refused for quantities that do not add up") {
  const MetricValue value = evaluate_metric(parse_metric("end_time"), end_times(1.0, 2.0));
  CHECK(std::isnan(value.value));
  CHECK(value.problem.find("does not add up") != std::string::npos);
}
