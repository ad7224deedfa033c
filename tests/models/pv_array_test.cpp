#include "models/supply/pv_array.hpp"

#include "models/base/iso8601.hpp"
#include "models/facility/climate.hpp"
#include "models/supply/solar_irradiance.hpp"

#include <catch2/catch.hpp>

#include <numeric>
#include <stdexcept>

using terawatt::find_climate;
using terawatt::parse_iso8601_utc;
using terawatt::pv_ac_power_w;
using terawatt::pv_cell_temperature_c;
using terawatt::pv_params_problem;
using terawatt::pv_power_series;
using terawatt::PvArrayParams;
using terawatt::StepSeries;

namespace {

PvArrayParams one_megawatt() {
  PvArrayParams params;
  params.peak_w = 1.0e6;
  return params;
}

// The air temperature that puts the cell at 25 C under 1000 W/m2 with a 45 C NOCT: 25 - 25/800 * 1000.
constexpr double stc_air_c = 25.0 - 31.25;

}  // namespace

TEST_CASE("PV power at standard test conditions is peak times losses times inverter efficiency", "[solar][pv]") {
  const PvArrayParams params = one_megawatt();
  CHECK(pv_cell_temperature_c(45.0, 1000.0, stc_air_c) == Approx(25.0));
  CHECK(pv_ac_power_w(params, 1000.0, stc_air_c) == Approx(1.0e6 * (1.0 - 0.14) * 0.96));
  CHECK(pv_ac_power_w(params, 500.0, 25.0 - 0.5 * 31.25) == Approx(0.5e6 * 0.86 * 0.96));
}

TEST_CASE("PV power falls with cell temperature", "[solar][pv]") {
  const PvArrayParams params = one_megawatt();
  // 25 C air under 1000 W/m2: cell 56.25 C, 31.25 K above STC, -0.37 %/K.
  CHECK(pv_ac_power_w(params, 1000.0, 25.0) == Approx(1.0e6 * 0.86 * 0.96 * (1.0 - 0.0037 * 31.25)));
  CHECK(pv_ac_power_w(params, 1000.0, 40.0) < pv_ac_power_w(params, 1000.0, 25.0));
  // A cold array does better than its nameplate.
  CHECK(pv_ac_power_w(params, 1000.0, -20.0) > 1.0e6 * 0.86 * 0.96);
}

TEST_CASE("the inverter clips, and night gives nothing", "[solar][pv]") {
  PvArrayParams params = one_megawatt();
  params.inverter_ac_limit_w = 0.7e6;
  CHECK(pv_ac_power_w(params, 1000.0, stc_air_c) == 0.7e6);
  CHECK(pv_ac_power_w(params, 300.0, 10.0) < 0.7e6);
  CHECK(pv_ac_power_w(params, 0.0, 10.0) == 0.0);
  CHECK_THROWS_AS(pv_ac_power_w(params, -1.0, 10.0), std::invalid_argument);
}

TEST_CASE("PV parameter problems name the field", "[solar][pv]") {
  CHECK(pv_params_problem(one_megawatt()).empty());
  const auto problem_with = [](auto edit) {
    PvArrayParams params = one_megawatt();
    edit(params);
    return pv_params_problem(params);
  };
  CHECK_THAT(problem_with([](PvArrayParams& p) { p.peak_w = 0.0; }), Catch::Contains("peak_w"));
  CHECK_THAT(problem_with([](PvArrayParams& p) { p.temperature_coefficient_per_k = 0.01; }),
             Catch::Contains("temperature_coefficient_per_k"));
  CHECK_THAT(problem_with([](PvArrayParams& p) { p.noct_c = 15.0; }), Catch::Contains("noct_c"));
  CHECK_THAT(problem_with([](PvArrayParams& p) { p.system_losses = 1.0; }), Catch::Contains("system_losses"));
  CHECK_THAT(problem_with([](PvArrayParams& p) { p.inverter_efficiency = 1.2; }),
             Catch::Contains("inverter_efficiency"));
  CHECK_THAT(problem_with([](PvArrayParams& p) { p.inverter_ac_limit_w = -1.0; }),
             Catch::Contains("inverter_ac_limit_w"));
  PvArrayParams bad = one_megawatt();
  bad.peak_w = -5.0;
  CHECK_THROWS_WITH(pv_ac_power_w(bad, 100.0, 20.0), Catch::Contains("peak_w"));
}

TEST_CASE("PV power series needs hourly, aligned inputs", "[solar][pv]") {
  const PvArrayParams params = one_megawatt();
  const StepSeries ghi(0.0, 3600.0, {0.0, 500.0, 1000.0});
  const StepSeries air(0.0, 3600.0, {10.0, 20.0, stc_air_c});
  const StepSeries power = pv_power_series(params, ghi, air);
  REQUIRE(power.size() == 3);
  CHECK(power.values()[0] == 0.0);
  CHECK(power.values()[2] == Approx(1.0e6 * 0.86 * 0.96));
  CHECK_THROWS_AS(pv_power_series(params, ghi, StepSeries(3600.0, 3600.0, {1.0, 2.0, 3.0})), std::invalid_argument);
  CHECK_THROWS_AS(pv_power_series(params, ghi, StepSeries(0.0, 3600.0, {1.0, 2.0})), std::invalid_argument);
  CHECK_THROWS_AS(pv_power_series(params, StepSeries(0.0, 1800.0, {1.0, 2.0, 3.0}), air), std::invalid_argument);
}

TEST_CASE("a horizontal array in Phoenix yields a published specific yield", "[solar][pv]") {
  // The Arizona Solar Center's PVWatts chart for Phoenix gives 1,668 kWh per kWp per year for a south-facing array
  // tilted 14 deg (3/12 pitch) in open rack, with inverter, wiring and dirt losses; a horizontal array receives a few
  // percent less. The range allows about +-10 % around that for the horizontal plane and the synthetic year.
  const terawatt::ClimatePreset& arizona = *find_climate("arizona");
  const double start = parse_iso8601_utc("2023-01-01T00:00:00Z");
  const double end = parse_iso8601_utc("2024-01-01T00:00:00Z");
  const StepSeries ghi = terawatt::synthetic_irradiance(arizona, start, end, 42);
  const terawatt::WeatherSeries weather = terawatt::synthetic_weather(arizona, start, end, 42);
  PvArrayParams params;
  params.peak_w = 1000.0;
  const StepSeries power = pv_power_series(params, ghi, weather.dry_bulb_c);
  const double kwh_per_kwp = std::accumulate(power.values().begin(), power.values().end(), 0.0) / 1000.0;
  CHECK(kwh_per_kwp > 1450.0);
  CHECK(kwh_per_kwp < 1800.0);
}
