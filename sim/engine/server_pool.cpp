#include "sim/engine/server_pool.hpp"

#include "sim/engine/actor_guard.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Semaphore.hpp>

#include <algorithm>

namespace terawatt {
namespace sg4 = simgrid::s4u;

ServerPool::ServerPool(std::vector<sg4::Host*> hosts) : free_(std::move(hosts)), queue_(free_.size()) {
  for (std::size_t i = 0; i < free_.size(); ++i) host_index_[free_[i]] = i;
  // Hand out the lowest-numbered hosts first, so that allocations are contiguous and reproducible.
  std::reverse(free_.begin(), free_.end());
}

void ServerPool::submit_at(double release_s, std::size_t count, double expected_run_s, Client& client) {
  arrivals_.push_back({release_s, count, expected_run_s, &client});
}

void ServerPool::launch(sg4::Host* control, bool daemon) {
  auto actor = sg4::Actor::create("arrivals", control, [this] {
    guarded([this] {
      // Submissions made after `launch` and before the engine runs are in.
      std::stable_sort(arrivals_.begin(), arrivals_.end(),
                       [](const Arrival& a, const Arrival& b) { return a.release_s < b.release_s; });
      for (const Arrival& arrival : arrivals_) {
        sg4::this_actor::sleep_until(arrival.release_s);
        arrive(arrival);
      }
      arrivals_ = {};
    });
  });
  if (daemon) actor->daemonize();
}

void ServerPool::arrive(const Arrival& arrival) {
  queue_.enqueue({arrival.count, arrival.expected_run_s});
  clients_.push_back(arrival.client);  // at its ticket's index
  arrival.client->queued();
  dispatch();
}

void ServerPool::dispatch() {
  const double now_s = sg4::Engine::get_clock();
  while (const std::optional<EasyQueue::Ticket> ticket = queue_.next_start(now_s)) {
    const std::size_t count = queue_.request(*ticket).hosts;
    std::vector<sg4::Host*> granted(free_.end() - static_cast<std::ptrdiff_t>(count), free_.end());
    free_.resize(free_.size() - count);
    std::reverse(granted.begin(), granted.end());
    queue_.start(*ticket, now_s, host_index_.at(granted.front()));
    running_[granted.front()] = *ticket;
    Client* client = clients_[*ticket];
    clients_[*ticket] = nullptr;
    client->granted(std::move(granted));
  }
}

std::vector<sg4::Host*> ServerPool::acquire(std::size_t count, double expected_run_s) {
  // The calling actor waits on a semaphore its grant releases; a grant at once leaves it free before it waits.
  struct Waiter : Client {
    sg4::SemaphorePtr granted_now = sg4::Semaphore::create(0);
    std::vector<sg4::Host*> hosts;
    void granted(std::vector<sg4::Host*> granted_hosts) override {
      hosts = std::move(granted_hosts);
      granted_now->release();
    }
  } waiter;
  arrive({sg4::Engine::get_clock(), count, expected_run_s, &waiter});
  waiter.granted_now->acquire();
  return waiter.hosts;
}

void ServerPool::release(const std::vector<sg4::Host*>& hosts) {
  const auto found = running_.find(hosts.front());
  queue_.finish(found->second);
  running_.erase(found);
  free_.insert(free_.end(), hosts.rbegin(), hosts.rend());
  dispatch();
}

}  // namespace terawatt
