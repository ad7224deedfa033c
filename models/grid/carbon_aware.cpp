#include "models/grid/carbon_aware.hpp"

#include <cmath>
#include <vector>

namespace terawatt {

double choose_deferred_start(const DeferralParams& params, const TimeVarying& intensity_kg_per_j, double submit_epoch_s,
                             double run_s) {
  constexpr double hour_s = 3600.0;
  const double latest_s = submit_epoch_s + params.deadline_s - run_s;
  if (!(latest_s > submit_epoch_s) || intensity_kg_per_j.is_constant()) return submit_epoch_s;

  std::vector<double> candidates{submit_epoch_s};
  for (double t = std::floor(submit_epoch_s / hour_s + 1.0) * hour_s; t <= latest_s; t += hour_s) {
    candidates.push_back(t);
  }
  if (params.policy == DeferralPolicy::threshold) {
    for (double t : candidates) {
      if (intensity_kg_per_j.covers(t, t + hour_s) &&
          intensity_kg_per_j.mean(t, std::min(t + hour_s, t + run_s)) <= params.threshold_kg_per_j) {
        return t;
      }
    }
    return latest_s;
  }
  double best_s = submit_epoch_s;
  double best_mean = intensity_kg_per_j.covers(submit_epoch_s, submit_epoch_s + run_s)
                         ? intensity_kg_per_j.mean(submit_epoch_s, submit_epoch_s + run_s)
                         : HUGE_VAL;
  for (double t : candidates) {
    if (!intensity_kg_per_j.covers(t, t + run_s)) continue;
    const double mean = intensity_kg_per_j.mean(t, t + run_s);
    if (mean < best_mean) {
      best_mean = mean;
      best_s = t;
    }
  }
  return best_s;
}

}  // namespace terawatt
