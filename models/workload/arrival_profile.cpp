#include "models/workload/arrival_profile.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace terawatt {
namespace {

constexpr double kSecondsPerHour = 3600.0;
constexpr double kSecondsPerDay = 86400.0;
constexpr double kSecondsPerWeek = 7.0 * kSecondsPerDay;

// 1970-01-01 was a Thursday: day 0 of the epoch is weekday 3 when Monday is 0.
constexpr std::int64_t kEpochWeekday = 3;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Presets. All weights are assumptions (docs/references.md has no published LLM traffic trace); the comments say what
// each encodes so a scenario author can judge and replace them.

// office: a business tool used at work. Flat night at 10 % of the working-hours level, ramp 07-09, plateau 09-17
// with a lunch dip to 75 % at 12-13, tail into the evening. Weekends at a quarter (Saturday) and a fifth (Sunday)
// of a weekday. The weekday plateau runs at 2.6x the weekly mean rate, a weekend night at 0.05x.
constexpr std::array<double, 24> kOfficeHours = {
    0.10, 0.10, 0.10, 0.10, 0.10, 0.10,  // 00-06
    0.20, 0.45, 0.80, 1.00, 1.00, 1.00,  // 06-12
    0.75, 0.95, 1.00, 1.00, 0.90, 0.65,  // 12-18
    0.40, 0.30, 0.25, 0.20, 0.15, 0.10,  // 18-24
};
constexpr std::array<double, 7> kOfficeDays = {1.0, 1.0, 1.0, 1.0, 1.0, 0.25, 0.20};

// consumer: a chat or media app used in free time. Trough at 03-05 at a fifth of the day's level, climbing through
// the day, peak at 20-22 at about 1.35x the daytime level; weekends (and Friday evening's spill-over) a little
// busier. Peak / trough within a day 6.75; the weekend evening peak is 1.9x the weekly mean rate.
constexpr std::array<double, 24> kConsumerHours = {
    0.60, 0.40, 0.30, 0.20, 0.20, 0.25,  // 00-06
    0.35, 0.50, 0.70, 0.80, 0.85, 0.90,  // 06-12
    0.95, 0.90, 0.90, 0.90, 0.95, 1.00,  // 12-18
    1.10, 1.25, 1.35, 1.35, 1.15, 0.85,  // 18-24
};
constexpr std::array<double, 7> kConsumerDays = {1.0, 1.0, 1.0, 1.0, 1.05, 1.15, 1.15};

template <std::size_t N>
std::array<double, N> normalised(const std::array<double, N>& weights, const char* what) {
  double sum = 0.0;
  for (double w : weights) {
    if (!(w >= 0.0) || !std::isfinite(w)) {
      throw std::invalid_argument(std::string(what) + " weights must be finite and non-negative");
    }
    sum += w;
  }
  if (!(sum > 0.0)) throw std::invalid_argument(std::string(what) + " weights must not all be zero");
  const double mean = sum / static_cast<double>(N);
  std::array<double, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = weights[i] / mean;
  return out;
}

}  // namespace

std::string_view daily_shape_name(DailyShape shape) {
  switch (shape) {
    case DailyShape::flat:
      return "flat";
    case DailyShape::office:
      return "office";
    case DailyShape::consumer:
      return "consumer";
  }
  return "unknown";
}

std::optional<DailyShape> find_daily_shape(std::string_view name) {
  for (DailyShape s : {DailyShape::flat, DailyShape::office, DailyShape::consumer}) {
    if (daily_shape_name(s) == name) return s;
  }
  return std::nullopt;
}

ArrivalProfile arrival_profile_preset(DailyShape shape, double utc_offset_h) {
  ArrivalProfile p;
  p.utc_offset_h = utc_offset_h;
  switch (shape) {
    case DailyShape::flat:
      p.hour_weights.fill(1.0);
      p.day_weights.fill(1.0);
      break;
    case DailyShape::office:
      p.hour_weights = kOfficeHours;
      p.day_weights = kOfficeDays;
      break;
    case DailyShape::consumer:
      p.hour_weights = kConsumerHours;
      p.day_weights = kConsumerDays;
      break;
  }
  return p;
}

double rate_per_s_from_requests_per_day(double requests_per_day) {
  if (!(requests_per_day >= 0.0) || !std::isfinite(requests_per_day)) {
    throw std::invalid_argument("requests per day must be finite and non-negative");
  }
  return requests_per_day / kSecondsPerDay;
}

double rate_per_s_from_users(double users, double queries_per_user_per_day) {
  if (!(users >= 0.0) || !(queries_per_user_per_day >= 0.0) || !std::isfinite(users) ||
      !std::isfinite(queries_per_user_per_day)) {
    throw std::invalid_argument("users and queries per user per day must be finite and non-negative");
  }
  return rate_per_s_from_requests_per_day(users * queries_per_user_per_day);
}

ArrivalRate::ArrivalRate(double mean_rate_per_s, const ArrivalProfile& profile)
    : mean_rate_per_s_(mean_rate_per_s),
      hour_factor_(normalised(profile.hour_weights, "hourly")),
      day_factor_(normalised(profile.day_weights, "weekday")),
      offset_s_(profile.utc_offset_h * kSecondsPerHour),
      max_factor_(0.0) {
  if (!(mean_rate_per_s >= 0.0) || !std::isfinite(mean_rate_per_s)) {
    throw std::invalid_argument("mean arrival rate must be finite and non-negative");
  }
  if (!(profile.utc_offset_h >= -24.0 && profile.utc_offset_h <= 24.0)) {
    throw std::invalid_argument("UTC offset must lie in [-24, 24] hours");
  }
  max_factor_ = *std::max_element(hour_factor_.begin(), hour_factor_.end()) *
                *std::max_element(day_factor_.begin(), day_factor_.end());
}

namespace {
// Index of the local hour containing epoch_s, counted from the epoch's first local hour.
std::int64_t local_hour_index(double epoch_s, double offset_s) {
  return static_cast<std::int64_t>(std::floor((epoch_s + offset_s) / kSecondsPerHour));
}
}  // namespace

double ArrivalRate::factor(double epoch_s) const {
  const std::int64_t h = local_hour_index(epoch_s, offset_s_);
  const std::int64_t day = floor_div(h, 24);
  const auto hour = static_cast<std::size_t>(h - day * 24);
  const auto weekday = static_cast<std::size_t>(((day + kEpochWeekday) % 7 + 7) % 7);
  return hour_factor_[hour] * day_factor_[weekday];
}

double ArrivalRate::rate_per_s(double epoch_s) const {
  return mean_rate_per_s_ * factor(epoch_s);
}

double ArrivalRate::expected_count(double t0_epoch_s, double t1_epoch_s) const {
  if (!std::isfinite(t0_epoch_s) || !std::isfinite(t1_epoch_s) || t1_epoch_s < t0_epoch_s) {
    throw std::invalid_argument("expected count needs finite bounds with t0 <= t1");
  }
  // The rate repeats every week: whole weeks contribute mean x week exactly; integrate the rest from t0.
  const double weeks = std::floor((t1_epoch_s - t0_epoch_s) / kSecondsPerWeek);
  double integral_s = weeks * kSecondsPerWeek;  // integral of the factor
  const double end = t1_epoch_s - weeks * kSecondsPerWeek;
  double t = t0_epoch_s;
  while (t < end) {
    std::int64_t h = local_hour_index(t, offset_s_);
    double segment_end = static_cast<double>(h + 1) * kSecondsPerHour - offset_s_;
    if (!(segment_end > t)) {  // t sat on a boundary that rounding put in the previous hour
      ++h;
      segment_end = static_cast<double>(h + 1) * kSecondsPerHour - offset_s_;
    }
    const double stop = std::min(segment_end, end);
    integral_s += factor(0.5 * (t + stop)) * (stop - t);
    t = stop;
  }
  return mean_rate_per_s_ * integral_s;
}

std::vector<double> ArrivalRate::arrivals(double t0_epoch_s, double t1_epoch_s, std::mt19937_64& engine) const {
  if (!std::isfinite(t0_epoch_s) || !std::isfinite(t1_epoch_s) || t1_epoch_s < t0_epoch_s) {
    throw std::invalid_argument("arrivals need finite bounds with t0 <= t1");
  }
  std::vector<double> out;
  const double envelope = max_rate_per_s();
  if (!(envelope > 0.0)) return out;
  double t = t0_epoch_s;
  while (true) {
    t += portable_exponential(engine, envelope);
    if (!(t < t1_epoch_s)) break;
    // Always draw the acceptance number, so a flat profile consumes the stream as a shaped one does.
    const double u = portable_uniform01(engine);
    if (u * envelope < rate_per_s(t)) out.push_back(t);
  }
  return out;
}

std::vector<double> ArrivalRate::arrivals(double t0_epoch_s, double t1_epoch_s, std::uint64_t seed) const {
  std::mt19937_64 engine(seed);  // the standard fixes mt19937_64's output for a given seed
  return arrivals(t0_epoch_s, t1_epoch_s, engine);
}

double portable_uniform01(std::mt19937_64& engine) {
  return static_cast<double>(engine() >> 11) * 0x1.0p-53;
}

double portable_poisson(std::mt19937_64& engine, double mean) {
  if (!(mean >= 0.0) || !std::isfinite(mean)) throw std::invalid_argument("a Poisson mean must be finite and >= 0");
  if (mean == 0.0) return 0.0;
  if (mean < 30.0) {
    const double limit = std::exp(-mean);
    double product = portable_uniform01(engine);
    double count = 0.0;
    while (product > limit) {
      product *= portable_uniform01(engine);
      count += 1.0;
    }
    return count;
  }
  // PTRS constants as Hoermann gives them.
  const double root = std::sqrt(mean);
  const double b = 0.931 + 2.53 * root;
  const double a = -0.059 + 0.02483 * b;
  const double inverse_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2.0);
  const double log_mean = std::log(mean);
  for (;;) {
    const double u = portable_uniform01(engine) - 0.5;
    const double v = portable_uniform01(engine);
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= v_r) return k;
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inverse_alpha) - std::log(a / (us * us) + b) <=
        -mean + k * log_mean - std::lgamma(k + 1.0)) {
      return k;
    }
  }
}

double portable_exponential(std::mt19937_64& engine, double rate_per_s) {
  if (!(rate_per_s > 0.0) || !std::isfinite(rate_per_s)) {
    throw std::invalid_argument("exponential rate must be positive");
  }
  return -std::log1p(-portable_uniform01(engine)) / rate_per_s;
}

}  // namespace terawatt
