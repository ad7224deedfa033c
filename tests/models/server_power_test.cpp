#include "models/power/server_power.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

namespace {
AcceleratorPowerModel v100() {
  AcceleratorPowerParams params;
  params.tdp_w = 300.0;  // V100 SXM2, docs/references.md E
  params.idle_w = 55.0;
  return AcceleratorPowerModel(params);
}
}  // namespace

TEST_CASE("a server with a constant host draws idle power plus the host until work begins") {
  ServerPower server(v100(), 8.0, HostPowerCurve::constant(500.0));
  CHECK(server.current_kind() == WorkKind::idle);
  CHECK(server.it_power_w() == 8.0 * 55.0 + 500.0);
  server.begin(WorkKind::compute);
  CHECK(server.accelerator_power_w() == Approx(8.0 * (55.0 + 245.0 * 0.86)));
  CHECK(server.it_power_w() == Approx(server.accelerator_power_w() + 500.0));
  server.end(WorkKind::compute);
  CHECK(server.it_power_w() == 8.0 * 55.0 + 500.0);
}

TEST_CASE("overlapping activities draw the power of the most intense one") {
  ServerPower server(v100(), 8.0, HostPowerCurve::constant(0.0));
  server.begin(WorkKind::checkpoint);
  const double checkpoint_w = server.accelerator_power_w();
  server.begin(WorkKind::compute);
  CHECK(server.current_kind() == WorkKind::compute);
  server.end(WorkKind::compute);
  CHECK(server.accelerator_power_w() == checkpoint_w);
  server.end(WorkKind::checkpoint);
  CHECK_THROWS_AS(server.end(WorkKind::checkpoint), std::logic_error);
}

TEST_CASE("the host follows the accelerators' load linearly, from idle to loaded") {
  const HostPowerCurve host{200.0, 500.0};
  ServerPower server(v100(), 8.0, host);
  CHECK(server.accelerator_load() == 0.0);
  CHECK(server.it_power_w() == Approx(8.0 * 55.0 + 200.0));
  server.begin(WorkKind::compute);
  // Compute draws 0.86 of the dynamic range, so the host draws 200 + 0.86 x (500 - 200) = 458 W.
  CHECK(server.accelerator_load() == Approx(0.86));
  CHECK(server.host_power_w() == Approx(458.0));
  CHECK(server.it_power_w() == Approx(8.0 * (55.0 + 245.0 * 0.86) + 458.0));
  server.end(WorkKind::compute);
  CHECK(server.host_power_w() == Approx(200.0));
}

TEST_CASE("a service's awake hosts follow the curve and asleep hosts draw what the service says") {
  ServerPower server(v100(), 8.0, HostPowerCurve{200.0, 500.0});
  server.set_service_power(8.0 * 300.0, std::nullopt);  // every accelerator at TDP: full load
  CHECK(server.host_power_w() == Approx(500.0));
  server.set_service_power(8.0 * 55.0, std::nullopt);
  CHECK(server.host_power_w() == Approx(200.0));
  server.set_service_power(0.0, 40.0);  // standby
  CHECK(server.it_power_w() == Approx(40.0));
  server.set_service_power(0.0, 0.0);  // off
  CHECK(server.it_power_w() == 0.0);
}

TEST_CASE("a host curve rejects idle above loaded and negative power") {
  CHECK_THROWS_AS(ServerPower(v100(), 8.0, HostPowerCurve{600.0, 500.0}), std::invalid_argument);
  CHECK_THROWS_AS(ServerPower(v100(), 8.0, HostPowerCurve{-1.0, 500.0}), std::invalid_argument);
  CHECK(HostPowerCurve{100.0, 300.0}.power_w(2.0) == 300.0);  // load is clamped
  CHECK(HostPowerCurve{100.0, 300.0}.power_w(-1.0) == 100.0);
  CHECK(HostPowerCurve{100.0, 300.0}.scaled(4.0).loaded_w == 1200.0);
}
