#include "models/facility/site_environment.hpp"
#include "models/facility/facility_presets.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace terawatt;

namespace {
constexpr double hour_s = 3600.0;
constexpr double g_per_kwh = 1e-3 / 3.6e6;

SiteEnvironment constant_site() {
  SiteEnvironment site;
  site.constant_pue = 1.2;
  site.onsite_wue_m3_per_j = 0.5e-3 / 3.6e6;
  site.carbon_intensity_kg_per_j = TimeVarying(400 * g_per_kwh);
  site.offsite_water_m3_per_j = 3.0e-3 / 3.6e6;
  return site;
}
}  // namespace

TEST_CASE("a constant site: facility = IT x PUE, emissions = facility x intensity, water by WUE and EWIF") {
  const SiteInterval in = evaluate_site_interval(constant_site(), 0.0, hour_s, 3.6e9);  // 1 MWh of IT energy
  CHECK(in.facility_j == 1.2 * 3.6e9);
  CHECK(in.pue() == Approx(1.2).epsilon(1e-15));
  CHECK(in.emissions_kg == Approx(1.2 * 1000 * 0.4).epsilon(1e-12));  // 1.2 MWh x 0.4 t/MWh
  CHECK(in.onsite_water_m3 == Approx(0.5).epsilon(1e-12));            // 1,000 kWh x 0.5 L/kWh
  CHECK(in.offsite_water_m3 == Approx(1.2 * 3.0).epsilon(1e-12));     // 1,200 kWh x 3 L/kWh
  CHECK(std::isnan(in.cooling_j));
  CHECK(std::isnan(in.marginal_emissions_kg));
}

TEST_CASE("emissions integrate facility power x an hourly intensity exactly over intervals across hours") {
  SiteEnvironment site = constant_site();
  site.carbon_intensity_kg_per_j = TimeVarying(StepSeries(0.0, hour_s, {100 * g_per_kwh, 500 * g_per_kwh}));
  site.marginal_intensity_kg_per_j = TimeVarying(700 * g_per_kwh);
  // 1 MW of IT from 00:30 to 01:30: half an hour at 100 g/kWh, half an hour at 500 g/kWh.
  const SiteInterval in = evaluate_site_interval(site, 0.5 * hour_s, 1.5 * hour_s, 3.6e9);
  const double facility_kwh = 1.2 * 1000.0;
  CHECK(in.emissions_kg == Approx(facility_kwh / 2 * 0.1 + facility_kwh / 2 * 0.5).epsilon(1e-12));
  CHECK(in.marginal_emissions_kg == Approx(facility_kwh * 0.7).epsilon(1e-12));
}

TEST_CASE("a plant site: PUE >= 1, parts add up, and the remembering evaluator changes no bit") {
  const FacilityPreset* preset = find_facility_preset("enterprise");
  REQUIRE(preset);
  SiteEnvironment site = constant_site();
  site.constant_pue.reset();
  site.plant = with_design_capacity(preset->plant, 2e6);
  std::vector<double> dry(48), wet(48);
  for (std::size_t h = 0; h < 48; ++h) {
    dry[h] = 10.0 + 15.0 * std::sin(static_cast<double>(h) / 24.0 * 6.283);
    wet[h] = dry[h] - 4.0;
  }
  site.weather = WeatherSeries{StepSeries(0.0, hour_s, dry), StepSeries(0.0, hour_s, wet)};
  SiteEvaluator evaluator(site);
  for (int k = 0; k < 48 * 12; ++k) {
    const double t0 = k * 300.0, t1 = t0 + 300.0;
    const double it_j = (k % 24 < 12 ? 1.0e6 : 1.5e6) * 300.0;  // load steps every hour
    const SiteInterval direct = evaluate_site_interval(site, t0, t1, it_j);
    const SiteInterval remembered = evaluator.evaluate(t0, t1, it_j);
    REQUIRE(direct.facility_j == remembered.facility_j);
    REQUIRE(direct.onsite_water_m3 == remembered.onsite_water_m3);
    CHECK(direct.pue() >= 1.0);
    CHECK(direct.facility_j ==
          Approx(direct.it_j + direct.cooling_j + direct.distribution_j + direct.other_j).epsilon(1e-12));
  }
}
