#pragma once
// The EASY backfilling decisions of easy_backfill.hpp, made incrementally for a queue of any length: a dispatcher
// asks `next_start` after every event (a request joins, an allocation ends, one starts) and starts what it returns
// until it returns nothing. The result is the fixed point of asking `may_start_now` of every queued request in queue
// order, but no event copies the queue or the running allocations.
//
// Costs, per call of `next_start` with Q requests queued, R allocations running and G distinct host counts among the
// queued requests that fit in the free hosts:
// - the head starts when it fits: O(1);
// - otherwise the head's reservation walks the running allocations in order of expected end until enough hosts are
//   free for it: O(k), k being the allocations that end before it (1 for a head of one host);
// - the first request that may backfill: per host count, the first in queue order that either fits beside the head
//   at its reservation or ends before it, found in a segment tree of expected runs: O(G log Q).
// Starting and ending are O(log R + log Q). Memory is about 100 bytes per request (its record, its slot in its host
// count's tree and, while it runs, its node in the ordered set of running allocations).
//
// Allocations with equal expected ends are walked in the order of the key given to `start` (the dispatcher gives the
// allocation's first host), so that which of them the reservation counts does not depend on memory addresses.

#include "models/workload/easy_backfill.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

namespace terawatt {

// Minimum of a growing array of doubles, with the first index at or after a given one whose value passes a test
// that every smaller value passes too (a down-set, such as "ends before the reservation").
class MinTree {
 public:
  std::size_t size() const { return size_; }
  void push_back(double value);
  void set(std::size_t index, double value);
  // The first index >= `from` whose value passes `passes`, or size() when none does. `passes` must hold for every
  // value below one it holds for.
  std::size_t first_from(std::size_t from, const std::function<bool(double)>& passes) const;

 private:
  std::size_t first_in(std::size_t node, std::size_t lo, std::size_t hi, std::size_t from,
                       const std::function<bool(double)>& passes) const;
  void grow();
  std::size_t capacity_ = 0;  // leaves; a power of two
  std::size_t size_ = 0;
  std::vector<double> nodes_;  // 1-based heap layout: node n has children 2n and 2n+1; leaves at capacity_ + i
};

class EasyQueue {
 public:
  using Ticket = std::uint32_t;  // the request's place in the queue's order of arrival

  explicit EasyQueue(std::size_t free_hosts) : free_hosts_(free_hosts) {}

  // Queues a request behind all the others; expected runs must be finite.
  Ticket enqueue(QueuedRequest request);
  // The first queued request, in queue order, that EASY lets start at `now_s`: the head when it fits, else the first
  // later one that fits in the free hosts and cannot delay the head's reservation. None when nothing may start.
  std::optional<Ticket> next_start(double now_s) const;
  // Starts queued `ticket` at `now_s`: its hosts leave the free ones until `finish`. `order` breaks ties between
  // allocations with equal expected ends.
  void start(Ticket ticket, double now_s, std::uint64_t order);
  // Ends running `ticket`: its hosts are free again.
  void finish(Ticket ticket);

  std::size_t free_hosts() const { return free_hosts_; }
  std::size_t queued() const { return queued_; }
  std::size_t running() const { return running_.size(); }
  const QueuedRequest& request(Ticket ticket) const { return records_.at(ticket).request; }

 private:
  enum class State : std::uint8_t { queued, running, finished };
  struct Record {
    QueuedRequest request;
    std::uint32_t slot = 0;  // its place in the group of its host count
    State state = State::queued;
    double expected_end_s = 0.0;  // set when it starts
    std::uint64_t order = 0;
  };
  // The queued requests of one host count, in queue order; a slot's value is the expected run, or +inf once the
  // request has left the queue.
  struct Group {
    std::vector<Ticket> tickets;
    MinTree runs;
    std::size_t first_queued = 0;  // slots before it have all left the queue
  };
  using RunningKey = std::tuple<double, std::uint64_t, Ticket>;  // expected end, tie order, ticket

  Ticket head() const;
  // The first queued request of `group` that backfills beside the head: queue order among those that either fit in
  // `extra_hosts` or end by `shadow_s`. None as the group's size.
  static std::size_t first_backfill(const Group& group, bool fits_beside_head, double now_s, double shadow_s);

  std::size_t free_hosts_;
  std::vector<Record> records_;          // by ticket
  std::map<std::size_t, Group> groups_;  // by host count
  std::set<RunningKey> running_;
  std::size_t queued_ = 0;
  mutable Ticket head_cursor_ = 0;  // every ticket before it has left the queue
};

}  // namespace terawatt
