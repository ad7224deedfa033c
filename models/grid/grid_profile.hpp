#pragma once
// A grid's carbon intensity with a daily and a seasonal cycle around its annual mean, for studies that have a
// mean figure but no hourly series. Dodge et al. (docs/references.md G) found that within-region diurnal variation
// changes a job's emissions by up to 8 % and that monthly lines are "relatively flat": amplitudes default to 0
// and are the user's to set from the grid at hand.

#include "models/base/step_series.hpp"

namespace terawatt {

struct GridProfile {
  double daily_amplitude = 0.0;      // fraction of the mean, peak to mean
  double daily_minimum_hour = 13.0;  // local hour of the cleanest electricity (midday solar)
  double seasonal_amplitude = 0.0;   // fraction of the mean
  double seasonal_peak_month = 1.0;  // 1 = mid-January ... 12 = mid-December, the dirtiest month
  double utc_offset_h = 0.0;         // local standard time of the grid
};

// Hourly values over [start, end): mean x (1 - a_d cos(2 pi (h - h_min) / 24)) x (1 + a_s cos(2 pi (m - m_peak) / 12)),
// with h the local hour at the middle of each hour and m the month position of that instant (1 = mid-January).
// Over whole days and a whole year both cycles average out, so the series keeps the given mean.
StepSeries profiled_intensity(double mean, const GridProfile& profile, double start_epoch_s, double end_epoch_s);

}  // namespace terawatt
