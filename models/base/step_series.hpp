#pragma once
// Piecewise-constant time series (hourly weather, hourly grid intensity) and the UTC calendar arithmetic that lays a
// typical year onto a run. A value holds over a whole step, so the mean over any interval is an exact integral: the
// sampler's interval averages then sum exactly to energy totals (docs/design.md section 5).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace terawatt {

// values[i] holds on [start + i*step, start + (i+1)*step).
class StepSeries {
 public:
  StepSeries() = default;
  // Throws std::invalid_argument if step_s <= 0, values is empty, or any value or the start is not finite.
  StepSeries(double start_epoch_s, double step_s, std::vector<double> values);

  double start_epoch_s() const { return start_epoch_s_; }
  double end_epoch_s() const { return start_epoch_s_ + step_s_ * static_cast<double>(values_.size()); }
  double step_s() const { return step_s_; }
  std::size_t size() const { return values_.size(); }
  const std::vector<double>& values() const { return values_; }

  // The value holding at epoch_s; throws std::out_of_range outside [start, end).
  double at(double epoch_s) const;

  // Integral over [t0, t1] divided by (t1 - t0). Requires start <= t0 < t1 <= end (else std::out_of_range, or
  // std::invalid_argument for t0 >= t1 or non-finite bounds). Within one step the result is that step's value
  // exactly, with no rounding from the division.
  double mean(double t0_epoch_s, double t1_epoch_s) const;

  // True when [t0, t1] lies within [start, end] (t0 <= t1). A default-constructed series covers nothing.
  bool covers(double t0_epoch_s, double t1_epoch_s) const;

 private:
  // Index of the step containing t, clamped to [0, size-1].
  std::size_t index_of(double epoch_s) const;

  double start_epoch_s_ = 0.0;
  double step_s_ = 1.0;
  std::vector<double> values_;
};

// Hours in a typical (non-leap) year; hour 0 is Jan 1 00:00-01:00.
inline constexpr std::size_t hours_per_typical_year = 8760;

// A typical year (8760 hourly values, hour 0 = Jan 1 00:00-01:00) laid onto [start, end): each UTC hour takes the
// value of the same month/day/hour of the typical year (Feb 29 reuses Feb 28), wrapping across years. The result
// is hourly and starts at the UTC hour containing start_epoch_s, ending at the first hour boundary at or after
// end_epoch_s. Throws std::invalid_argument for a wrong value count, non-finite values or bounds, or end <= start.
StepSeries typical_year_over_span(const std::vector<double>& hour_of_year_values, double start_epoch_s,
                                  double end_epoch_s);

// UTC calendar fields of an epoch time, proleptic Gregorian (models/base/civil_calendar.hpp, as ISO 8601 times: no TZ
// database).
struct UtcCalendarTime {
  std::int64_t year = 1970;
  int month = 1;               // 1-12
  int day = 1;                 // 1-31
  int hour = 0;                // 0-23
  double second_of_day = 0.0;  // [0, 86400)
  int day_of_year = 0;         // 0-based; 0-364, or 0-365 in leap years
};
UtcCalendarTime utc_calendar(double epoch_s);

// Seconds since the epoch of midnight UTC at the start of year-month-day (month 1-12, day 1-31, not validated).
double utc_midnight_epoch_s(std::int64_t year, int month, int day);

bool is_gregorian_leap_year(std::int64_t year);
int days_in_gregorian_month(std::int64_t year, int month);  // month 1-12

// Hour of the typical (non-leap) year for a UTC time: 0-8759, Feb 29 mapped onto Feb 28.
std::size_t typical_year_hour(double epoch_s);

}  // namespace terawatt
