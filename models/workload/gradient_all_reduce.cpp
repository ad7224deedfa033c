#include "models/workload/gradient_all_reduce.hpp"

#include <algorithm>
#include <stdexcept>

namespace terawatt {

double exposed_all_reduce_s(double all_reduce_s, double compute_s, double overlap) {
  const double hidden_s = std::min(overlap * all_reduce_s, compute_s);
  return all_reduce_s - hidden_s;
}

CommunicationParams gradient_all_reduce(const AllReduceTraffic& traffic, const AllReduceFabric& fabric, double steps,
                                        double compute_step_s, double overlap) {
  if (!(steps > 0.0) || !(compute_step_s > 0.0) || !(overlap >= 0.0 && overlap <= 1.0)) {
    throw std::invalid_argument("a step's all-reduce needs positive steps and compute and an overlap in [0, 1]");
  }
  const double transfer_s = all_reduce_s(traffic, fabric.network_bytes_per_s, fabric.latency_s,
                                         fabric.interconnect_bytes_per_s_per_direction);
  const double exposed_s = exposed_all_reduce_s(transfer_s, compute_step_s, overlap);
  CommunicationParams communication;
  communication.steps = steps;
  communication.bytes_per_host_per_step =
      traffic.network_bytes_per_server * static_cast<double>(fabric.servers_per_host);
  communication.ring_latency_s_per_step = ring_latency_s(traffic, fabric.latency_s);
  communication.intra_server_s_per_step = interconnect_leg_s(traffic, fabric.interconnect_bytes_per_s_per_direction);
  communication.exposed_fraction = exposed_s / transfer_s;
  communication.exposed_s_per_compute_s = exposed_s / compute_step_s;
  return communication;
}

}  // namespace terawatt
