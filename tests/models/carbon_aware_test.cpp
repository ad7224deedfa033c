#include "models/grid/carbon_aware.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace terawatt;

namespace {
constexpr double hour_s = 3600.0;
// 24 hourly values: dirty (500) except a clean window 10:00-14:00 (100) and a middling 20:00-22:00 (300).
TimeVarying day_with_clean_window() {
  std::vector<double> values(24, 500.0);
  for (int h = 10; h < 14; ++h) values[h] = 100.0;
  for (int h = 20; h < 22; ++h) values[h] = 300.0;
  return TimeVarying(StepSeries(0.0, hour_s, values));
}
}  // namespace

TEST_CASE("the forecast-window policy starts where the run's mean intensity is lowest") {
  DeferralParams params;
  params.policy = DeferralPolicy::forecast_window;
  params.deadline_s = 20 * hour_s;
  // A 4-hour job submitted at 01:30 fits the clean window exactly: start at 10:00.
  CHECK(choose_deferred_start(params, day_with_clean_window(), 1.5 * hour_s, 4 * hour_s) == 10 * hour_s);
}

TEST_CASE("the threshold policy starts at the first hour at or below the threshold") {
  DeferralParams params;
  params.policy = DeferralPolicy::threshold;
  params.deadline_s = 23 * hour_s;
  params.threshold_kg_per_j = 350.0;
  CHECK(choose_deferred_start(params, day_with_clean_window(), 0.0, 1 * hour_s) == 10 * hour_s);
  params.threshold_kg_per_j = 50.0;  // never reached: start as late as the deadline allows
  CHECK(choose_deferred_start(params, day_with_clean_window(), 0.0, 1 * hour_s) == 22 * hour_s);
}

TEST_CASE("a deferral never misses the deadline and a constant grid gives no reason to wait") {
  DeferralParams params;
  params.policy = DeferralPolicy::forecast_window;
  params.deadline_s = 6 * hour_s;
  // The clean window starts too late for a 4-hour job due within 6 hours of 01:00.
  const double start = choose_deferred_start(params, day_with_clean_window(), 1 * hour_s, 4 * hour_s);
  CHECK(start + 4 * hour_s <= 1 * hour_s + params.deadline_s);
  CHECK(choose_deferred_start(params, TimeVarying(400.0), 1 * hour_s, 4 * hour_s) == 1 * hour_s);
  params.deadline_s = 2 * hour_s;  // shorter than the run: at once
  CHECK(choose_deferred_start(params, day_with_clean_window(), 1 * hour_s, 4 * hour_s) == 1 * hour_s);
}
