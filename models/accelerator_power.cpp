#include "models/accelerator_power.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace terawatt {

std::string_view work_kind_name(WorkKind kind) {
  switch (kind) {
    case WorkKind::idle: return "idle";
    case WorkKind::compute: return "compute";
    case WorkKind::checkpoint: return "checkpoint";
    case WorkKind::communication: return "communication";
  }
  return "unknown";
}

AcceleratorPowerModel::AcceleratorPowerModel(const AcceleratorPowerParams& params)
    : params_(params), limit_w_(std::min(params.tdp_w, params.power_cap_w.value_or(params.tdp_w))) {
  if (!(params.idle_w >= 0.0) || !(params.tdp_w > params.idle_w)) {
    throw std::invalid_argument("accelerator TDP (" + std::to_string(params.tdp_w) +
                                " W) must exceed its idle power (" + std::to_string(params.idle_w) + " W)");
  }
  if (!(limit_w_ > params.idle_w)) {
    throw std::invalid_argument("power cap (" + std::to_string(limit_w_) + " W) must exceed the idle power (" +
                                std::to_string(params.idle_w) + " W)");
  }
  const auto& in = params.intensities;
  if (params.measured_compute_w) {
    const double measured_w = *params.measured_compute_w;
    if (!(measured_w > params.idle_w && measured_w <= limit_w_)) {
      throw std::invalid_argument("measured compute power (" + std::to_string(measured_w) +
                                  " W) must exceed idle and not exceed the limit (" + std::to_string(limit_w_) + " W)");
    }
    params_.intensities.compute = (measured_w - params.idle_w) / (limit_w_ - params.idle_w);
  }
  if (!(in.compute >= 0.0 && in.compute <= 1.0) ||
      !(in.checkpoint_fraction_of_tdp >= 0.0 && in.checkpoint_fraction_of_tdp <= 1.0) ||
      !(in.communication_fraction_of_tdp >= 0.0 && in.communication_fraction_of_tdp <= 1.0)) {
    throw std::invalid_argument("work intensities must lie in [0, 1]");
  }
}

double AcceleratorPowerModel::intensity(WorkKind kind) const {
  switch (kind) {
    case WorkKind::idle: return 0.0;
    case WorkKind::compute: return params_.intensities.compute;
    case WorkKind::checkpoint: return intensity_of_tdp_fraction(params_.intensities.checkpoint_fraction_of_tdp);
    case WorkKind::communication:
      return intensity_of_tdp_fraction(params_.intensities.communication_fraction_of_tdp);
  }
  return 0.0;
}

// A kind of work whose power is known as a fraction of TDP: its intensity over the (uncapped) dynamic range.
double AcceleratorPowerModel::intensity_of_tdp_fraction(double fraction) const {
  const double power_w = fraction * params_.tdp_w;
  return std::clamp((power_w - params_.idle_w) / (params_.tdp_w - params_.idle_w), 0.0, 1.0);
}

double AcceleratorPowerModel::power_w(WorkKind kind) const {
  return params_.idle_w + (limit_w_ - params_.idle_w) * intensity(kind);
}

double AcceleratorPowerModel::compute_speed_factor() const {
  const double dynamic_range_ratio = (limit_w_ - params_.idle_w) / (params_.tdp_w - params_.idle_w);
  return std::cbrt(dynamic_range_ratio);
}

}  // namespace terawatt
