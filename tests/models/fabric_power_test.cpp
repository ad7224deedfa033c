// The network fabric's power (models/power/fabric_power.hpp): the default floor per server from its injection
// bandwidth, checked against the published topology it assumes, and the energy of the bytes carried.
#include "models/power/fabric_power.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

TEST_CASE("the fabric's default floor is 65 W per 400 Gb/s of a server's injection bandwidth") {
  // Three 64th of a 747 W switch and four halves of 15 W twin-port optics per 400 Gb/s port.
  const double per_port_w = 3.0 * 747.0 / 64.0 + 4.0 * 7.5;
  CHECK(per_port_w == Approx(65.02).epsilon(1e-3));
  // DGX H100: 8 ports of 400 Gb/s, 400 GB/s.
  CHECK(default_fabric_floor_w(400e9) == Approx(8.0 * per_port_w).epsilon(1e-12));
  // Linear in the bandwidth: one 200 Gb/s port (25 GB/s) draws half a 400 Gb/s port's share.
  CHECK(default_fabric_floor_w(25e9) == Approx(0.5 * per_port_w).epsilon(1e-12));
  CHECK(default_fabric_floor_w(0.0) == 0.0);
  // Traffic draws nothing extra by default (measured switches are not load-proportional).
  CHECK(default_fabric_joules_per_bit() == 0.0);
}

TEST_CASE("three switch ports per server port is the count of NVIDIA's DGX SuperPOD H100") {
  // Its compute fabric at four scalable units: 127 servers of 8 ports of 400 Gb/s, 32 leaf and 16 spine switches
  // (DGX SuperPOD reference architecture, Table 4). The switches alone per server, from the count and from the model:
  const double published_w = 48.0 * 747.0 / 127.0;
  const double model_switch_w = default_fabric_floor_w(400e9) - 8.0 * 4.0 * 7.5;
  CHECK(model_switch_w == Approx(published_w).epsilon(0.01));
}
