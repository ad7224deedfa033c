#include "models/fleet/fleet_stock_flow.hpp"

#include <cmath>
#include <stdexcept>

namespace terawatt {

SurvivalCurve SurvivalCurve::fixed(int lifetime_years) {
  if (lifetime_years < 1) {
    throw std::invalid_argument("a fixed server lifetime must be at least 1 year");
  }
  SurvivalCurve curve;
  curve.kind = Kind::fixed_lifetime;
  curve.lifetime_years = lifetime_years;
  return curve;
}

SurvivalCurve SurvivalCurve::weibull(double shape, double scale_years) {
  if (!(shape > 0.0) || !(scale_years > 0.0) || !std::isfinite(shape) || !std::isfinite(scale_years)) {
    throw std::invalid_argument("a Weibull survival curve needs a positive shape and scale");
  }
  SurvivalCurve curve;
  curve.kind = Kind::weibull;
  curve.shape = shape;
  curve.scale_years = scale_years;
  return curve;
}

double SurvivalCurve::at(int age_years) const {
  if (age_years < 0) {
    throw std::invalid_argument("survival is defined for ages >= 0 only");
  }
  if (kind == Kind::fixed_lifetime) {
    return age_years < lifetime_years ? 1.0 : 0.0;
  }
  // exp(-(a / lambda)^k); age 0 gives exactly 1, so a vintage is whole in its shipment year.
  return std::exp(-std::pow(static_cast<double>(age_years) / scale_years, shape));
}

FleetStock fleet_stock(int first_year, const Eigen::VectorXd& shipped, const SurvivalCurve& survival) {
  const Eigen::Index n = shipped.size();
  if (n == 0) {
    throw std::invalid_argument("fleet_stock needs at least one year of shipments");
  }
  if (!shipped.allFinite() || (shipped.array() < 0.0).any()) {
    throw std::invalid_argument("shipments must be finite and non-negative");
  }
  FleetStock fleet;
  fleet.first_year = first_year;
  fleet.shipped = shipped;
  // Lower-triangular: a vintage cannot be installed before it is shipped.
  fleet.installed_by_vintage = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index y = 0; y < n; ++y) {
    for (Eigen::Index v = 0; v <= y; ++v) {
      fleet.installed_by_vintage(y, v) = shipped(v) * survival.at(static_cast<int>(y - v));
    }
  }
  fleet.installed = fleet.installed_by_vintage.rowwise().sum();
  // Retirements from the stock-flow identity rather than from survival differences, so that conservation holds
  // by construction instead of to the accuracy of two separately summed series.
  fleet.retired.resize(n);
  double previous = 0.0;
  for (Eigen::Index y = 0; y < n; ++y) {
    fleet.retired(y) = previous + shipped(y) - fleet.installed(y);
    previous = fleet.installed(y);
  }
  return fleet;
}

Eigen::VectorXd exponential_series(int first_year, int years, int base_year, double base_value, double rate_per_year) {
  if (years < 1 || !(base_value > 0.0) || !std::isfinite(rate_per_year)) {
    throw std::invalid_argument("an exponential series needs >= 1 year, a positive base value and a finite rate");
  }
  Eigen::VectorXd values(years);
  for (int i = 0; i < years; ++i) {
    values(i) = base_value * std::exp(rate_per_year * static_cast<double>(first_year + i - base_year));
  }
  return values;
}

Eigen::VectorXd logistic_series(int first_year, int years, double ceiling, double rate_per_year, double midpoint_year) {
  if (years < 1 || !(ceiling > 0.0) || !std::isfinite(rate_per_year) || !std::isfinite(midpoint_year)) {
    throw std::invalid_argument("a logistic series needs >= 1 year, a positive ceiling and a finite rate and midpoint");
  }
  Eigen::VectorXd values(years);
  for (int i = 0; i < years; ++i) {
    values(i) = ceiling / (1.0 + std::exp(-rate_per_year * (static_cast<double>(first_year + i) - midpoint_year)));
  }
  return values;
}

Eigen::VectorXd fleet_energy_twh(const FleetStock& fleet, const Eigen::VectorXd& power_per_server_w,
                                 const Eigen::VectorXd& utilisation, const Eigen::VectorXd& pue) {
  const Eigen::Index n = fleet.installed_by_vintage.rows();
  if (power_per_server_w.size() != fleet.installed_by_vintage.cols() || utilisation.size() != n || pue.size() != n) {
    throw std::invalid_argument("fleet energy needs one power per vintage and one utilisation and PUE per year");
  }
  if (!power_per_server_w.allFinite() || (power_per_server_w.array() < 0.0).any()) {
    throw std::invalid_argument("power per server must be finite and non-negative");
  }
  if (!utilisation.allFinite() || (utilisation.array() < 0.0).any() || (utilisation.array() > 1.0).any()) {
    throw std::invalid_argument("utilisation must lie in [0, 1]");
  }
  // Each year's row of powers: the vintages' powers scaled by that year's utilisation.
  const Eigen::MatrixXd power_w = utilisation * power_per_server_w.transpose();
  return fleet_energy_twh(fleet.installed_by_vintage, power_w, pue);
}

Eigen::VectorXd fleet_energy_twh(const Eigen::MatrixXd& installed_by_vintage, const Eigen::MatrixXd& power_per_server_w,
                                 const Eigen::VectorXd& pue) {
  if (power_per_server_w.rows() != installed_by_vintage.rows() ||
      power_per_server_w.cols() != installed_by_vintage.cols() || pue.size() != installed_by_vintage.rows()) {
    throw std::invalid_argument("fleet energy needs a power per year and vintage and a PUE per year");
  }
  if (!power_per_server_w.allFinite() || (power_per_server_w.array() < 0.0).any()) {
    throw std::invalid_argument("power per server must be finite and non-negative");
  }
  if (!pue.allFinite() || (pue.array() < 1.0).any()) {
    throw std::invalid_argument("PUE must be at least 1");
  }
  constexpr double wh_per_twh = 1e12;
  const Eigen::VectorXd power_w = installed_by_vintage.cwiseProduct(power_per_server_w).rowwise().sum();
  return (power_w.array() * pue.array() * fleet_hours_per_year / wh_per_twh).matrix();
}

Eigen::VectorXd fleet_emissions_t(const Eigen::VectorXd& energy_twh, const Eigen::VectorXd& intensity_g_per_kwh) {
  if (energy_twh.size() != intensity_g_per_kwh.size()) {
    throw std::invalid_argument("emissions need one carbon intensity per year of energy");
  }
  if (!intensity_g_per_kwh.allFinite() || (intensity_g_per_kwh.array() < 0.0).any()) {
    throw std::invalid_argument("carbon intensity must be finite and non-negative");
  }
  constexpr double kwh_per_twh = 1e9;
  constexpr double g_per_t = 1e6;
  return (energy_twh.array() * intensity_g_per_kwh.array() * (kwh_per_twh / g_per_t)).matrix();
}

}  // namespace terawatt
