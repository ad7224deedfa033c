#pragma once
// The autoscaler of an inference service: from the request rate it expects, how many replicas should serve. It
// wants enough replicas that each runs at the target utilisation of its capacity, ceil(rate / (target x capacity)),
// within [min_replicas, max_replicas]. It scales up at once; it scales down only once demand has wanted fewer
// replicas than are active for the scale-down delay, so that a short dip does not release replicas that the next
// interval needs again.

#include <cstddef>
#include <cstdint>

namespace terawatt {

struct AutoscaleRule {
  double target_utilisation = 0.7;      // requests / capacity the scaler aims at, in (0, 1]
  double scale_down_delay_s = 0.0;      // demand must stay lower this long before replicas are released
  double replica_capacity_per_s = 0.0;  // requests per second one replica completes at a full batch
  std::int64_t min_replicas = 0;
  std::int64_t max_replicas = 0;
};

// Replicas the rule wants for `rate_per_s` with `active` replicas serving or waking at `now_s`. `below_since_s` is the
// rule's memory between calls, kept by the caller and -1 at first: since when demand has wanted fewer replicas than
// are active, negative while it does not.
std::size_t autoscaled_replicas(const AutoscaleRule& rule, double rate_per_s, std::size_t active, double now_s,
                                double& below_since_s);

// The scale-down delay both autoscalers share: `desired` at once when it is at least `active`; otherwise `active`
// until the rule has wanted fewer for `delay_s` (since `below_since_s`, kept by the caller, -1 while it has not).
std::size_t after_scale_down_delay(std::size_t desired, std::size_t active, double delay_s, double now_s,
                                   double& below_since_s);

}  // namespace terawatt
