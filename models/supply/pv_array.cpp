#include "models/supply/pv_array.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

namespace terawatt {

namespace {

constexpr double seconds_per_hour = 3600.0;
// The most negative power temperature coefficient accepted, -1 %/K: twice that of any commercial module.
constexpr double min_temperature_coefficient_per_k = -0.01;
// The hottest NOCT accepted: modules report 40-50 C; 80 C would be a module with no cooling at all.
constexpr double max_noct_c = 80.0;

double checked_power_w(const PvArrayParams& params, double ghi_w_per_m2, double air_temperature_c) {
  if (!std::isfinite(ghi_w_per_m2) || ghi_w_per_m2 < 0.0) {
    throw std::invalid_argument("PV power: ghi_w_per_m2 must be finite and >= 0");
  }
  if (!std::isfinite(air_temperature_c)) throw std::invalid_argument("PV power: air_temperature_c must be finite");
  const double cell_c = pv_cell_temperature_c(params.noct_c, ghi_w_per_m2, air_temperature_c);
  const double temperature_factor =
      std::max(0.0, 1.0 + params.temperature_coefficient_per_k * (cell_c - stc_cell_temperature_c));
  const double dc_w = params.peak_w * ghi_w_per_m2 / stc_irradiance_w_per_m2 * temperature_factor;
  double ac_w = dc_w * (1.0 - params.system_losses) * params.inverter_efficiency;
  if (params.inverter_ac_limit_w) ac_w = std::min(ac_w, *params.inverter_ac_limit_w);
  return std::max(0.0, ac_w);
}

void require_usable(const PvArrayParams& params) {
  const std::string problem = pv_params_problem(params);
  if (!problem.empty()) throw std::invalid_argument("PV array: " + problem);
}

}  // namespace

std::string pv_params_problem(const PvArrayParams& p) {
  if (!std::isfinite(p.peak_w) || p.peak_w <= 0.0) return "peak_w must be > 0";
  if (!(p.temperature_coefficient_per_k >= min_temperature_coefficient_per_k && p.temperature_coefficient_per_k <= 0.0))
    return "temperature_coefficient_per_k must be in [-0.01, 0] per K";
  if (!(p.noct_c > noct_air_temperature_c && p.noct_c <= max_noct_c)) return "noct_c must be in (20, 80] C";
  if (!(p.system_losses >= 0.0 && p.system_losses < 1.0)) return "system_losses must be in [0, 1)";
  if (!(p.inverter_efficiency > 0.0 && p.inverter_efficiency <= 1.0)) return "inverter_efficiency must be in (0, 1]";
  if (p.inverter_ac_limit_w && !(std::isfinite(*p.inverter_ac_limit_w) && *p.inverter_ac_limit_w > 0.0))
    return "inverter_ac_limit_w must be > 0 when given";
  return {};
}

double pv_cell_temperature_c(double noct_c, double ghi_w_per_m2, double air_temperature_c) {
  return air_temperature_c + (noct_c - noct_air_temperature_c) / noct_irradiance_w_per_m2 * ghi_w_per_m2;
}

double pv_ac_power_w(const PvArrayParams& params, double ghi_w_per_m2, double air_temperature_c) {
  require_usable(params);
  return checked_power_w(params, ghi_w_per_m2, air_temperature_c);
}

StepSeries pv_power_series(const PvArrayParams& params, const StepSeries& ghi_w_per_m2, const StepSeries& dry_bulb_c) {
  require_usable(params);
  if (ghi_w_per_m2.step_s() != seconds_per_hour || dry_bulb_c.step_s() != seconds_per_hour) {
    throw std::invalid_argument("PV power series: ghi_w_per_m2 and dry_bulb_c must be hourly (step 3600 s)");
  }
  if (ghi_w_per_m2.start_epoch_s() != dry_bulb_c.start_epoch_s() || ghi_w_per_m2.size() != dry_bulb_c.size()) {
    throw std::invalid_argument(
        "PV power series: ghi_w_per_m2 and dry_bulb_c must be aligned (same start and number of hours)");
  }
  if (ghi_w_per_m2.size() == 0) throw std::invalid_argument("PV power series: ghi_w_per_m2 is empty");
  std::vector<double> power(ghi_w_per_m2.size());
  for (std::size_t h = 0; h < power.size(); ++h) {
    power[h] = checked_power_w(params, ghi_w_per_m2.values()[h], dry_bulb_c.values()[h]);
  }
  return StepSeries(ghi_w_per_m2.start_epoch_s(), seconds_per_hour, std::move(power));
}

}  // namespace terawatt
