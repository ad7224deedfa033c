// This file is long because it holds the climate presets, twelve monthly normals for each region with their
// sources and each station's solar figures, beside the synthetic-weather model that turns them into hourly
// temperatures.

#include "models/facility/climate.hpp"

#include "models/base/civil_calendar.hpp"
#include "models/base/hourly_csv.hpp"
#include "models/base/number_text.hpp"
#include "models/facility/psychrometrics.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace terawatt {

namespace {

constexpr double seconds_per_hour = 3600.0;
constexpr double hours_per_day = 24.0;
constexpr double pi = 3.14159265358979323846;
// The diurnal maximum falls in mid-afternoon, about 15:00 local time, at most stations (the API's convention; the
// classic design-day profile of ASHRAE Fundamentals ch. 14 also peaks at 15:00).
constexpr double warmest_local_hour = 15.0;

// Shared wording of the provenance of the normals.
const char* const kNormalsCaveat =
    "; values rounded from the published normals as recalled (about +-0.5 C, +-5 % RH), not checked against the "
    "tables here and not among the published figures of docs/references.md; day-to-day std is an engineering "
    "assumption";

// Climates of North American data-centre regions.
void add_north_american_climates(std::vector<ClimatePreset>& c) {
  // Temperatures C, diurnal ranges C, relative humidity fractions; January first.
  c.push_back({"iowa",
               "Des Moines, Iowa (US)",
               -6.0,
               294.0,
               {-4.7, -2.2, 4.4, 11.0, 17.2, 22.6, 24.8, 23.7, 19.1, 12.1, 4.7, -2.0},
               {9.0, 9.5, 10.0, 11.5, 11.5, 11.0, 10.6, 10.8, 11.8, 12.0, 10.0, 8.5},
               {0.73, 0.72, 0.68, 0.62, 0.63, 0.66, 0.69, 0.71, 0.70, 0.66, 0.71, 0.75},
               3.5,
               std::string("approximate 1991-2020 climate normals (NOAA NCEI) for Des Moines International "
                           "Airport, near Google's Council Bluffs site") +
                   kNormalsCaveat});
  c.push_back({"oregon",
               "The Dalles, Oregon (US)",
               -8.0,
               30.0,
               {1.4, 3.8, 7.6, 11.1, 15.6, 19.4, 23.7, 23.2, 18.6, 11.9, 5.4, 1.2},
               {6.0, 8.0, 11.0, 13.5, 15.0, 15.5, 17.0, 17.0, 16.0, 12.5, 7.5, 5.5},
               {0.80, 0.74, 0.62, 0.53, 0.48, 0.44, 0.37, 0.38, 0.43, 0.56, 0.75, 0.82},
               2.5,
               std::string("approximate 1991-2020 climate normals (NOAA NCEI) for The Dalles, Columbia River "
                           "Gorge, site of Google's first data centre") +
                   kNormalsCaveat});
  c.push_back({"virginia",
               "Ashburn / Loudoun County, Virginia (US)",
               -5.0,
               95.0,
               {0.8, 2.3, 6.8, 12.9, 18.0, 22.8, 25.2, 24.3, 20.4, 13.9, 8.0, 3.1},
               {10.5, 11.0, 12.0, 12.5, 12.0, 11.5, 11.5, 11.5, 12.0, 13.0, 12.0, 10.5},
               {0.65, 0.62, 0.60, 0.58, 0.65, 0.68, 0.69, 0.72, 0.73, 0.71, 0.67, 0.67},
               3.0,
               std::string("approximate 1991-2020 climate normals (NOAA NCEI) for Washington Dulles "
                           "International Airport") +
                   kNormalsCaveat});
  c.push_back({"texas",
               "Dallas-Fort Worth, Texas (US)",
               -6.0,
               171.0,
               {8.0, 10.3, 14.7, 18.9, 23.5, 28.0, 30.4, 30.2, 26.1, 20.1, 13.6, 8.8},
               {11.0, 11.0, 11.5, 11.5, 10.5, 10.5, 11.0, 11.5, 11.5, 11.5, 11.5, 10.5},
               {0.66, 0.65, 0.63, 0.64, 0.68, 0.64, 0.57, 0.57, 0.63, 0.63, 0.65, 0.66},
               3.0,
               std::string("approximate 1991-2020 climate normals (NOAA NCEI) for Dallas-Fort Worth "
                           "International Airport") +
                   kNormalsCaveat});
  c.push_back(
      {"california",
       "San Jose / Santa Clara, California (US)",
       -8.0,
       15.0,
       {10.8, 12.2, 13.9, 15.3, 17.7, 20.2, 21.4, 21.6, 20.8, 17.9, 13.6, 10.4},
       {10.0, 10.5, 11.0, 12.0, 12.0, 13.0, 13.5, 13.0, 13.5, 13.0, 11.5, 10.0},
       {0.75, 0.72, 0.69, 0.64, 0.64, 0.64, 0.66, 0.67, 0.65, 0.65, 0.70, 0.75},
       1.5,
       std::string("approximate 1991-2020 climate normals (NOAA NCEI) for San Jose, Silicon Valley") + kNormalsCaveat});
  c.push_back({"arizona",
               "Phoenix, Arizona (US)",
               -7.0,
               337.0,
               {13.8, 15.8, 19.1, 23.0, 28.2, 33.6, 35.3, 34.7, 31.6, 25.1, 18.3, 13.4},
               {12.2, 12.5, 13.0, 14.0, 14.0, 14.0, 12.0, 11.5, 12.5, 13.5, 13.0, 12.0},
               {0.50, 0.44, 0.39, 0.28, 0.21, 0.19, 0.31, 0.35, 0.33, 0.33, 0.41, 0.50},
               2.0,
               std::string("approximate 1991-2020 climate normals (NOAA NCEI) for Phoenix Sky Harbor; July-August "
                           "humidity is the monsoon's") +
                   kNormalsCaveat});
}

// Climates of European data-centre regions.
void add_european_climates(std::vector<ClimatePreset>& c) {
  c.push_back({"ireland",
               "Dublin (IE)",
               0.0,
               71.0,
               {5.5, 5.6, 6.9, 8.6, 11.1, 13.9, 15.7, 15.4, 13.6, 10.9, 7.7, 5.9},
               {6.0, 6.5, 7.0, 8.0, 8.5, 8.5, 8.0, 7.5, 7.5, 7.0, 6.5, 6.0},
               {0.86, 0.84, 0.81, 0.78, 0.77, 0.78, 0.79, 0.80, 0.82, 0.84, 0.86, 0.87},
               1.8,
               std::string("approximate 1991-2020 climate normals (Met Eireann) for Dublin Airport") + kNormalsCaveat});
  c.push_back(
      {"paris",
       "Paris (FR)",
       1.0,
       75.0,
       {5.4, 6.2, 9.2, 12.0, 15.6, 18.8, 20.9, 20.8, 17.3, 13.4, 8.8, 5.9},
       {4.8, 6.0, 7.8, 9.4, 9.6, 9.9, 10.0, 10.0, 9.2, 7.3, 5.2, 4.5},
       {0.84, 0.79, 0.73, 0.68, 0.70, 0.69, 0.67, 0.69, 0.74, 0.81, 0.85, 0.86},
       2.5,
       std::string("approximate 1991-2020 climate normals (Meteo-France) for Paris-Montsouris") + kNormalsCaveat});
  c.push_back({"stockholm",
               "Stockholm (SE)",
               1.0,
               44.0,
               {-0.8, -1.0, 1.5, 6.2, 11.3, 15.7, 18.6, 17.4, 12.9, 7.6, 3.6, 0.6},
               {4.0, 5.0, 7.0, 9.0, 10.0, 10.0, 9.5, 9.0, 8.0, 6.0, 4.0, 3.5},
               {0.86, 0.83, 0.77, 0.70, 0.65, 0.67, 0.70, 0.75, 0.80, 0.84, 0.87, 0.88},
               3.0,
               std::string("approximate 1991-2020 climate normals (SMHI) for Stockholm") + kNormalsCaveat});
}

// Climates of Asian data-centre regions.
void add_asian_climates(std::vector<ClimatePreset>& c) {
  c.push_back({"beijing",
               "Beijing (CN)",
               8.0,
               55.0,
               {-3.1, 0.3, 6.7, 14.8, 20.8, 24.9, 26.7, 25.5, 20.8, 13.7, 5.1, -1.1},
               {11.0, 11.5, 12.0, 13.0, 12.5, 11.0, 8.5, 8.5, 10.5, 11.0, 10.5, 10.5},
               {0.43, 0.42, 0.40, 0.43, 0.49, 0.60, 0.73, 0.75, 0.66, 0.59, 0.54, 0.46},
               2.5,
               std::string("approximate 1991-2020 climate normals (China Meteorological Administration) for "
                           "Beijing; July-August humidity is the East Asian monsoon's") +
                   kNormalsCaveat});
  c.push_back({"inner-mongolia",
               "Hohhot, Inner Mongolia (CN)",
               8.0,
               1063.0,
               {-11.0, -6.6, 0.6, 9.0, 15.7, 20.5, 22.6, 20.8, 15.1, 7.9, -1.0, -8.5},
               {13.0, 13.5, 13.5, 14.0, 14.0, 12.5, 11.0, 11.0, 12.5, 13.5, 13.0, 13.0},
               {0.57, 0.49, 0.41, 0.33, 0.35, 0.45, 0.60, 0.64, 0.58, 0.53, 0.53, 0.57},
               3.5,
               std::string("approximate 1991-2020 climate normals (China Meteorological Administration) for "
                           "Hohhot, near the Ulanqab/Horinger data-centre cluster; 1,063 m elevation") +
                   kNormalsCaveat});
  c.push_back({"singapore",
               "Singapore (SG)",
               8.0,
               16.0,
               {26.5, 27.1, 27.6, 28.1, 28.5, 28.5, 28.0, 27.9, 27.7, 27.6, 26.9, 26.4},
               {6.8, 7.4, 7.5, 7.4, 7.0, 6.6, 6.5, 6.6, 6.7, 7.0, 6.5, 6.3},
               {0.83, 0.79, 0.80, 0.81, 0.80, 0.79, 0.79, 0.79, 0.80, 0.82, 0.86, 0.86},
               0.7,
               std::string("approximate 1991-2020 climate normals (Meteorological Service Singapore) for "
                           "Changi") +
                   kNormalsCaveat});
}

// Station coordinates and annual global horizontal irradiation for the solar model (docs/references.md section I).
struct SolarSite {
  const char* name;
  double latitude_deg;
  double longitude_deg;
  double annual_ghi_kwh_per_m2;
  const char* source;
};

// Shared wording of the figures no citable source was found for.
const char* const kUnverifiedGhi =
    "unverified estimate: rounded from the NSRDB / Global Solar Atlas range for the region as recalled, not checked "
    "against a published table; replace with the site's own data (an EPW file) for a study";

void add_solar_sites(std::vector<ClimatePreset>& c) {
  // Coordinates are those of the normals' station, to 0.01 deg.
  const SolarSite sites[] = {
      {"iowa", 41.53, -93.65, 1570.0, kUnverifiedGhi},
      {"oregon", 45.60, -121.18, 1600.0, kUnverifiedGhi},
      {"virginia", 38.94, -77.45, 1550.0, kUnverifiedGhi},
      {"texas", 32.90, -97.04, 1800.0, kUnverifiedGhi},
      {"california", 37.36, -121.93, 1900.0, kUnverifiedGhi},
      {"arizona", 33.43, -112.01, 2135.0,
       "solarscope.io, 'Solar data explained': Phoenix annual mean GHI 5.7-6.0 kWh/m2/day from NREL's NSRDB; the "
       "midpoint 5.85 x 365"},
      {"ireland", 53.43, -6.24, 990.0, kUnverifiedGhi},
      {"paris", 48.82, 2.34, 1200.0, kUnverifiedGhi},
      {"stockholm", 59.34, 18.05, 970.0,
       "SMHI's map of annual global radiation, about 970 kWh/m2/yr at its Stockholm station, as quoted by a "
       "secondary source (bengtsvillablogg.info, 2011-09-27)"},
      {"beijing", 39.80, 116.47, 1480.0, kUnverifiedGhi},
      {"inner-mongolia", 40.82, 111.68, 1620.0, kUnverifiedGhi},
      {"singapore", 1.37, 103.98, 1580.0, kUnverifiedGhi},
  };
  for (const SolarSite& site : sites) {
    for (ClimatePreset& preset : c) {
      if (preset.name != site.name) continue;
      preset.latitude_deg = site.latitude_deg;
      preset.longitude_deg = site.longitude_deg;
      preset.annual_ghi_kwh_per_m2 = site.annual_ghi_kwh_per_m2;
      preset.annual_ghi_source = site.source;
    }
  }
}

std::vector<ClimatePreset> build_presets() {
  std::vector<ClimatePreset> c;
  add_north_american_climates(c);
  add_european_climates(c);
  add_asian_climates(c);
  add_solar_sites(c);
  return c;
}

// Hours (from Jan 1 00:00 of a 365-day year) of the middle of each month: the nodes of the interpolation.
std::array<double, 12> mid_month_hours() {
  std::array<double, 12> nodes{};
  for (int m = 0; m < 12; ++m) {
    nodes[m] = (common_year_month_start[m] + 0.5 * common_year_month_days[m]) * hours_per_day;
  }
  return nodes;
}

// Interpolation weights for one hour of the typical year: the value is
// (1 - weight) * node[lower] + weight * node[(lower + 1) % 12], cyclic across the year end.
struct NodeWeight {
  int lower;
  double weight;
};

NodeWeight node_weight(double hour, const std::array<double, 12>& nodes) {
  const double year_hours = static_cast<double>(hours_per_typical_year);
  for (int m = 0; m < 11; ++m) {
    if (hour >= nodes[m] && hour < nodes[m + 1]) return {m, (hour - nodes[m]) / (nodes[m + 1] - nodes[m])};
  }
  // Between mid-December and mid-January, across the year end.
  const double span = nodes[0] + year_hours - nodes[11];
  const double since_december = hour >= nodes[11] ? hour - nodes[11] : hour + year_hours - nodes[11];
  return {11, since_december / span};
}

// Hourly climatology over the typical year whose calendar-month means equal `monthly_means` exactly. Plain linear
// interpolation between mid-month values would pull every extreme month toward its neighbours (by about 0.4 C
// for a July peak); solving the 12x12 system of month means for the node values removes that bias.
std::vector<double> mean_preserving_climatology(const std::array<double, 12>& monthly_means) {
  const std::array<double, 12> nodes = mid_month_hours();
  std::vector<NodeWeight> weights(hours_per_typical_year);
  Eigen::Matrix<double, 12, 12> month_mean_of_node = Eigen::Matrix<double, 12, 12>::Zero();
  for (std::size_t h = 0; h < hours_per_typical_year; ++h) {
    weights[h] = node_weight(static_cast<double>(h) + 0.5, nodes);
    const int month = static_cast<int>(std::upper_bound(std::begin(common_year_month_start),
                                                        std::end(common_year_month_start), static_cast<int>(h / 24)) -
                                       std::begin(common_year_month_start) - 1);
    const double share = 1.0 / (common_year_month_days[month] * hours_per_day);
    month_mean_of_node(month, weights[h].lower) += (1.0 - weights[h].weight) * share;
    month_mean_of_node(month, (weights[h].lower + 1) % 12) += weights[h].weight * share;
  }
  Eigen::Matrix<double, 12, 1> targets;
  for (int m = 0; m < 12; ++m) targets(m) = monthly_means[m];
  const Eigen::Matrix<double, 12, 1> node_values = month_mean_of_node.fullPivLu().solve(targets);
  std::vector<double> hourly(hours_per_typical_year);
  for (std::size_t h = 0; h < hours_per_typical_year; ++h) {
    const NodeWeight& w = weights[h];
    hourly[h] = (1.0 - w.weight) * node_values(w.lower) + w.weight * node_values((w.lower + 1) % 12);
  }
  return hourly;
}

// Uniform on the open interval (0, 1) from the top 53 bits of the engine: exactly specified, unlike
// std::uniform_real_distribution.
double uniform_open(std::mt19937_64& engine) {
  return (static_cast<double>(engine() >> 11) + 0.5) * 0x1.0p-53;
}

// Box-Muller (one of the pair): written out so that the sequence is the same with every standard library.
double standard_normal(std::mt19937_64& engine) {
  const double radius = std::sqrt(-2.0 * std::log(uniform_open(engine)));
  return radius * std::cos(2.0 * pi * uniform_open(engine));
}

// Hourly temperature anomaly from Jan 1 of first_year to Jan 1 of last_year + 1, centred on each calendar month.
std::vector<double> hourly_anomalies(double std_c, std::int64_t first_year, std::int64_t last_year,
                                     std::uint64_t seed) {
  const double origin = utc_midnight_epoch_s(first_year, 1, 1);
  const double finish = utc_midnight_epoch_s(last_year + 1, 1, 1);
  const auto days = static_cast<std::size_t>(std::llround((finish - origin) / (hours_per_day * seconds_per_hour)));
  // One value per day, at 12:00 UTC, plus one after the last day for the interpolation of its afternoon.
  std::mt19937_64 engine(seed);
  const double phi = synthetic_day_to_day_autocorrelation;
  const double innovation_std = std_c * std::sqrt(1.0 - phi * phi);
  std::vector<double> daily(days + 1);
  daily[0] = std_c * standard_normal(engine);  // drawn from the stationary distribution: no spin-up
  for (std::size_t d = 1; d < daily.size(); ++d)
    daily[d] = phi * daily[d - 1] + innovation_std * standard_normal(engine);

  std::vector<double> hourly(days * 24);
  for (std::size_t h = 0; h < hourly.size(); ++h) {
    const double position = (static_cast<double>(h) + 0.5 - 12.0) / hours_per_day;  // in days from the first noon
    if (position <= 0.0) {
      hourly[h] = daily[0];
      continue;
    }
    const auto lower = static_cast<std::size_t>(position);
    const double weight = position - static_cast<double>(lower);
    hourly[h] = (1.0 - weight) * daily[lower] + weight * daily[lower + 1];
  }
  // Centre every calendar month of every year.
  std::size_t begin = 0;
  for (std::int64_t year = first_year; year <= last_year; ++year) {
    for (int month = 1; month <= 12; ++month) {
      const std::size_t length = static_cast<std::size_t>(days_in_gregorian_month(year, month)) * 24;
      double sum = 0.0;
      for (std::size_t h = begin; h < begin + length; ++h) sum += hourly[h];
      const double mean = sum / static_cast<double>(length);
      for (std::size_t h = begin; h < begin + length; ++h) hourly[h] -= mean;
      begin += length;
    }
  }
  return hourly;
}

}  // namespace

const std::vector<ClimatePreset>& climate_presets() {
  static const std::vector<ClimatePreset> presets = build_presets();
  return presets;
}

const ClimatePreset* find_climate(std::string_view name) {
  for (const ClimatePreset& preset : climate_presets()) {
    if (preset.name == name) return &preset;
  }
  return nullptr;
}

WeatherSeries synthetic_weather(const ClimatePreset& climate, double start_epoch_s, double end_epoch_s,
                                std::uint64_t seed) {
  if (!std::isfinite(start_epoch_s) || !std::isfinite(end_epoch_s) || !(end_epoch_s > start_epoch_s)) {
    throw std::invalid_argument("synthetic weather needs a finite span with start < end");
  }
  if (!(climate.day_to_day_std_c >= 0.0)) {
    throw std::invalid_argument("climate '" + climate.name + "' has a negative day-to-day std");
  }
  const double first_hour = std::floor(start_epoch_s / seconds_per_hour) * seconds_per_hour;
  const auto hours = static_cast<std::size_t>(std::ceil((end_epoch_s - first_hour) / seconds_per_hour));

  std::array<double, 12> dew_point_means{};
  for (int m = 0; m < 12; ++m)
    dew_point_means[m] = dew_point_c(climate.dry_bulb_mean_c[m], climate.relative_humidity[m]);
  const std::vector<double> dry_bulb_climatology = mean_preserving_climatology(climate.dry_bulb_mean_c);
  const std::vector<double> dew_point_climatology = mean_preserving_climatology(dew_point_means);

  const std::int64_t first_year = utc_calendar(first_hour).year;
  const std::int64_t last_year = utc_calendar(first_hour + (static_cast<double>(hours) - 0.5) * seconds_per_hour).year;
  const std::vector<double> anomaly = hourly_anomalies(climate.day_to_day_std_c, first_year, last_year, seed);
  const auto anomaly_offset =
      static_cast<std::size_t>(std::llround((first_hour - utc_midnight_epoch_s(first_year, 1, 1)) / seconds_per_hour));

  const double pressure_pa = standard_pressure_at_elevation_pa(climate.elevation_m);
  std::vector<double> dry_bulb(hours);
  std::vector<double> wet_bulb(hours);
  for (std::size_t h = 0; h < hours; ++h) {
    const double middle = first_hour + (static_cast<double>(h) + 0.5) * seconds_per_hour;
    const UtcCalendarTime time = utc_calendar(middle);
    const std::size_t typical_hour = typical_year_hour(middle);
    const double local_hour = std::fmod(time.second_of_day / seconds_per_hour + climate.utc_offset_h + 48.0, 24.0);
    const double diurnal = 0.5 * climate.diurnal_range_c[static_cast<std::size_t>(time.month - 1)] *
                           std::cos(2.0 * pi * (local_hour - warmest_local_hour) / hours_per_day);
    const double shift = anomaly[anomaly_offset + h];
    dry_bulb[h] = dry_bulb_climatology[typical_hour] + diurnal + shift;
    const double dew_point = std::min(dew_point_climatology[typical_hour] + shift, dry_bulb[h]);
    wet_bulb[h] = wet_bulb_from_dew_point_c(dry_bulb[h], dew_point, pressure_pa);
  }
  return {StepSeries(first_hour, seconds_per_hour, std::move(dry_bulb)),
          StepSeries(first_hour, seconds_per_hour, std::move(wet_bulb))};
}

WeatherSeries read_weather_csv(const std::string& path, double start_epoch_s, double end_epoch_s) {
  // Recorded extremes of the surface air temperature: -89.2 C (Vostok, 1983) and 56.7 C (Death Valley, 1913, WMO
  // archive). Anything outside [-90, 60] C is a unit mistake, most likely Fahrenheit labelled C.
  const CsvColumn dry_bulb{"dry_bulb", Dimension::temperature, -90.0, 60.0};
  const CsvColumn wet_bulb{"wet_bulb", Dimension::temperature, -90.0, 60.0};
  const CsvColumn relative_humidity{"relative_humidity", Dimension::dimensionless, 0.0, 1.0};
  // Weather files round to 0.1 C, so a wet bulb may print a hair above its dry bulb at saturation.
  constexpr double wet_bulb_rounding_c = 0.1;

  const HourlyCsvHeader header = read_hourly_csv_header(path);
  const auto has = [&header](const std::string& name) {
    return std::find(header.column_names.begin(), header.column_names.end(), name) != header.column_names.end();
  };
  if (has("wet_bulb")) {
    HourlyCsvTable table = read_hourly_csv_table(path, {dry_bulb, wet_bulb}, start_epoch_s, end_epoch_s);
    const std::vector<double>& dry = table.series[0].values();
    const std::vector<double>& wet = table.series[1].values();
    for (std::size_t i = 0; i < dry.size(); ++i) {
      if (wet[i] > dry[i] + wet_bulb_rounding_c) {
        throw SeriesFileError(path + ":" + std::to_string(table.row_lines[i]) + ": wet bulb " +
                              format_fixed(wet[i], 2) + " C is above the dry bulb " + format_fixed(dry[i], 2) +
                              " C (expected wet bulb <= dry bulb: are the columns swapped?)");
      }
    }
    return {std::move(table.series[0]), std::move(table.series[1])};
  }
  if (has("relative_humidity")) {
    HourlyCsvTable table = read_hourly_csv_table(path, {dry_bulb, relative_humidity}, start_epoch_s, end_epoch_s);
    const std::vector<double>& dry = table.series[0].values();
    const std::vector<double>& humidity = table.series[1].values();
    std::vector<double> wet(dry.size());
    for (std::size_t i = 0; i < dry.size(); ++i) wet[i] = wet_bulb_c(dry[i], humidity[i], standard_pressure_pa);
    StepSeries wet_series(table.series[0].start_epoch_s(), table.series[0].step_s(), std::move(wet));
    return {std::move(table.series[0]), std::move(wet_series)};
  }
  throw SeriesFileError(path + ":" + std::to_string(header.line) +
                        ": header has neither 'wet_bulb' nor 'relative_humidity' (expected 'dry_bulb [C]' and "
                        "either 'wet_bulb [C]' or 'relative_humidity [%]')");
}

std::string format_climates() {
  std::ostringstream out;
  out << "Climates (synthetic weather presets)\n";
  out << std::left << std::setw(16) << "name" << std::setw(42) << "place" << std::right << std::setw(8) << "mean C"
      << std::setw(9) << "min mo." << std::setw(9) << "max mo." << std::setw(10) << "WB of mo."
      << "\n";
  for (const ClimatePreset& c : climate_presets()) {
    double sum = 0.0;
    double wet_sum = 0.0;
    const double pressure_pa = standard_pressure_at_elevation_pa(c.elevation_m);
    for (int m = 0; m < 12; ++m) {
      sum += c.dry_bulb_mean_c[m] * common_year_month_days[m];
      wet_sum += wet_bulb_c(c.dry_bulb_mean_c[m], c.relative_humidity[m], pressure_pa) * common_year_month_days[m];
    }
    const auto [coldest, warmest] = std::minmax_element(c.dry_bulb_mean_c.begin(), c.dry_bulb_mean_c.end());
    out << std::left << std::setw(16) << c.name << std::setw(42) << c.description << std::right << std::setw(8)
        << format_fixed(sum / 365.0, 1) << std::setw(9) << format_fixed(*coldest, 1) << std::setw(9)
        << format_fixed(*warmest, 1) << std::setw(10) << format_fixed(wet_sum / 365.0, 1) << "\n";
    out << "    source: " << c.source << "\n";
  }
  return out.str();
}

}  // namespace terawatt
