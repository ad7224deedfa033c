#pragma once
// Latency percentiles of many requests in constant memory: a histogram with logarithmic bins from 100 us to 1e6 s,
// 200 bins per decade, so that a percentile is known within one bin, a relative width of 10^(1/200) - 1 = 1.16 %.
// A request-fidelity hour of a large service has millions of requests, whose latencies need not be kept. Pure model.
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

namespace terawatt {

class LatencyHistogram {
 public:
  static constexpr double lowest_s = 1e-4;
  static constexpr int decades = 10;
  static constexpr int bins_per_decade = 200;
  static constexpr int bins = decades * bins_per_decade;

  void add(double latency_s, double weight = 1.0) {
    counts_[bin_of(latency_s)] += weight;
    total_ += weight;
    weighted_sum_s_ += weight * latency_s;
  }
  // Adds every request of `other`, as if each had been added here.
  void merge(const LatencyHistogram& other) {
    for (std::size_t b = 0; b < counts_.size(); ++b) counts_[b] += other.counts_[b];
    total_ += other.total_;
    weighted_sum_s_ += other.weighted_sum_s_;
  }
  void clear() {
    counts_.fill(0.0);
    total_ = 0.0;
    weighted_sum_s_ = 0.0;
  }
  double count() const { return total_; }
  double mean_s() const { return total_ > 0.0 ? weighted_sum_s_ / total_ : std::numeric_limits<double>::quiet_NaN(); }
  // The q-quantile (q in [0, 1]): the geometric middle of the bin where the cumulative count reaches q x total.
  // NaN when empty.
  double quantile_s(double q) const {
    if (!(total_ > 0.0)) return std::numeric_limits<double>::quiet_NaN();
    const double target = q * total_;
    double cumulative = 0.0;
    for (int b = 0; b < bins; ++b) {
      cumulative += counts_[static_cast<std::size_t>(b)];
      if (cumulative >= target && counts_[static_cast<std::size_t>(b)] > 0.0) return middle_of(b);
    }
    return middle_of(bins - 1);
  }

 private:
  static std::size_t bin_of(double latency_s) {
    if (!(latency_s > lowest_s)) return 0;
    const int b = static_cast<int>(std::log10(latency_s / lowest_s) * bins_per_decade);
    return static_cast<std::size_t>(b < bins ? b : bins - 1);
  }
  static double middle_of(int b) { return lowest_s * std::pow(10.0, (b + 0.5) / bins_per_decade); }

  std::array<double, bins> counts_{};
  double total_ = 0.0;
  double weighted_sum_s_ = 0.0;
};

}  // namespace terawatt
