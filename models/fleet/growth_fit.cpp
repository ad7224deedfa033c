#include "models/fleet/growth_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace terawatt {

namespace {

void check_series(const Eigen::VectorXd& t_years, const Eigen::VectorXd& values, Eigen::Index minimum_points) {
  if (t_years.size() != values.size() || t_years.size() < minimum_points) {
    throw std::invalid_argument("a growth fit needs as many times as values, and enough of them");
  }
  if (!t_years.allFinite() || !values.allFinite() || (values.array() <= 0.0).any()) {
    throw std::invalid_argument("a growth fit needs finite times and strictly positive values");
  }
  if (t_years.maxCoeff() == t_years.minCoeff()) {
    throw std::invalid_argument("a growth fit needs at least two distinct times");
  }
}

// Least squares of y on [1, t]: returns (intercept, slope).
Eigen::Vector2d linear_fit(const Eigen::VectorXd& t, const Eigen::VectorXd& y) {
  Eigen::MatrixXd design(t.size(), 2);
  design.col(0).setOnes();
  design.col(1) = t;
  return design.colPivHouseholderQr().solve(y);
}

Eigen::VectorXd logistic_at(const Eigen::VectorXd& t, double ceiling, double rate, double midpoint) {
  return (ceiling / (1.0 + (-rate * (t.array() - midpoint)).exp())).matrix();
}

// Stage 1 for a given ceiling: logit-linear fit, then the sum of squared residuals in value units.
struct Profile {
  double rate = 0.0;
  double midpoint = 0.0;
  double sse = std::numeric_limits<double>::infinity();
};

Profile profile_at(const Eigen::VectorXd& t, const Eigen::VectorXd& y, double ceiling) {
  const Eigen::VectorXd logit = (ceiling / y.array() - 1.0).log().matrix();
  const Eigen::Vector2d line = linear_fit(t, logit);  // logit = -r t + r t_mid
  Profile p;
  p.rate = -line(1);
  if (p.rate == 0.0) {
    return p;
  }
  p.midpoint = line(0) / p.rate;
  p.sse = (y - logistic_at(t, ceiling, p.rate, p.midpoint)).squaredNorm();
  if (!std::isfinite(p.sse)) {
    p.sse = std::numeric_limits<double>::infinity();
  }
  return p;
}

}  // namespace

ExponentialFit fit_exponential(const Eigen::VectorXd& t_years, const Eigen::VectorXd& values) {
  check_series(t_years, values, 2);
  const Eigen::VectorXd log_values = values.array().log().matrix();
  const Eigen::Vector2d line = linear_fit(t_years, log_values);
  ExponentialFit fit;
  fit.initial_value = std::exp(line(0));
  fit.rate_per_year = line(1);
  const Eigen::VectorXd residual = log_values - (line(0) + line(1) * t_years.array()).matrix();
  fit.rms_log_residual = std::sqrt(residual.squaredNorm() / static_cast<double>(values.size()));
  return fit;
}

namespace {

// The profile of the logistic at its best ceiling K, and that K (stage 1 of fit_logistic).
struct LogisticStart {
  double ceiling = 0.0;
  Profile profile;
};

LogisticStart logistic_start(const Eigen::VectorXd& t_years, const Eigen::VectorXd& values) {
  const double largest = values.maxCoeff();

  // Stage 1a: grid in ln K over (largest, 1000 x largest]; the first point sits just above the largest value so
  // that the logit stays finite.
  const double log_low = std::log(largest * (1.0 + 1e-9));
  const double log_high = std::log(largest * 1000.0);
  constexpr int grid_points = 200;
  const double grid_step = (log_high - log_low) / (grid_points - 1);
  int best_index = 0;
  double best_sse = std::numeric_limits<double>::infinity();
  for (int i = 0; i < grid_points; ++i) {
    const double sse = profile_at(t_years, values, std::exp(log_low + grid_step * i)).sse;
    if (sse < best_sse) {
      best_sse = sse;
      best_index = i;
    }
  }

  // Stage 1b: golden-section search in ln K over the two grid cells either side of the best point.
  double a = log_low + grid_step * std::max(0, best_index - 1);
  double b = log_low + grid_step * std::min(grid_points - 1, best_index + 1);
  const double inverse_golden = (std::sqrt(5.0) - 1.0) / 2.0;
  double c = b - inverse_golden * (b - a);
  double d = a + inverse_golden * (b - a);
  double sse_c = profile_at(t_years, values, std::exp(c)).sse;
  double sse_d = profile_at(t_years, values, std::exp(d)).sse;
  for (int iteration = 0; iteration < 200 && (b - a) > 1e-14; ++iteration) {
    if (sse_c < sse_d) {
      b = d;
      d = c;
      sse_d = sse_c;
      c = b - inverse_golden * (b - a);
      sse_c = profile_at(t_years, values, std::exp(c)).sse;
    } else {
      a = c;
      c = d;
      sse_c = sse_d;
      d = a + inverse_golden * (b - a);
      sse_d = profile_at(t_years, values, std::exp(d)).sse;
    }
  }
  double ceiling = std::exp((a + b) / 2.0);
  Profile start = profile_at(t_years, values, ceiling);
  if (best_sse < start.sse) {  // keep the grid point if refinement did not improve on it
    ceiling = std::exp(log_low + grid_step * best_index);
    start = profile_at(t_years, values, ceiling);
  }
  return {ceiling, start};
}

// Stage 2 of fit_logistic: Gauss-Newton on p = (K, r, t_mid) with step halving, from p and its sse; both are
// updated in place.
void refine_logistic(const Eigen::VectorXd& t_years, const Eigen::VectorXd& values, Eigen::Vector3d& p, double& sse) {
  const Eigen::Index n = values.size();
  for (int iteration = 0; iteration < 100; ++iteration) {
    Eigen::MatrixXd jacobian(n, 3);
    for (Eigen::Index i = 0; i < n; ++i) {
      const double e = std::exp(-p(1) * (t_years(i) - p(2)));
      const double s = 1.0 / (1.0 + e);  // logistic share of the ceiling
      const double ds = s * (1.0 - s);   // derivative of s with respect to its argument
      jacobian(i, 0) = s;
      jacobian(i, 1) = p(0) * ds * (t_years(i) - p(2));
      jacobian(i, 2) = -p(0) * ds * p(1);
    }
    const Eigen::VectorXd residual = values - logistic_at(t_years, p(0), p(1), p(2));
    const Eigen::Vector3d step = jacobian.colPivHouseholderQr().solve(residual);
    if (!step.allFinite()) {
      break;
    }
    bool improved = false;
    double scale = 1.0;
    for (int halving = 0; halving < 30; ++halving, scale /= 2.0) {
      const Eigen::Vector3d trial = p + scale * step;
      if (!(trial(0) > 0.0)) {
        continue;
      }
      const double trial_sse = (values - logistic_at(t_years, trial(0), trial(1), trial(2))).squaredNorm();
      if (std::isfinite(trial_sse) && trial_sse < sse) {
        p = trial;
        improved = sse - trial_sse > 1e-15 * sse;
        sse = trial_sse;
        break;
      }
    }
    if (!improved) {
      break;
    }
  }
}

}  // namespace

LogisticFit fit_logistic(const Eigen::VectorXd& t_years, const Eigen::VectorXd& values) {
  check_series(t_years, values, 3);
  const LogisticStart start = logistic_start(t_years, values);
  if (!std::isfinite(start.profile.sse)) {
    throw std::runtime_error("logistic fit found no finite starting point");
  }
  Eigen::Vector3d p(start.ceiling, start.profile.rate, start.profile.midpoint);
  double sse = start.profile.sse;
  refine_logistic(t_years, values, p, sse);
  const Eigen::Index n = values.size();

  LogisticFit fit;
  fit.ceiling = p(0);
  fit.rate_per_year = p(1);
  fit.midpoint_years = p(2);
  fit.rms_residual = std::sqrt(sse / static_cast<double>(n));
  return fit;
}

}  // namespace terawatt
