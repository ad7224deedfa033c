#include "models/supply/solar_irradiance.hpp"

#include "models/base/iso8601.hpp"
#include "models/facility/climate.hpp"
#include "models/supply/solar_position.hpp"
#include "tests/models/temp_file.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <numeric>
#include <stdexcept>
#include <string>

using terawatt::calibrate_cloud_cover;
using terawatt::clear_sky_ghi_w_per_m2;
using terawatt::clear_sky_hour_mean_w_per_m2;
using terawatt::climate_presets;
using terawatt::ClimatePreset;
using terawatt::cloud_transmittance;
using terawatt::find_climate;
using terawatt::parse_iso8601_utc;
using terawatt::read_epw;
using terawatt::read_epw_irradiance;
using terawatt::StepSeries;
using terawatt::synthetic_irradiance;
using terawatt::testing::TempFile;

namespace {

double sum_kwh_per_m2(const StepSeries& hourly_w_per_m2) {
  const std::vector<double>& v = hourly_w_per_m2.values();
  return std::accumulate(v.begin(), v.end(), 0.0) / 1000.0;
}

const double year_start = parse_iso8601_utc("2023-01-01T00:00:00Z");
const double year_end = parse_iso8601_utc("2024-01-01T00:00:00Z");

}  // namespace

TEST_CASE("Haurwitz clear sky and Kasten-Czeplak clouds", "[solar]") {
  CHECK(clear_sky_ghi_w_per_m2(1.0) == Approx(1098.0 * std::exp(-0.057)));
  CHECK(clear_sky_ghi_w_per_m2(1.0) == Approx(1037.2).margin(0.1));
  CHECK(clear_sky_ghi_w_per_m2(0.0) == 0.0);
  CHECK(clear_sky_ghi_w_per_m2(-0.3) == 0.0);
  CHECK(cloud_transmittance(0.0) == 1.0);
  CHECK(cloud_transmittance(1.0) == Approx(0.25));
  CHECK(cloud_transmittance(0.5) == Approx(1.0 - 0.75 * std::pow(0.5, 3.4)));
  CHECK_THROWS_AS(cloud_transmittance(1.1), std::invalid_argument);
}

TEST_CASE("twelve sub-steps per hour match a fine integration", "[solar]") {
  const ClimatePreset& stockholm = *find_climate("stockholm");
  double coarse_year = 0.0;
  double fine_year = 0.0;
  double worst_hour = 0.0;
  for (int h = 0; h < 8760; ++h) {
    const double t = year_start + 3600.0 * h;
    const double coarse = clear_sky_hour_mean_w_per_m2(stockholm.latitude_deg, stockholm.longitude_deg, t);
    const double fine = clear_sky_hour_mean_w_per_m2(stockholm.latitude_deg, stockholm.longitude_deg, t, 360);
    coarse_year += coarse;
    fine_year += fine;
    worst_hour = std::max(worst_hour, std::fabs(coarse - fine));
  }
  CHECK(coarse_year == Approx(fine_year).epsilon(0.0005));
  CHECK(worst_hour < 2.0);
}

TEST_CASE("the synthetic year's GHI equals each preset's published annual figure", "[solar]") {
  for (const ClimatePreset& climate : climate_presets()) {
    INFO(climate.name);
    REQUIRE(climate.annual_ghi_kwh_per_m2 > 0.0);
    REQUIRE(!climate.annual_ghi_source.empty());
    const terawatt::CloudCalibration calibration = calibrate_cloud_cover(climate);
    CHECK(calibration.mean_cloud_cover > 0.0);
    CHECK(calibration.mean_cloud_cover < 1.0);
    CHECK(calibration.clear_sky_annual_kwh_per_m2 > climate.annual_ghi_kwh_per_m2);
    for (std::uint64_t seed : {1u, 2u, 12345u}) {
      const StepSeries ghi = synthetic_irradiance(climate, year_start, year_end, seed);
      REQUIRE(ghi.size() == 8760);
      CHECK(sum_kwh_per_m2(ghi) == Approx(climate.annual_ghi_kwh_per_m2).epsilon(0.01));
    }
  }
}

TEST_CASE("synthetic irradiance is seeded, bounded by the clear sky and independent of the start", "[solar]") {
  const ClimatePreset& paris = *find_climate("paris");
  const StepSeries a = synthetic_irradiance(paris, year_start, year_end, 7);
  const StepSeries b = synthetic_irradiance(paris, year_start, year_end, 7);
  const StepSeries c = synthetic_irradiance(paris, year_start, year_end, 8);
  CHECK(a.values() == b.values());
  CHECK(a.values() != c.values());
  for (std::size_t h = 0; h < a.size(); ++h) {
    const double clear = clear_sky_hour_mean_w_per_m2(paris.latitude_deg, paris.longitude_deg,
                                                      a.start_epoch_s() + 3600.0 * static_cast<double>(h));
    REQUIRE(a.values()[h] >= 0.0);
    REQUIRE(a.values()[h] <= clear + 1e-9);
    REQUIRE(a.values()[h] >= 0.25 * clear - 1e-9);
  }
  // A run that starts in June sees the same sky on the same dates.
  const double june = parse_iso8601_utc("2023-06-01T00:00:00Z");
  const StepSeries late = synthetic_irradiance(paris, june + 1800.0, year_end, 7);
  CHECK(late.start_epoch_s() == june);
  const auto offset = static_cast<std::size_t>((june - year_start) / 3600.0);
  for (std::size_t h = 0; h < late.size(); ++h) REQUIRE(late.values()[h] == a.values()[offset + h]);
}

TEST_CASE("synthetic irradiance rejects bad spans and unreachable annual figures", "[solar]") {
  ClimatePreset climate = *find_climate("arizona");
  CHECK_THROWS_AS(synthetic_irradiance(climate, year_end, year_start, 1), std::invalid_argument);
  climate.annual_ghi_kwh_per_m2 = 5000.0;
  CHECK_THROWS_WITH(synthetic_irradiance(climate, year_start, year_end, 1), Catch::Contains("annual_ghi_kwh_per_m2"));
  climate.annual_ghi_kwh_per_m2 = 100.0;
  CHECK_THROWS_AS(calibrate_cloud_cover(climate), std::invalid_argument);
}

namespace {

// An EPW whose dry bulb is the local hour of the day (0..23 for rows of hour 1..24) and whose global horizontal
// radiation is 500 Wh/m2 in the row of local hour 13 (the hour 12:00-13:00) and 0 otherwise.
std::string epw_with_noon_sun(const std::string& time_zone) {
  std::string text = "LOCATION,Testville,AZ,USA,Synthetic TMY,999999,33.43,-112.01," + time_zone + ",337.0\n";
  text +=
      "DESIGN CONDITIONS,0\nTYPICAL/EXTREME PERIODS,0\nGROUND TEMPERATURES,0\nHOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0\n"
      "COMMENTS 1,written by solar_irradiance_test.cpp\nCOMMENTS 2,sun in one hour\n"
      "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31\n";
  constexpr int month_lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int month = 1; month <= 12; ++month) {
    for (int day = 1; day <= month_lengths[month - 1]; ++day) {
      for (int hour = 1; hour <= 24; ++hour) {
        char buffer[160];
        std::snprintf(buffer, sizeof buffer, "2001,%d,%d,%d,60,A7A7A7A7*0?9?9?9?9?9?9?9,%d.0,%d.0,50,98000,0,0,0,%d",
                      month, day, hour, hour - 1, hour - 11, hour == 13 ? 500 : 0);
        std::string row = buffer;
        for (int f = 14; f < 35; ++f) row += ",0";
        text += row + "\n";
      }
    }
  }
  return text;
}

}  // namespace

TEST_CASE("EPW irradiance moves to UTC with the time zone, like the temperature", "[solar][epw]") {
  const TempFile file(epw_with_noon_sun("-7.0"), "noon.epw");
  const double day = parse_iso8601_utc("2023-03-01T00:00:00Z");
  const StepSeries ghi = read_epw_irradiance(file.path(), day, day + 86400.0);
  const terawatt::WeatherSeries weather = read_epw(file.path(), day, day + 86400.0);
  REQUIRE(ghi.size() == 24);
  // Local 12:00-13:00 at UTC-7 is 19:00-20:00 UTC, the hour whose dry bulb reads local hour 12.
  for (int utc_hour = 0; utc_hour < 24; ++utc_hour) {
    INFO("UTC hour " << utc_hour);
    CHECK(ghi.values()[utc_hour] == (utc_hour == 19 ? 500.0 : 0.0));
    CHECK(weather.dry_bulb_c.values()[utc_hour] == Approx((utc_hour - 7 + 24) % 24));
  }
}

TEST_CASE("EPW global horizontal radiation markers and ranges are errors", "[solar][epw]") {
  std::string text = epw_with_noon_sun("-7.0");
  const std::string sunny = ",500,0,0,";
  const auto at = text.find(sunny);
  REQUIRE(at != std::string::npos);
  std::string missing = text;
  missing.replace(at, sunny.size(), ",9999,0,0,");
  const TempFile missing_file(missing, "missing.epw");
  CHECK_THROWS_WITH(read_epw_irradiance(missing_file.path(), 0.0, 3600.0),
                    Catch::Contains("global horizontal radiation is the missing-value marker"));
  std::string negative = text;
  negative.replace(at, sunny.size(), ",-5,0,0,");
  const TempFile negative_file(negative, "negative.epw");
  CHECK_THROWS_WITH(read_epw_irradiance(negative_file.path(), 0.0, 3600.0), Catch::Contains("out of range"));
}
