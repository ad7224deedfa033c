#include "models/workload/autoscaler.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

namespace {
// Replicas of 10 requests/s at full batch, aimed at 50 %: 5 requests/s per replica; 1 to 8 replicas; 60 s delay.
const AutoscaleRule kRule{0.5, 60.0, 10.0, 1, 8};
}  // namespace

TEST_CASE("the autoscaler wants rate over target utilisation times capacity replicas rounded up") {
  double below_since_s = -1.0;
  CHECK(autoscaled_replicas(kRule, 15.0, 1, 0.0, below_since_s) == 3);
  CHECK(autoscaled_replicas(kRule, 15.1, 3, 0.0, below_since_s) == 4);
}

TEST_CASE("the autoscaler scales up at once when the rate reaches the target of the active replicas") {
  double below_since_s = -1.0;
  // Two replicas at 5 requests/s each are at the target at 10 requests/s; just above, a third is wanted.
  CHECK(autoscaled_replicas(kRule, 10.0, 2, 0.0, below_since_s) == 2);
  CHECK(autoscaled_replicas(kRule, 10.5, 2, 1.0, below_since_s) == 3);
  CHECK(below_since_s < 0.0);
}

TEST_CASE("the autoscaler never exceeds max_replicas nor goes below min_replicas") {
  double below_since_s = -1.0;
  CHECK(autoscaled_replicas(kRule, 1e9, 8, 0.0, below_since_s) == 8);
  CHECK(autoscaled_replicas(kRule, 1e9, 1, 0.0, below_since_s) == 8);
  // No demand: held at the active count until the delay has passed, then down to the minimum, not zero.
  CHECK(autoscaled_replicas(kRule, 0.0, 4, 0.0, below_since_s) == 4);
  CHECK(autoscaled_replicas(kRule, 0.0, 4, 60.0, below_since_s) == 1);
}

TEST_CASE("the autoscaler releases replicas only after demand stayed lower for the scale-down delay") {
  double below_since_s = -1.0;
  CHECK(autoscaled_replicas(kRule, 5.0, 4, 100.0, below_since_s) == 4);
  CHECK(below_since_s == 100.0);
  CHECK(autoscaled_replicas(kRule, 5.0, 4, 159.0, below_since_s) == 4);
  CHECK(autoscaled_replicas(kRule, 5.0, 4, 160.0, below_since_s) == 1);
  CHECK(below_since_s < 0.0);
}

TEST_CASE("a rise of demand during the scale-down delay restarts the delay") {
  double below_since_s = -1.0;
  CHECK(autoscaled_replicas(kRule, 5.0, 4, 0.0, below_since_s) == 4);
  CHECK(autoscaled_replicas(kRule, 20.0, 4, 30.0, below_since_s) == 4);
  CHECK(below_since_s < 0.0);
  CHECK(autoscaled_replicas(kRule, 5.0, 4, 40.0, below_since_s) == 4);
  CHECK(autoscaled_replicas(kRule, 5.0, 4, 90.0, below_since_s) == 4);
  CHECK(autoscaled_replicas(kRule, 5.0, 4, 100.0, below_since_s) == 1);
}

TEST_CASE("an autoscaler without a scale-down delay follows demand down at once") {
  AutoscaleRule rule = kRule;
  rule.scale_down_delay_s = 0.0;
  double below_since_s = -1.0;
  CHECK(autoscaled_replicas(rule, 10.0, 6, 0.0, below_since_s) == 2);
}
