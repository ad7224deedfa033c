#include "models/power/accelerator_power.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace terawatt {

std::string_view work_kind_name(WorkKind kind) {
  switch (kind) {
    case WorkKind::idle:
      return "idle";
    case WorkKind::compute:
      return "compute";
    case WorkKind::checkpoint:
      return "checkpoint";
    case WorkKind::communication:
      return "communication";
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
    if (!(measured_w > params.idle_w && measured_w <= params.tdp_w)) {
      throw std::invalid_argument("measured compute power (" + std::to_string(measured_w) +
                                  " W) must exceed idle and not exceed the TDP (" + std::to_string(params.tdp_w) +
                                  " W)");
    }
    params_.intensities.compute = (measured_w - params.idle_w) / (params.tdp_w - params.idle_w);
  }
  if (!(in.compute >= 0.0 && in.compute <= 1.0) ||
      !(in.checkpoint_fraction_of_tdp >= 0.0 && in.checkpoint_fraction_of_tdp <= 1.0) ||
      !(in.communication_fraction_of_tdp >= 0.0 && in.communication_fraction_of_tdp <= 1.0)) {
    throw std::invalid_argument("work intensities must lie in [0, 1]");
  }
}

double AcceleratorPowerModel::intensity(WorkKind kind) const {
  switch (kind) {
    case WorkKind::idle:
      return 0.0;
    case WorkKind::compute:
      return params_.intensities.compute;
    case WorkKind::checkpoint:
      return intensity_of_tdp_fraction(params_.intensities.checkpoint_fraction_of_tdp);
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

double AcceleratorPowerModel::uncapped_power_w(WorkKind kind) const {
  return params_.idle_w + (params_.tdp_w - params_.idle_w) * intensity(kind);
}

double AcceleratorPowerModel::clock_bound_share(WorkKind kind) {
  return kind == WorkKind::compute ? 1.0 : 0.0;
}

CappedPhase AcceleratorPowerModel::capped(double uncapped_power_w, double clock_bound_share) const {
  if (!(clock_bound_share >= 0.0 && clock_bound_share <= 1.0)) {
    throw std::invalid_argument("a phase's clock-bound share (" + std::to_string(clock_bound_share) +
                                ") must lie in [0, 1]");
  }
  // A relative slack of 1e-12 admits idle + (TDP - idle) x 1 rounded one ulp above the TDP.
  if (!(uncapped_power_w >= params_.idle_w && uncapped_power_w <= params_.tdp_w * (1.0 + 1e-12))) {
    throw std::invalid_argument("a phase's uncapped power (" + std::to_string(uncapped_power_w) +
                                " W) must lie between idle and TDP");
  }
  CappedPhase phase;
  phase.power_w = uncapped_power_w;
  if (uncapped_power_w <= limit_w_) return phase;  // the cap does not reach it
  // Dynamic power ~ f^3: the clock at which the phase's dynamic power shrinks to the limit's.
  const double dynamic_ratio = (limit_w_ - params_.idle_w) / (uncapped_power_w - params_.idle_w);
  phase.clock_factor = std::cbrt(dynamic_ratio);
  // The power the lower clock implies, idle + (P_u - idle) f^3, is the limit itself.
  phase.power_w = limit_w_;
  phase.time_factor = (1.0 - clock_bound_share) + clock_bound_share / phase.clock_factor;
  return phase;
}

}  // namespace terawatt
