#pragma once
// EASY backfilling (Lifka 1995, "The ANL/IBM SP scheduling system"; Mu'alem and Feitelson 2001): jobs queue
// first come, first served; the job at the head gets a reservation at the earliest time enough hosts will be
// free (its shadow time, from the running jobs' expected ends); a later job may jump the queue when it fits in
// the hosts free now and either ends before the shadow time or uses only hosts the head will not need then.
// The head is therefore never delayed by a backfilled job, as long as run-time estimates hold (here they are the
// jobs' own model durations, exact for a deterministic training job).

#include <cstddef>
#include <vector>

namespace terawatt {

struct RunningAllocation {
  std::size_t hosts = 0;
  double expected_end_s = 0.0;
};

struct QueuedRequest {
  std::size_t hosts = 0;
  double expected_run_s = 0.0;
};

// Whether `queue[position]` may start at `now_s` with `free_hosts` free and `running` allocations in progress.
bool may_start_now(std::size_t free_hosts, const std::vector<RunningAllocation>& running,
                   const std::vector<QueuedRequest>& queue, std::size_t position, double now_s);

}  // namespace terawatt
