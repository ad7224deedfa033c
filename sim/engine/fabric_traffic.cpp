#include "sim/engine/fabric_traffic.hpp"

#include <algorithm>

namespace terawatt {
namespace sg4 = simgrid::s4u;

sg4::CommPtr FabricTraffic::send(sg4::Host* from, sg4::Host* to, std::uint64_t bytes, WorkloadMeter& sender,
                                 double copies) {
  sg4::CommPtr comm = sg4::Comm::sendto_async(from, to, bytes);
  if (!(fabric_.traffic_pj_per_bit > 0.0) || bytes == 0) return comm;
  // Between readings the list would hold every transfer sent (a day's samples of a disaggregated service: millions).
  // Reading early is as exact, since every byte counted moved since the previous reading; doing it when the list
  // doubles keeps it to about twice the transfers in flight, at O(1) amortised per transfer.
  if (in_flight_.size() >= settle_at_) {
    settle();
    settle_at_ = std::max(min_settle_at, 2 * in_flight_.size());
  }
  in_flight_.push_back({comm, static_cast<double>(bytes), copies, &sender});
  return comm;
}

void FabricTraffic::add_moved(double bytes, WorkloadMeter& sender) {
  if (!(bytes > 0.0) || !(fabric_.traffic_pj_per_bit > 0.0)) return;
  const double joules = fabric_.traffic_energy_j(bytes);
  meter_->it.add_energy(joules);
  meter_->network.add_energy(joules);
  sender.it.add_energy(joules);
}

void FabricTraffic::count(InFlight& transfer, double remaining_bytes) {
  const double moved = transfer.unsettled_bytes - remaining_bytes;
  if (!(moved > 0.0)) return;
  transfer.unsettled_bytes = remaining_bytes;
  add_moved(moved * transfer.copies, *transfer.sender);
}

void FabricTraffic::cancel(const sg4::CommPtr& comm) {
  const auto found = std::find_if(in_flight_.begin(), in_flight_.end(),
                                  [&](const InFlight& transfer) { return transfer.comm == comm; });
  if (found != in_flight_.end()) {
    count(*found, comm->get_remaining());
    found->unsettled_bytes = 0.0;  // what it had left is never sent
  }
  comm->cancel();
}

// SimGrid reports 0 bytes remaining once a transfer ended, and for a cancelled one: cancel() counted it first.
void FabricTraffic::settle() {
  for (InFlight& transfer : in_flight_) count(transfer, transfer.comm->get_remaining());
  in_flight_.erase(std::remove_if(in_flight_.begin(), in_flight_.end(),
                                  [](const InFlight& transfer) { return !(transfer.unsettled_bytes > 0.0); }),
                   in_flight_.end());
}

}  // namespace terawatt
