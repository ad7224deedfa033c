#pragma once
// Test support: whether two doubles are the same bits, so that 0.0 and -0.0 are told apart and equal NaNs match.

#include <cstdint>
#include <cstring>

namespace terawatt::testing {

inline bool same_bits(double a, double b) {
  std::uint64_t bits_a = 0;
  std::uint64_t bits_b = 0;
  std::memcpy(&bits_a, &a, sizeof a);
  std::memcpy(&bits_b, &b, sizeof b);
  return bits_a == bits_b;
}

}  // namespace terawatt::testing
