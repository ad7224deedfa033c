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
