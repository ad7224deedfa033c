#pragma once
// How a host's IT power divides by use, so that no energy is silently dropped from the shares a run reports:
//  - active: what the work draws above the idle floor of the hardware it holds;
//  - reserved idle: the idle floor of hardware a workload holds (a training job's servers, a service's replicas),
//    whether or not work runs on it at that moment; a server switched off or in standby draws less, and only
//    what it draws is counted;
//  - unreserved: hardware no workload holds, idle or off.
// The three add up to the IT power exactly. Pure model: no engine, no I/O.

#include <algorithm>

namespace terawatt {

struct PowerUse {
  double active_w = 0.0;
  double reserved_idle_w = 0.0;
  double unreserved_w = 0.0;
};

// `idle_power_w`: what the host's hardware draws when it is on and does nothing (accelerators and hosts idle).
inline PowerUse split_power_use(double it_power_w, double idle_power_w, bool reserved) {
  if (!reserved) return {0.0, 0.0, it_power_w};
  const double floor_w = std::min(it_power_w, idle_power_w);
  return {it_power_w - floor_w, floor_w, 0.0};
}

}  // namespace terawatt
