#pragma once
// Replica tables given whole, shared by the replica-load tests.
#include "models/workload/replica_service.hpp"

#include <utility>
#include <vector>

namespace terawatt::testing {

// A replica whose latency and power tables are given whole, n = 0 .. slots.
inline ReplicaService table_service(std::vector<double> latency_s, std::vector<double> power_w) {
  ReplicaService s;
  s.slots = static_cast<int>(latency_s.size()) - 1;
  s.latency_s = std::move(latency_s);
  s.accelerator_power_w = std::move(power_w);
  return s;
}

}  // namespace terawatt::testing
