#include "models/power/host_power.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace terawatt {

void HostPowerCurve::validate() const {
  if (!(std::isfinite(idle_w) && std::isfinite(loaded_w) && idle_w >= 0.0 && loaded_w >= idle_w)) {
    throw std::invalid_argument("host power must satisfy 0 <= idle (" + std::to_string(idle_w) + " W) <= loaded (" +
                                std::to_string(loaded_w) + " W)");
  }
}

double HostPowerCurve::power_w(double accelerator_load) const {
  return idle_w + (loaded_w - idle_w) * std::clamp(accelerator_load, 0.0, 1.0);
}

}  // namespace terawatt
