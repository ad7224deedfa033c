#include "models/workload/collective_traffic.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace terawatt {

AllReduceTraffic hierarchical_all_reduce(const ParallelLayout& layout) {
  const std::int64_t a = layout.accelerators;
  const std::int64_t g = layout.accelerators_per_server;
  const std::int64_t t = layout.tensor_parallel;
  const std::int64_t p = layout.pipeline_parallel;
  if (!(layout.gradient_bytes > 0.0) || a <= 0 || g <= 0 || t <= 0 || p <= 0) {
    throw std::invalid_argument("an all-reduce needs a positive gradient size and positive counts");
  }
  if (a % (t * p) != 0) {
    throw std::invalid_argument("tensor x pipeline parallel (" + std::to_string(t * p) + ") does not divide the " +
                                std::to_string(a) + " accelerators");
  }
  if (a % g != 0) {
    throw std::invalid_argument(std::to_string(a) + " accelerators are not whole servers of " + std::to_string(g));
  }
  if (g % t != 0 && t % g != 0) {
    throw std::invalid_argument("tensor parallel (" + std::to_string(t) + ") neither divides nor is a multiple of " +
                                "the " + std::to_string(g) + " accelerators of a server");
  }
  AllReduceTraffic traffic;
  traffic.data_parallel = a / (t * p);
  const std::int64_t d = traffic.data_parallel;
  const std::int64_t groups_per_server = t < g ? g / t : 1;
  if (d % groups_per_server != 0 && groups_per_server % d != 0) {
    throw std::invalid_argument("data parallel (" + std::to_string(d) + ") neither divides nor is a multiple of the " +
                                std::to_string(groups_per_server) + " tensor-parallel groups of a server");
  }
  const std::int64_t r = std::min(groups_per_server, d);
  traffic.copies_per_server = r;
  traffic.servers_per_ring = d / r;
  const double shard_bytes = layout.gradient_bytes / static_cast<double>(t * p);
  const auto n = static_cast<double>(traffic.servers_per_ring);
  const auto copies = static_cast<double>(r);
  traffic.server_gradient_bytes = static_cast<double>(g) / copies * shard_bytes;
  traffic.network_bytes_per_server = 2.0 * (n - 1.0) / n * traffic.server_gradient_bytes;
  traffic.interconnect_bytes_per_accelerator = 2.0 * (copies - 1.0) / copies * shard_bytes;
  return traffic;
}

double ring_latency_s(const AllReduceTraffic& traffic, double latency_s) {
  return 2.0 * static_cast<double>(traffic.servers_per_ring - 1) * latency_s;
}

double interconnect_leg_s(const AllReduceTraffic& traffic, double interconnect_bytes_per_s_per_direction) {
  return traffic.interconnect_bytes_per_accelerator / interconnect_bytes_per_s_per_direction;
}

double all_reduce_s(const AllReduceTraffic& traffic, double server_network_bytes_per_s, double latency_s,
                    double interconnect_bytes_per_s_per_direction) {
  if (!(server_network_bytes_per_s > 0.0) || !(latency_s >= 0.0) || !(interconnect_bytes_per_s_per_direction > 0.0)) {
    throw std::invalid_argument("an all-reduce time needs positive bandwidths and a latency of at least 0");
  }
  const double network_s =
      traffic.network_bytes_per_server / server_network_bytes_per_s + ring_latency_s(traffic, latency_s);
  const double interconnect_s = interconnect_leg_s(traffic, interconnect_bytes_per_s_per_direction);
  return std::max(network_s, interconnect_s);
}

}  // namespace terawatt
