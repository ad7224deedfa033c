#include "models/base/rank_correlation.hpp"

#include "models/base/sample_statistics.hpp"

#include <boost/math/special_functions/erf.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

namespace terawatt {
namespace {

void check_target(const Eigen::MatrixXd& target, std::size_t inputs) {
  const auto k = static_cast<Eigen::Index>(inputs);
  if (target.rows() != k || target.cols() != k) {
    throw std::invalid_argument("the correlation matrix must be " + std::to_string(k) + " x " + std::to_string(k));
  }
  for (Eigen::Index i = 0; i < k; ++i) {
    if (target(i, i) != 1.0) throw std::invalid_argument("the correlation matrix must have a unit diagonal");
    for (Eigen::Index j = 0; j < i; ++j) {
      if (target(i, j) != target(j, i)) throw std::invalid_argument("the correlation matrix must be symmetric");
      if (!(std::fabs(target(i, j)) < 1.0)) {
        throw std::invalid_argument("a correlation must lie strictly between -1 and 1");
      }
    }
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(target);
  if (llt.info() != Eigen::Success) {
    throw std::invalid_argument(
        "the correlations cannot hold together (the matrix is not positive definite: e.g. a ~ b and b ~ c both "
        "strongly positive with a ~ c negative)");
  }
}

// An index in [0, n), the same on every standard library (std::uniform_int_distribution is not): the draw modulo n,
// whose bias is below n / 2^64, nothing for the sample counts of an uncertainty run.
std::size_t index_below(std::mt19937_64& rng, std::size_t n) {
  return static_cast<std::size_t>(rng() % n);
}

}  // namespace

std::vector<std::vector<double>> with_rank_correlation(const std::vector<std::vector<double>>& samples,
                                                       const Eigen::MatrixXd& target, std::uint64_t seed) {
  const std::size_t n = samples.size();
  const std::size_t k = n == 0 ? 0 : samples.front().size();
  check_target(target, k);
  if (n < 3 || k < 2) return samples;
  // R: each column a random permutation of the van der Waerden scores.
  std::vector<double> scores(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double p = static_cast<double>(i + 1) / static_cast<double>(n + 1);
    scores[i] = std::sqrt(2.0) * boost::math::erf_inv(2.0 * p - 1.0);
  }
  std::mt19937_64 rng(seed);
  Eigen::MatrixXd r(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(k));
  for (std::size_t j = 0; j < k; ++j) {
    std::vector<double> column = scores;
    for (std::size_t i = n - 1; i > 0; --i) std::swap(column[i], column[index_below(rng, i + 1)]);
    for (std::size_t i = 0; i < n; ++i) r(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = column[i];
  }
  // T = corr(R) (the columns have mean 0 and the same variance), R* = R (P Q^-1)^T.
  const Eigen::MatrixXd centred = r.rowwise() - r.colwise().mean();
  Eigen::MatrixXd covariance = centred.transpose() * centred;
  const Eigen::VectorXd sd = covariance.diagonal().cwiseSqrt();
  const Eigen::MatrixXd t = covariance.array() / (sd * sd.transpose()).array();
  const Eigen::MatrixXd q = Eigen::LLT<Eigen::MatrixXd>(t).matrixL();
  const Eigen::MatrixXd p = Eigen::LLT<Eigen::MatrixXd>(target).matrixL();
  const Eigen::MatrixXd s = p * q.inverse();
  const Eigen::MatrixXd arranged = r * s.transpose();
  // Each input's values, ordered as R*'s column.
  std::vector<std::vector<double>> out(n, std::vector<double>(k));
  for (std::size_t j = 0; j < k; ++j) {
    std::vector<double> values(n);
    for (std::size_t i = 0; i < n; ++i) values[i] = samples[i][j];
    std::sort(values.begin(), values.end());
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return arranged(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(j)) <
             arranged(static_cast<Eigen::Index>(b), static_cast<Eigen::Index>(j));
    });
    for (std::size_t rank = 0; rank < n; ++rank) out[order[rank]][j] = values[rank];
  }
  return out;
}

double spearman_correlation(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size() || a.size() < 2) return std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> ra = sample_ranks(a);
  const std::vector<double> rb = sample_ranks(b);
  const double ma = sample_mean(ra);
  const double mb = sample_mean(rb);
  double sab = 0.0, saa = 0.0, sbb = 0.0;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) * (ra[i] - ma);
    sbb += (rb[i] - mb) * (rb[i] - mb);
  }
  return saa > 0.0 && sbb > 0.0 ? sab / std::sqrt(saa * sbb) : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace terawatt
