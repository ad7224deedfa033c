#include "models/base/step_series.hpp"

#include "models/base/iso8601.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

using terawatt::hours_per_typical_year;
using terawatt::parse_iso8601_utc;
using terawatt::StepSeries;
using terawatt::typical_year_hour;
using terawatt::typical_year_over_span;
using terawatt::utc_calendar;
using terawatt::utc_midnight_epoch_s;

namespace {

constexpr double hour_s = 3600.0;

// A typical year whose value at each hour is its own index, so a lookup says which slot it read.
std::vector<double> index_year() {
  std::vector<double> values(hours_per_typical_year);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i);
  return values;
}

}  // namespace

TEST_CASE("a step series rejects a bad step, no values and non-finite values", "[step_series]") {
  CHECK_THROWS_AS(StepSeries(0.0, 0.0, {1.0}), std::invalid_argument);
  CHECK_THROWS_AS(StepSeries(0.0, -3600.0, {1.0}), std::invalid_argument);
  CHECK_THROWS_AS(StepSeries(0.0, 3600.0, {}), std::invalid_argument);
  CHECK_THROWS_AS(StepSeries(0.0, 3600.0, {1.0, std::nan("")}), std::invalid_argument);
  CHECK_THROWS_AS(StepSeries(0.0, 3600.0, {std::numeric_limits<double>::infinity()}), std::invalid_argument);
  CHECK_THROWS_AS(StepSeries(std::nan(""), 3600.0, {1.0}), std::invalid_argument);
}

TEST_CASE("a step series holds each value over its half-open step", "[step_series]") {
  const StepSeries s(1000.0, 10.0, {1.0, 2.0, 4.0});
  CHECK(s.start_epoch_s() == 1000.0);
  CHECK(s.end_epoch_s() == 1030.0);
  CHECK(s.step_s() == 10.0);
  CHECK(s.size() == 3);
  CHECK(s.at(1000.0) == 1.0);
  CHECK(s.at(1009.999) == 1.0);
  CHECK(s.at(1010.0) == 2.0);
  CHECK(s.at(1029.999) == 4.0);
  CHECK_THROWS_AS(s.at(999.999), std::out_of_range);
  CHECK_THROWS_AS(s.at(1030.0), std::out_of_range);
  CHECK_THROWS_AS(StepSeries().at(0.0), std::out_of_range);
}

TEST_CASE("the mean over a sub-step interval is that step's value exactly", "[step_series]") {
  // Values that do not survive a multiply-then-divide round trip, so any integral/length arithmetic would show.
  const StepSeries s(parse_iso8601_utc("2024-01-01T00:00:00Z"), hour_s, {0.1, 1.0 / 3.0, 2.0 / 7.0});
  const double t = s.start_epoch_s();
  CHECK(s.mean(t, t + 1.0) == 0.1);
  CHECK(s.mean(t + 0.3, t + 299.7) == 0.1);
  CHECK(s.mean(t + hour_s, t + 2.0 * hour_s) == 1.0 / 3.0);  // ends exactly on a boundary: next step not touched
  CHECK(s.mean(t + 2.0 * hour_s + 123.4, t + 2.0 * hour_s + 1800.0) == 2.0 / 7.0);
  CHECK(s.mean(t + 2.5 * hour_s, s.end_epoch_s()) == 2.0 / 7.0);
}

TEST_CASE("the mean across steps is the exact integral over the length", "[step_series]") {
  const StepSeries s(0.0, 10.0, {1.0, 2.0, 4.0});
  // [5, 25]: 5 s of 1, 10 s of 2, 5 s of 4 -> (5 + 20 + 20) / 20.
  CHECK(s.mean(5.0, 25.0) == Approx(45.0 / 20.0).epsilon(1e-15));
  CHECK(s.mean(0.0, 30.0) == Approx(70.0 / 30.0).epsilon(1e-15));
  CHECK(s.mean(10.0, 30.0) == Approx(3.0).epsilon(1e-15));
  // Sample intervals of 5 minutes tile the series: their means times their lengths sum to the full integral.
  const StepSeries hourly(0.0, hour_s, {3.0, 5.0, 7.0, 11.0});
  double energy = 0.0;
  for (double t0 = 0.0; t0 < hourly.end_epoch_s(); t0 += 300.0) energy += hourly.mean(t0, t0 + 300.0) * 300.0;
  CHECK(energy == Approx((3.0 + 5.0 + 7.0 + 11.0) * hour_s).epsilon(1e-14));
}

TEST_CASE("the mean refuses intervals outside the series or of no length", "[step_series]") {
  const StepSeries s(0.0, 10.0, {1.0, 2.0});
  CHECK_THROWS_AS(s.mean(-1.0, 5.0), std::out_of_range);
  CHECK_THROWS_AS(s.mean(5.0, 20.5), std::out_of_range);
  CHECK_THROWS_AS(s.mean(5.0, 5.0), std::invalid_argument);
  CHECK_THROWS_AS(s.mean(6.0, 5.0), std::invalid_argument);
  CHECK_THROWS_AS(s.mean(0.0, std::nan("")), std::invalid_argument);
  CHECK(s.covers(0.0, 20.0));
  CHECK(s.covers(3.0, 3.0));
  CHECK_FALSE(s.covers(-0.5, 10.0));
  CHECK_FALSE(s.covers(0.0, 20.5));
  CHECK_FALSE(StepSeries().covers(0.0, 0.0));
}

TEST_CASE("the UTC calendar matches known dates", "[step_series]") {
  const auto t = utc_calendar(parse_iso8601_utc("2024-03-01T13:30:00Z"));
  CHECK(t.year == 2024);
  CHECK(t.month == 3);
  CHECK(t.day == 1);
  CHECK(t.hour == 13);
  CHECK(t.second_of_day == 13.5 * hour_s);
  CHECK(t.day_of_year == 60);  // Jan 31 + Feb 29
  CHECK(utc_midnight_epoch_s(2024, 3, 1) == parse_iso8601_utc("2024-03-01"));
  const auto before_epoch = utc_calendar(-1.0);
  CHECK(before_epoch.year == 1969);
  CHECK(before_epoch.month == 12);
  CHECK(before_epoch.day == 31);
  CHECK(before_epoch.hour == 23);
}

TEST_CASE("a typical year maps each UTC hour to the same month, day and hour", "[step_series]") {
  CHECK(typical_year_hour(parse_iso8601_utc("2023-01-01T00:30:00Z")) == 0);
  CHECK(typical_year_hour(parse_iso8601_utc("2023-12-31T23:00:00Z")) == 8759);
  CHECK(typical_year_hour(parse_iso8601_utc("2023-03-01T00:00:00Z")) == std::size_t{59} * 24);

  const std::vector<double> year = index_year();
  const double start = parse_iso8601_utc("2023-01-01T00:00:00Z");
  const StepSeries s = typical_year_over_span(year, start, start + 8760.0 * hour_s);
  REQUIRE(s.size() == 8760);
  CHECK(s.values() == year);
}

TEST_CASE("a typical year over a leap year repeats Feb 28 on Feb 29 and keeps March aligned", "[step_series]") {
  const std::vector<double> year = index_year();
  const double start = parse_iso8601_utc("2024-02-28T00:00:00Z");
  const double end = parse_iso8601_utc("2024-03-03T00:00:00Z");
  const StepSeries s = typical_year_over_span(year, start, end);
  REQUIRE(s.size() == std::size_t{4} * 24);
  const double feb28 = 58 * 24;
  for (int h = 0; h < 24; ++h) {
    CHECK(s.at(start + h * hour_s) == feb28 + h);           // Feb 28
    CHECK(s.at(start + (24 + h) * hour_s) == feb28 + h);    // Feb 29 reuses Feb 28
    CHECK(s.at(start + (48 + h) * hour_s) == 59 * 24 + h);  // Mar 1 is Mar 1
    CHECK(s.at(start + (72 + h) * hour_s) == 60 * 24 + h);  // Mar 2
  }
  // The whole leap year: 8784 hours, the last one is Dec 31 23:00.
  const StepSeries leap =
      typical_year_over_span(year, parse_iso8601_utc("2024-01-01"), parse_iso8601_utc("2025-01-01"));
  CHECK(leap.size() == 8784);
  CHECK(leap.values().back() == 8759.0);
}

TEST_CASE("a typical year wraps across years and aligns an unaligned span outward", "[step_series]") {
  const std::vector<double> year = index_year();
  const double start = parse_iso8601_utc("2023-12-31T22:15:00Z");
  const double end = parse_iso8601_utc("2024-01-01T01:30:00Z");
  const StepSeries s = typical_year_over_span(year, start, end);
  CHECK(s.start_epoch_s() == parse_iso8601_utc("2023-12-31T22:00:00Z"));
  CHECK(s.end_epoch_s() == parse_iso8601_utc("2024-01-01T02:00:00Z"));
  CHECK(s.values() == std::vector<double>{8758.0, 8759.0, 0.0, 1.0});
  CHECK(s.covers(start, end));
}

TEST_CASE("a typical year needs 8760 finite values and an ordered span", "[step_series]") {
  CHECK_THROWS_AS(typical_year_over_span(std::vector<double>(8784, 1.0), 0.0, 3600.0), std::invalid_argument);
  std::vector<double> with_nan(8760, 1.0);
  with_nan[100] = std::nan("");
  CHECK_THROWS_AS(typical_year_over_span(with_nan, 0.0, 8760.0 * hour_s), std::invalid_argument);
  CHECK_THROWS_AS(typical_year_over_span(index_year(), 3600.0, 3600.0), std::invalid_argument);
}
