#include "models/supply/battery.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace terawatt {

std::string battery_params_problem(const BatteryParams& p) {
  const auto finite_positive = [](double x) { return std::isfinite(x) && x > 0.0; };
  if (!finite_positive(p.capacity_j)) return "capacity: must be positive and finite";
  if (!finite_positive(p.charge_power_w)) return "charge_power: must be positive and finite";
  if (!finite_positive(p.discharge_power_w)) return "discharge_power: must be positive and finite";
  if (!(p.round_trip_efficiency > 0.0 && p.round_trip_efficiency <= 1.0))
    return "round_trip_efficiency: must be in (0, 1]";
  if (!(p.min_soc >= 0.0 && p.min_soc < 1.0)) return "min_soc: must be in [0, 1)";
  if (!(p.max_soc > p.min_soc && p.max_soc <= 1.0)) return "max_soc: must be in (min_soc, 1]";
  if (!(p.initial_soc >= p.min_soc && p.initial_soc <= p.max_soc))
    return "initial_soc: must be within [min_soc, max_soc]";
  return {};
}

Battery::Battery(const BatteryParams& params)
    : params_(params),
      charge_efficiency_(std::sqrt(params.round_trip_efficiency)),
      discharge_efficiency_(std::sqrt(params.round_trip_efficiency)),
      stored_j_(params.initial_soc * params.capacity_j) {
  if (const std::string problem = battery_params_problem(params); !problem.empty())
    throw std::invalid_argument("battery " + problem);
}

double Battery::max_discharge_w(double duration_s) const {
  const double available_j = std::max(0.0, stored_j_ - params_.min_soc * params_.capacity_j);
  return std::min(params_.discharge_power_w, available_j * discharge_efficiency_ / duration_s);
}

double Battery::max_charge_w(double duration_s) const {
  const double room_j = std::max(0.0, params_.max_soc * params_.capacity_j - stored_j_);
  return std::min(params_.charge_power_w, room_j / charge_efficiency_ / duration_s);
}

double Battery::hold(double bus_power_w, double duration_s) {
  if (!(duration_s > 0.0)) throw std::invalid_argument("battery: a step must last a positive time");
  if (bus_power_w > 0.0) {
    const double power_w = std::min(bus_power_w, max_discharge_w(duration_s));
    stored_j_ -= power_w * duration_s / discharge_efficiency_;
    discharged_j_ += power_w * duration_s;
    stored_j_ = std::max(stored_j_, params_.min_soc * params_.capacity_j);  // rounding only
    return power_w;
  }
  if (bus_power_w < 0.0) {
    const double power_w = std::min(-bus_power_w, max_charge_w(duration_s));
    stored_j_ += power_w * duration_s * charge_efficiency_;
    charged_j_ += power_w * duration_s;
    stored_j_ = std::min(stored_j_, params_.max_soc * params_.capacity_j);  // rounding only
    return -power_w;
  }
  return 0.0;
}

double Battery::equivalent_full_cycles() const {
  return discharged_j_ / (params_.capacity_j * (params_.max_soc - params_.min_soc));
}

}  // namespace terawatt
