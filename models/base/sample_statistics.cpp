#include "models/base/sample_statistics.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>

namespace terawatt {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Standardised: mean 0 and standard deviation 1; false when the values do not vary.
bool standardise(Eigen::Ref<Eigen::VectorXd> values) {
  const double mean = values.mean();
  values.array() -= mean;
  const double norm = values.norm();
  // Ranks are whole or half numbers: centred values that do not vary sum to rounding noise of order 1e-16 each.
  if (!(norm > 1e-12 * static_cast<double>(values.size()))) return false;
  values /= norm / std::sqrt(static_cast<double>(values.size()));
  return true;
}

}  // namespace

double sample_quantile(std::vector<double> values, double q) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }), values.end());
  if (values.empty()) return nan;
  std::sort(values.begin(), values.end());
  const double position = std::clamp(q, 0.0, 1.0) * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

double sample_mean(const std::vector<double>& values) {
  double sum = 0.0;
  std::size_t count = 0;
  for (const double v : values) {
    if (!std::isfinite(v)) continue;
    sum += v;
    ++count;
  }
  return count > 0 ? sum / static_cast<double>(count) : nan;
}

std::vector<double> sample_ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&values](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i + 1;
    while (j < order.size() && values[order[j]] == values[order[i]]) ++j;
    const double shared = 0.5 * static_cast<double>(i + 1 + j);  // the mean of ranks i + 1 .. j
    for (std::size_t k = i; k < j; ++k) ranks[order[k]] = shared;
    i = j;
  }
  return ranks;
}

RankRegression rank_regression(const std::vector<std::vector<double>>& inputs, const std::vector<double>& figure) {
  const std::size_t count = inputs.empty() ? 0 : inputs.front().size();
  RankRegression result;
  result.srrc.assign(count, nan);
  result.r2 = nan;
  std::vector<std::size_t> kept;
  for (std::size_t s = 0; s < figure.size(); ++s) {
    if (std::isfinite(figure[s])) kept.push_back(s);
  }
  if (kept.size() < count + 2) return result;
  const auto n = static_cast<Eigen::Index>(kept.size());
  std::vector<double> kept_figure;
  for (const std::size_t s : kept) kept_figure.push_back(figure[s]);
  const std::vector<double> figure_ranks = sample_ranks(kept_figure);
  Eigen::VectorXd y = Eigen::Map<const Eigen::VectorXd>(figure_ranks.data(), n);
  if (!standardise(y)) return result;
  // The inputs that vary, as columns of standardised ranks.
  std::vector<std::size_t> columns;
  Eigen::MatrixXd x(n, static_cast<Eigen::Index>(count));
  for (std::size_t k = 0; k < count; ++k) {
    std::vector<double> column;
    for (const std::size_t s : kept) column.push_back(inputs[s][k]);
    const std::vector<double> ranks = sample_ranks(column);
    Eigen::VectorXd ranked = Eigen::Map<const Eigen::VectorXd>(ranks.data(), n);
    if (!standardise(ranked)) continue;
    x.col(static_cast<Eigen::Index>(columns.size())) = ranked;
    columns.push_back(k);
  }
  if (columns.empty()) return result;
  const Eigen::MatrixXd design = x.leftCols(static_cast<Eigen::Index>(columns.size()));
  const Eigen::VectorXd beta = design.colPivHouseholderQr().solve(y);
  for (std::size_t c = 0; c < columns.size(); ++c) result.srrc[columns[c]] = beta(static_cast<Eigen::Index>(c));
  const Eigen::VectorXd residual = y - design * beta;
  result.r2 = 1.0 - residual.squaredNorm() / y.squaredNorm();
  return result;
}

}  // namespace terawatt
