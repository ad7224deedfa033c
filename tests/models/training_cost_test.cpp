#include "models/workload/training_cost.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

TEST_CASE("6 N D reproduces GPT-3's compute within 0.5 %") {
  // Brown et al. 2020: 175e9 parameters, 300e9 tokens, 3.14e23 FLOP (docs/references.md RC-01).
  CHECK(training_flops(175e9, 300e9) == Approx(3.14e23).epsilon(0.005));
}

TEST_CASE("GPT-3 on 10,000 V100 at 24.6 TFLOP/s takes 14.8 days") {
  const double mfu = 24.6e12 / 125e12;
  const double days = training_duration_s(3.14e23, 10000, 125e12, mfu) / 86400.0;
  CHECK(days == Approx(14.77).epsilon(0.001));  // docs/references.md RC-01: 14.8 d
}

TEST_CASE("training cost rejects impossible inputs") {
  CHECK_THROWS(training_flops(0, 1));
  CHECK_THROWS(training_duration_s(1e20, 8, 1e14, 1.5));
  CHECK_THROWS(training_duration_s(1e20, 0, 1e14, 0.5));
}
