#include "models/workload/easy_backfill.hpp"

#include <algorithm>
#include <limits>

namespace terawatt {

bool may_start_now(std::size_t free_hosts, const std::vector<RunningAllocation>& running,
                   const std::vector<QueuedRequest>& queue, std::size_t position, double now_s) {
  const QueuedRequest& request = queue.at(position);
  if (request.hosts > free_hosts) return false;
  if (position == 0) return true;

  // The head's reservation: walk the running jobs in order of their ends until enough hosts are free for it.
  const QueuedRequest& head = queue.front();
  std::vector<RunningAllocation> by_end = running;
  std::sort(by_end.begin(), by_end.end(),
            [](const RunningAllocation& a, const RunningAllocation& b) { return a.expected_end_s < b.expected_end_s; });
  std::size_t available = free_hosts;
  double shadow_s = std::numeric_limits<double>::infinity();
  for (const auto& allocation : by_end) {
    if (available >= head.hosts) break;
    available += allocation.hosts;
    shadow_s = allocation.expected_end_s;
  }
  if (available < head.hosts) return false;  // the head can never start: nobody may pass it
  if (free_hosts >= head.hosts) shadow_s = now_s;
  // Hosts free at the shadow time beyond the head's needs may be used for as long as anyone likes.
  const std::size_t extra_hosts = available - head.hosts;
  return now_s + request.expected_run_s <= shadow_s || request.hosts <= extra_hosts;
}

}  // namespace terawatt
