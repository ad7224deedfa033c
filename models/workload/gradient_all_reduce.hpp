#pragma once
// The data-parallel gradient all-reduce of every optimizer step of a training job on its cluster's fabric, and the
// part of it that the step's compute does not hide. The traffic is hierarchical
// (models/workload/collective_traffic.hpp): a reduction inside each server over its interconnect, and a ring across
// servers over the cluster fabric (sim/engine/workloads/training_run.cpp sends it over the SimGrid links). The part of
// a step's all-reduce that the compute does not hide is exposed: the accelerators wait at communication power.
//
// Exposure: overlap o in [0, 1] of the all-reduce time T can run behind the compute C of the step, at most C, so
//   hidden = min(o T, C),  exposed = T - hidden,
// exposed_fraction = exposed / T, and exposed_s_per_compute_s = exposed / C.

#include "models/workload/collective_traffic.hpp"

#include <cstdint>

namespace terawatt {

struct CommunicationParams {
  double steps = 0.0;                    // optimizer steps: tokens / global batch
  double bytes_per_host_per_step = 0.0;  // what each host (servers_per_host servers) sends into the fabric per step
  double ring_latency_s_per_step = 0.0;  // the network leg's hop latencies, after its bytes
  double intra_server_s_per_step = 0.0;  // the interconnect leg of a step's all-reduce, concurrent with the network's
  double exposed_fraction = 0.0;         // of each step's all-reduce, the part not hidden behind compute
  double exposed_s_per_compute_s = 0.0;  // exposed time per second of compute, for planning (analytic)
};

// The fabric one all-reduce runs over.
struct AllReduceFabric {
  double network_bytes_per_s = 0.0;                     // one server's injection bandwidth into the cluster fabric
  double latency_s = 0.0;                               // one-way latency server to server
  double interconnect_bytes_per_s_per_direction = 0.0;  // one accelerator's interconnect bandwidth, one way
  std::int64_t servers_per_host = 1;                    // identical servers one simulated host stands for
};

// Seconds of an all-reduce of `all_reduce_s` that compute of `compute_s` does not hide when a share `overlap` of
// the all-reduce can run behind compute: all_reduce_s - min(overlap x all_reduce_s, compute_s).
double exposed_all_reduce_s(double all_reduce_s, double compute_s, double overlap);

// The all-reduce of each of `steps` steps of `compute_step_s` of compute each, with `overlap` of it hidden behind
// compute where the compute is long enough. The traffic must have at least two data-parallel copies (else there is
// nothing to reduce). Throws std::invalid_argument for non-positive bandwidths, a negative latency, non-positive
// steps or compute, or an overlap outside [0, 1].
CommunicationParams gradient_all_reduce(const AllReduceTraffic& traffic, const AllReduceFabric& fabric, double steps,
                                        double compute_step_s, double overlap);

}  // namespace terawatt
