// Rank correlation imposed on Latin hypercube samples (models/base/rank_correlation.hpp): each input keeps its values
// (so its strata), the rank correlations approach the target, the seed fixes the result, bad targets are refused.

#include "models/base/rank_correlation.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace terawatt;

namespace {

// One sample per stratum of each of k inputs, the strata paired at random by a fixed shuffle of the rows.
std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t k) {
  std::vector<std::vector<double>> samples(n, std::vector<double>(k));
  for (std::size_t j = 0; j < k; ++j) {
    for (std::size_t i = 0; i < n; ++i)
      samples[(i * (2 * j + 7) + j) % n][j] = (static_cast<double>(i) + 0.5) / static_cast<double>(n);
  }
  return samples;
}

std::vector<double> column(const std::vector<std::vector<double>>& samples, std::size_t j) {
  std::vector<double> out;
  for (const auto& row : samples) out.push_back(row[j]);
  return out;
}

}  // namespace

TEST_CASE("imposed rank correlations approach the target and each input keeps its values") {
  const std::size_t n = 200;
  const auto samples = latin_hypercube(n, 3);
  Eigen::MatrixXd target(3, 3);
  target << 1.0, 0.7, -0.4, 0.7, 1.0, 0.0, -0.4, 0.0, 1.0;
  const auto correlated = with_rank_correlation(samples, target, 42);
  for (std::size_t j = 0; j < 3; ++j) {
    auto before = column(samples, j);
    auto after = column(correlated, j);
    std::sort(before.begin(), before.end());
    std::sort(after.begin(), after.end());
    CHECK(before == after);  // the same values: one in each stratum
  }
  CHECK(spearman_correlation(column(correlated, 0), column(correlated, 1)) == Approx(0.7).margin(0.05));
  CHECK(spearman_correlation(column(correlated, 0), column(correlated, 2)) == Approx(-0.4).margin(0.05));
  CHECK(spearman_correlation(column(correlated, 1), column(correlated, 2)) == Approx(0.0).margin(0.08));
  CHECK(with_rank_correlation(samples, target, 42) == correlated);
  CHECK(with_rank_correlation(samples, target, 43) != correlated);
}

TEST_CASE("a target of no correlation leaves the inputs nearly independent") {
  const auto samples = latin_hypercube(400, 2);
  const auto result = with_rank_correlation(samples, Eigen::MatrixXd::Identity(2, 2), 1);
  CHECK(std::fabs(spearman_correlation(column(result, 0), column(result, 1))) < 0.05);
}

TEST_CASE("targets that are not correlation matrices are refused, saying why") {
  const auto samples = latin_hypercube(50, 3);
  Eigen::MatrixXd target = Eigen::MatrixXd::Identity(3, 3);
  target(0, 1) = target(1, 0) = 1.0;
  CHECK_THROWS_WITH(with_rank_correlation(samples, target, 1), Catch::Contains("strictly between -1 and 1"));
  target << 1.0, 0.9, -0.9, 0.9, 1.0, 0.9, -0.9, 0.9, 1.0;  // a ~ b, b ~ c strong, a ~ c strongly negative
  CHECK_THROWS_WITH(with_rank_correlation(samples, target, 1), Catch::Contains("not positive definite"));
  target = Eigen::MatrixXd::Identity(3, 3);
  target(0, 2) = 0.3;
  CHECK_THROWS_WITH(with_rank_correlation(samples, target, 1), Catch::Contains("symmetric"));
  CHECK_THROWS_WITH(with_rank_correlation(samples, Eigen::MatrixXd::Identity(2, 2), 1), Catch::Contains("3 x 3"));
  CHECK(std::isnan(spearman_correlation({1.0, 1.0, 1.0}, {1.0, 2.0, 3.0})));
}
