#include "sim/engine/repeated_sum.hpp"

#include "same_bits.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <random>

using terawatt::repeated_sum;
using terawatt::testing::same_bits;

namespace {

double one_by_one(double start, double step, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) start += step;
  return start;
}

}  // namespace

TEST_CASE("repeated sums equal the additions one by one across binades and signs", "[repeated_sum]") {
  std::mt19937_64 random(20260105);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::uniform_int_distribution<int> exponent(-20, 30);
  std::uniform_int_distribution<std::size_t> count(0, 5000);
  for (int trial = 0; trial < 20000; ++trial) {
    const double start = std::ldexp(unit(random), exponent(random));
    const double step = std::ldexp(unit(random), exponent(random) - 10);
    const std::size_t n = count(random);
    INFO("start " << start << " step " << step << " count " << n);
    REQUIRE(same_bits(repeated_sum(start, step, n), one_by_one(start, step, n)));
  }
}

TEST_CASE("repeated sums equal the additions one by one at ties and binade edges", "[repeated_sum]") {
  const double u = std::ldexp(1.0, -52);  // spacing of [1, 2)
  for (double start : {1.0, 2.0, 1.0 + u, 2.0 - u, 0.5, -1.0, -2.0 + u, 1e7, 4096.0, 0.0}) {
    for (double step : {u / 2, -u / 2, 1.5 * u, -1.5 * u, u / 4, -u / 4, u, -u, 0.75 * u, 0.0, 123.456, -0.001}) {
      for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{1000}}) {
        INFO("start " << start << " step " << step << " count " << n);
        REQUIRE(same_bits(repeated_sum(start, step, n), one_by_one(start, step, n)));
      }
    }
  }
}

TEST_CASE("a repeated sum of a million additions takes a few binade runs", "[repeated_sum]") {
  // A cluster's power of 10 MW with a million equal changes of a few hundred watts: exact and quick.
  const double start = 1.0e7;
  const double step = 311.2718281828;
  const std::size_t n = 1000000;
  CHECK(same_bits(repeated_sum(start, step, n), one_by_one(start, step, n)));
  CHECK(repeated_sum(start, step, n) != start + static_cast<double>(n) * step);
}
