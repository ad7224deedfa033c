#pragma once
// Random and Latin hypercube samples of a sweep's continuous parameters. A plan must be the same on every machine
// that runs it (a Slurm array task re-derives its point from the seed), and std::uniform_real_distribution and
// std::uniform_int_distribution are implementation-defined, so the transformations from the engine's bits are
// written out here. std::mt19937_64 itself is fully specified by the standard.

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace terawatt {

class SweepRandom {
 public:
  explicit SweepRandom(std::uint64_t seed) : engine_(seed) {}
  // In [0, 1): the top 53 bits of one draw, so every value is a multiple of 2^-53.
  double uniform();
  // In [0, n) for n >= 1, without modulo bias (rejection of the incomplete last block).
  std::uint64_t below(std::uint64_t n);

 private:
  std::mt19937_64 engine_;
};

enum class SamplingMethod { random, latin_hypercube };

// `count` points in the unit hypercube [0, 1)^dimensions, as samples[point][dimension].
// random: each coordinate an independent uniform draw, point by point.
// latin_hypercube: in each dimension the interval is cut into `count` equal strata and every stratum holds exactly
// one point: dimension by dimension, a Fisher-Yates shuffle assigns strata to points, then each point is placed
// uniformly within its stratum.
std::vector<std::vector<double>> unit_samples(SamplingMethod method, std::size_t count, std::size_t dimensions,
                                              std::uint64_t seed);

}  // namespace terawatt
