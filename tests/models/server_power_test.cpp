#include "models/server_power.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

namespace {
AcceleratorPowerModel v100() {
  AcceleratorPowerParams params;
  params.tdp_w = 300.0;  // V100 SXM2, FIGURES.md E
  params.idle_w = 55.0;
  return AcceleratorPowerModel(params);
}
}  // namespace

TEST_CASE("a server draws idle power plus overhead until work begins") {
  ServerPower server(v100(), 8.0, 500.0);
  CHECK(server.current_kind() == WorkKind::idle);
  CHECK(server.it_power_w() == 8.0 * 55.0 + 500.0);
  server.begin(WorkKind::compute);
  CHECK(server.accelerator_power_w() == Approx(8.0 * (55.0 + 245.0 * 0.86)));
  CHECK(server.it_power_w() == Approx(server.accelerator_power_w() + 500.0));
  server.end(WorkKind::compute);
  CHECK(server.it_power_w() == 8.0 * 55.0 + 500.0);
}

TEST_CASE("overlapping activities draw the power of the most intense one") {
  ServerPower server(v100(), 8.0, 0.0);
  server.begin(WorkKind::checkpoint);
  const double checkpoint_w = server.accelerator_power_w();
  server.begin(WorkKind::compute);
  CHECK(server.current_kind() == WorkKind::compute);
  server.end(WorkKind::compute);
  CHECK(server.accelerator_power_w() == checkpoint_w);
  server.end(WorkKind::checkpoint);
  CHECK_THROWS_AS(server.end(WorkKind::checkpoint), std::logic_error);
}
