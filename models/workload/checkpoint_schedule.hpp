#pragma once
// How a training job's run is laid out in time: its compute cut into segments by periodic checkpoints, each
// segment but the last followed by a checkpoint write, exposed communication stretching the compute, and random
// failures that throw away the work since the last checkpoint and hold the job idle for a restart delay.

#include <cstdint>
#include <optional>

namespace terawatt {

// Periodic checkpoints: after every `interval_s` of compute every host writes for `write_s`.
struct CheckpointParams {
  double interval_s = 0.0;
  double write_s = 0.0;
};

// Random failures of a job, an exponential process with rate accelerators / mtbf_s while the job works.
struct FailureParams {
  double mtbf_s = 0.0;           // mean time between failures of one accelerator
  double restart_delay_s = 0.0;  // hosts held idle after a failure before the lost work is redone
};

// What the schedule of one job depends on.
struct JobSchedule {
  double compute_s = 0.0;                      // the job's compute, at its speed, without communication
  double exposed_s_per_compute_s = 0.0;        // exposed communication per second of compute (0: none)
  std::optional<CheckpointParams> checkpoint;  // none: no checkpoints
  std::optional<FailureParams> failures;       // none: the job never fails
  std::int64_t accelerators = 0;               // each fails at 1 / mtbf
};

// Segments the compute is cut into by the checkpoints: ceil(compute / interval), one without checkpoints. A ratio
// within 1e-9 of a whole number counts as that number, so that rounding does not add a vanishing last segment (and a
// checkpoint write before it).
double checkpoint_segments(const JobSchedule& job);

// The failure-free run: the compute and its exposed communication, plus a checkpoint write after every segment but
// the last. Failures make real runs longer; queueing and deferral plan with this.
double failure_free_run_s(const JobSchedule& job);

// The job's failure rate while it works: accelerators / mtbf (0 without failures).
double failure_rate_per_s(const JobSchedule& job);

// The mean run with failures: a stretch of L seconds that restarts after every failure (rate l, restart delay r)
// takes (1/l + r)(e^(l L) - 1) on average (each attempt is cut at an exponential time; the expected number of
// attempts is e^(l L)); a job is its checkpointed segments, each stretched by exposed communication and followed by
// its write, but the last. Without failures, or with an infinite mtbf, it is the failure-free run.
double mean_run_s(const JobSchedule& job);

// Failures expected over `span_s` of work and restarts: a renewal process whose cycle is a mean time to failure 1/l
// plus the restart delay r fails about span / (1/l + r) times (0 without failures).
double expected_failures(const JobSchedule& job, double span_s);

}  // namespace terawatt
