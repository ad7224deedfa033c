// A group of interchangeable hosts (sim/engine/workloads/host_group.hpp) against the host-by-host changes it replaces:
// the cluster's and the owner's ledgers must hold the same bits.
#include "sim/engine/workloads/host_group.hpp"

#include "same_bits.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

using namespace terawatt;
using terawatt::testing::same_bits;

namespace {

// An 8-GPU H100-like server: 700 W TDP, 70 W idle per GPU; a host of 1.2 kW idle, 2.4 kW loaded (round figures).
ServerPower server() {
  AcceleratorPowerParams params;
  params.tdp_w = 700.0;
  params.idle_w = 70.0;
  return ServerPower(AcceleratorPowerModel(params), 8.0, HostPowerCurve{1200.0, 2400.0});
}

// Hosts owned by one workload on one cluster: the reference changes each host; the grouped one changes its group's
// members at once and its loose hosts one by one, in host order.
struct Fleet {
  ClusterMeter cluster;
  WorkloadMeter owner;
  std::deque<HostPower> hosts;  // a deque: HostPower holds a reference and is not moved
  explicit Fleet(std::size_t count) {
    for (std::size_t h = 0; h < count; ++h) {
      hosts.emplace_back(server(), cluster, 0.0);
      hosts.back().assign_owner(owner, 0.0);
    }
  }
  void require_same_ledgers(const Fleet& other, double now_s) const {
    const auto same = [now_s](const PowerLedger& a, const PowerLedger& b) {
      return same_bits(a.energy_j(now_s), b.energy_j(now_s)) && same_bits(a.power_w(), b.power_w());
    };
    REQUIRE(same(cluster.it, other.cluster.it));
    REQUIRE(same(cluster.accelerators, other.cluster.accelerators));
    REQUIRE(same(cluster.reserved_idle, other.cluster.reserved_idle));
    REQUIRE(same(cluster.unreserved, other.cluster.unreserved));
    REQUIRE(same(owner.it, other.owner.it));
    REQUIRE(same(owner.reserved_idle, other.owner.reserved_idle));
  }
};

// Sets `power` (accelerators' total, or nullopt: left as it is) on hosts in order, as the host-by-host loop did, on
// the reference; and through the group on `grouped`, whose members are the hosts it holds.
void change_by_host(Fleet& reference, const std::vector<std::optional<double>>& power, double now_s) {
  for (std::size_t h = 0; h < power.size(); ++h) {
    if (power[h]) reference.hosts[h].set_service_power(*power[h], std::nullopt, now_s);
  }
}

void change_grouped(Fleet& grouped, HostGroup& group, double member_w, const std::vector<std::optional<double>>& power,
                    double now_s) {
  HostPower* shared = group.shared();
  const bool staged = shared && shared->stage_service_power(member_w, std::nullopt);
  std::size_t from = 0;
  for (std::size_t h = 0; h < power.size(); ++h) {
    if (group.contains(h) || !power[h]) continue;
    if (staged) shared->feed_staged(now_s, group.members_between(from, h));
    from = h;
    grouped.hosts[h].set_service_power(*power[h], std::nullopt, now_s);
  }
  if (staged) {
    shared->feed_staged(now_s, group.members_between(from, power.size()));
    shared->settle_staged(now_s);
  }
}

}  // namespace

TEST_CASE("a group of identical hosts feeds the ledgers the bits of the host-by-host changes", "[host_group]") {
  const std::size_t count = 1000;
  Fleet reference(count);
  Fleet grouped(count);
  HostGroup group;
  group.reset(count);
  for (std::size_t h = 0; h < count; ++h) REQUIRE(group.try_join(h, grouped.hosts[h]));
  CHECK(group.size() == count);
  CHECK(group.first_member() == 0);
  // The shortcut the group does not take: count x one host's change, added once.
  PowerLedger product;
  product.set_power(0.0, reference.cluster.it.power_w());
  // A day of 5-minute steps of a load that varies by irregular amounts.
  double now_s = 0.0;
  for (int step = 0; step < 288; ++step) {
    now_s += 300.0;
    const double accelerators_w = 8.0 * (70.0 + 630.0 * (0.5 + 0.45 * std::sin(0.1 * step + 0.3)));
    const double before_w = reference.hosts[0].it_power_w();
    change_by_host(reference, std::vector<std::optional<double>>(count, accelerators_w), now_s);
    change_grouped(grouped, group, accelerators_w, std::vector<std::optional<double>>(count, std::nullopt), now_s);
    product.add_power(now_s, static_cast<double>(count) * (reference.hosts[0].it_power_w() - before_w));
  }
  grouped.require_same_ledgers(reference, now_s + 60.0);
  CHECK(group.shared()->it_power_w() == reference.hosts[0].it_power_w());
  // The product is close but not the same bits: the reason the group adds the changes one rounding at a time.
  CHECK(product.energy_j(now_s) == Approx(reference.cluster.it.energy_j(now_s)).epsilon(1e-12));
  CHECK_FALSE(same_bits(product.energy_j(now_s), reference.cluster.it.energy_j(now_s)));
}

TEST_CASE("hosts that leave a group take its power and change on their own in host order", "[host_group]") {
  const std::size_t count = 40;
  Fleet reference(count);
  Fleet grouped(count);
  HostGroup group;
  group.reset(count);
  double now_s = 100.0;
  const double serving_w = 8.0 * 412.5;
  change_by_host(reference, std::vector<std::optional<double>>(count, serving_w), now_s);
  change_by_host(grouped, std::vector<std::optional<double>>(count, serving_w), now_s);
  for (std::size_t h = 0; h < count; ++h) REQUIRE(group.try_join(h, grouped.hosts[h]));

  // Hosts 5, 17 and 30 diverge (switched to idle, as a scaled-down replica that idles): they leave the group and take
  // its power first, then change alone; the others keep changing as one, their changes before, between and after the
  // loose hosts' in host order.
  now_s = 400.0;
  std::vector<std::optional<double>> power(count, std::nullopt);
  for (std::size_t h : {5, 17, 30}) {
    group.leave(h, grouped.hosts[h], now_s);
    power[h] = 8.0 * 70.0;
  }
  CHECK(group.size() == count - 3);
  CHECK(group.members_between(0, 17) == 16);
  CHECK_FALSE(group.contains(17));
  change_by_host(reference, power, now_s);
  change_by_host(grouped, power, now_s);
  for (int step = 1; step <= 20; ++step) {
    now_s += 300.0;
    const double member_w = 8.0 * (300.0 + 13.7 * step);
    std::vector<std::optional<double>> all(count, member_w);
    std::vector<std::optional<double>> loose(count, std::nullopt);
    for (std::size_t h : {5, 17, 30}) all[h] = loose[h] = 8.0 * (70.0 + 0.37 * step);
    change_by_host(reference, all, now_s);
    change_grouped(grouped, group, member_w, loose, now_s);
    grouped.require_same_ledgers(reference, now_s);
  }
  // A host that again draws the group's power rejoins; one that does not, cannot.
  grouped.hosts[5].set_service_power(group.shared()->server().accelerator_power_w(), std::nullopt, now_s);
  CHECK(group.try_join(5, grouped.hosts[5]));
  CHECK_FALSE(group.try_join(17, grouped.hosts[17]));
  CHECK(group.first_member() == 0);
}

TEST_CASE("an emptied group forgets its power and takes that of the next host to join", "[host_group]") {
  Fleet fleet(3);
  HostGroup group;
  group.reset(3);
  fleet.hosts[1].set_service_power(8.0 * 500.0, std::nullopt, 10.0);
  REQUIRE(group.try_join(1, fleet.hosts[1]));
  CHECK(group.first_member() == 1);
  CHECK_FALSE(group.try_join(0, fleet.hosts[0]));  // idle: not the member's power
  group.leave(1, fleet.hosts[1], 20.0);
  CHECK(group.size() == 0);
  CHECK(group.shared() == nullptr);
  CHECK(group.try_join(0, fleet.hosts[0]));
  CHECK(fleet.hosts[1].it_power_w() > fleet.hosts[0].it_power_w());
}
