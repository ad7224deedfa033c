#pragma once
// Howard Hinnant's civil-date algorithms (http://howardhinnant.github.io/date_algorithms.html) on the proleptic
// Gregorian calendar, shared by the ISO 8601 parser and the hourly calendar of step series so that both count days
// the same way. The calendar repeats exactly every 400 years (146097 days), so splitting a date into an era and a
// position within it needs no per-year tables and stays valid for any year, negative ones included.

#include <cstdint>

namespace terawatt {

// Days since 1970-01-01; month 1-12 and day 1-31 are not validated.
constexpr std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

struct CivilDate {
  std::int64_t year;
  unsigned month;  // 1-12
  unsigned day;    // 1-31
};

constexpr CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned shifted_month = (5 * day_of_year + 2) / 153;  // March = 0
  const unsigned day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const unsigned month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  const std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

constexpr bool is_leap_year(std::int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// Month lengths and the 0-based day of the year on which each month starts, in a common (non-leap) year: the
// layout of typical-year weather files, which have no Feb 29.
inline constexpr int common_year_month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
inline constexpr int common_year_month_start[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

// Month 1-12, not validated.
constexpr unsigned days_in_month(std::int64_t year, unsigned month) {
  return month == 2 && is_leap_year(year) ? 29 : static_cast<unsigned>(common_year_month_days[month - 1]);
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2000, 3, 1) == 11017);
static_assert(civil_from_days(11017).month == 3);
static_assert(civil_from_days(days_from_civil(2024, 2, 29)).day == 29);
static_assert(days_in_month(2000, 2) == 29 && days_in_month(1900, 2) == 28 && days_in_month(2024, 2) == 29);
static_assert([] {
  int start = 0;
  for (int m = 0; m < 12; ++m) {
    if (common_year_month_start[m] != start) return false;
    start += common_year_month_days[m];
  }
  return start == 365;
}());

}  // namespace terawatt
