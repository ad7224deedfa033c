#pragma once
// The servers of one cluster and the dispatcher that hands them to work: requests queue first come, first served,
// with EASY backfilling (models/workload/easy_queue.hpp): a request that does not fit waits, and a later one may
// start before it only when that cannot delay it.
//
// Requests are records, not waiting actors. A training job is submitted before the engine runs with its release
// time; the pool's one arrivals actor sleeps from release to release and queues them. Whenever the pool changes (a
// request joins, servers are released) it starts, in the caller's turn, everything EASY lets start, and tells each
// started request's client, which then creates the actors its work needs. A queue of any length thus costs no actor
// and no context, and an event costs O(log n) in the queue's length (easy_queue.hpp gives the exact costs). An
// inference service, which has an actor of its own for its whole run, waits in `acquire` instead.

#include "models/workload/easy_queue.hpp"

#include <simgrid/s4u/Host.hpp>

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace terawatt {

class ServerPool {
 public:
  // What the pool tells the owner of a request.
  class Client {
   public:
    virtual ~Client() = default;
    // The request joined the queue (at the engine's clock).
    virtual void queued() {}
    // The request starts on `hosts`, lowest-numbered first. Called in the turn of whichever actor changed the pool.
    virtual void granted(std::vector<simgrid::s4u::Host*> hosts) = 0;
  };

  explicit ServerPool(std::vector<simgrid::s4u::Host*> hosts);

  // Queues a request of `count` hosts at `release_s`, expected to run `expected_run_s` (the backfill plans with it).
  // Call before the engine runs; `client` must outlive the simulation.
  void submit_at(double release_s, std::size_t count, double expected_run_s, Client& client);
  // Creates the arrivals actor on `control` (a daemon when the run is cut at a horizon); it reads the requests
  // submitted until the engine runs. Requests with equal release times queue in the order they were submitted.
  void launch(simgrid::s4u::Host* control, bool daemon);
  // Blocks the calling actor until `count` hosts are granted to it, for `expected_run_s`.
  std::vector<simgrid::s4u::Host*> acquire(std::size_t count, double expected_run_s);
  // Returns a granted allocation, whole, and starts what can start.
  void release(const std::vector<simgrid::s4u::Host*>& hosts);

  std::size_t free_hosts() const { return free_.size(); }
  std::size_t queued() const { return queue_.queued(); }

 private:
  struct Arrival {
    double release_s;
    std::size_t count;
    double expected_run_s;
    Client* client;
  };
  void arrive(const Arrival& arrival);
  void dispatch();

  std::vector<simgrid::s4u::Host*> free_;  // a stack: the lowest-numbered free host on top
  std::unordered_map<const simgrid::s4u::Host*, std::size_t> host_index_;
  EasyQueue queue_;
  std::vector<Client*> clients_;                                              // by ticket
  std::unordered_map<const simgrid::s4u::Host*, EasyQueue::Ticket> running_;  // by the allocation's first host
  std::vector<Arrival> arrivals_;                                             // sorted by release when launched
};

}  // namespace terawatt
