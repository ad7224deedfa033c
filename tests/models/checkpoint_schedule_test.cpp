#include "models/workload/checkpoint_schedule.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace terawatt;

namespace {
// Rounding of a few double operations only.
constexpr double kExact = 1e-12;

JobSchedule checkpointed(double compute_s, double interval_s, double write_s) {
  JobSchedule job;
  job.compute_s = compute_s;
  job.checkpoint = CheckpointParams{interval_s, write_s};
  job.accelerators = 8;
  return job;
}
}  // namespace

TEST_CASE("a job without checkpoints is one segment") {
  JobSchedule job;
  job.compute_s = 1234.5;
  CHECK(checkpoint_segments(job) == 1.0);
}

TEST_CASE("checkpoints cut the compute into ceil of compute over interval segments") {
  CHECK(checkpoint_segments(checkpointed(10.5, 3.0, 1.0)) == 4.0);
  CHECK(checkpoint_segments(checkpointed(12.0, 3.0, 1.0)) == 4.0);
  // An interval longer than the job: one segment, no write.
  CHECK(checkpoint_segments(checkpointed(2.0, 3.0, 1.0)) == 1.0);
}

TEST_CASE("a ratio a rounding error above a whole number adds no vanishing segment") {
  CHECK(checkpoint_segments(checkpointed(12.0 * (1.0 + 1e-12), 3.0, 1.0)) == 4.0);
  CHECK(checkpoint_segments(checkpointed(12.0 * (1.0 + 1e-6), 3.0, 1.0)) == 5.0);
}

TEST_CASE("the segments sum to the total work") {
  // Whole segments of the interval and the rest in the last, as the engine runs them.
  const JobSchedule job = checkpointed(10.5, 3.0, 1.0);
  const double segments = checkpoint_segments(job);
  const double last_s = job.compute_s - (segments - 1.0) * job.checkpoint->interval_s;
  CHECK(last_s > 0.0);
  CHECK(last_s <= job.checkpoint->interval_s);
  CHECK((segments - 1.0) * job.checkpoint->interval_s + last_s == Approx(job.compute_s).epsilon(kExact));
}

TEST_CASE("the failure-free run is the compute plus a write after every segment but the last") {
  CHECK(failure_free_run_s(checkpointed(10.5, 3.0, 1.0)) == Approx(10.5 + 3.0).epsilon(kExact));
  JobSchedule plain;
  plain.compute_s = 10.5;
  CHECK(failure_free_run_s(plain) == 10.5);
}

TEST_CASE("exposed communication stretches the compute of the failure-free run") {
  JobSchedule job = checkpointed(10.0, 5.0, 1.0);
  job.exposed_s_per_compute_s = 0.1;
  CHECK(failure_free_run_s(job) == Approx(10.0 * 1.1 + 1.0).epsilon(kExact));
}

TEST_CASE("the mean run equals the failure-free run when the job never fails") {
  const JobSchedule job = checkpointed(10.5, 3.0, 1.0);
  CHECK(mean_run_s(job) == failure_free_run_s(job));
  CHECK(failure_rate_per_s(job) == 0.0);
  CHECK(expected_failures(job, 1e9) == 0.0);
}

TEST_CASE("the mean run equals the work when the mtbf is infinite") {
  JobSchedule job = checkpointed(10.5, 3.0, 1.0);
  job.failures = FailureParams{std::numeric_limits<double>::infinity(), 60.0};
  CHECK(mean_run_s(job) == failure_free_run_s(job));
  CHECK(expected_failures(job, 1e9) == 0.0);
}

TEST_CASE("the mean run tends to the work as the mtbf grows") {
  JobSchedule job = checkpointed(10.5, 3.0, 1.0);
  job.failures = FailureParams{1e12, 60.0};  // l L about 1e-10: the excess is about 5e-10 of the run
  CHECK(mean_run_s(job) > failure_free_run_s(job));
  CHECK(mean_run_s(job) == Approx(failure_free_run_s(job)).epsilon(1e-9));
}

TEST_CASE("the mean run of one segment with failures is (1 over l plus r) times (e to the l L minus 1)") {
  JobSchedule job;
  job.compute_s = 1000.0;
  job.accelerators = 10;
  job.failures = FailureParams{10000.0, 5.0};  // l = 10 / 10000 = 1e-3 per s
  const double expected_s = (1000.0 + 5.0) * std::expm1(1e-3 * 1000.0);
  CHECK(failure_rate_per_s(job) == Approx(1e-3).epsilon(kExact));
  CHECK(mean_run_s(job) == Approx(expected_s).epsilon(kExact));
  CHECK(mean_run_s(job) > failure_free_run_s(job));
}

TEST_CASE("checkpoints shorten the mean run of a job that fails often") {
  JobSchedule once;
  once.compute_s = 10000.0;
  once.accelerators = 10;
  once.failures = FailureParams{10000.0, 5.0};
  JobSchedule often = once;
  often.checkpoint = CheckpointParams{1000.0, 10.0};
  // Ten segments of 1000 s with a 10 s write, each redone on its own: (1000 + 5)(9 (e^1.01 - 1) + (e^1 - 1)).
  const double expected_s = 1005.0 * (9.0 * std::expm1(1.01) + std::expm1(1.0));
  CHECK(mean_run_s(often) == Approx(expected_s).epsilon(kExact));
  CHECK(mean_run_s(often) < mean_run_s(once));
}

TEST_CASE("expected failures are the span over the mean time to failure plus the restart delay") {
  JobSchedule job;
  job.compute_s = 1000.0;
  job.accelerators = 10;
  job.failures = FailureParams{10000.0, 5.0};
  CHECK(expected_failures(job, 1005.0 * 3.0) == Approx(3.0).epsilon(kExact));
}
