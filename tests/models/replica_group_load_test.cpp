// replica_group_load: R replicas behind least-loaded routing as one birth-death chain of the requests they hold
// (models/workload/replica_service.hpp). Against closed forms where the chain is exact, a small case worked by hand,
// and the single-replica chain at R = 1.
#include "models/workload/replica_group_chain.hpp"
#include "models/workload/replica_service.hpp"
#include "replica_tables.hpp"

#include <Eigen/Dense>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>
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
  // mu(1) = 1/s, mu(2) = 4/3 per s, rate 1/s. States (N, busy replicas): (0,0), (1,1), (2,2), (2,1) (one holds two,
  // the other is empty), (3,2), (4,2), then the queue. A completion at (3,2) from the replica holding one leads to
  // (2,1); an arrival fills the empty replica. Balance, pi(0,0) = 1: pi(1,1) = 1, pi(3,2) = g = 21/92,
  // pi(2,2) = 1/3 + 4g/9 = 10/23, pi(2,1) = 3g/7 = 9/92, pi(4,2) = 3g/8 = 63/736, and the queue's geometric tail of
  // ratio f = 3/8: 0.6 x pi(4,2), with 0.96 x pi(4,2) requests waiting.
  const ReplicaService s = table_service({1.0, 1.0, 1.5}, {70.0, 200.0, 300.0});
  const ReplicaLoad load = replica_group_load(s, 2, 1.0);
  const double one = 1.0;
  const double two_spread = 10.0 / 23.0;
  const double two_together = 9.0 / 92.0;
  const double three = 21.0 / 92.0;
  const double full = 1.6 * 63.0 / 736.0;  // (4,2) and the queue
  const double mass = 1.0 + one + two_spread + two_together + three + full;
  const double busy = (one + 2.0 * two_spread + two_together + 2.0 * three + 2.0 * full) / mass;
  CHECK(load.served_per_s == Approx(0.5).epsilon(exact));
  CHECK(load.busy_fraction == Approx(busy / 2.0).epsilon(1e-9));
  const double power_w = (2.0 * 70.0 + one * (200.0 + 70.0) + two_spread * 400.0 + two_together * (300.0 + 70.0) +
                          three * 500.0 + full * 600.0) /
                         mass;
  CHECK(load.accelerator_power_w == Approx(power_w / 2.0).epsilon(1e-9));
  const double held = (one + 2.0 * (two_spread + two_together) + 3.0 * three + 4.0 * full) / mass;
  CHECK(load.batch_when_busy == Approx(held / busy).epsilon(1e-9));
  const double waiting = 0.5 * 0.96 * 63.0 / 736.0 / mass;  // halved for fixed latencies
  CHECK(load.waiting == Approx(waiting / 2.0).epsilon(1e-9));
  CHECK(load.latency_s == Approx((held + waiting) / 1.0).epsilon(1e-9));
}

TEST_CASE("a group with a constant latency holds N Poisson of mean rate x L however it spreads them") {
  // Each replica completes n / L with n held, so the group completes N / L: M/G/infinity over the group, whatever the
  // replicas busy. Those are at most min(N, R), as many where the chain keeps no deficit: one replica, or 100 and
  // 10,000 (the balanced chain).
  const ReplicaService s = table_service(std::vector<double>(65, 2.0), std::vector<double>(65, 300.0));
  for (const int replicas : {1, 4, 16, 100, 10000}) {
    for (const double per_replica : {0.05, 0.5, 1.0, 3.0}) {
      INFO(replicas << " replicas, " << per_replica << " held each on average");
      const double m = per_replica * replicas;
      const ReplicaLoad load = replica_group_load(s, replicas, m / 2.0);
      const double most_busy = poisson_mean_min(m, replicas) / replicas;
      CHECK(load.busy_fraction * load.batch_when_busy == Approx(per_replica).epsilon(1e-9));
      CHECK(load.latency_s == Approx(2.0).epsilon(1e-9));
      CHECK(load.accelerator_power_w ==
            Approx(s.accelerator_power_w[0] + load.busy_fraction * (300.0 - s.accelerator_power_w[0])).epsilon(1e-9));
      CHECK(load.busy_fraction <= most_busy * (1.0 + 1e-9));
      if (replicas == 1 || replicas >= 100) CHECK(load.busy_fraction == Approx(most_busy).epsilon(1e-9));
      // About one request per replica: a completion empties a replica while another holds two.
      if (replicas > 1 && replicas < 100 && per_replica == 1.0) CHECK(load.busy_fraction < 0.99 * most_busy);
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

namespace {
// The (N, k) chain of replica_group_chain.hpp written out whole, states up to `top` requests, and solved densely:
// returns {busy share, power of one accelerator}. An independent check of the level-by-level solution.
std::pair<double, double> dense_group_chain(const ReplicaService& s, int replicas, double rate_per_s, int top) {
  const int b = s.slots;
  std::vector<std::pair<int, int>> states;
  for (int n = 0; n <= top; ++n) {
    const int held = std::min(n, replicas * b);
    const int fewest = n == 0 ? 0 : std::max(1, (held + b - 1) / b);
    for (int k = std::min(n, replicas); k >= fewest; --k) states.emplace_back(n, k);
  }
  const auto index = [&](int n, int k) {
    for (std::size_t i = 0; i < states.size(); ++i) {
      if (states[i] == std::make_pair(n, k)) return static_cast<Eigen::Index>(i);
    }
    return Eigen::Index{-1};
  };
  const auto size = static_cast<Eigen::Index>(states.size());
  Eigen::MatrixXd q = Eigen::MatrixXd::Zero(size, size);
  const auto mu = [&](int n) { return n / s.latency_s[static_cast<std::size_t>(n)]; };
  for (Eigen::Index i = 0; i < size; ++i) {
    const auto [n, k] = states[static_cast<std::size_t>(i)];
    if (n < top) q(i, index(n + 1, std::min(k + 1, replicas))) += rate_per_s;
    if (n == 0) continue;
    const int held = std::min(n, replicas * b);
    const int per = held / k;
    const int above = held % k;
    const double at_per = (k - above) * mu(per);
    const double at_next = above > 0 ? above * mu(per + 1) : 0.0;
    if (per == 1 && n <= replicas * b) {
      q(i, index(n - 1, k - 1)) += at_per;
      if (at_next > 0.0) q(i, index(n - 1, k)) += at_next;
    } else {
      q(i, index(n - 1, k)) += at_per + at_next;
    }
  }
  for (Eigen::Index i = 0; i < size; ++i) q(i, i) = -q.row(i).sum();
  Eigen::MatrixXd system = q.transpose();
  system.row(0).setOnes();
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(size);
  rhs(0) = 1.0;
  const Eigen::VectorXd pi = system.fullPivLu().solve(rhs);
  double busy = 0.0;
  double power = 0.0;
  for (Eigen::Index i = 0; i < size; ++i) {
    const auto [n, k] = states[static_cast<std::size_t>(i)];
    busy += pi(i) * k;
    double w = (replicas - k) * s.accelerator_power_w[0];
    if (k > 0) {
      const auto held = static_cast<std::size_t>(std::min(n, replicas * b));
      const auto busy_replicas = static_cast<std::size_t>(k);
      const std::size_t above = held % busy_replicas;
      const std::size_t per = held / busy_replicas;
      w += static_cast<double>(busy_replicas - above) * s.accelerator_power_w[per];
      if (above > 0) w += static_cast<double>(above) * s.accelerator_power_w[per + 1];
    }
    power += pi(i) * w;
  }
  return {busy / replicas, power / replicas};
}
}  // namespace

TEST_CASE("the group chain solved level by level equals the same chain solved whole") {
  // 3 replicas of batch 4, latency rising with the batch; loads from a tenth to 0.8 of capacity. The dense chain stops
  // at 200 requests, where the queue's tail weighs under 0.8^188.
  const ReplicaService s = table_service({2.0, 2.0, 2.2, 2.5, 2.9}, {70.0, 250.0, 290.0, 330.0, 360.0});
  for (const double fraction : {0.1, 0.3, 0.5, 0.8}) {
    INFO("load " << fraction);
    const double rate_per_s = fraction * 3.0 * s.capacity_per_s();
    const auto [busy, power] = dense_group_chain(s, 3, rate_per_s, 200);
    const ReplicaLoad load = replica_group_load(s, 3, rate_per_s);
    CHECK(load.busy_fraction == Approx(busy).epsilon(1e-9));
    CHECK(load.accelerator_power_w == Approx(power).epsilon(1e-9));
  }
}

TEST_CASE("the group chain with empty replicas refuses a window or a group it cannot solve") {
  const ReplicaService s = table_service({1.0, 1.0, 1.5}, {70.0, 200.0, 300.0});
  CHECK_THROWS_AS(group_chain_with_empty_replicas(s, 1, 1.0, 0, 0, 2), std::invalid_argument);  // one replica
  CHECK_THROWS_AS(group_chain_with_empty_replicas(s, 2, 1.0, 0, 0, 5), std::invalid_argument);  // past R x B
  CHECK_THROWS_AS(group_chain_with_empty_replicas(s, 2, 1.0, 2, 1, 3), std::invalid_argument);  // peak below lo
  CHECK_THROWS_AS(group_chain_with_empty_replicas(s, 2, 0.0, 0, 1, 3), std::invalid_argument);  // no arrivals
}
