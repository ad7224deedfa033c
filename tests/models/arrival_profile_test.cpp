#include "models/workload/arrival_profile.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

using namespace terawatt;

namespace {

constexpr double kHour = 3600.0;
constexpr double kDay = 86400.0;
constexpr double kWeek = 7 * kDay;
constexpr double kMonday2024 = 1704067200.0;  // 2024-01-01T00:00:00Z, a Monday

}  // namespace

TEST_CASE("rates from requests per day and from users x queries per user") {
  // docs/references.md RC-21: 1 million users x 10 queries per day.
  CHECK(rate_per_s_from_users(1e6, 10.0) == Approx(1e7 / 86400.0).epsilon(1e-15));
  CHECK(rate_per_s_from_requests_per_day(86400.0) == 1.0);
  CHECK_THROWS_AS(rate_per_s_from_users(-1.0, 10.0), std::invalid_argument);
}

TEST_CASE("every preset averages to the mean rate over any whole week, for any UTC offset") {
  for (DailyShape shape : {DailyShape::flat, DailyShape::office, DailyShape::consumer}) {
    for (double offset_h : {0.0, 5.5, -8.0, 9.0}) {
      const ArrivalRate rate(2.5, arrival_profile_preset(shape, offset_h));
      for (double start : {kMonday2024, kMonday2024 + 12345.6, kMonday2024 - 3.5 * kDay}) {
        CHECK(rate.expected_count(start, start + kWeek) == Approx(2.5 * kWeek).epsilon(1e-12));
        CHECK(rate.expected_count(start, start + 3 * kWeek) == Approx(3 * 2.5 * kWeek).epsilon(1e-12));
      }
      // The same, as a mean of the rate sampled at every local hour's midpoint.
      double sum = 0.0;
      for (int h = 0; h < 168; ++h) sum += rate.rate_per_s(kMonday2024 + (h + 0.5) * kHour);
      CHECK(sum / 168.0 == Approx(2.5).epsilon(1e-12));
    }
  }
}

TEST_CASE("expected count is the exact integral of the piecewise-constant hourly rate") {
  ArrivalProfile p = arrival_profile_preset(DailyShape::flat);
  p.hour_weights[10] = 25.0;  // mean weight (23 + 25) / 24 = 2: hour 10 -> 12.5, every other hour -> 0.5
  const ArrivalRate rate(2.0, p);
  CHECK(rate.factor(kMonday2024 + 10.5 * kHour) == Approx(12.5).epsilon(1e-15));
  CHECK(rate.factor(kMonday2024 + 9.5 * kHour) == Approx(0.5).epsilon(1e-15));
  // [09:30, 10:15): 1,800 s at 0.5 and 900 s at 12.5.
  CHECK(rate.expected_count(kMonday2024 + 9.5 * kHour, kMonday2024 + 10.25 * kHour) ==
        Approx(2.0 * (0.5 * 1800 + 12.5 * 900)).epsilon(1e-14));
  CHECK(rate.expected_count(kMonday2024, kMonday2024) == 0.0);
  // A half-hour offset moves the hour boundaries to half past the UTC hour.
  p.utc_offset_h = 5.5;
  const ArrivalRate india(2.0, p);
  // Local 10:00-11:00 is 04:30-05:30 UTC.
  CHECK(india.factor(kMonday2024 + 4.75 * kHour) == Approx(12.5).epsilon(1e-15));
  CHECK(india.factor(kMonday2024 + 4.25 * kHour) == Approx(0.5).epsilon(1e-15));
  CHECK(india.expected_count(kMonday2024 + 4.0 * kHour, kMonday2024 + 6.0 * kHour) ==
        Approx(2.0 * (0.5 * 1800 + 12.5 * 3600 + 0.5 * 1800)).epsilon(1e-14));
}

TEST_CASE("local hour and weekday come from the UTC offset") {
  const ArrivalProfile office = arrival_profile_preset(DailyShape::office, 9.0);  // Tokyo
  const ArrivalRate rate(1.0, office);
  // Normalised weights, computed here independently.
  double hour_sum = 0.0;
  double day_sum = 0.0;
  for (double w : office.hour_weights) hour_sum += w;
  for (double w : office.day_weights) day_sum += w;
  auto expected = [&](int hour, int weekday) {
    return office.hour_weights[hour] / (hour_sum / 24) * office.day_weights[weekday] / (day_sum / 7);
  };
  // Monday 01:00 UTC is Monday 10:00 in Tokyo.
  CHECK(rate.factor(kMonday2024 + 1.5 * kHour) == Approx(expected(10, 0)).epsilon(1e-14));
  // Sunday 20:00 UTC (the day before kMonday2024) is already Monday 05:00 in Tokyo.
  CHECK(rate.factor(kMonday2024 - 3.5 * kHour) == Approx(expected(5, 0)).epsilon(1e-14));
  // Saturday noon in Tokyo is Saturday 03:00 UTC: a weekend day, weaker than Monday noon.
  const double saturday_noon_tokyo = kMonday2024 + 5 * kDay + 3.5 * kHour;
  CHECK(rate.factor(saturday_noon_tokyo) == Approx(expected(12, 5)).epsilon(1e-14));
  CHECK(rate.factor(saturday_noon_tokyo) < rate.factor(kMonday2024 + 3.5 * kHour));
}

TEST_CASE("the consumer preset peaks in the evening, the office preset in working hours") {
  const ArrivalRate consumer(1.0, arrival_profile_preset(DailyShape::consumer));
  const ArrivalRate office(1.0, arrival_profile_preset(DailyShape::office));
  auto peak_hour = [](const ArrivalRate& r) {
    int best = 0;
    for (int h = 1; h < 24; ++h) {
      if (r.factor(kMonday2024 + (h + 0.5) * kHour) > r.factor(kMonday2024 + (best + 0.5) * kHour)) best = h;
    }
    return best;
  };
  CHECK(peak_hour(consumer) >= 19);
  CHECK(peak_hour(consumer) <= 22);
  CHECK(peak_hour(office) >= 9);
  CHECK(peak_hour(office) <= 17);
  CHECK(office.max_rate_per_s() == Approx(office.factor(kMonday2024 + 10.5 * kHour)));
  CHECK(find_daily_shape("consumer") == DailyShape::consumer);
  CHECK_FALSE(find_daily_shape("Consumer").has_value());
}

TEST_CASE("Poisson arrivals by thinning match the integral within 5 sigma, overall and per hour of the week") {
  const ArrivalRate rate(rate_per_s_from_requests_per_day(2000.0), arrival_profile_preset(DailyShape::consumer, 1.0));
  const double t0 = kMonday2024 + 1234.5;
  const double t1 = t0 + 4 * kWeek;
  const std::vector<double> times = rate.arrivals(t0, t1, std::uint64_t{20240101});
  REQUIRE(!times.empty());
  CHECK(std::is_sorted(times.begin(), times.end()));
  CHECK(times.front() >= t0);
  CHECK(times.back() < t1);

  const double expected = rate.expected_count(t0, t1);
  CHECK(expected == Approx(4 * 7 * 2000.0).epsilon(1e-12));
  CHECK(std::abs(static_cast<double>(times.size()) - expected) < 5.0 * std::sqrt(expected));

  // Count per local hour of the week (aligned to UTC+1 hours): each bin is Poisson with the integral as its mean.
  std::array<double, 168> counts{};
  const double first_boundary = kMonday2024 - kHour;  // Monday 00:00 at UTC+1
  for (double t : times) {
    const auto bin = static_cast<std::size_t>(std::floor((t - first_boundary) / kHour)) % 168;
    counts[bin] += 1.0;
  }
  for (std::size_t bin = 0; bin < 168; ++bin) {
    double mean = 0.0;
    for (int week = 0; week < 5; ++week) {  // 4 weeks starting mid-hour touch five instances of some bins
      const double a = std::max(t0, first_boundary + week * kWeek + static_cast<double>(bin) * kHour);
      const double b = std::min(t1, first_boundary + week * kWeek + static_cast<double>(bin + 1) * kHour);
      if (b > a) mean += rate.expected_count(a, b);
    }
    CHECK(std::abs(counts[bin] - mean) < 5.0 * std::sqrt(mean));
  }
}

TEST_CASE("arrivals are deterministic per seed and differ between seeds") {
  const ArrivalRate rate(0.05, arrival_profile_preset(DailyShape::office, -5.0));
  const auto a = rate.arrivals(kMonday2024, kMonday2024 + kWeek, std::uint64_t{7});
  const auto b = rate.arrivals(kMonday2024, kMonday2024 + kWeek, std::uint64_t{7});
  const auto c = rate.arrivals(kMonday2024, kMonday2024 + kWeek, std::uint64_t{8});
  CHECK(a == b);
  CHECK(a != c);
  const ArrivalRate none(0.0, arrival_profile_preset(DailyShape::flat));
  CHECK(none.arrivals(kMonday2024, kMonday2024 + kWeek, std::uint64_t{7}).empty());
  CHECK(none.expected_count(kMonday2024, kMonday2024 + kWeek) == 0.0);
}

TEST_CASE("portable transforms: uniform on the half-open unit interval and exponential with mean 1 / rate") {
  std::mt19937_64 engine(99);
  const int n = 200000;
  double sum_u = 0.0;
  double sum_e = 0.0;
  int outside = 0;
  for (int i = 0; i < n; ++i) {
    const double u = portable_uniform01(engine);
    if (!(u >= 0.0 && u < 1.0)) ++outside;
    sum_u += u;
    sum_e += portable_exponential(engine, 4.0);
  }
  CHECK(outside == 0);
  // Standard errors: uniform 1/sqrt(12 n), exponential (1/4)/sqrt(n).
  CHECK(std::abs(sum_u / n - 0.5) < 5.0 / std::sqrt(12.0 * n));
  CHECK(std::abs(sum_e / n - 0.25) < 5.0 * 0.25 / std::sqrt(n));
  // The transform of a known engine word: the top 53 bits over 2^53.
  std::mt19937_64 fixed(1);
  std::mt19937_64 copy(1);
  CHECK(portable_uniform01(fixed) == static_cast<double>(copy() >> 11) / 9007199254740992.0);
  CHECK_THROWS_AS(portable_exponential(engine, 0.0), std::invalid_argument);
}

TEST_CASE("arrival profile rejects impossible inputs") {
  ArrivalProfile zero = arrival_profile_preset(DailyShape::flat);
  zero.hour_weights.fill(0.0);
  CHECK_THROWS_AS(ArrivalRate(1.0, zero), std::invalid_argument);
  ArrivalProfile negative = arrival_profile_preset(DailyShape::flat);
  negative.day_weights[3] = -1.0;
  CHECK_THROWS_AS(ArrivalRate(1.0, negative), std::invalid_argument);
  CHECK_THROWS_AS(ArrivalRate(-1.0, arrival_profile_preset(DailyShape::flat)), std::invalid_argument);
  CHECK_THROWS_AS(ArrivalRate(1.0, arrival_profile_preset(DailyShape::flat, 30.0)), std::invalid_argument);
  const ArrivalRate ok(1.0, arrival_profile_preset(DailyShape::flat));
  CHECK_THROWS_AS(ok.expected_count(10.0, 5.0), std::invalid_argument);
}
