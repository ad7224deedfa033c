// A server at a given IT power (models/power/given_power.hpp): the split between accelerators and host sums to the
// power given and follows the server's own curves.
#include "models/power/given_power.hpp"

#include "models/power/accelerator_power.hpp"
#include "models/power/host_power.hpp"
#include "models/power/server_power.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace terawatt;

namespace {
AcceleratorPowerModel h100_like() {
  AcceleratorPowerParams params;
  params.tdp_w = 700.0;
  params.idle_w = 70.0;
  return AcceleratorPowerModel(params);
}
const HostPowerCurve host{1400.0, 2800.0};
}  // namespace

TEST_CASE("the nameplate of a server is its accelerators at TDP and its host at full load") {
  CHECK(server_nameplate_w(8.0, h100_like(), host) == 8.0 * 700.0 + 2800.0);
}

TEST_CASE("a power between idle and nameplate splits at the load the server's curves give it") {
  for (const double it_w : {1960.0, 4000.0, 6000.0, 8399.0}) {
    const PowerSplit split = split_server_power(it_w, 8.0, h100_like(), host);
    CHECK(split.accelerators_w + split.host_w == Approx(it_w).epsilon(1e-14));
    // The engine's own server model at that accelerator power draws the same host power.
    ServerPower server(h100_like(), 8.0, host);
    server.set_service_power(split.accelerators_w, std::nullopt);
    CHECK(server.it_power_w() == Approx(it_w).epsilon(1e-12));
  }
  // Idle (8 x 70 + 1400 = 1960 W) is load 0.
  CHECK(split_server_power(1960.0, 8.0, h100_like(), host).accelerators_w == Approx(560.0));
}

TEST_CASE("a power below idle scales both idle parts, one above nameplate puts the rest on the host") {
  const PowerSplit low = split_server_power(980.0, 8.0, h100_like(), host);
  CHECK(low.accelerators_w == Approx(280.0));
  CHECK(low.host_w == Approx(700.0));
  const PowerSplit high = split_server_power(10000.0, 8.0, h100_like(), host);
  CHECK(high.accelerators_w == 5600.0);
  CHECK(high.host_w == 4400.0);
  CHECK(split_server_power(0.0, 8.0, h100_like(), host).accelerators_w == 0.0);
  CHECK_THROWS_AS(split_server_power(-1.0, 8.0, h100_like(), host), std::invalid_argument);
  CHECK_THROWS_AS(split_server_power(100.0, 0.0, h100_like(), host), std::invalid_argument);
}
