#include "models/workload/slo_autoscaler.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace terawatt;

namespace {
const SloScaleRule rule{0.1, 600.0, 1, 40};
constexpr double none = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TEST_CASE("the SLO autoscaler scales by the latency ratio, as the HPA does", "[slo]") {
  double below = -1.0;
  CHECK(slo_scaled_replicas(rule, 2.0, true, 4, 0.0, below) == 8);     // twice the target: twice the replicas
  CHECK(slo_scaled_replicas(rule, 1.3, true, 10, 0.0, below) == 13);   // ceil(10 x 1.3)
  CHECK(slo_scaled_replicas(rule, 100.0, true, 4, 0.0, below) == 40);  // at most max
  // Within the tolerance nothing changes, either way.
  CHECK(slo_scaled_replicas(rule, 1.09, true, 10, 0.0, below) == 10);
  CHECK(slo_scaled_replicas(rule, 0.91, true, 10, 0.0, below) == 10);
}

TEST_CASE("the SLO autoscaler scales down only after the delay, and never below min", "[slo]") {
  double below = -1.0;
  CHECK(slo_scaled_replicas(rule, 0.5, true, 10, 0.0, below) == 10);
  CHECK(slo_scaled_replicas(rule, 0.5, true, 10, 300.0, below) == 10);
  CHECK(slo_scaled_replicas(rule, 0.5, true, 10, 600.0, below) == 5);
  // A ratio back above 1 - tolerance resets the wait.
  below = -1.0;
  CHECK(slo_scaled_replicas(rule, 0.5, true, 10, 0.0, below) == 10);
  CHECK(slo_scaled_replicas(rule, 1.0, true, 10, 300.0, below) == 10);
  CHECK(below < 0.0);
  CHECK(slo_scaled_replicas(rule, 0.01, true, 3, 700.0, below) == 3);
  CHECK(slo_scaled_replicas(rule, 0.01, true, 3, 1300.0, below) == 1);
}

TEST_CASE("without completed requests the SLO autoscaler holds, and wakes one replica for demand", "[slo]") {
  double below = -1.0;
  const SloScaleRule from_zero{0.1, 600.0, 0, 40};
  CHECK(slo_scaled_replicas(from_zero, none, true, 6, 0.0, below) == 6);
  CHECK(slo_scaled_replicas(from_zero, none, false, 0, 0.0, below) == 0);
  CHECK(slo_scaled_replicas(from_zero, none, true, 0, 0.0, below) == 1);
}
