#include "models/power/power_use.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

TEST_CASE("a held host splits into active power above its idle floor and the floor itself") {
  const PowerUse use = split_power_use(5000.0, 1960.0, true);
  CHECK(use.active_w == 3040.0);
  CHECK(use.reserved_idle_w == 1960.0);
  CHECK(use.unreserved_w == 0.0);
  CHECK(use.active_w + use.reserved_idle_w + use.unreserved_w == 5000.0);
}

TEST_CASE("a held host below its idle floor (standby or off) counts only what it draws, as reserved idle") {
  const PowerUse standby = split_power_use(40.0, 1960.0, true);
  CHECK(standby.active_w == 0.0);
  CHECK(standby.reserved_idle_w == 40.0);
  CHECK(split_power_use(0.0, 1960.0, true).reserved_idle_w == 0.0);
}

TEST_CASE("a host no workload holds is unreserved whatever it draws") {
  const PowerUse use = split_power_use(1960.0, 1960.0, false);
  CHECK(use.unreserved_w == 1960.0);
  CHECK(use.active_w == 0.0);
  CHECK(use.reserved_idle_w == 0.0);
}
