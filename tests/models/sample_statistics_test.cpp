// Percentiles and rank-regression sensitivities of an uncertainty run's samples (models/base/sample_statistics.hpp).
#include "models/base/sample_statistics.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>

using namespace terawatt;

namespace {

// `count` samples of `inputs` independent uniform inputs in [0, 1), seeded.
std::vector<std::vector<double>> uniform_inputs(std::size_t count, std::size_t inputs, unsigned seed) {
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<std::vector<double>> x(count, std::vector<double>(inputs));
  for (auto& row : x) {
    for (double& v : row) v = uniform(engine);
  }
  return x;
}

}  // namespace

TEST_CASE("sample statistics: quantiles interpolate between order statistics, as numpy's default does") {
  const std::vector<double> v{4.0, 1.0, 3.0, 2.0, std::numeric_limits<double>::quiet_NaN()};
  CHECK(sample_quantile(v, 0.5) == Approx(2.5).epsilon(1e-15));
  CHECK(sample_quantile(v, 0.05) == Approx(1.15).epsilon(1e-14));  // numpy.percentile([1,2,3,4], 5)
  CHECK(sample_quantile(v, 0.95) == Approx(3.85).epsilon(1e-14));
  CHECK(sample_quantile(v, 0.0) == 1.0);
  CHECK(sample_quantile(v, 1.0) == 4.0);
  CHECK(sample_mean(v) == Approx(2.5).epsilon(1e-15));
  CHECK(std::isnan(sample_quantile({std::numeric_limits<double>::quiet_NaN()}, 0.5)));
}

TEST_CASE("sample statistics: ties share the mean of their ranks") {
  const std::vector<double> ranks = sample_ranks({10.0, 20.0, 20.0, 5.0, 20.0});
  CHECK(ranks == std::vector<double>{2.0, 4.0, 4.0, 1.0, 4.0});
}

TEST_CASE("sample statistics: a monotonic figure of one input has SRRC 1 for it and about 0 for the others") {
  const auto x = uniform_inputs(200, 3, 1);
  std::vector<double> y;
  for (const auto& row : x) y.push_back(std::exp(5.0 * row[1]));  // monotonic, far from linear
  const RankRegression r = rank_regression(x, y);
  CHECK(r.srrc[1] == Approx(1.0).margin(1e-9));
  CHECK(std::abs(r.srrc[0]) < 1e-9);
  CHECK(std::abs(r.srrc[2]) < 1e-9);
  CHECK(r.r2 == Approx(1.0).margin(1e-9));
}

TEST_CASE("sample statistics: two inputs of equal weight share the figure, a negative one has a negative SRRC") {
  const auto x = uniform_inputs(400, 3, 2);
  std::vector<double> y;
  for (const auto& row : x) y.push_back(row[0] + row[1] - 0.5 * row[2]);
  const RankRegression r = rank_regression(x, y);
  // Standardised, y = (x0 + x1 - x2 / 2) / 1.5 in units of its deviation: 0.67, 0.67, -0.33 (ranks of a sum of
  // uniforms are close to linear in it).
  CHECK(r.srrc[0] == Approx(2.0 / 3.0).margin(0.05));
  CHECK(r.srrc[1] == Approx(2.0 / 3.0).margin(0.05));
  CHECK(r.srrc[2] == Approx(-1.0 / 3.0).margin(0.05));
  CHECK(r.r2 > 0.95);
}

TEST_CASE("sample statistics: what cannot be regressed is NaN, not a number") {
  auto x = uniform_inputs(50, 2, 3);
  for (auto& row : x) row[0] = 7.0;  // an input that does not vary
  std::vector<double> y;
  for (const auto& row : x) y.push_back(row[1]);
  const RankRegression r = rank_regression(x, y);
  CHECK(std::isnan(r.srrc[0]));
  CHECK(r.srrc[1] == Approx(1.0).margin(1e-9));
  CHECK(std::isnan(rank_regression(x, std::vector<double>(50, 1.0)).srrc[1]));           // a figure that does not vary
  CHECK(std::isnan(rank_regression(uniform_inputs(3, 2, 4), {1.0, 2.0, 3.0}).srrc[0]));  // 3 samples, 2 inputs
}
