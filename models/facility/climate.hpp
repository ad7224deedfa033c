#pragma once
// Outdoor weather for the cooling plant: dry-bulb and wet-bulb temperature as hourly step series, from
//   (a) a synthetic climatology per location preset: monthly normals, a diurnal cycle and seeded day-to-day noise;
//   (b) an hourly CSV file (models/base/hourly_csv.hpp);
//   (c) an EnergyPlus EPW file (models/facility/epw.hpp).
// Location presets are approximate climate normals; none is in docs/references.md, and each says where it comes from.
// Each preset also carries its station's coordinates and annual global horizontal irradiation for on-site solar
// (docs/references.md section I lists those sources).

#include "models/base/step_series.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

struct ClimatePreset {
  std::string name;                            // "iowa", "oregon", ..., catalog key
  std::string description;                     // "Des Moines, Iowa (US)"
  double utc_offset_h = 0.0;                   // local standard time, for the diurnal cycle (maximum near 15:00 local)
  double elevation_m = 0.0;                    // station elevation: sets the air pressure for the wet bulb
  std::array<double, 12> dry_bulb_mean_c{};    // monthly mean of the daily mean, C
  std::array<double, 12> diurnal_range_c{};    // monthly mean of daily max - min, C
  std::array<double, 12> relative_humidity{};  // monthly mean, fraction 0..1
  // Standard deviation of the day-to-day anomaly of the daily mean temperature, C. An engineering assumption per
  // climate type (not among the published figures of docs/references.md): large in continental interiors, small in
  // maritime and equatorial climates.
  double day_to_day_std_c = 2.0;
  std::string source;  // where the normals come from
  // The site for the solar model (models/supply/solar_irradiance.hpp): degrees north and east of the station, and the
  // published annual global horizontal irradiation that the synthetic irradiance year is calibrated to, kWh/m2/yr,
  // with where that figure comes from ("unverified estimate" where no citable figure was found).
  double latitude_deg = 0.0;
  double longitude_deg = 0.0;
  double annual_ghi_kwh_per_m2 = 0.0;
  std::string annual_ghi_source{};
};

// The twelve presets: iowa, oregon, virginia, texas, california, arizona, ireland, paris, stockholm, beijing,
// inner-mongolia, singapore.
const std::vector<ClimatePreset>& climate_presets();
// nullptr if unknown; exact, case-sensitive.
const ClimatePreset* find_climate(std::string_view name);

struct WeatherSeries {
  StepSeries dry_bulb_c;
  StepSeries wet_bulb_c;
};

// Lag-1 (day to day) autocorrelation of the daily temperature anomaly in synthetic_weather. Engineering
// assumption, not among the published figures of docs/references.md: daily mean temperature anomalies at mid-latitude
// stations persist with lag-1 autocorrelations of roughly 0.6-0.8 (synoptic systems last a few days); 0.7 is the
// middle.
inline constexpr double synthetic_day_to_day_autocorrelation = 0.7;

// Hourly synthetic weather over [start, end) (hour-aligned outward: the series starts at the UTC hour containing
// start and ends at the first hour boundary at or after end):
//   dry bulb = climatology(t) + diurnal(t) + anomaly(t), where
//   - climatology: the monthly means interpolated linearly between mid-months, with mid-month nodes solved so that
//     each calendar month's mean equals the preset's normal exactly;
//   - diurnal: (range / 2) cos(2 pi (local hour - 15) / 24), the month's mean daily range, peaking at 15:00 local
//     standard time; it sums to zero over every whole day;
//   - anomaly: a daily AR(1) process (std climate.day_to_day_std_c, lag-1 autocorrelation
//     synthetic_day_to_day_autocorrelation) interpolated linearly between days, then centred on each calendar
//     month, so that, like a typical meteorological year, every month of the synthetic year keeps the normal's mean
//     while its days vary. The process starts on Jan 1 of the start year, so the weather on a date does not
//     depend on when the run starts.
//   wet bulb: from the dry bulb and a dew point equal to the monthly normals' dew point (interpolated like the
//   temperature) plus the same anomaly, held through the day (absolute humidity varies far less over a day than
//   relative humidity), capped at the dry bulb, at the standard pressure of the preset's elevation.
// Deterministic for a seed on a given platform: std::mt19937_64 with a Box-Muller transform written here (the
// std distributions are implementation-defined). Throws std::invalid_argument for non-finite or empty spans.
WeatherSeries synthetic_weather(const ClimatePreset& climate, double start_epoch_s, double end_epoch_s,
                                std::uint64_t seed);

// Hourly weather CSV (models/base/hourly_csv.hpp) with a column dry_bulb [temperature unit] and either wet_bulb
// [temperature unit] or relative_humidity [% or 1]; wet_bulb wins when both are present. Relative humidity is
// converted at standard sea-level pressure (the file carries no pressure). Range checks name the line: dry bulb
// -90..60 C (the recorded extremes are -89.2 and 56.7 C), relative humidity 0..100 %, wet bulb at most 0.1 C
// above its dry bulb (rounding). Must cover [start, end). Throws SeriesFileError.
WeatherSeries read_weather_csv(const std::string& path, double start_epoch_s, double end_epoch_s);

// Table of the presets for `terawatt catalog`: name, place, annual mean, coldest and warmest month, the mean of the
// monthly normals' wet bulbs, then the source line.
std::string format_climates();

}  // namespace terawatt
