#include "models/workload/checkpoint_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace terawatt {

double checkpoint_segments(const JobSchedule& job) {
  if (!job.checkpoint) return 1.0;
  const double ratio = job.compute_s / job.checkpoint->interval_s;
  const double nearest = std::round(ratio);
  // 1e-9 relative: far above the rounding error of the division (about 1e-16 relative), far below a last segment
  // a scenario would mean (a billionth of the interval).
  if (std::abs(ratio - nearest) <= 1e-9 * std::max(1.0, ratio)) return std::max(1.0, nearest);
  return std::ceil(ratio);
}

double failure_free_run_s(const JobSchedule& job) {
  const double working_s = job.compute_s * (1.0 + job.exposed_s_per_compute_s);
  if (!job.checkpoint) return working_s;
  return working_s + (checkpoint_segments(job) - 1.0) * job.checkpoint->write_s;
}

double failure_rate_per_s(const JobSchedule& job) {
  if (!job.failures) return 0.0;
  return static_cast<double>(job.accelerators) / job.failures->mtbf_s;
}

double mean_run_s(const JobSchedule& job) {
  const double rate_per_s = failure_rate_per_s(job);
  // An infinite mtbf never fails: the formula's limit, which it would give as infinity x 0.
  if (!(rate_per_s > 0.0)) return failure_free_run_s(job);
  const double segments = checkpoint_segments(job);
  const double interval_s = job.checkpoint ? job.checkpoint->interval_s : job.compute_s;
  const double write_s = job.checkpoint ? job.checkpoint->write_s : 0.0;
  const double stretch = 1.0 + job.exposed_s_per_compute_s;
  const double last_s = (job.compute_s - (segments - 1.0) * interval_s) * stretch;
  return (1.0 / rate_per_s + job.failures->restart_delay_s) *
         ((segments - 1.0) * std::expm1(rate_per_s * (interval_s * stretch + write_s)) +
          std::expm1(rate_per_s * last_s));
}

double expected_failures(const JobSchedule& job, double span_s) {
  if (!job.failures) return 0.0;
  return span_s / (1.0 / failure_rate_per_s(job) + job.failures->restart_delay_s);
}

}  // namespace terawatt
