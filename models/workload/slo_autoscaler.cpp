#include "models/workload/slo_autoscaler.hpp"

#include "models/workload/autoscaler.hpp"

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
  return after_scale_down_delay(clamp(wanted), active, rule.scale_down_delay_s, now_s, below_since_s);
}

}  // namespace terawatt
