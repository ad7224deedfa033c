#pragma once
// Request arrivals for an inference service: a mean rate shaped by a 24-hour local-time profile and a weekday
// factor, as exact expected counts (fluid fidelity) and as a seeded non-homogeneous Poisson process (request
// fidelity). Pure model: no engine, no I/O. Times are seconds since the Unix epoch, UTC (as StepSeries).

#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

namespace terawatt {

// Daily shapes. None of them is fitted to a published LLM traffic trace (docs/references.md has none): every preset
// below is an assumption, written so that its peak hours and peak-to-trough ratio are easy to read and to replace.
enum class DailyShape {
  flat,      // constant
  office,    // working hours, Monday to Friday
  consumer,  // awake hours with an evening peak, slightly busier at weekends
};

std::string_view daily_shape_name(DailyShape shape);
// The shape named exactly `name` ("flat", "office", "consumer"), or nothing.
std::optional<DailyShape> find_daily_shape(std::string_view name);

// Relative weights; only their ratios matter. Hour h covers local [h:00, h+1:00); day 0 is Monday.
struct ArrivalProfile {
  std::array<double, 24> hour_weights{};
  std::array<double, 7> day_weights{};
  double utc_offset_h = 0.0;  // local standard time = UTC + offset (no daylight saving)
};

// A preset's weights (see arrival_profile.cpp for the numbers and the reasoning behind each).
ArrivalProfile arrival_profile_preset(DailyShape shape, double utc_offset_h = 0.0);

// Mean rates from the usual ways of stating demand.
double rate_per_s_from_requests_per_day(double requests_per_day);
double rate_per_s_from_users(double users, double queries_per_user_per_day);

// rate(t) = mean_rate x hour_weight(local hour) x day_weight(local weekday), with the weights normalised so that
// each array has mean 1. The mean of the product over any whole week (168 local hours) is then exactly
// mean(hour) x mean(day) = 1, so the rate averages to mean_rate over every 7-day span, wherever it starts.
class ArrivalRate {
 public:
  // Throws std::invalid_argument for a negative or non-finite mean rate, negative or non-finite weights, an
  // all-zero weight array, or an offset outside [-24, 24] h.
  ArrivalRate(double mean_rate_per_s, const ArrivalProfile& profile);

  double mean_rate_per_s() const { return mean_rate_per_s_; }
  // Normalised shape (week mean 1) at an instant, and the rate there.
  double factor(double epoch_s) const;
  double rate_per_s(double epoch_s) const;
  // The highest rate of the week: the envelope used for thinning.
  double max_rate_per_s() const { return mean_rate_per_s_ * max_factor_; }

  // Exact integral of the rate over [t0, t1): the expected number of arrivals. Whole weeks contribute
  // mean_rate x 604,800 s each; the remainder is summed over local-hour segments. Throws for t1 < t0 or non-finite
  // bounds.
  double expected_count(double t0_epoch_s, double t1_epoch_s) const;

  // Arrival times in [t0, t1), increasing: a Poisson process of rate(t), by thinning (Lewis & Shedler 1979):
  // candidates from a homogeneous process at max_rate, each kept with probability rate(t) / max_rate. Random
  // numbers come from `engine` through the portable transforms below, never through std distributions, whose
  // output is implementation-defined; the same engine state gives the same arrivals on every platform (given an
  // IEEE libm log).
  std::vector<double> arrivals(double t0_epoch_s, double t1_epoch_s, std::mt19937_64& engine) const;
  std::vector<double> arrivals(double t0_epoch_s, double t1_epoch_s, std::uint64_t seed) const;

 private:
  double mean_rate_per_s_;
  std::array<double, 24> hour_factor_;
  std::array<double, 7> day_factor_;
  double offset_s_;
  double max_factor_;
};

// Uniform on [0, 1) with 53 random bits: (x >> 11) x 2^-53.
double portable_uniform01(std::mt19937_64& engine);
// A Poisson count of mean `mean` (>= 0): by multiplying uniforms below mean 30 (Knuth), else by transformed rejection
// with squeeze, PTRS (Hoermann 1993, "The transformed rejection method for generating Poisson random variables"),
// which costs a few uniforms whatever the mean. Portable like the uniform it draws from. Throws for a negative or
// non-finite mean.
double portable_poisson(std::mt19937_64& engine, double mean);
// Exponential of rate `rate_per_s` by inversion: -log1p(-u) / rate. Throws for a non-positive rate.
double portable_exponential(std::mt19937_64& engine, double rate_per_s);

}  // namespace terawatt
