#pragma once
// An autoscaler that targets latency instead of utilisation: Kubernetes' Horizontal Pod Autoscaler rule
// (kubernetes.io, "Horizontal Pod Autoscaling", algorithm details) applied to a service's latency targets:
//   desired = ceil(active x ratio), ratio = observed / target,
// where `observed / target` is the larger of time to first token and time per output token, each at the percentile
// the service wants within its target (its attainment goal, e.g. the 90th percentile for 90 %), over the requests
// completed in the last control interval, divided by its target. No change while the ratio is within 1 +/- tolerance
// (0.1, the HPA's default); up at once; down only once the rule has wanted fewer replicas for the scale-down delay
// (the HPA's stabilisation window), within [min_replicas, max_replicas].
// Latency is not linear in replicas (it falls steeply near saturation and barely below it), so the rule overshoots and
// settles over a few intervals, as the HPA does on such metrics: an assumption of the rule, not of the service.
// An interval with no completed request gives no evidence: the rule holds, but wakes one replica when requests
// arrive and none serves.

#include <cstddef>
#include <cstdint>

namespace terawatt {

struct SloScaleRule {
  double tolerance = 0.1;  // the HPA's default
  double scale_down_delay_s = 0.0;
  std::int64_t min_replicas = 0;
  std::int64_t max_replicas = 0;
};

// Replicas the rule wants with `active` serving or waking at `now_s`; `ratio` is observed / target (NaN: no request
// completed in the interval), `demand` whether requests arrived. `below_since_s` is kept by the caller between calls,
// -1 at first, as autoscaled_replicas's.
std::size_t slo_scaled_replicas(const SloScaleRule& rule, double ratio, bool demand, std::size_t active, double now_s,
                                double& below_since_s);

}  // namespace terawatt
