#include "models/facility/cooling_plant.hpp"

#include "models/facility/climate.hpp"
#include "models/facility/facility_presets.hpp"
#include "models/facility/psychrometrics.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

using terawatt::chiller_cop;
using terawatt::ChillerParams;
using terawatt::CoolingPlantParams;
using terawatt::EconomiserType;
using terawatt::evaluate_cooling_plant;
using terawatt::facility_presets;
using terawatt::FacilityPower;
using terawatt::find_facility_preset;
using terawatt::HeatRejection;
using terawatt::validate_cooling_plant;
using terawatt::with_design_capacity;

namespace {

constexpr double capacity_w = 10e6;
constexpr double joules_per_kwh = 3.6e6;

CoolingPlantParams preset_plant(const char* name) {
  return with_design_capacity(find_facility_preset(name)->plant, capacity_w);
}

// A wet bulb for a dry bulb at a fixed relative humidity, so sweeps move along a physical path.
double wet_bulb_at(double dry_bulb_c, double relative_humidity = 0.5) {
  return terawatt::wet_bulb_c(dry_bulb_c, relative_humidity);
}

// On-site water per IT energy, L/kWh.
double wue_l_per_kwh(const FacilityPower& p) {
  return p.onsite_water_m3_per_s * 1000.0 / (p.it_w / joules_per_kwh);
}

}  // namespace

TEST_CASE("PUE is at least 1 over a grid of loads, temperatures and presets", "[cooling_plant]") {
  for (const auto& preset : facility_presets()) {
    const CoolingPlantParams plant = with_design_capacity(preset.plant, capacity_w);
    for (double load : {0.01, 0.05, 0.2, 0.5, 0.8, 1.0, 1.2}) {
      for (double dry = -35.0; dry <= 50.0; dry += 5.0) {
        for (double rh : {0.05, 0.5, 1.0}) {
          const FacilityPower p = evaluate_cooling_plant(plant, load * capacity_w, dry, wet_bulb_at(dry, rh));
          INFO(preset.name << " load " << load << " dry " << dry << " rh " << rh);
          CHECK(p.pue() >= 1.0);
          CHECK(std::isfinite(p.pue()));
          CHECK(p.cooling_w >= 0.0);
          CHECK(p.distribution_loss_w >= 0.0);
          CHECK(p.other_w >= 0.0);
          CHECK(p.onsite_water_m3_per_s >= 0.0);
          CHECK(p.mechanical_cooling_fraction >= 0.0);
          CHECK(p.mechanical_cooling_fraction <= 1.0);
        }
      }
    }
  }
}

TEST_CASE("facility power is exactly IT plus cooling, distribution and other", "[cooling_plant]") {
  for (const auto& preset : facility_presets()) {
    const CoolingPlantParams plant = with_design_capacity(preset.plant, capacity_w);
    for (double dry : {-10.0, 18.0, 37.0}) {
      const FacilityPower p = evaluate_cooling_plant(plant, 0.63 * capacity_w, dry, wet_bulb_at(dry));
      CHECK(p.facility_w == p.it_w + p.cooling_w + p.distribution_loss_w + p.other_w);
      CHECK(p.cooling_w == p.chiller_w + p.fans_w + p.pumps_w + p.heat_rejection_w);
      CHECK(p.it_w == 0.63 * capacity_w);
      CHECK(p.pue() == p.facility_w / p.it_w);
    }
  }
}

TEST_CASE("chiller COP follows the Carnot-fraction model and falls as it gets hot", "[cooling_plant]") {
  const ChillerParams water_cooled{0.6, 10.0, 1.5, HeatRejection::cooling_tower, 11.0, 10.0};
  // 8.5 C evaporating, 20 + 11 = 31 C condensing: 0.6 x 281.65 / 22.5.
  CHECK(chiller_cop(water_cooled, 35.0, 20.0) == Approx(0.6 * 281.65 / 22.5));
  // The lift never drops below the minimum.
  CHECK(chiller_cop(water_cooled, 0.0, -10.0) == Approx(0.6 * 281.65 / 10.0));
  const ChillerParams air_cooled{0.48, 6.7, 1.5, HeatRejection::air_cooled, 15.0, 10.0};
  // At AHRI 550/590 rating conditions (35 C air) the 90.1-2016 air-cooled minimum, COP 2.96.
  CHECK(chiller_cop(air_cooled, 35.0, 24.0) == Approx(2.96).epsilon(0.02));
  double previous = std::numeric_limits<double>::infinity();
  for (double t = -20.0; t <= 50.0; t += 1.0) {
    const double cop = chiller_cop(air_cooled, t, t - 5.0);
    CHECK(cop <= previous);
    CHECK(cop > 0.0);
    previous = cop;
  }
}

TEST_CASE("cooling power never falls as the outdoor temperature rises for a chiller plant", "[cooling_plant]") {
  // The enterprise preset has no economiser; also a water-cooled variant whose condensers follow the wet bulb.
  CoolingPlantParams air_cooled = preset_plant("enterprise");
  REQUIRE(air_cooled.economiser.type == EconomiserType::none);
  CoolingPlantParams tower = air_cooled;
  tower.chiller = {0.69, 7.0, 1.5, HeatRejection::cooling_tower, 11.0, 10.0};
  for (const CoolingPlantParams* plant : {&air_cooled, &tower}) {
    for (double load : {0.2, 0.7, 1.0}) {
      double previous = 0.0;
      for (double dry = -30.0; dry <= 50.0; dry += 0.5) {
        const double cooling = evaluate_cooling_plant(*plant, load * capacity_w, dry, wet_bulb_at(dry, 0.4)).cooling_w;
        INFO("load " << load << " dry " << dry);
        CHECK(cooling >= previous);
        previous = cooling;
      }
    }
  }
  // And with every economiser preset, cooling is non-decreasing in the dry bulb at a fixed humidity.
  for (const auto& preset : facility_presets()) {
    const CoolingPlantParams plant = with_design_capacity(preset.plant, capacity_w);
    double previous = 0.0;
    for (double dry = -30.0; dry <= 50.0; dry += 0.5) {
      const double cooling = evaluate_cooling_plant(plant, 0.7 * capacity_w, dry, wet_bulb_at(dry, 0.4)).cooling_w;
      INFO(preset.name << " dry " << dry);
      CHECK(cooling >= previous - 1e-9 * capacity_w);
      previous = cooling;
    }
  }
}

TEST_CASE("economiser hours lower the cooling energy of a year", "[cooling_plant]") {
  const terawatt::WeatherSeries weather =
      terawatt::synthetic_weather(*terawatt::find_climate("iowa"), terawatt::utc_midnight_epoch_s(2023, 1, 1),
                                  terawatt::utc_midnight_epoch_s(2024, 1, 1), 1);
  for (const char* name : {"hyperscale", "colocation", "hyperscale-adiabatic"}) {
    const CoolingPlantParams with = preset_plant(name);
    CoolingPlantParams without = with;
    without.economiser.type = EconomiserType::none;
    const auto year_with = terawatt::summarise_plant(with, weather, 0.7 * capacity_w);
    const auto year_without = terawatt::summarise_plant(without, weather, 0.7 * capacity_w);
    INFO(name);
    // Iowa has free-cooling hours for every economiser; even the narrow band of the colocation free-cooling
    // coils saves a fifth of the cooling energy.
    CHECK(year_with.cooling_energy_j < 0.8 * year_without.cooling_energy_j);
    CHECK(year_with.pue() < year_without.pue());
  }
  // In winter the water-side economiser carries the whole load: no compressor power at all.
  const FacilityPower winter = evaluate_cooling_plant(preset_plant("hyperscale"), 0.7 * capacity_w, -5.0, -7.0);
  CHECK(winter.chiller_w == 0.0);
  CHECK(winter.mechanical_cooling_fraction == 0.0);
  const FacilityPower summer = evaluate_cooling_plant(preset_plant("hyperscale"), 0.7 * capacity_w, 33.0, 24.0);
  CHECK(summer.chiller_w > 0.0);
  CHECK(summer.mechanical_cooling_fraction == Approx(1.0));
}

TEST_CASE("PUE rises at low load: fixed losses spread over less IT", "[cooling_plant]") {
  for (const auto& preset : facility_presets()) {
    const CoolingPlantParams plant = with_design_capacity(preset.plant, capacity_w);
    for (double dry : {-5.0, 15.0, 30.0}) {
      const double wet = wet_bulb_at(dry);
      const double low = evaluate_cooling_plant(plant, 0.2 * capacity_w, dry, wet).pue();
      const double typical = evaluate_cooling_plant(plant, preset.typical_load_fraction * capacity_w, dry, wet).pue();
      const double full = evaluate_cooling_plant(plant, capacity_w, dry, wet).pue();
      INFO(preset.name << " dry " << dry << ": PUE 20% " << low << ", typical " << typical << ", 100% " << full);
      CHECK(low > full);
      CHECK(low > typical);
    }
  }
  // No IT at all: the overhead remains, and PUE is infinite rather than NaN.
  const FacilityPower idle = evaluate_cooling_plant(preset_plant("enterprise"), 0.0, 20.0, 15.0);
  CHECK(idle.facility_w > 0.0);
  CHECK(idle.pue() == std::numeric_limits<double>::infinity());
  CHECK(evaluate_cooling_plant(preset_plant("enterprise"), -5.0, 20.0, 15.0).it_w == 0.0);
}

TEST_CASE("the liquid-cooled preset is less sensitive to hot weather than the air-cooled enterprise",
          "[cooling_plant]") {
  const auto heat_penalty = [](const char* name) {
    const CoolingPlantParams plant = preset_plant(name);
    const double mild = evaluate_cooling_plant(plant, 0.7 * capacity_w, 15.0, wet_bulb_at(15.0)).pue();
    const double hot = evaluate_cooling_plant(plant, 0.7 * capacity_w, 38.0, wet_bulb_at(38.0, 0.3)).pue();
    return hot - mild;
  };
  const double liquid = heat_penalty("liquid-cooled-ai");
  const double enterprise = heat_penalty("enterprise");
  CHECK(liquid >= 0.0);
  CHECK(liquid < 0.5 * enterprise);
}

TEST_CASE("cooling-tower water per kWh rises with the wet bulb", "[cooling_plant]") {
  const CoolingPlantParams plant = preset_plant("hyperscale");
  REQUIRE(plant.chiller.heat_rejection == HeatRejection::cooling_tower);
  double previous = 0.0;
  for (double wet = -10.0; wet <= 28.0; wet += 1.0) {
    const FacilityPower p = evaluate_cooling_plant(plant, 0.7 * capacity_w, wet + 6.0, wet);
    const double wue = wue_l_per_kwh(p);
    INFO("wet bulb " << wet << ": WUE " << wue);
    CHECK(wue > previous);
    previous = wue;
  }
  // Order of magnitude: with every joule of heat evaporating water, WUE is about 3.6 MJ / 2.45 MJ/kg = 1.5 L/kWh
  // plus blowdown; in winter part of the heat leaves as sensible heat.
  CHECK(wue_l_per_kwh(evaluate_cooling_plant(plant, 0.7 * capacity_w, 30.0, 24.0)) == Approx(1.9).margin(0.4));
  CHECK(wue_l_per_kwh(evaluate_cooling_plant(plant, 0.7 * capacity_w, -2.0, -4.0)) < 1.2);
}

TEST_CASE("evaporated fraction of a tower rises with the wet bulb", "[cooling_plant]") {
  const terawatt::CoolingTowerParams tower{0.01, 4.0, 5.5, 5.0};
  const double cold = terawatt::tower_evaporated_fraction(tower, -3.0, -5.0, 2.45e6);
  const double mild = terawatt::tower_evaporated_fraction(tower, 8.0, 5.0, 2.45e6);
  const double hot = terawatt::tower_evaporated_fraction(tower, 32.0, 25.0, 2.45e6);
  CHECK(cold == Approx(0.55).margin(0.1));
  CHECK(mild == Approx(0.75).margin(0.1));
  CHECK(hot == Approx(1.0).margin(0.05));
  CHECK(cold < mild);
  CHECK(mild < hot);
}

TEST_CASE("air-cooled and dry plants use no water unless evaporative assist runs", "[cooling_plant]") {
  const CoolingPlantParams enterprise = preset_plant("enterprise");
  CHECK(evaluate_cooling_plant(enterprise, 0.7 * capacity_w, 35.0, 24.0).onsite_water_m3_per_s == 0.0);
  const CoolingPlantParams adiabatic = preset_plant("hyperscale-adiabatic");
  // Below the supply temperature outside air needs no spray; above it the media evaporate water.
  CHECK(evaluate_cooling_plant(adiabatic, 0.7 * capacity_w, 15.0, 10.0).onsite_water_m3_per_s == 0.0);
  const FacilityPower hot_dry = evaluate_cooling_plant(adiabatic, 0.7 * capacity_w, 40.0, 21.0);
  CHECK(hot_dry.onsite_water_m3_per_s > 0.0);
  CHECK(hot_dry.chiller_w == 0.0);  // 40 C air cooled to 24 C by evaporation: no compressor needed
  // Evaporation = air-path heat x (40 - 24) / (35 - 24) / h_fg x 3 / 2 (blowdown at 3 cycles).
  const double air_heat = hot_dry.it_w + hot_dry.distribution_loss_w + hot_dry.other_w + hot_dry.fans_w;
  CHECK(hot_dry.onsite_water_m3_per_s == Approx(air_heat * 16.0 / 11.0 / 2.45e6 * 1.5 / 1000.0).epsilon(1e-12));
  const CoolingPlantParams liquid = preset_plant("liquid-cooled-ai");
  CHECK(evaluate_cooling_plant(liquid, 0.7 * capacity_w, 20.0, 14.0).onsite_water_m3_per_s == 0.0);
  CHECK(evaluate_cooling_plant(liquid, 0.7 * capacity_w, 34.0, 20.0).onsite_water_m3_per_s > 0.0);
}

TEST_CASE("fans follow the affinity law above their minimum airflow", "[cooling_plant]") {
  CoolingPlantParams plant = preset_plant("hyperscale");
  plant.distribution = {0.0, 0.0, 0.0};
  plant.other_fixed_w_per_w_capacity = 0.0;
  const double full = evaluate_cooling_plant(plant, capacity_w, 0.0, -2.0).fans_w;
  const double half = evaluate_cooling_plant(plant, 0.5 * capacity_w, 0.0, -2.0).fans_w;
  const double tenth = evaluate_cooling_plant(plant, 0.1 * capacity_w, 0.0, -2.0).fans_w;
  CHECK(full == Approx(plant.air_handling.design_fan_power_fraction * capacity_w));
  CHECK(half == Approx(full / 8.0));
  CHECK(tenth == Approx(full * std::pow(plant.air_handling.min_airflow_fraction, 3.0)));
}

TEST_CASE("distribution losses are a fixed part plus a part proportional to IT", "[cooling_plant]") {
  const CoolingPlantParams plant = preset_plant("enterprise");
  const auto loss = [&](double it) { return evaluate_cooling_plant(plant, it, 20.0, 15.0).distribution_loss_w; };
  const double fixed = plant.distribution.ups_fixed_fraction_of_capacity * capacity_w;
  const double slope = plant.distribution.ups_proportional_fraction + plant.distribution.pdu_proportional_fraction;
  CHECK(loss(0.0) == Approx(fixed));
  CHECK(loss(0.5 * capacity_w) == Approx(fixed + slope * 0.5 * capacity_w));
  CHECK(evaluate_cooling_plant(plant, 0.5 * capacity_w, 20.0, 15.0).other_w ==
        Approx(plant.other_fixed_w_per_w_capacity * capacity_w));
}

TEST_CASE("plant validation names the offending field", "[cooling_plant]") {
  for (const auto& preset : facility_presets()) {
    CHECK_NOTHROW(validate_cooling_plant(with_design_capacity(preset.plant, capacity_w)));
  }
  CHECK_THROWS_WITH(validate_cooling_plant(find_facility_preset("enterprise")->plant),
                    Catch::Contains("design_it_power_w"));
  CoolingPlantParams bad = preset_plant("hyperscale");
  bad.economiser.no_free_cooling_above_c = bad.economiser.full_free_cooling_below_c - 1.0;
  CHECK_THROWS_WITH(validate_cooling_plant(bad),
                    Catch::Contains("economiser.no_free_cooling_above_c") &&
                        Catch::Contains("must exceed economiser.full_free_cooling_below_c"));
  bad = preset_plant("hyperscale");
  bad.cooling_tower.cycles_of_concentration = 1.0;
  CHECK_THROWS_WITH(validate_cooling_plant(bad), Catch::Contains("cooling_tower.cycles_of_concentration"));
  bad = preset_plant("liquid-cooled-ai");
  bad.liquid_cooling.fraction = 1.5;
  CHECK_THROWS_WITH(validate_cooling_plant(bad), Catch::Contains("liquid_cooling.fraction"));
  bad = preset_plant("hyperscale");
  bad.chiller.carnot_efficiency = 0.0;
  CHECK_THROWS_AS(validate_cooling_plant(bad), std::invalid_argument);
  CHECK_THROWS_AS(with_design_capacity(bad, 0.0), std::invalid_argument);
}

// A year of 5-minute samples for 20 sites is 2.1M evaluations. Timing depends on the build, so this is a
// benchmark to run by hand: models_tests "[.benchmark]".
TEST_CASE("benchmark: 2.1M plant evaluations", "[.benchmark][cooling_plant]") {
  const CoolingPlantParams plant = preset_plant("hyperscale");
  const std::size_t calls = std::size_t{365} * 288 * 20;
  double sink = 0.0;
  const auto begin = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < calls; ++i) {
    const double dry = -10.0 + static_cast<double>(i % 4500) * 0.01;
    sink += evaluate_cooling_plant(plant, 0.7 * capacity_w, dry, dry - 4.0).facility_w;
  }
  const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  WARN(calls << " evaluations in " << elapsed_s << " s (" << elapsed_s / static_cast<double>(calls) * 1e9
             << " ns each)");
  CHECK(sink > 0.0);
  CHECK(elapsed_s < 1.0);
}
