// Offline batch inference (models/workload/offline_batch.hpp): requests dealt evenly, waves of the full batch, the
// remainder's wave last; checked against a request-by-request enumeration of the same rules.
#include "models/workload/offline_batch.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <vector>

using namespace terawatt;

namespace {

// A replica of batch 4 whose latency and power rise with the batch (the shape of a text table).
ReplicaService table() {
  ReplicaService s;
  s.slots = 4;
  s.latency_s = {2.0, 2.0, 2.5, 3.0, 4.0};
  s.accelerator_power_w = {100.0, 300.0, 350.0, 400.0, 500.0};
  return s;
}

// Each request's end, replica by replica: replica r takes every request i with i % replicas == r's share, in waves.
struct Enumerated {
  double completion_s = 0.0;
  double latency_sum_s = 0.0;
};
Enumerated enumerate(const ReplicaService& s, int requests, int replicas) {
  Enumerated e;
  for (int r = 0; r < replicas; ++r) {
    int left = requests / replicas + (r < requests % replicas ? 1 : 0);
    double t = 0.0;
    while (left > 0) {
      const int wave = std::min(left, s.slots);
      t += s.latency_s[static_cast<std::size_t>(wave)];
      e.latency_sum_s += wave * t;
      left -= wave;
    }
    e.completion_s = std::max(e.completion_s, t);
  }
  return e;
}

}  // namespace

TEST_CASE("an offline batch runs full waves then the remainder, and its latency is each request's end") {
  const ReplicaService s = table();
  for (const int requests : {1, 3, 4, 5, 17, 18, 40, 1001}) {
    for (const int replicas : {1, 2, 3, 7}) {
      const OfflineBatchPlan plan = offline_batch_plan(s, requests, replicas);
      const Enumerated e = enumerate(s, requests, replicas);
      CHECK(plan.completion_s == Approx(e.completion_s).epsilon(1e-12));
      CHECK(plan.mean_latency_s == Approx(e.latency_sum_s / requests).epsilon(1e-12));
      CHECK(plan.replicas_with_more == requests % replicas);
    }
  }
}

TEST_CASE("17 requests on 2 replicas of batch 4: 9 and 8 requests, their phases and energies") {
  const OfflineBatchPlan plan = offline_batch_plan(table(), 17, 2);
  // 9 = two waves of 4 (4 s each) and a wave of 1 (2 s); 8 = two waves of 4.
  REQUIRE(plan.more.phases.size() == 2);
  CHECK(plan.more.phases[0].duration_s == 8.0);
  CHECK(plan.more.phases[0].accelerator_power_w == 500.0);
  CHECK(plan.more.phases[1].duration_s == 2.0);
  CHECK(plan.more.phases[1].accelerator_power_w == 300.0);
  REQUIRE(plan.fewer.phases.size() == 1);
  CHECK(plan.completion_s == 10.0);
  CHECK(plan.accelerator_energy_j(true) == 8.0 * 500.0 + 2.0 * 300.0);
  // The replica with 8 waits 2 s at idle for the other.
  CHECK(plan.accelerator_energy_j(false) == 8.0 * 500.0 + 2.0 * 100.0);
  CHECK(accelerator_power_at(plan.more, 9.0, 100.0) == 300.0);
  CHECK(accelerator_power_at(plan.fewer, 9.0, 100.0) == 100.0);
  CHECK(completed_by(plan.more, 3.9) == 0.0);
  CHECK(completed_by(plan.more, 4.0) == 4.0);
  CHECK(completed_by(plan.more, 9.99) == 8.0);
  CHECK(completed_by(plan.more, 10.0) == 9.0);
}

TEST_CASE("a serial (diffusion) replica ends its requests one after another") {
  ReplicaService s;
  s.slots = 2;
  s.latency_s = {5.0, 5.0, 10.0};
  s.accelerator_power_w = {50.0, 600.0, 600.0};
  s.serial = true;
  const OfflineBatchPlan plan = offline_batch_plan(s, 3, 1);
  CHECK(plan.completion_s == 15.0);
  CHECK(plan.mean_latency_s == Approx((5.0 + 10.0 + 15.0) / 3.0));
  CHECK(plan.accelerator_energy_j(false) == 15.0 * 600.0);
  CHECK(completed_by(plan.fewer, 11.0) == 2.0);
}

TEST_CASE("an offline batch refuses a fractional or empty request count and no replicas") {
  CHECK_THROWS_AS(offline_batch_plan(table(), 2.5, 1), std::invalid_argument);
  CHECK_THROWS_AS(offline_batch_plan(table(), 0.0, 1), std::invalid_argument);
  CHECK_THROWS_AS(offline_batch_plan(table(), 1e17, 1), std::invalid_argument);
  CHECK_THROWS_AS(offline_batch_plan(table(), 10.0, 0), std::invalid_argument);
}
