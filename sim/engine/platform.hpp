#pragma once
// Scenario -> SimGrid platform: one star zone per cluster (a host per server, or per `servers_per_host`
// identical servers), a private link from each host into the cluster fabric, and a control zone whose single
// host runs the orchestration actors (schedulers, job drivers, sampler).

#include "sim/engine/fabric_traffic.hpp"
#include "sim/engine/power_accounting.hpp"
#include "sim/scenario/scenario.hpp"

#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace terawatt {

struct ClusterPlatform {
  simgrid::s4u::NetZone* zone = nullptr;
  std::vector<simgrid::s4u::Host*> hosts;
  ClusterMeter meter;
  // The energy of the bytes its transfers carry. Held by pointer: workloads send through it from the platform they
  // read (const), as hosts feed the meter.
  std::unique_ptr<FabricTraffic> traffic;
  double host_peak_flop_per_s = 0.0;       // uncapped peak of one host
  double host_speed_factor = 1.0;          // speed at the current pstate relative to the peak (< 1 under a cap)
  int cluster_pstate = 0;                  // the pstate of the cluster's cap (0: none)
  std::map<std::string, int> job_pstates;  // jobs with a cap of their own: the pstate their servers take
};

struct Platform {
  simgrid::s4u::Host* control_host = nullptr;
  std::deque<ClusterPlatform> clusters;  // deque: hosts keep pointers to their cluster's meter
  // Workloads that run an event loop of their own (request-fidelity services) apply the power changes of their events
  // when asked, at each event's own time, rather than waking the engine for each (docs/design.md section 9). Every
  // ledger they feed takes changes as deltas, whose sum at a time T does not depend on the order they came in
  // (PowerLedger), so a reader is exact once it has brought them up to T: whoever reads the meters' energy or power
  // at T calls settle_deferred(T) first.
  std::function<void(double now_s)> catch_up_deferred;
  // It also counts the bytes the clusters' transfers moved (FabricTraffic).
  void settle_deferred(double now_s) const {
    if (catch_up_deferred) catch_up_deferred(now_s);
    for (const ClusterPlatform& cluster : clusters) cluster.traffic->settle();
  }
};

// What the workloads placed on a cluster need of its platform beyond its servers (sim/engine/workloads: each workload
// type states its own).
struct ClusterNeeds {
  // Pstates of their own, in order after the cluster's: a workload's name and its compute speed relative to the peak.
  std::vector<std::pair<std::string, double>> own_pstates;
};

// Builds the platform into the current Engine and attaches power accounting to every server host. `needs` has one
// entry per cluster. The scenario must be validated: SimGrid aborts rather than throws on several platform mistakes.
void build_platform(const Scenario& scenario, const std::vector<ClusterNeeds>& needs, Platform& platform);

// Peak FLOP/s of one host of `cluster`, uncapped.
double host_peak_flop_per_s(const Cluster& cluster);

}  // namespace terawatt
