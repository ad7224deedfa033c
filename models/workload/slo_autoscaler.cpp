#include "models/workload/slo_autoscaler.hpp"

#include <algorithm>
#include <cmath>

namespace terawatt {

std::size_t slo_scaled_replicas(const SloScaleRule& rule, double ratio, bool demand, std::size_t active, double now_s,
                                double& below_since_s) {
  const auto clamp = [&rule](double replicas) {
    return static_cast<std::size_t>(
        std::clamp(replicas, static_cast<double>(rule.min_replicas), static_cast<double>(rule.max_replicas)));
  };
  double wanted = static_cast<double>(active);
  if (std::isnan(ratio)) {
    if (active == 0 && demand) wanted = 1.0;
  } else if (std::abs(ratio - 1.0) > rule.tolerance) {
    wanted = std::ceil(static_cast<double>(active) * ratio);
  }
  const std::size_t desired = clamp(wanted);
  if (desired >= active) {
    below_since_s = -1.0;
    return desired;
  }
  if (below_since_s < 0.0) below_since_s = now_s;
  if (now_s - below_since_s < rule.scale_down_delay_s) return active;
  below_since_s = -1.0;
  return desired;
}

}  // namespace terawatt
