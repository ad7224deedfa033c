#include "sim/engine/server_pool.hpp"

#include <simgrid/s4u/Engine.hpp>

#include <algorithm>
#include <mutex>

namespace terawatt {

ServerPool::ServerPool(std::vector<simgrid::s4u::Host*> hosts)
    : mutex_(simgrid::s4u::Mutex::create()),
      changed_(simgrid::s4u::ConditionVariable::create()),
      free_(std::move(hosts)) {
  // Hand out the lowest-numbered hosts first, so that allocations are contiguous and reproducible.
  std::reverse(free_.begin(), free_.end());
}

bool ServerPool::may_start(std::uint64_t ticket, double now_s) const {
  std::vector<RunningAllocation> running;
  running.reserve(running_.size());
  for (const auto& [first_host, allocation] : running_) running.push_back(allocation);
  std::vector<QueuedRequest> queue;
  std::size_t position = 0;
  for (const auto& waiting : waiting_) {
    if (waiting.ticket == ticket) position = queue.size();
    queue.push_back(waiting.request);
  }
  return may_start_now(free_.size(), running, queue, position, now_s);
}

std::vector<simgrid::s4u::Host*> ServerPool::acquire(std::size_t count, double expected_run_s) {
  std::unique_lock<simgrid::s4u::Mutex> lock(*mutex_);
  const std::uint64_t ticket = next_ticket_++;
  waiting_.push_back({ticket, {count, expected_run_s}});
  changed_->wait(lock, [&] { return may_start(ticket, simgrid::s4u::Engine::get_clock()); });
  waiting_.erase(
      std::find_if(waiting_.begin(), waiting_.end(), [ticket](const Waiting& w) { return w.ticket == ticket; }));
  std::vector<simgrid::s4u::Host*> granted(free_.end() - static_cast<std::ptrdiff_t>(count), free_.end());
  free_.resize(free_.size() - count);
  std::reverse(granted.begin(), granted.end());
  running_[granted.front()] = {count, simgrid::s4u::Engine::get_clock() + expected_run_s};
  changed_->notify_all();
  return granted;
}

void ServerPool::release(const std::vector<simgrid::s4u::Host*>& hosts) {
  std::unique_lock<simgrid::s4u::Mutex> lock(*mutex_);
  running_.erase(hosts.front());
  free_.insert(free_.end(), hosts.rbegin(), hosts.rend());
  changed_->notify_all();
}

}  // namespace terawatt
