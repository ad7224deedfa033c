#include "models/grid/grid_profile.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

namespace terawatt {

StepSeries profiled_intensity(double mean, const GridProfile& profile, double start_epoch_s, double end_epoch_s) {
  if (!(end_epoch_s > start_epoch_s)) throw std::invalid_argument("profiled_intensity: empty span");
  if (!(profile.daily_amplitude >= 0.0 && profile.daily_amplitude < 1.0) ||
      !(profile.seasonal_amplitude >= 0.0 && profile.seasonal_amplitude < 1.0)) {
    throw std::invalid_argument("profiled_intensity: amplitudes must lie in [0, 1)");
  }
  constexpr double hour_s = 3600.0;
  constexpr double two_pi = 6.283185307179586;
  // The tropical year: the seasonal phase then stays within a day of the calendar over centuries.
  constexpr double year_s = 365.2422 * 86400.0;
  // Align the series to whole UTC hours, as hourly grid data are.
  const double first_hour_s = std::floor(start_epoch_s / hour_s) * hour_s;
  const auto hours = static_cast<std::size_t>(std::ceil((end_epoch_s - first_hour_s) / hour_s));
  std::vector<double> values(hours);
  for (std::size_t i = 0; i < hours; ++i) {
    const double middle_s = first_hour_s + (static_cast<double>(i) + 0.5) * hour_s;
    const double local_hour = std::fmod(middle_s / hour_s + profile.utc_offset_h, 24.0);
    // 1970-01-01 is day 0 of the year; the month position is 1 at mid-January and 12 at mid-December.
    const double month = 0.5 + 12.0 * std::fmod(middle_s, year_s) / year_s;
    const double daily =
        1.0 - profile.daily_amplitude * std::cos(two_pi * (local_hour - profile.daily_minimum_hour) / 24.0);
    const double seasonal =
        1.0 + profile.seasonal_amplitude * std::cos(two_pi * (month - profile.seasonal_peak_month) / 12.0);
    values[i] = mean * daily * seasonal;
  }
  return StepSeries(first_hour_s, hour_s, std::move(values));
}

}  // namespace terawatt
