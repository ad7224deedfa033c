#pragma once
// The free servers of one cluster, handed to jobs first come, first served. A job that does not fit waits, and
// so do the jobs behind it (strict FIFO: no backfill yet; issue 3 adds EASY backfill).

#include <simgrid/s4u/ConditionVariable.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Mutex.hpp>

#include <cstdint>
#include <deque>
#include <vector>

namespace terawatt {

class ServerPool {
 public:
  explicit ServerPool(std::vector<simgrid::s4u::Host*> hosts);
  // Blocks the calling actor until `count` hosts are free and every earlier request is served.
  std::vector<simgrid::s4u::Host*> acquire(std::size_t count);
  void release(const std::vector<simgrid::s4u::Host*>& hosts);
  std::size_t free_hosts() const { return free_.size(); }

 private:
  simgrid::s4u::MutexPtr mutex_;
  simgrid::s4u::ConditionVariablePtr changed_;
  std::vector<simgrid::s4u::Host*> free_;
  std::deque<std::uint64_t> waiting_;
  std::uint64_t next_ticket_ = 0;
};

}  // namespace terawatt
