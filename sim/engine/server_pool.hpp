#pragma once
// The free servers of one cluster, handed to jobs first come, first served with EASY backfilling
// (models/workload/easy_backfill.hpp): a job that does not fit waits, and a later job may start before it only when
// that cannot delay it.

#include "models/workload/easy_backfill.hpp"

#include <simgrid/s4u/ConditionVariable.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Mutex.hpp>

#include <cstdint>
#include <deque>
#include <map>
#include <vector>

namespace terawatt {

class ServerPool {
 public:
  explicit ServerPool(std::vector<simgrid::s4u::Host*> hosts);
  // Blocks the calling actor until `count` hosts are granted to a job expected to run `expected_run_s`.
  std::vector<simgrid::s4u::Host*> acquire(std::size_t count, double expected_run_s);
  void release(const std::vector<simgrid::s4u::Host*>& hosts);
  std::size_t free_hosts() const { return free_.size(); }

 private:
  struct Waiting {
    std::uint64_t ticket;
    QueuedRequest request;
  };
  bool may_start(std::uint64_t ticket, double now_s) const;

  simgrid::s4u::MutexPtr mutex_;
  simgrid::s4u::ConditionVariablePtr changed_;
  std::vector<simgrid::s4u::Host*> free_;
  std::deque<Waiting> waiting_;
  std::map<simgrid::s4u::Host*, RunningAllocation> running_;  // keyed by the allocation's first host
  std::uint64_t next_ticket_ = 0;
};

}  // namespace terawatt
