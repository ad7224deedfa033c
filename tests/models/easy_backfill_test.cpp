#include "models/workload/easy_backfill.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

TEST_CASE("the head of the queue starts as soon as its hosts are free") {
  CHECK(may_start_now(4, {}, {{4, 10.0}}, 0, 0.0));
  CHECK_FALSE(may_start_now(3, {{1, 50.0}}, {{4, 10.0}}, 0, 0.0));
}

TEST_CASE("a later job backfills when it ends before the head's reservation") {
  // 4 hosts: 2 busy until t = 100; the head needs 4 (shadow time 100); 2 are free now.
  const std::vector<RunningAllocation> running{{2, 100.0}};
  const std::vector<QueuedRequest> queue{{4, 50.0}, {1, 80.0}, {1, 120.0}};
  CHECK(may_start_now(2, running, queue, 1, 10.0));        // 10 + 80 <= 100
  CHECK_FALSE(may_start_now(2, running, queue, 2, 10.0));  // would end at 130 and delay the head
}

TEST_CASE("a later job may run past the reservation on hosts the head will not need") {
  // 6 hosts: 2 busy until t = 100, 4 free; the head needs 5: at t = 100 there are 6, one spare.
  const std::vector<RunningAllocation> running{{2, 100.0}};
  const std::vector<QueuedRequest> queue{{5, 50.0}, {1, 1000.0}, {2, 1000.0}};
  CHECK(may_start_now(4, running, queue, 1, 0.0));
  CHECK_FALSE(may_start_now(4, running, queue, 2, 0.0));
}

TEST_CASE("nobody passes a head that can never start") {
  CHECK_FALSE(may_start_now(2, {{1, 10.0}}, {{8, 1.0}, {1, 1.0}}, 1, 0.0));
}
