#include "models/grid/grid_profile.hpp"
#include "models/grid/grid_presets.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace terawatt;

namespace {
constexpr double day_s = 86400.0;
constexpr double jan_1_2024 = 1704067200.0;
constexpr double g_per_kwh = 1e-3 / 3.6e6;
}  // namespace

TEST_CASE("a daily profile keeps the mean over whole days and is cleanest at its minimum hour") {
  GridProfile profile;
  profile.daily_amplitude = 0.08;
  profile.daily_minimum_hour = 13.0;
  const double mean = 400 * g_per_kwh;
  const StepSeries series = profiled_intensity(mean, profile, jan_1_2024, jan_1_2024 + 7 * day_s);
  CHECK(series.mean(jan_1_2024, jan_1_2024 + 7 * day_s) == Approx(mean).epsilon(1e-12));
  // Hour 13:00-14:00 UTC (offset 0) is the cleanest hour of the day, 01:00-02:00 the dirtiest.
  const double noon = series.at(jan_1_2024 + 13.5 * 3600.0);
  const double night = series.at(jan_1_2024 + 1.5 * 3600.0);
  CHECK(noon < mean);
  CHECK(night > mean);
  CHECK(noon == Approx(mean * (1 - 0.08 * std::cos(2 * M_PI * 0.5 / 24))).epsilon(1e-12));
}

TEST_CASE("a seasonal profile peaks in its month and keeps the annual mean") {
  GridProfile profile;
  profile.seasonal_amplitude = 0.1;
  profile.seasonal_peak_month = 1.0;
  const double mean = 300 * g_per_kwh;
  const double year_s = 365.2422 * day_s;
  const StepSeries series = profiled_intensity(mean, profile, jan_1_2024, jan_1_2024 + 366 * day_s);
  const double january = series.mean(jan_1_2024, jan_1_2024 + 31 * day_s);
  const double july = series.mean(jan_1_2024 + 182 * day_s, jan_1_2024 + 213 * day_s);
  CHECK(january > mean);
  CHECK(july < mean);
  // Over one tropical year the cycle averages out (to the hourly discretisation).
  CHECK(series.mean(jan_1_2024, jan_1_2024 + std::floor(year_s / 3600.0) * 3600.0) == Approx(mean).epsilon(1e-4));
}

TEST_CASE("grid presets carry their published figures and sources") {
  const GridPreset* us = find_grid_preset("us-2020");
  REQUIRE(us);
  CHECK(us->carbon_intensity_kg_per_j == Approx(0.429 / 3.6e6));            // Patterson et al. 2021
  CHECK(us->water_intensity_m3_per_j.value() == Approx(3.142e-3 / 3.6e6));  // Li et al. 2023
  const GridPreset* google_iowa = find_grid_preset("iowa-google-2020");
  REQUIRE(google_iowa);
  CHECK(google_iowa->market_intensity_kg_per_j.value() < google_iowa->carbon_intensity_kg_per_j);
  for (const auto& preset : grid_presets()) {
    INFO(preset.name);
    CHECK(preset.carbon_intensity_kg_per_j > 0.0);
    CHECK_FALSE(preset.source.empty());
    CHECK(format_grid_presets().find(preset.name) != std::string::npos);
  }
  CHECK(find_grid_preset("atlantis") == nullptr);
}
