#pragma once
// Least-squares growth curves for fleet projections: fit a series of shipments or energy figures with
// an exponential or a logistic curve, then extend it with exponential_series / logistic_series
// (models/fleet/fleet_stock_flow.hpp). Projections such as IEA Electricity 2024 (docs/references.md RC-41: 460 TWh in
// 2022, "just over 800 TWh" in 2026) are growth assumptions of exactly this kind.

#include <Eigen/Dense>

namespace terawatt {

// value(t) = initial_value x exp(rate_per_year x t), t in years as given.
struct ExponentialFit {
  double initial_value = 0.0;  // value at t = 0
  double rate_per_year = 0.0;  // continuous rate; the annual growth factor is exp(rate_per_year)
  double rms_log_residual = 0.0;
};

// Log-linear regression: ordinary least squares of ln(value) on [1, t] (column-pivoting QR), so the fit
// minimises relative, not absolute, errors, which suits data that span orders of magnitude. Noise-free
// exponential data are recovered to rounding. Needs >= 2 distinct times and strictly positive values.
ExponentialFit fit_exponential(const Eigen::VectorXd& t_years, const Eigen::VectorXd& values);

// value(t) = ceiling / (1 + exp(-rate_per_year x (t - midpoint_years))).
struct LogisticFit {
  double ceiling = 0.0;
  double rate_per_year = 0.0;
  double midpoint_years = 0.0;
  double rms_residual = 0.0;  // in the units of the values
};

// Least squares in the values' own units, in two stages:
//  1. Profile over the ceiling K: for a fixed K > max(values) the curve is linear after the logit transform,
//     ln(K / value - 1) = -r t + r t_mid, so r and t_mid come from a log-linear fit. K is searched on a grid of
//     200 points in ln K over (max, 1000 x max] and refined by golden-section search around the best point,
//     minimising the sum of squared residuals of the values.
//  2. Gauss-Newton on (K, r, t_mid) from that start, each step halved until the sum of squares decreases, to
//     turn the logit-space inner fit into a true least-squares fit when the data are noisy.
// Needs >= 3 distinct times and strictly positive values. A series still in its early, exponential phase does
// not pin the ceiling: check the ceiling against a physical bound before using it.
LogisticFit fit_logistic(const Eigen::VectorXd& t_years, const Eigen::VectorXd& values);

}  // namespace terawatt
