#include "models/workload/autoscaler.hpp"

#include <algorithm>
#include <cmath>

namespace terawatt {

std::size_t autoscaled_replicas(const AutoscaleRule& rule, double rate_per_s, std::size_t active, double now_s,
                                double& below_since_s) {
  const double wanted = std::ceil(rate_per_s / (rule.target_utilisation * rule.replica_capacity_per_s));
  const auto desired = static_cast<std::size_t>(
      std::clamp(wanted, static_cast<double>(rule.min_replicas), static_cast<double>(rule.max_replicas)));
  return after_scale_down_delay(desired, active, rule.scale_down_delay_s, now_s, below_since_s);
}

std::size_t after_scale_down_delay(std::size_t desired, std::size_t active, double delay_s, double now_s,
                                   double& below_since_s) {
  if (desired >= active) {
    below_since_s = -1.0;
    return desired;
  }
  if (below_since_s < 0.0) below_since_s = now_s;
  if (now_s - below_since_s < delay_s) return active;
  below_since_s = -1.0;
  return desired;
}

}  // namespace terawatt
