#include "models/facility/psychrometrics.hpp"

#include <catch2/catch.hpp>

using terawatt::dew_point_c;
using terawatt::humidity_ratio_from_vapour_pressure;
using terawatt::humidity_ratio_from_wet_bulb;
using terawatt::relative_humidity_from_dew_point;
using terawatt::saturation_pressure_pa;
using terawatt::standard_pressure_at_elevation_pa;
using terawatt::wet_bulb_c;
using terawatt::wet_bulb_from_dew_point_c;

namespace {
// ASHRAE tables and charts print wet bulbs to 0.1 C; the brief asks for 0.3 C.
constexpr double table_tolerance_c = 0.3;
}  // namespace

TEST_CASE("saturation pressure matches the ASHRAE table", "[psychrometrics]") {
  // ASHRAE Handbook-Fundamentals 2017, ch. 1, Table 3 (kPa): -10 C over ice 0.25990, 0 C 0.61121 (water),
  // 20 C 2.3393, 30 C 4.2470, 50 C 12.352.
  CHECK(saturation_pressure_pa(-10.0) == Approx(259.90).epsilon(1e-3));
  CHECK(saturation_pressure_pa(0.0) == Approx(611.21).epsilon(1e-3));
  CHECK(saturation_pressure_pa(20.0) == Approx(2339.3).epsilon(1e-3));
  CHECK(saturation_pressure_pa(30.0) == Approx(4247.0).epsilon(1e-3));
  CHECK(saturation_pressure_pa(50.0) == Approx(12352.0).epsilon(1e-3));
}

TEST_CASE("wet bulb matches tabulated psychrometric values at sea level", "[psychrometrics]") {
  // Standard-atmosphere psychrometric chart readings (ASHRAE chart No. 1).
  CHECK(wet_bulb_c(30.0, 0.50) == Approx(22.0).margin(table_tolerance_c));
  CHECK(wet_bulb_c(25.0, 0.50) == Approx(17.9).margin(table_tolerance_c));
  CHECK(wet_bulb_c(20.0, 0.50) == Approx(13.8).margin(table_tolerance_c));
  CHECK(wet_bulb_c(35.0, 0.40) == Approx(23.9).margin(table_tolerance_c));
  CHECK(wet_bulb_c(10.0, 0.80) == Approx(8.3).margin(table_tolerance_c));
  // Saturated air: the wet bulb is the dry bulb.
  CHECK(wet_bulb_c(20.0, 1.0) == Approx(20.0).margin(1e-6));
  CHECK(wet_bulb_c(-5.0, 1.0) == Approx(-5.0).margin(1e-6));
}

TEST_CASE("wet bulb lies between dew point and dry bulb and rises with humidity", "[psychrometrics]") {
  for (double dry = -20.0; dry <= 45.0; dry += 5.0) {
    double previous = -1e9;
    for (double rh = 0.05; rh <= 1.0; rh += 0.05) {
      const double wet = wet_bulb_c(dry, rh);
      INFO("dry " << dry << " rh " << rh);
      CHECK(wet <= dry + 1e-6);
      CHECK(wet >= dew_point_c(dry, rh) - 1e-6);
      CHECK(wet > previous);
      previous = wet;
    }
  }
  // Bone-dry desert air still has a finite wet bulb, far below the dry bulb.
  CHECK(wet_bulb_c(40.0, 0.0) == Approx(14.6).margin(0.5));
}

TEST_CASE("lower air pressure lowers the wet bulb", "[psychrometrics]") {
  const double sea_level = wet_bulb_c(30.0, 0.5);
  const double high = wet_bulb_c(30.0, 0.5, standard_pressure_at_elevation_pa(2000.0));
  CHECK(high < sea_level - 0.3);
  CHECK(standard_pressure_at_elevation_pa(0.0) == Approx(101325.0));
  CHECK(standard_pressure_at_elevation_pa(1000.0) == Approx(89875.0).epsilon(1e-3));  // ASHRAE Table 1: 89.875 kPa
}

TEST_CASE("dew point, relative humidity and humidity ratio are consistent", "[psychrometrics]") {
  for (double dry : {-15.0, 0.0, 12.0, 30.0, 42.0}) {
    for (double rh : {0.1, 0.45, 0.9}) {
      const double dew = dew_point_c(dry, rh);
      CHECK(relative_humidity_from_dew_point(dry, dew) == Approx(rh).epsilon(1e-8));
      // Reading the humidity back from the wet bulb recovers the same humidity ratio.
      const double ratio = humidity_ratio_from_vapour_pressure(saturation_pressure_pa(dew));
      CHECK(humidity_ratio_from_wet_bulb(dry, wet_bulb_c(dry, rh)) == Approx(ratio).epsilon(1e-5).margin(1e-7));
      CHECK(wet_bulb_from_dew_point_c(dry, dew) == Approx(wet_bulb_c(dry, rh)).margin(1e-5));
    }
  }
  CHECK(relative_humidity_from_dew_point(20.0, 25.0) == 1.0);
  CHECK(dew_point_c(20.0, 1.0) == 20.0);
}
