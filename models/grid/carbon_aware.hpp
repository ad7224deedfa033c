#pragma once
// When a deferrable job should start, given the grid's carbon intensity ahead. Two policies:
//  - threshold: start at the first hour whose intensity is at or below a threshold;
//  - forecast window: start where the mean intensity over the job's run is lowest.
// Both start at once when waiting would miss the deadline. The forecast is perfect (the intensity series the
// scenario gives); a real day-ahead forecast errs, which makes this an upper bound on the saving.

#include "models/base/time_varying.hpp"

namespace terawatt {

enum class DeferralPolicy { threshold, forecast_window };

struct DeferralParams {
  DeferralPolicy policy = DeferralPolicy::forecast_window;
  double deadline_s = 0.0;          // the job must end within this time of its submission
  double threshold_kg_per_j = 0.0;  // threshold policy only
};

// Epoch second at which a job of `run_s` submitted at `submit_epoch_s` should start. Candidates are the
// submission time and every whole hour up to the latest start (deadline - run), where hourly data change.
double choose_deferred_start(const DeferralParams& params, const TimeVarying& intensity_kg_per_j, double submit_epoch_s,
                             double run_s);

}  // namespace terawatt
