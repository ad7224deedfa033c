// SizeDistribution::mean_square (request_size_distribution.hpp), kept apart from the laws and their draws.
#include "models/workload/request_size_distribution.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace terawatt {
namespace {

// The terms summed at most, from where the law's mass begins: a fraction of a second for the laws offered.
constexpr double max_terms = 4194304.0;  // 2^22
// Below the law's quantile at this probability every term is taken as (2n + 1), the survival as 1.
constexpr double below_mass = 1e-16;
// A term below this share of the sum, past the mean, ends the sum: the law's tail beyond adds less than that share
// times the few terms left before the tail's own decay (x^2 P(X > x) falls for every law of finite variance).
constexpr double negligible_term = 1e-16;

}  // namespace

// Z = max(1, round(Y)) and round(y) >= n + 1 exactly when y >= n + 1/2, so P(Z >= n + 1) = P(Y >= n + 1/2) for n >= 1,
// and E[Z^2] = sum_{m >= 1} (m^2 - (m - 1)^2) P(Z >= m) = 1 + sum_{n >= 1} (2n + 1) P(Y >= n + 1/2). The laws are
// continuous (the fixed one is handled apart), so P(Y >= t) = 1 - F(t) between the clamps. Terms below the law's
// 1e-16 quantile (and the min) have a survival of 1 to that precision and are summed in closed form,
// sum_{n=1}^{m} (2n + 1) = m^2 + 2m, so that a narrow law of a large mean (a gamma of cv 0.001, whose distribution
// function is slow to evaluate) is summed over its spread only.
double SizeDistribution::mean_square() const {
  if (!limits_.integer) throw std::logic_error("SizeDistribution::mean_square: defined for whole quantities only");
  if (kind_ != SizeKind::histogram && stated_cv_ == 0.0) {
    const double value = finish(stated_mean_);
    return value * value;
  }
  const double lo = limits_.min.value_or(0.0);
  const double hi = limits_.max.value_or(size_math::infinity);
  // But with probability 1e-16 a draw is at least the rounded quantile q, so Y >= q - 1/2, and every n up to q - 1
  // has P(Y >= n + 1/2) = 1 to that precision.
  const double below = std::max(0.0, quantile(below_mass) - 1.0);
  double sum = 1.0 + below * below + 2.0 * below;
  for (double n = below + 1.0; n <= below + max_terms; n += 1.0) {
    const double t = n + 0.5;
    if (t > hi) return sum;  // lo and hi are whole: nothing is drawn above hi
    const double survival = t <= lo ? 1.0 : 1.0 - law_cdf(t);
    const double term = (2.0 * n + 1.0) * survival;
    sum += term;
    if (survival == 0.0 || (t > mean_ && term < negligible_term * sum)) return sum;
  }
  throw SizeDistributionError("max",
                              "is needed: the spread's mean square does not converge within 4,194,304 terms "
                              "past its least likely values (expected a max within that of them)");
}

}  // namespace terawatt
