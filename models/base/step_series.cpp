#include "models/base/step_series.hpp"

#include "models/base/civil_calendar.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace terawatt {

namespace {

constexpr double seconds_per_hour = 3600.0;
constexpr double seconds_per_day = 86400.0;

std::string number_text(double value) {
  return std::to_string(value);
}

}  // namespace

StepSeries::StepSeries(double start_epoch_s, double step_s, std::vector<double> values)
    : start_epoch_s_(start_epoch_s), step_s_(step_s), values_(std::move(values)) {
  if (!std::isfinite(start_epoch_s_)) throw std::invalid_argument("step series start time is not finite");
  if (!(step_s_ > 0.0) || !std::isfinite(step_s_)) {
    throw std::invalid_argument("step series step must be a finite positive duration, got " + number_text(step_s));
  }
  if (values_.empty()) throw std::invalid_argument("step series has no values");
  for (std::size_t i = 0; i < values_.size(); ++i) {
    if (!std::isfinite(values_[i])) {
      throw std::invalid_argument("step series value " + std::to_string(i) + " is not finite");
    }
  }
  if (!std::isfinite(end_epoch_s())) throw std::invalid_argument("step series end time is not finite");
}

std::size_t StepSeries::index_of(double epoch_s) const {
  const double position = std::floor((epoch_s - start_epoch_s_) / step_s_);
  std::size_t index = 0;
  if (position > 0.0) index = std::min(static_cast<std::size_t>(position), values_.size() - 1);
  // The division can round across a step boundary either way; the boundaries themselves are exact products.
  if (index > 0 && epoch_s < start_epoch_s_ + step_s_ * static_cast<double>(index)) {
    --index;
  } else if (index + 1 < values_.size() && epoch_s >= start_epoch_s_ + step_s_ * static_cast<double>(index + 1)) {
    ++index;
  }
  return index;
}

double StepSeries::at(double epoch_s) const {
  if (values_.empty() || !(epoch_s >= start_epoch_s_) || !(epoch_s < end_epoch_s())) {
    throw std::out_of_range("time " + number_text(epoch_s) + " s is outside the series [" +
                            number_text(start_epoch_s_) + ", " + number_text(end_epoch_s()) + ") s");
  }
  return values_[index_of(epoch_s)];
}

double StepSeries::mean(double t0_epoch_s, double t1_epoch_s) const {
  if (!std::isfinite(t0_epoch_s) || !std::isfinite(t1_epoch_s)) {
    throw std::invalid_argument("step series mean over a non-finite interval");
  }
  if (!(t0_epoch_s < t1_epoch_s)) {
    throw std::invalid_argument("step series mean needs t0 < t1, got [" + number_text(t0_epoch_s) + ", " +
                                number_text(t1_epoch_s) + "] s");
  }
  if (!covers(t0_epoch_s, t1_epoch_s)) {
    throw std::out_of_range("interval [" + number_text(t0_epoch_s) + ", " + number_text(t1_epoch_s) +
                            "] s is outside the series [" + number_text(start_epoch_s_) + ", " +
                            number_text(end_epoch_s()) + ") s");
  }
  // First step: the one containing t0. Last step: the one containing the instant just before t1, so an interval
  // ending exactly on a boundary does not reach into the next step.
  const std::size_t first = index_of(t0_epoch_s);
  std::size_t last = index_of(t1_epoch_s);
  if (last > first && t1_epoch_s <= start_epoch_s_ + step_s_ * static_cast<double>(last)) --last;
  if (last <= first) return values_[first];

  const double first_end = start_epoch_s_ + step_s_ * static_cast<double>(first + 1);
  const double last_start = start_epoch_s_ + step_s_ * static_cast<double>(last);
  double integral = values_[first] * (first_end - t0_epoch_s);
  for (std::size_t i = first + 1; i < last; ++i) integral += values_[i] * step_s_;
  integral += values_[last] * (t1_epoch_s - last_start);
  return integral / (t1_epoch_s - t0_epoch_s);
}

bool StepSeries::covers(double t0_epoch_s, double t1_epoch_s) const {
  return !values_.empty() && t0_epoch_s >= start_epoch_s_ && t1_epoch_s <= end_epoch_s() && t0_epoch_s <= t1_epoch_s;
}

bool is_gregorian_leap_year(std::int64_t year) {
  return is_leap_year(year);
}

int days_in_gregorian_month(std::int64_t year, int month) {
  if (month < 1 || month > 12) throw std::invalid_argument("month " + std::to_string(month) + " is not 1-12");
  return static_cast<int>(days_in_month(year, static_cast<unsigned>(month)));
}

double utc_midnight_epoch_s(std::int64_t year, int month, int day) {
  return static_cast<double>(days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day))) *
         seconds_per_day;
}

UtcCalendarTime utc_calendar(double epoch_s) {
  const double days = std::floor(epoch_s / seconds_per_day);
  const CivilDate date = civil_from_days(static_cast<std::int64_t>(days));
  UtcCalendarTime out;
  out.year = date.year;
  out.month = static_cast<int>(date.month);
  out.day = static_cast<int>(date.day);
  out.second_of_day = epoch_s - days * seconds_per_day;
  if (out.second_of_day < 0.0) out.second_of_day = 0.0;
  if (out.second_of_day >= seconds_per_day) out.second_of_day = std::nextafter(seconds_per_day, 0.0);
  out.hour = static_cast<int>(out.second_of_day / seconds_per_hour);
  if (out.hour > 23) out.hour = 23;
  out.day_of_year = common_year_month_start[out.month - 1] + out.day - 1 +
                    (out.month > 2 && is_gregorian_leap_year(out.year) ? 1 : 0);
  return out;
}

std::size_t typical_year_hour(double epoch_s) {
  const UtcCalendarTime time = utc_calendar(epoch_s);
  // Feb 29 has no row in a typical year: it repeats Feb 28, and March 1 onwards keeps its non-leap position.
  const int day = time.month == 2 && time.day == 29 ? 28 : time.day;
  const int day_of_typical_year = common_year_month_start[time.month - 1] + day - 1;
  return static_cast<std::size_t>(day_of_typical_year) * 24 + static_cast<std::size_t>(time.hour);
}

StepSeries typical_year_over_span(const std::vector<double>& hour_of_year_values, double start_epoch_s,
                                  double end_epoch_s) {
  if (hour_of_year_values.size() != hours_per_typical_year) {
    throw std::invalid_argument("a typical year needs " + std::to_string(hours_per_typical_year) +
                                " hourly values, got " + std::to_string(hour_of_year_values.size()));
  }
  if (!std::isfinite(start_epoch_s) || !std::isfinite(end_epoch_s) || !(end_epoch_s > start_epoch_s)) {
    throw std::invalid_argument("typical year span needs finite start < end");
  }
  for (std::size_t h = 0; h < hour_of_year_values.size(); ++h) {
    if (!std::isfinite(hour_of_year_values[h])) {
      throw std::invalid_argument("typical year value at hour " + std::to_string(h) + " is not finite");
    }
  }
  const double first_hour = std::floor(start_epoch_s / seconds_per_hour) * seconds_per_hour;
  const auto hours = static_cast<std::size_t>(std::ceil((end_epoch_s - first_hour) / seconds_per_hour));
  std::vector<double> values(hours);
  for (std::size_t h = 0; h < hours; ++h) {
    // The middle of the hour, so that no rounding can land on the previous hour's calendar slot.
    const double middle = first_hour + (static_cast<double>(h) + 0.5) * seconds_per_hour;
    values[h] = hour_of_year_values[typical_year_hour(middle)];
  }
  return StepSeries(first_hour, seconds_per_hour, std::move(values));
}

}  // namespace terawatt
