#include "sim/server_pool.hpp"

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

std::vector<simgrid::s4u::Host*> ServerPool::acquire(std::size_t count) {
  std::unique_lock<simgrid::s4u::Mutex> lock(*mutex_);
  const std::uint64_t ticket = next_ticket_++;
  waiting_.push_back(ticket);
  changed_->wait(lock, [&] { return waiting_.front() == ticket && free_.size() >= count; });
  waiting_.pop_front();
  std::vector<simgrid::s4u::Host*> granted(free_.end() - static_cast<std::ptrdiff_t>(count), free_.end());
  free_.resize(free_.size() - count);
  std::reverse(granted.begin(), granted.end());
  changed_->notify_all();
  return granted;
}

void ServerPool::release(const std::vector<simgrid::s4u::Host*>& hosts) {
  std::unique_lock<simgrid::s4u::Mutex> lock(*mutex_);
  free_.insert(free_.end(), hosts.rbegin(), hosts.rend());
  changed_->notify_all();
}

}  // namespace terawatt
