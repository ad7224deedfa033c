#pragma once
// Every random stream is derived from (scenario seed, stable name of its owner), so that adding a workload or a
// site does not perturb the others' streams (docs/design.md section 4).

#include "models/base/sha256.hpp"

#include <cstdint>
#include <string>

namespace terawatt {

// The first 64 bits of SHA-256("<seed>/<owner>"), e.g. owner "weather/iowa" or "failures/llm-7b".
inline std::uint64_t derived_seed(std::uint64_t seed, const std::string& owner) {
  return std::stoull(sha256_hex(std::to_string(seed) + "/" + owner).substr(0, 16), nullptr, 16);
}

}  // namespace terawatt
