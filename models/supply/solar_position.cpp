#include "models/supply/solar_position.hpp"

#include "models/base/step_series.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace terawatt {

namespace {

constexpr double pi = 3.14159265358979323846;
constexpr double seconds_per_hour = 3600.0;
constexpr double seconds_per_day = 86400.0;
constexpr double degrees_per_radian = 180.0 / pi;
// The Earth turns 360 deg in 1440 min: 4 min of solar time per degree of longitude.
constexpr double minutes_per_degree = 4.0;
// NOAA's conversion of Spencer's equation of time from radians of hour angle to minutes: 1440 / (2 pi).
constexpr double minutes_per_radian = 229.18;

void check_time(double epoch_s) {
  if (!std::isfinite(epoch_s)) throw std::invalid_argument("solar position: epoch_s must be finite");
}

// Fractional year (radians) of NOAA's calculation: 2 pi / days_in_year * (day_of_year - 1 + (hour - 12) / 24), with
// day_of_year 1-based, so that the series are evaluated at the time itself rather than at noon.
double fractional_year_rad(double epoch_s) {
  check_time(epoch_s);
  const UtcCalendarTime time = utc_calendar(epoch_s);
  const double days_in_year = is_gregorian_leap_year(time.year) ? 366.0 : 365.0;
  const double hour = time.second_of_day / seconds_per_hour;
  return 2.0 * pi / days_in_year * (static_cast<double>(time.day_of_year) + (hour - 12.0) / 24.0);
}

void check_place(double latitude_deg, double longitude_deg) {
  if (!(latitude_deg >= -90.0 && latitude_deg <= 90.0)) {
    throw std::invalid_argument("solar position: latitude_deg " + std::to_string(latitude_deg) +
                                " is out of range (expected -90..90, north positive)");
  }
  if (!(longitude_deg >= -180.0 && longitude_deg <= 180.0)) {
    throw std::invalid_argument("solar position: longitude_deg " + std::to_string(longitude_deg) +
                                " is out of range (expected -180..180, east positive)");
  }
}

// The hour angle (radians, zero at solar noon) at a UTC epoch second, from the true solar time: UTC minutes of the day
// shifted by the equation of time and the longitude (`solar_shift_min`).
double hour_angle_rad(double epoch_s, double solar_shift_min) {
  const double second_of_day = epoch_s - seconds_per_day * std::floor(epoch_s / seconds_per_day);
  const double true_solar_min = second_of_day / 60.0 + solar_shift_min;
  return (true_solar_min / minutes_per_degree - 180.0) / degrees_per_radian;
}

double declination_at(double g) {
  // Spencer (1971), as printed by NOAA.
  return 0.006918 - 0.399912 * std::cos(g) + 0.070257 * std::sin(g) - 0.006758 * std::cos(2.0 * g) +
         0.000907 * std::sin(2.0 * g) - 0.002697 * std::cos(3.0 * g) + 0.00148 * std::sin(3.0 * g);
}

double equation_of_time_at(double g) {
  // Spencer (1971), as printed by NOAA.
  return minutes_per_radian * (0.000075 + 0.001868 * std::cos(g) - 0.032077 * std::sin(g) -
                               0.014615 * std::cos(2.0 * g) - 0.040849 * std::sin(2.0 * g));
}

}  // namespace

double solar_declination_rad(double epoch_s) {
  return declination_at(fractional_year_rad(epoch_s));
}

double equation_of_time_min(double epoch_s) {
  return equation_of_time_at(fractional_year_rad(epoch_s));
}

SunDeclination sun_declination(double epoch_s) {
  const double g = fractional_year_rad(epoch_s);
  return {declination_at(g), equation_of_time_at(g)};
}

double cos_solar_zenith(double epoch_s, double latitude_deg, double longitude_deg) {
  check_time(epoch_s);
  return cos_solar_zenith(epoch_s, latitude_deg, longitude_deg, sun_declination(epoch_s));
}

double cos_solar_zenith(double epoch_s, double latitude_deg, double longitude_deg, const SunDeclination& sun) {
  check_time(epoch_s);
  check_place(latitude_deg, longitude_deg);
  const double latitude = latitude_deg / degrees_per_radian;
  return std::sin(latitude) * std::sin(sun.declination_rad) +
         std::cos(latitude) * std::cos(sun.declination_rad) *
             std::cos(hour_angle_rad(epoch_s, sun.equation_of_time_min + minutes_per_degree * longitude_deg));
}

HourlySunPath::HourlySunPath(double hour_middle_epoch_s, double latitude_deg, double longitude_deg) {
  check_place(latitude_deg, longitude_deg);
  const SunDeclination sun = sun_declination(hour_middle_epoch_s);
  const double latitude = latitude_deg / degrees_per_radian;
  sin_terms_ = std::sin(latitude) * std::sin(sun.declination_rad);
  cos_terms_ = std::cos(latitude) * std::cos(sun.declination_rad);
  solar_shift_min_ = sun.equation_of_time_min + minutes_per_degree * longitude_deg;
}

double HourlySunPath::cos_zenith(double epoch_s) const {
  return sin_terms_ + cos_terms_ * std::cos(hour_angle_rad(epoch_s, solar_shift_min_));
}

double HourlySunPath::max_cos_zenith(double t0_epoch_s, double t1_epoch_s) const {
  constexpr double two_pi = 2.0 * pi;
  // The hour angle turns 360 deg a day; from t0's, brought into [-pi, pi), it reaches noon (0) within the span or not.
  const double h0 = hour_angle_rad(t0_epoch_s, solar_shift_min_);
  const double start = h0 - two_pi * std::floor((h0 + pi) / two_pi);
  const double end = start + two_pi * (t1_epoch_s - t0_epoch_s) / seconds_per_day;
  const bool noon_inside = (start <= 0.0 && end >= 0.0) || end >= two_pi;
  const double highest = noon_inside ? 1.0 : std::max(std::cos(start), std::cos(end));
  return sin_terms_ + cos_terms_ * highest;
}

double extraterrestrial_normal_irradiance_w_per_m2(double epoch_s) {
  const double g = fractional_year_rad(epoch_s);
  // Spencer (1971): (r0 / r)^2, the eccentricity correction factor of the Earth's orbit.
  const double distance_factor = 1.000110 + 0.034221 * std::cos(g) + 0.001280 * std::sin(g) +
                                 0.000719 * std::cos(2.0 * g) + 0.000077 * std::sin(2.0 * g);
  return solar_constant_w_per_m2 * distance_factor;
}

}  // namespace terawatt
