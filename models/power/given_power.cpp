#include "models/power/given_power.hpp"

#include "models/power/accelerator_power.hpp"
#include "models/power/host_power.hpp"

#include <cmath>
#include <stdexcept>

namespace terawatt {

double server_nameplate_w(double accelerators, const AcceleratorPowerModel& accelerator, const HostPowerCurve& host) {
  return accelerators * accelerator.tdp_w() + host.loaded_w;
}

PowerSplit split_server_power(double it_w, double accelerators, const AcceleratorPowerModel& accelerator,
                              const HostPowerCurve& host) {
  if (!(it_w >= 0.0) || !std::isfinite(it_w)) throw std::invalid_argument("a server's power must be finite and >= 0 W");
  if (!(accelerators > 0.0)) throw std::invalid_argument("a server needs accelerators > 0");
  const double idle_accelerators_w = accelerators * accelerator.idle_w();
  const double idle_w = idle_accelerators_w + host.idle_w;
  if (it_w <= idle_w) {
    const double scale = idle_w > 0.0 ? it_w / idle_w : 0.0;
    return {idle_accelerators_w * scale, it_w - idle_accelerators_w * scale};
  }
  const double nameplate_w = server_nameplate_w(accelerators, accelerator, host);
  if (it_w >= nameplate_w) {
    const double board_w = accelerators * accelerator.tdp_w();
    return {board_w, it_w - board_w};
  }
  const double load = (it_w - idle_w) / (nameplate_w - idle_w);
  const double accelerators_w =
      idle_accelerators_w + accelerators * (accelerator.tdp_w() - accelerator.idle_w()) * load;
  return {accelerators_w, it_w - accelerators_w};
}

}  // namespace terawatt
