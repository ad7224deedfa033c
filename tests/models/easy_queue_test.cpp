#include "models/workload/easy_queue.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

using namespace terawatt;

namespace {

// Starts everything the queue lets start at `now_s`, in the order it says; returns the tickets.
std::vector<EasyQueue::Ticket> start_all(EasyQueue& queue, double now_s) {
  std::vector<EasyQueue::Ticket> started;
  while (const auto ticket = queue.next_start(now_s)) {
    queue.start(*ticket, now_s, *ticket);
    started.push_back(*ticket);
  }
  return started;
}

// The reference: ask may_start_now of every queued request in queue order, start the first that may, and repeat
// until none may (what a pool that re-checks every waiting request after each change does).
struct ReferencePool {
  struct Running {
    std::uint64_t ticket;
    RunningAllocation allocation;
  };
  std::size_t free_hosts;
  std::vector<Running> running;  // kept in order of expected end, then ticket (the tie order the queue is given)
  std::vector<std::pair<std::uint64_t, QueuedRequest>> queue;

  std::vector<std::uint64_t> start_all(double now_s) {
    std::vector<std::uint64_t> started;
    for (bool again = true; again;) {
      again = false;
      std::vector<RunningAllocation> allocations;
      for (const auto& r : running) allocations.push_back(r.allocation);
      std::vector<QueuedRequest> requests;
      for (const auto& q : queue) requests.push_back(q.second);
      for (std::size_t p = 0; p < queue.size(); ++p) {
        if (!may_start_now(free_hosts, allocations, requests, p, now_s)) continue;
        const auto [ticket, request] = queue[p];
        free_hosts -= request.hosts;
        running.push_back({ticket, {request.hosts, now_s + request.expected_run_s}});
        std::sort(running.begin(), running.end(), [](const Running& a, const Running& b) {
          return a.allocation.expected_end_s != b.allocation.expected_end_s
                     ? a.allocation.expected_end_s < b.allocation.expected_end_s
                     : a.ticket < b.ticket;
        });
        queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(p));
        started.push_back(ticket);
        again = true;
        break;
      }
    }
    return started;
  }
};

}  // namespace

TEST_CASE("a segment tree of runs finds the first slot whose run passes a threshold") {
  MinTree tree;
  for (double run : {50.0, 10.0, 70.0, 5.0, 90.0}) tree.push_back(run);
  const auto below = [](double limit) { return [limit](double run) { return run <= limit; }; };
  CHECK(tree.first_from(0, below(20.0)) == 1);
  CHECK(tree.first_from(2, below(20.0)) == 3);
  CHECK(tree.first_from(4, below(20.0)) == 5);  // none: size()
  tree.set(1, 1e9);
  CHECK(tree.first_from(0, below(20.0)) == 3);
  CHECK(tree.first_from(0, below(100.0)) == 0);
}

TEST_CASE("the head of the queue starts first and later requests wait behind it") {
  EasyQueue queue(4);
  const auto a = queue.enqueue({4, 100.0});
  const auto b = queue.enqueue({1, 10.0});
  CHECK(start_all(queue, 0.0) == std::vector<EasyQueue::Ticket>{a});
  CHECK(queue.free_hosts() == 0);
  queue.finish(a);
  CHECK(start_all(queue, 100.0) == std::vector<EasyQueue::Ticket>{b});
}

TEST_CASE("a later request backfills only when it cannot delay the head") {
  // 4 hosts: 2 busy until t = 100, the head needs 4 (its reservation is at 100); 2 are free now.
  EasyQueue queue(4);
  const auto busy = queue.enqueue({2, 100.0});
  start_all(queue, 0.0);
  queue.enqueue({4, 50.0});
  const auto too_long = queue.enqueue({1, 120.0});  // would end at 130 and delay the head
  const auto fits = queue.enqueue({1, 80.0});       // ends at 90, before the reservation
  CHECK(start_all(queue, 10.0) == std::vector<EasyQueue::Ticket>{fits});
  CHECK(queue.queued() == 2);
  queue.finish(busy);
  // The head starts at 100 only once the backfilled request has ended; the long one keeps waiting behind it.
  CHECK(start_all(queue, 100.0).empty());
  queue.finish(fits);
  const auto started = start_all(queue, 100.0);
  CHECK(started.size() == 1);
  CHECK(started.front() != too_long);
}

TEST_CASE("a later request may run past the reservation on hosts the head will not need") {
  // 6 hosts: 2 busy until t = 100 and 4 free; the head needs 5: at t = 100 there are 6, one to spare.
  EasyQueue queue(6);
  queue.enqueue({2, 100.0});
  start_all(queue, 0.0);
  queue.enqueue({5, 50.0});
  const auto two_long = queue.enqueue({2, 1000.0});
  const auto one_long = queue.enqueue({1, 1000.0});
  const auto another = queue.enqueue({1, 1000.0});
  // The spare host goes to the first request of one host; the second would take a host the head needs.
  CHECK(start_all(queue, 0.0) == std::vector<EasyQueue::Ticket>{one_long});
  CHECK(queue.queued() == 3);
  (void)two_long;
  (void)another;
}

TEST_CASE("no request passes a queued head larger than all hosts") {
  EasyQueue queue(2);
  queue.enqueue({8, 1.0});
  queue.enqueue({1, 1.0});
  CHECK(start_all(queue, 0.0).empty());
}

TEST_CASE("a hundred thousand queued requests of one host start in queue order as hosts free up") {
  EasyQueue queue(10);
  std::vector<EasyQueue::Ticket> tickets;
  for (int i = 0; i < 100000; ++i) tickets.push_back(queue.enqueue({1, 60.0 + i % 7}));
  std::vector<EasyQueue::Ticket> order = start_all(queue, 0.0);
  CHECK(order.size() == 10);
  for (std::size_t next = 0; next < order.size(); ++next) {
    queue.finish(order[next]);
    const auto started = start_all(queue, static_cast<double>(next));
    order.insert(order.end(), started.begin(), started.end());
  }
  CHECK(order == tickets);
  CHECK(queue.queued() == 0);
}

TEST_CASE("random job mixes start exactly as may_start_now asked in queue order decides") {
  std::mt19937_64 random(42);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t hosts = 16;  // at most 16 allocations run: the reference's sort then keeps ties in order
    EasyQueue queue(hosts);
    ReferencePool reference{hosts, {}, {}};
    std::vector<double> ends;  // by ticket, once started
    std::vector<std::uint64_t> order_new;
    std::vector<std::uint64_t> order_reference;
    double now_s = 0.0;
    std::uniform_int_distribution<std::size_t> size(1, 9);
    std::uniform_int_distribution<int> run(1, 12);  // whole units: many equal ends
    for (int event = 0; event < 120; ++event) {
      now_s += static_cast<double>(run(random) % 3);
      // Arrivals, then the ends due by now (each followed by both pools' decisions).
      if (random() % 2 == 0) {
        const QueuedRequest request{size(random), 5.0 * run(random)};
        const auto ticket = queue.enqueue(request);
        reference.queue.emplace_back(ticket, request);
      }
      for (const auto& r : std::vector<ReferencePool::Running>(reference.running)) {
        if (r.allocation.expected_end_s > now_s) continue;
        queue.finish(static_cast<EasyQueue::Ticket>(r.ticket));
        reference.free_hosts += r.allocation.hosts;
        reference.running.erase(std::find_if(reference.running.begin(), reference.running.end(),
                                             [&](const auto& x) { return x.ticket == r.ticket; }));
      }
      for (auto t : start_all(queue, now_s)) order_new.push_back(t);
      for (auto t : reference.start_all(now_s)) order_reference.push_back(t);
      REQUIRE(order_new == order_reference);
      REQUIRE(queue.free_hosts() == reference.free_hosts);
    }
  }
}
