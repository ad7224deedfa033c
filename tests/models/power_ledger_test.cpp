#include "models/power/power_ledger.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

TEST_CASE("the ledger integrates piecewise-constant power exactly") {
  PowerLedger ledger;
  ledger.set_power(0.0, 100.0);
  CHECK(ledger.energy_j(10.0) == 1000.0);
  ledger.add_power(10.0, 50.0);  // 150 W from t = 10 s
  CHECK(ledger.energy_j(30.0) == 1000.0 + 3000.0);
  ledger.add_power(30.0, -150.0);  // 0 W from t = 30 s
  CHECK(ledger.energy_j(100.0) == 4000.0);
  CHECK(ledger.power_w() == 0.0);
}

TEST_CASE("interval energies read from the ledger sum to the total") {
  PowerLedger ledger;
  double previous_j = 0.0;
  double sum_j = 0.0;
  for (int k = 1; k <= 1000; ++k) {
    ledger.set_power(k * 0.7, 100.0 + (k % 7) * 13.0);
    const double now_j = ledger.energy_j(k * 1.0);
    sum_j += now_j - previous_j;
    previous_j = now_j;
  }
  CHECK(sum_j == Approx(ledger.energy_j(1000.0)).epsilon(1e-12));
}

TEST_CASE("deltas in any time order give the energy of the same deltas in order") {
  // Two sources feed one ledger: one at the clock, one catching up its own events later (Platform::settle_deferred).
  struct Change {
    double t_s, delta_w;
  };
  const Change clock[] = {{1.0, 300.0}, {4.0, -100.0}, {7.5, 50.0}};
  const Change deferred[] = {{0.5, 20.0}, {2.0, 700.0}, {6.0, -700.0}, {7.0, 10.0}};
  PowerLedger in_order;
  for (const Change& c : {deferred[0], clock[0], deferred[1], clock[1], deferred[2], deferred[3], clock[2]}) {
    in_order.add_power(c.t_s, c.delta_w);
  }
  PowerLedger late;
  for (const Change& c : clock) late.add_power(c.t_s, c.delta_w);
  for (const Change& c : deferred) late.add_power(c.t_s, c.delta_w);
  double expected_j = 0.0;  // sum of d_k (T - t_k) at T = 10 s
  for (const Change& c : clock) expected_j += c.delta_w * (10.0 - c.t_s);
  for (const Change& c : deferred) expected_j += c.delta_w * (10.0 - c.t_s);
  CHECK(in_order.energy_j(10.0) == Approx(expected_j).epsilon(1e-12));
  CHECK(late.energy_j(10.0) == Approx(expected_j).epsilon(1e-12));
  CHECK(late.power_w() == Approx(in_order.power_w()).epsilon(1e-12));
}
