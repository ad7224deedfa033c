#include "sim/app/sweep/sweep_sampling.hpp"

#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace terawatt {

double SweepRandom::uniform() {
  return static_cast<double>(engine_() >> 11) * 0x1.0p-53;
}

std::uint64_t SweepRandom::below(std::uint64_t n) {
  if (n <= 1) return 0;
  // The largest multiple of n that fits: draws at or above it would favour small results.
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
  std::uint64_t draw = engine_();
  while (draw >= limit) draw = engine_();
  return draw % n;
}

std::vector<std::vector<double>> unit_samples(SamplingMethod method, std::size_t count, std::size_t dimensions,
                                              std::uint64_t seed) {
  SweepRandom random(seed);
  std::vector<std::vector<double>> samples(count, std::vector<double>(dimensions, 0.0));
  if (method == SamplingMethod::random) {
    for (auto& point : samples) {
      for (auto& value : point) value = random.uniform();
    }
    return samples;
  }
  std::vector<std::size_t> strata(count);
  for (std::size_t d = 0; d < dimensions; ++d) {
    std::iota(strata.begin(), strata.end(), std::size_t{0});
    for (std::size_t i = count; i > 1; --i) std::swap(strata[i - 1], strata[random.below(i)]);
    for (std::size_t i = 0; i < count; ++i) {
      const double u = (static_cast<double>(strata[i]) + random.uniform()) / static_cast<double>(count);
      // Rounding can lift the top of a stratum onto the next boundary; keep the point inside its own stratum.
      const double top = static_cast<double>(strata[i] + 1) / static_cast<double>(count);
      samples[i][d] = u < top ? u : std::nextafter(top, 0.0);
    }
  }
  return samples;
}

}  // namespace terawatt
