// replica_group_load: R replicas behind least-loaded routing as one birth-death chain of the requests they hold
// (models/workload/replica_service.hpp). Against closed forms where the chain is exact, a small case worked by hand,
// and the single-replica chain at R = 1.
#include "models/workload/replica_service.hpp"
#include "replica_tables.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace terawatt;

namespace {

using testing::table_service;
constexpr double exact = 1e-12;  // closed forms against a sum: rounding only

// E[min(N, R)] for N Poisson of mean m: the busy replicas when the group holds N spread as evenly as it can.
double poisson_mean_min(double m, int replicas) {
  double below = 0.0;  // sum over n < R of n pmf(n) + R P(N >= R)
  double mass_below = 0.0;
  for (int n = 0; n < replicas; ++n) {
    const double pmf = std::exp(n * std::log(m) - m - std::lgamma(n + 1.0));  // in logs: exp(-m) underflows
    below += n * pmf;
    mass_below += pmf;
  }
  return below + replicas * (1.0 - mass_below);
}

}  // namespace

TEST_CASE("a group of one replica is the single replica's chain") {
  const ReplicaService s = table_service({1.0, 1.0, 1.5}, {70.0, 200.0, 300.0});
  const ReplicaLoad one = replica_load(s, 0.5);
  const ReplicaLoad group = replica_group_load(s, 1, 0.5);
  CHECK(group.busy_fraction == one.busy_fraction);
  CHECK(group.accelerator_power_w == one.accelerator_power_w);
  CHECK(group.latency_s == one.latency_s);
}

TEST_CASE("a group of 2 replicas of batch 2, worked by hand") {
  // mu(1) = 1/s, mu(2) = 4/3 per s. The group's completion rates: N = 1: 1; N = 2 (1 + 1): 2; N = 3 (1 + 2): 7/3;
  // N = 4 (2 + 2): 8/3, the group's capacity. Rate 1/s: w = 1, 1, 1/2, 3/14, 9/112, then the queue's geometric tail
  // of ratio f = 3/8: 9/112 x f / (1 - f) = 27/560.
  const ReplicaService s = table_service({1.0, 1.0, 1.5}, {70.0, 200.0, 300.0});
  const ReplicaLoad load = replica_group_load(s, 2, 1.0);
  const double full = 9.0 / 112.0 + 27.0 / 560.0;  // both replicas at batch 2
  const double mass = 1.0 + 1.0 + 0.5 + 3.0 / 14.0 + full;
  const double busy_replicas = (1.0 + 2.0 * (0.5 + 3.0 / 14.0 + full)) / mass;
  CHECK(load.served_per_s == Approx(0.5).epsilon(exact));
  CHECK(load.busy_fraction == Approx(busy_replicas / 2.0).epsilon(exact));
  // Power: N = 1 one replica at P(1) and one idle; N = 2 both at P(1); N = 3 P(1) + P(2); full 2 P(2).
  const double power_w = (2.0 * 70.0 + (200.0 + 70.0) + 0.5 * 400.0 + 3.0 / 14.0 * 500.0 + full * 600.0) / mass;
  CHECK(load.accelerator_power_w == Approx(power_w / 2.0).epsilon(exact));
  const double held = (1.0 + 2.0 * 0.5 + 3.0 * 3.0 / 14.0 + 4.0 * full) / mass;
  CHECK(load.batch_when_busy == Approx(held / busy_replicas).epsilon(exact));
  // The queue: 9/112 x f / (1 - f)^2 requests waiting, halved for fixed latencies, the group's over 2 replicas.
  const double waiting = 0.5 * (9.0 / 112.0) * (3.0 / 8.0) / ((5.0 / 8.0) * (5.0 / 8.0)) / mass;
  CHECK(load.waiting == Approx(waiting / 2.0).epsilon(exact));
  CHECK(load.latency_s == Approx((held + waiting) / 1.0).epsilon(exact));
}

TEST_CASE("a group with a constant latency holds N Poisson of mean rate x L however it spreads them") {
  // Each replica completes n / L with n held, so the group completes N / L: M/G/infinity over the group. The busy
  // replicas are min(N, R), the busy share E[min(N, R)] / R, from 1 replica to 10,000.
  const ReplicaService s = table_service(std::vector<double>(65, 2.0), std::vector<double>(65, 300.0));
  for (const int replicas : {1, 4, 100, 10000}) {
    for (const double per_replica : {0.05, 0.5, 1.0, 3.0}) {
      INFO(replicas << " replicas, " << per_replica << " held each on average");
      const double m = per_replica * replicas;
      const ReplicaLoad load = replica_group_load(s, replicas, m / 2.0);
      const double busy = poisson_mean_min(m, replicas) / replicas;
      CHECK(load.busy_fraction == Approx(busy).epsilon(1e-9));
      CHECK(load.accelerator_power_w ==
            Approx(s.accelerator_power_w[0] + busy * (300.0 - s.accelerator_power_w[0])).epsilon(1e-9));
      CHECK(load.latency_s == Approx(2.0).epsilon(1e-9));
      CHECK(load.batch_when_busy == Approx(per_replica / busy).epsilon(1e-9));
    }
  }
}

TEST_CASE("a group of compute-bound diffusion replicas keeps each busy rate x D / R: work is conserved") {
  ReplicaService s = table_service(std::vector<double>(9, 0.0), std::vector<double>(9, 700.0));
  s.accelerator_power_w[0] = 70.0;
  for (int n = 0; n <= 8; ++n) s.latency_s[static_cast<std::size_t>(n)] = 3.0 * std::max(n, 1);
  s.serial = true;
  for (const int replicas : {1, 3, 64}) {
    for (const double rho : {0.05, 0.5, 0.95}) {
      INFO(replicas << " replicas at " << rho);
      const ReplicaLoad load = replica_group_load(s, replicas, rho * replicas / 3.0);
      CHECK(load.busy_fraction == Approx(rho).epsilon(1e-9));
      CHECK(load.accelerator_power_w == Approx(70.0 + rho * 630.0).epsilon(1e-9));
    }
  }
}

TEST_CASE("least-loaded routing keeps more replicas busy, each at a smaller batch, than an even split") {
  const ReplicaService s = table_service({2.0, 2.0, 2.1, 2.2, 2.3}, {70.0, 300.0, 320.0, 340.0, 360.0});
  const double rate_per_s = 0.4;  // 0.8 held per replica on average
  const ReplicaLoad alone = replica_load(s, rate_per_s);
  const ReplicaLoad grouped = replica_group_load(s, 8, 8.0 * rate_per_s);
  CHECK(grouped.served_per_s == Approx(alone.served_per_s).epsilon(exact));
  CHECK(grouped.busy_fraction > alone.busy_fraction + 0.1);
  CHECK(grouped.batch_when_busy < alone.batch_when_busy);
  CHECK(grouped.accelerator_power_w > alone.accelerator_power_w);
}

TEST_CASE("a group at or above its capacity serves its capacity with every batch full") {
  const ReplicaService s = table_service({1.0, 1.0, 1.5}, {70.0, 200.0, 300.0});
  const ReplicaLoad load = replica_group_load(s, 3, 3.0 * s.capacity_per_s() * 1.5);
  CHECK(load.served_per_s == Approx(s.capacity_per_s()).epsilon(exact));
  CHECK(load.busy_fraction == 1.0);
  CHECK(load.accelerator_power_w == 300.0);
}

TEST_CASE("a group refuses no replicas and a rate that is negative or not finite") {
  const ReplicaService s = table_service({1.0, 1.0}, {70.0, 200.0});
  CHECK_THROWS_AS(replica_group_load(s, 0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(replica_group_load(s, 2, -1.0), std::invalid_argument);
  CHECK_THROWS_AS(replica_group_load(s, 2, std::nan("")), std::invalid_argument);
}
