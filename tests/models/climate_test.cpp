#include "models/facility/climate.hpp"

#include "models/base/iso8601.hpp"
#include "models/facility/psychrometrics.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <chrono>
#include <cmath>
#include <set>
#include <string>

using terawatt::climate_presets;
using terawatt::ClimatePreset;
using terawatt::find_climate;
using terawatt::format_climates;
using terawatt::parse_iso8601_utc;
using terawatt::synthetic_weather;
using terawatt::utc_calendar;
using terawatt::utc_midnight_epoch_s;
using terawatt::WeatherSeries;

namespace {

constexpr double hour_s = 3600.0;

WeatherSeries year_of(const char* climate, std::int64_t year, std::uint64_t seed) {
  return synthetic_weather(*find_climate(climate), utc_midnight_epoch_s(year, 1, 1),
                           utc_midnight_epoch_s(year + 1, 1, 1), seed);
}

// Mean of an hourly series over each UTC calendar month.
std::array<double, 12> monthly_means(const terawatt::StepSeries& series) {
  std::array<double, 12> sum{};
  std::array<double, 12> count{};
  for (std::size_t i = 0; i < series.size(); ++i) {
    const double middle = series.start_epoch_s() + (static_cast<double>(i) + 0.5) * series.step_s();
    const auto m = static_cast<std::size_t>(utc_calendar(middle).month - 1);
    sum[m] += series.values()[i];
    count[m] += 1.0;
  }
  for (std::size_t m = 0; m < 12; ++m) sum[m] /= count[m];
  return sum;
}

double mean_of(const std::vector<double>& values) {
  double sum = 0.0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

}  // namespace

TEST_CASE("the twelve climate presets exist with plausible normals and a source", "[climate]") {
  const std::set<std::string> expected{"iowa",    "oregon", "virginia",  "texas",   "california",     "arizona",
                                       "ireland", "paris",  "stockholm", "beijing", "inner-mongolia", "singapore"};
  std::set<std::string> names;
  for (const ClimatePreset& c : climate_presets()) {
    names.insert(c.name);
    INFO(c.name);
    CHECK(find_climate(c.name) == &c);
    CHECK_FALSE(c.description.empty());
    CHECK_FALSE(c.source.empty());
    CHECK(c.utc_offset_h >= -12.0);
    CHECK(c.utc_offset_h <= 14.0);
    CHECK(c.day_to_day_std_c > 0.0);
    for (std::size_t m = 0; m < 12; ++m) {
      CHECK(c.dry_bulb_mean_c[m] > -30.0);
      CHECK(c.dry_bulb_mean_c[m] < 40.0);
      CHECK(c.diurnal_range_c[m] > 2.0);
      CHECK(c.diurnal_range_c[m] < 25.0);
      CHECK(c.relative_humidity[m] > 0.1);
      CHECK(c.relative_humidity[m] < 1.0);
    }
  }
  CHECK(names == expected);
  CHECK(find_climate("Iowa") == nullptr);
  CHECK(find_climate("atlantis") == nullptr);
  // Northern-hemisphere mid-latitude sites are warmest in July; Singapore barely varies.
  CHECK(find_climate("iowa")->dry_bulb_mean_c[6] - find_climate("iowa")->dry_bulb_mean_c[0] > 25.0);
  const auto& singapore = find_climate("singapore")->dry_bulb_mean_c;
  CHECK(*std::max_element(singapore.begin(), singapore.end()) - *std::min_element(singapore.begin(), singapore.end()) <
        3.0);
}

TEST_CASE("synthetic weather is deterministic for a seed and differs for another", "[climate]") {
  const WeatherSeries a = year_of("iowa", 2023, 42);
  const WeatherSeries b = year_of("iowa", 2023, 42);
  const WeatherSeries c = year_of("iowa", 2023, 43);
  CHECK(a.dry_bulb_c.values() == b.dry_bulb_c.values());
  CHECK(a.wet_bulb_c.values() == b.wet_bulb_c.values());
  CHECK(a.dry_bulb_c.values() != c.dry_bulb_c.values());
  // Different enough to matter: hourly values differ by degrees, not rounding.
  double largest = 0.0;
  for (std::size_t i = 0; i < a.dry_bulb_c.size(); ++i) {
    largest = std::max(largest, std::fabs(a.dry_bulb_c.values()[i] - c.dry_bulb_c.values()[i]));
  }
  CHECK(largest > 3.0);
}

TEST_CASE("synthetic monthly means are within 1 C of every preset's normals", "[climate]") {
  for (const ClimatePreset& climate : climate_presets()) {
    for (std::uint64_t seed : {1u, 2u, 99u}) {
      const WeatherSeries w =
          synthetic_weather(climate, utc_midnight_epoch_s(2023, 1, 1), utc_midnight_epoch_s(2024, 1, 1), seed);
      const std::array<double, 12> means = monthly_means(w.dry_bulb_c);
      for (std::size_t m = 0; m < 12; ++m) {
        INFO(climate.name << " seed " << seed << " month " << m + 1);
        CHECK(means[m] == Approx(climate.dry_bulb_mean_c[m]).margin(1.0));
      }
    }
  }
}

TEST_CASE("synthetic weather has day-to-day spread, a 15:00 peak and wet bulbs below dry bulbs", "[climate]") {
  const ClimatePreset& iowa = *find_climate("iowa");
  const WeatherSeries w = year_of("iowa", 2023, 7);
  REQUIRE(w.dry_bulb_c.size() == 8760);
  REQUIRE(w.wet_bulb_c.size() == 8760);
  CHECK(w.wet_bulb_c.start_epoch_s() == w.dry_bulb_c.start_epoch_s());

  // Mean by local hour: warmest around 15:00, coolest around 03:00 (Iowa is UTC-6).
  std::array<double, 24> by_hour{};
  for (std::size_t i = 0; i < w.dry_bulb_c.size(); ++i) {
    const int local = static_cast<int>((i + 24 - 6) % 24);
    by_hour[static_cast<std::size_t>(local)] += w.dry_bulb_c.values()[i] / 365.0;
  }
  const auto warmest = std::max_element(by_hour.begin(), by_hour.end()) - by_hour.begin();
  const auto coolest = std::min_element(by_hour.begin(), by_hour.end()) - by_hour.begin();
  CHECK(std::abs(warmest - 15) <= 1);
  CHECK(std::abs(coolest - 3) <= 1);
  double mean_range = 0.0;
  for (double r : iowa.diurnal_range_c) mean_range += r / 12.0;
  CHECK(by_hour[static_cast<std::size_t>(warmest)] - by_hour[static_cast<std::size_t>(coolest)] ==
        Approx(mean_range).margin(0.5));

  // Daily means in January scatter by roughly the preset's day-to-day standard deviation.
  std::vector<double> daily;
  for (std::size_t d = 0; d < 31; ++d) {
    double sum = 0.0;
    for (std::size_t h = 0; h < 24; ++h) sum += w.dry_bulb_c.values()[d * 24 + h];
    daily.push_back(sum / 24.0);
  }
  const double jan = mean_of(daily);
  double variance = 0.0;
  for (double v : daily) variance += (v - jan) * (v - jan) / 30.0;
  CHECK(std::sqrt(variance) > 0.3 * iowa.day_to_day_std_c);
  CHECK(std::sqrt(variance) < 3.0 * iowa.day_to_day_std_c);

  std::size_t wet_above_dry = 0;
  for (std::size_t i = 0; i < w.dry_bulb_c.size(); ++i) {
    if (w.wet_bulb_c.values()[i] > w.dry_bulb_c.values()[i]) ++wet_above_dry;
  }
  CHECK(wet_above_dry == 0);
}

TEST_CASE("Singapore is hotter and more humid than Stockholm", "[climate]") {
  const WeatherSeries singapore = year_of("singapore", 2023, 3);
  const WeatherSeries stockholm = year_of("stockholm", 2023, 3);
  CHECK(mean_of(singapore.dry_bulb_c.values()) > mean_of(stockholm.dry_bulb_c.values()) + 15.0);
  CHECK(mean_of(singapore.wet_bulb_c.values()) > 23.0);
  CHECK(mean_of(stockholm.wet_bulb_c.values()) < 8.0);
  // Arizona is hot but dry: its wet bulb is well below its dry bulb in June.
  const WeatherSeries arizona = year_of("arizona", 2023, 3);
  const std::array<double, 12> dry = monthly_means(arizona.dry_bulb_c);
  const std::array<double, 12> wet = monthly_means(arizona.wet_bulb_c);
  CHECK(dry[5] - wet[5] > 12.0);
}

TEST_CASE("synthetic weather covers an unaligned span, leap years and several years", "[climate]") {
  const ClimatePreset& paris = *find_climate("paris");
  const double start = parse_iso8601_utc("2024-02-28T10:20:00Z");
  const double end = parse_iso8601_utc("2024-03-01T05:00:00Z");
  const WeatherSeries w = synthetic_weather(paris, start, end, 5);
  CHECK(w.dry_bulb_c.start_epoch_s() == parse_iso8601_utc("2024-02-28T10:00:00Z"));
  CHECK(w.dry_bulb_c.end_epoch_s() == end);
  CHECK(w.dry_bulb_c.covers(start, end));

  const WeatherSeries years =
      synthetic_weather(paris, utc_midnight_epoch_s(2023, 1, 1), utc_midnight_epoch_s(2026, 1, 1), 5);
  CHECK(years.dry_bulb_c.size() == std::size_t{365 + 366 + 365} * 24);
}

TEST_CASE("the weather on a date does not depend on when the run starts", "[climate]") {
  const ClimatePreset& texas = *find_climate("texas");
  const WeatherSeries year =
      synthetic_weather(texas, utc_midnight_epoch_s(2023, 1, 1), utc_midnight_epoch_s(2024, 1, 1), 11);
  const double t0 = parse_iso8601_utc("2023-07-04T00:00:00Z");
  const WeatherSeries day = synthetic_weather(texas, t0, t0 + 24 * hour_s, 11);
  for (int h = 0; h < 24; ++h) {
    const double t = t0 + (h + 0.5) * hour_s;
    CHECK(day.dry_bulb_c.at(t) == year.dry_bulb_c.at(t));
    CHECK(day.wet_bulb_c.at(t) == year.wet_bulb_c.at(t));
  }
}

TEST_CASE("a synthetic year takes milliseconds", "[climate]") {
  const auto begin = std::chrono::steady_clock::now();
  const WeatherSeries w = year_of("beijing", 2023, 1);
  const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  CHECK(w.dry_bulb_c.size() == 8760);
  // About 5 ms in a release build; the bound leaves room for sanitizer and debug builds.
  CHECK(elapsed_s < 0.5);
}

TEST_CASE("synthetic weather refuses empty and non-finite spans", "[climate]") {
  const ClimatePreset& iowa = *find_climate("iowa");
  CHECK_THROWS_AS(synthetic_weather(iowa, 10.0, 10.0, 1), std::invalid_argument);
  CHECK_THROWS_AS(synthetic_weather(iowa, 0.0, std::nan(""), 1), std::invalid_argument);
}

TEST_CASE("the climate table lists every preset with its source", "[climate]") {
  const std::string table = format_climates();
  for (const ClimatePreset& c : climate_presets()) {
    CHECK(table.find(c.name) != std::string::npos);
    CHECK(table.find(c.source) != std::string::npos);
  }
}
