#pragma once
// The energy of the bytes a cluster's transfers carry over its fabric (FabricPower::traffic_energy_j), in the cluster's
// IT and network ledgers and in the IT ledger of the workload that sent them. A transfer's rate is the network's
// sharing at each instant and is not known ahead, so the bytes it moved are read when the ledgers are read
// (Platform::settle_deferred): each reading counts what moved since the previous one, which makes every interval's
// energy exact at the sampler's boundaries. The instantaneous power the ledgers report leaves it out.

#include "models/power/fabric_power.hpp"
#include "sim/engine/power_accounting.hpp"

#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Host.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace terawatt {

class FabricTraffic {
 public:
  FabricTraffic(const FabricPower& fabric, ClusterMeter& meter) : fabric_(fabric), meter_(&meter) {}

  // Starts a transfer of `bytes` from `from` to `to` for `sender`. It may stand for `copies` equal transfers (a
  // training ring's representative pair): its energy counts that many times.
  simgrid::s4u::CommPtr send(simgrid::s4u::Host* from, simgrid::s4u::Host* to, std::uint64_t bytes,
                             WorkloadMeter& sender, double copies = 1.0);
  // Bytes that moved on no simulated transfer (communication hidden behind compute) count now.
  void add_moved(double bytes, WorkloadMeter& sender);
  // Cancels a transfer sent here: the bytes it moved count, the rest do not.
  void cancel(const simgrid::s4u::CommPtr& comm);
  // Counts the bytes moved since the previous call, and forgets the transfers that ended.
  void settle();

 private:
  struct InFlight {
    simgrid::s4u::CommPtr comm;
    double unsettled_bytes = 0.0;  // what it had left to move at the previous reading
    double copies = 1.0;
    WorkloadMeter* sender = nullptr;
  };
  void count(InFlight& transfer, double remaining_bytes);

  static constexpr std::size_t min_settle_at = 1024;
  FabricPower fabric_;
  ClusterMeter* meter_ = nullptr;
  std::vector<InFlight> in_flight_;
  std::size_t settle_at_ = min_settle_at;  // send() reads the list when it grows to this
};

}  // namespace terawatt
