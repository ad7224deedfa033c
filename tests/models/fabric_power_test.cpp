// The network fabric's power (models/power/fabric_power.hpp): the default floor per server from its injection
// bandwidth and the fat tree its cluster needs, checked against the published topology it assumes.
#include "models/power/fabric_power.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

TEST_CASE("a fat tree of 64-port switches needs two tiers up to 2,048 ports and three up to 65,536") {
  CHECK(fat_tree_tiers(64.0) == 1);
  CHECK(fat_tree_tiers(65.0) == 2);
  CHECK(fat_tree_tiers(2048.0) == 2);
  CHECK(fat_tree_tiers(2049.0) == 3);
  CHECK(fat_tree_tiers(65536.0) == 3);
  CHECK(fat_tree_tiers(65537.0) == 4);
}

TEST_CASE("the fabric's default floor is 65 W per 400 Gb/s of a server's bandwidth in two tiers, 103 W in three") {
  // Three 64ths of a 747 W switch and four halves of 15 W twin-port optics per 400 Gb/s port in two tiers; five
  // switch ports and six transceiver ends in three.
  const double two_tier_w = 3.0 * 747.0 / 64.0 + 4.0 * 7.5;
  const double three_tier_w = 5.0 * 747.0 / 64.0 + 6.0 * 7.5;
  CHECK(two_tier_w == Approx(65.02).epsilon(1e-3));
  CHECK(three_tier_w == Approx(103.4).epsilon(1e-3));
  // DGX H100 (8 ports of 400 Gb/s, 400 GB/s): 256 servers fill two tiers; 257 need three.
  CHECK(default_fabric_floor_w(400e9, 256.0) == Approx(8.0 * two_tier_w).epsilon(1e-12));
  CHECK(default_fabric_floor_w(400e9, 257.0) == Approx(8.0 * three_tier_w).epsilon(1e-12));
  // A cluster that one switch could hold is costed as a slice of a two-tier fabric.
  CHECK(default_fabric_floor_w(400e9, 4.0) == Approx(8.0 * two_tier_w).epsilon(1e-12));
  // Linear in the bandwidth: one 200 Gb/s port (25 GB/s) draws half a 400 Gb/s port's share.
  CHECK(default_fabric_floor_w(25e9, 32.0) == Approx(0.5 * two_tier_w).epsilon(1e-12));
  CHECK(default_fabric_floor_w(0.0, 32.0) == 0.0);
  // Traffic draws nothing extra by default (measured switches are not load-proportional).
  CHECK(default_traffic_pj_per_bit == 0.0);
}

TEST_CASE("a fabric's traffic energy is its picojoules per bit times the bits carried") {
  const FabricPower fabric{520.0, 10.0};
  CHECK(fabric.traffic_energy_j(1e9) == Approx(10e-12 * 8e9).epsilon(1e-15));  // 1 GB at 10 pJ/bit: 0.08 J
  CHECK(fabric.floor_w(4.0) == 2080.0);
}

TEST_CASE("three switch ports per server port is the count of NVIDIA's DGX SuperPOD H100") {
  // Its compute fabric at four scalable units: 127 servers of 8 ports of 400 Gb/s, 32 leaf and 16 spine switches
  // (DGX SuperPOD reference architecture, Table 4). The switches alone per server, from the count and from the model:
  const double published_w = 48.0 * 747.0 / 127.0;
  const double model_switch_w = default_fabric_floor_w(400e9, 127.0) - 8.0 * 4.0 * 7.5;
  CHECK(model_switch_w == Approx(published_w).epsilon(0.01));
}
