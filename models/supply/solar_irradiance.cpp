#include "models/supply/solar_irradiance.hpp"

#include "models/base/civil_calendar.hpp"
#include "models/supply/solar_position.hpp"

#include <array>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>
#include <utility>
#include <vector>

namespace terawatt {

namespace {

constexpr double seconds_per_hour = 3600.0;
constexpr double seconds_per_day = 86400.0;
constexpr double wh_per_kwh = 1000.0;
// The calibration's reference year: any non-leap year; the sun's path drifts negligibly between years.
constexpr std::int64_t calibration_year = 2001;
// Bisection bounds for the cover exponent and its stopping width. An exponent of 1e3 leaves a mean cloud cover of
// 0.001, clearer than any preset; the width is far below any figure's precision.
constexpr double max_cover_exponent = 1.0e3;
constexpr double exponent_tolerance = 1.0e-12;
// Mixes the calendar year into the seed (the 64-bit golden-ratio constant of splitmix64), so that each year has its
// own stream and the sky on a date does not depend on the run's first year.
constexpr std::uint64_t year_seed_stride = 0x9E3779B97F4A7C15ULL;

// Uniform on [0, 1) from the top 53 bits of the engine: exactly specified, unlike std::uniform_real_distribution.
double uniform_01(std::mt19937_64& engine) {
  return static_cast<double>(engine() >> 11) * 0x1.0p-53;
}

// Fisher-Yates with the uniform above (std::shuffle's use of the engine is implementation-defined).
void seeded_shuffle(std::vector<int>& values, std::mt19937_64& engine) {
  for (std::size_t i = values.size(); i > 1; --i) {
    auto j = static_cast<std::size_t>(uniform_01(engine) * static_cast<double>(i));
    if (j >= i) j = i - 1;
    std::swap(values[i - 1], values[j]);
  }
}

// Mean over i = 0 .. days-1 of ((i + 0.5) / days)^power: the month's mean of N^3.4 for N = u^exponent with the
// stratified u, power = 3.4 exponent.
double stratified_mean_power(int days, double power) {
  double sum = 0.0;
  for (int i = 0; i < days; ++i) sum += std::pow((i + 0.5) / days, power);
  return sum / days;
}

// UTC epoch second of local midnight starting Jan 1 of a local year.
double local_year_start_epoch_s(std::int64_t year, double utc_offset_h) {
  return utc_midnight_epoch_s(year, 1, 1) - utc_offset_h * seconds_per_hour;
}

// Clear-sky irradiation of each local month of the calibration year, kWh/m2.
std::array<double, 12> clear_sky_monthly_kwh_per_m2(const ClimatePreset& climate) {
  std::array<double, 12> monthly{};
  const double origin = local_year_start_epoch_s(calibration_year, climate.utc_offset_h);
  for (int month = 0; month < 12; ++month) {
    const int hours = common_year_month_days[month] * 24;
    const double month_start = origin + common_year_month_start[month] * seconds_per_day;
    double wh = 0.0;
    for (int h = 0; h < hours; ++h) {
      wh +=
          clear_sky_hour_mean_w_per_m2(climate.latitude_deg, climate.longitude_deg, month_start + h * seconds_per_hour);
    }
    monthly[static_cast<std::size_t>(month)] = wh / wh_per_kwh;
  }
  return monthly;
}

double calibrated_annual_kwh_per_m2(const std::array<double, 12>& clear_monthly, double exponent) {
  double total = 0.0;
  for (int month = 0; month < 12; ++month) {
    const double mean_cover_power =
        stratified_mean_power(common_year_month_days[month], kasten_czeplak_exponent * exponent);
    total += clear_monthly[static_cast<std::size_t>(month)] * (1.0 - kasten_czeplak_max_reduction * mean_cover_power);
  }
  return total;
}

// Cloud cover of every local day from Jan 1 of first_year to Dec 31 of last_year (local calendar).
std::vector<double> daily_cloud_cover(double exponent, std::int64_t first_year, std::int64_t last_year,
                                      std::uint64_t seed) {
  std::vector<double> covers;
  for (std::int64_t year = first_year; year <= last_year; ++year) {
    std::mt19937_64 engine(seed + year_seed_stride * static_cast<std::uint64_t>(year));
    for (int month = 1; month <= 12; ++month) {
      const int days = days_in_gregorian_month(year, month);
      std::vector<int> order(static_cast<std::size_t>(days));
      std::iota(order.begin(), order.end(), 0);
      seeded_shuffle(order, engine);
      for (const int stratum : order) covers.push_back(std::pow((stratum + 0.5) / days, exponent));
    }
  }
  return covers;
}

}  // namespace

double clear_sky_ghi_w_per_m2(double cos_zenith) {
  if (!std::isfinite(cos_zenith)) throw std::invalid_argument("clear-sky GHI: cos_zenith must be finite");
  if (cos_zenith <= 0.0) return 0.0;
  return haurwitz_scale_w_per_m2 * cos_zenith * std::exp(-haurwitz_extinction / cos_zenith);
}

double cloud_transmittance(double cloud_cover) {
  if (!(cloud_cover >= 0.0 && cloud_cover <= 1.0)) {
    throw std::invalid_argument("cloud transmittance: cloud_cover must be in [0, 1]");
  }
  return 1.0 - kasten_czeplak_max_reduction * std::pow(cloud_cover, kasten_czeplak_exponent);
}

double clear_sky_hour_mean_w_per_m2(double latitude_deg, double longitude_deg, double hour_start_epoch_s,
                                    int substeps) {
  if (substeps < 1) throw std::invalid_argument("clear-sky hour mean: substeps must be at least 1");
  const double step_s = seconds_per_hour / substeps;
  // The sun's declination and equation of time of the hour's middle serve every sub-step (solar_position.hpp).
  const HourlySunPath sun(hour_start_epoch_s + 0.5 * seconds_per_hour, latitude_deg, longitude_deg);
  if (!(sun.max_cos_zenith(hour_start_epoch_s, hour_start_epoch_s + seconds_per_hour) > 0.0)) return 0.0;
  double sum = 0.0;
  for (int s = 0; s < substeps; ++s)
    sum += clear_sky_ghi_w_per_m2(sun.cos_zenith(hour_start_epoch_s + (s + 0.5) * step_s));
  return sum / substeps;
}

CloudCalibration calibrate_cloud_cover(const ClimatePreset& climate) {
  const std::array<double, 12> clear_monthly = clear_sky_monthly_kwh_per_m2(climate);
  const double target = climate.annual_ghi_kwh_per_m2;
  CloudCalibration out;
  out.clear_sky_annual_kwh_per_m2 = std::accumulate(clear_monthly.begin(), clear_monthly.end(), 0.0);
  const double overcast = calibrated_annual_kwh_per_m2(clear_monthly, 0.0);
  if (!(target > overcast && target < calibrated_annual_kwh_per_m2(clear_monthly, max_cover_exponent))) {
    throw std::invalid_argument("climate '" + climate.name + "': annual_ghi_kwh_per_m2 " + std::to_string(target) +
                                " is outside what the synthetic sky reaches there (expected between the overcast " +
                                std::to_string(overcast) + " and the clear-sky " +
                                std::to_string(out.clear_sky_annual_kwh_per_m2) + " kWh/m2)");
  }
  double low = 0.0;
  double high = max_cover_exponent;
  while (high - low > exponent_tolerance * (1.0 + low)) {
    const double middle = 0.5 * (low + high);
    (calibrated_annual_kwh_per_m2(clear_monthly, middle) < target ? low : high) = middle;
  }
  out.cover_exponent = 0.5 * (low + high);
  out.mean_cloud_cover = 1.0 / (out.cover_exponent + 1.0);
  return out;
}

StepSeries synthetic_irradiance(const ClimatePreset& climate, double start_epoch_s, double end_epoch_s,
                                std::uint64_t seed) {
  if (!std::isfinite(start_epoch_s) || !std::isfinite(end_epoch_s) || !(end_epoch_s > start_epoch_s)) {
    throw std::invalid_argument("synthetic irradiance needs a finite span with start < end");
  }
  const CloudCalibration calibration = calibrate_cloud_cover(climate);
  const double first_hour = std::floor(start_epoch_s / seconds_per_hour) * seconds_per_hour;
  const auto hours = static_cast<std::size_t>(std::ceil((end_epoch_s - first_hour) / seconds_per_hour));
  const double offset_s = climate.utc_offset_h * seconds_per_hour;
  const std::int64_t first_year = utc_calendar(first_hour + offset_s).year;
  const double last_second = first_hour + static_cast<double>(hours) * seconds_per_hour - 1.0;
  const std::int64_t last_year = utc_calendar(last_second + offset_s).year;
  const std::vector<double> covers = daily_cloud_cover(calibration.cover_exponent, first_year, last_year, seed);
  const double origin = local_year_start_epoch_s(first_year, climate.utc_offset_h);

  const double step_s = seconds_per_hour / irradiance_substeps_per_hour;
  std::vector<double> ghi(hours);
  for (std::size_t h = 0; h < hours; ++h) {
    const double hour_s = first_hour + static_cast<double>(h) * seconds_per_hour;
    // As clear_sky_hour_mean_w_per_m2: the sun's declination of the hour's middle serves its sub-steps.
    const HourlySunPath sun(hour_s + 0.5 * seconds_per_hour, climate.latitude_deg, climate.longitude_deg);
    if (!(sun.max_cos_zenith(hour_s, hour_s + seconds_per_hour) > 0.0)) continue;  // night: ghi[h] stays 0
    double sum = 0.0;
    for (int s = 0; s < irradiance_substeps_per_hour; ++s) {
      const double t = hour_s + (s + 0.5) * step_s;
      const double clear = clear_sky_ghi_w_per_m2(sun.cos_zenith(t));
      if (clear <= 0.0) continue;
      const auto day = static_cast<std::size_t>(std::floor((t - origin) / seconds_per_day));
      sum += clear * cloud_transmittance(covers[day]);
    }
    ghi[h] = sum / irradiance_substeps_per_hour;
  }
  return StepSeries(first_hour, seconds_per_hour, std::move(ghi));
}

StepSeries epw_irradiance(const EpwTypicalYear& year, double start_epoch_s, double end_epoch_s) {
  return typical_year_over_span(year.global_horizontal_w_per_m2, start_epoch_s, end_epoch_s);
}

StepSeries read_epw_irradiance(const std::string& path, double start_epoch_s, double end_epoch_s) {
  return epw_irradiance(read_epw_typical_year(path), start_epoch_s, end_epoch_s);
}

}  // namespace terawatt
