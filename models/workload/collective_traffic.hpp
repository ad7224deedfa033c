#pragma once
// Bytes that one data-parallel gradient all-reduce moves, per server and per accelerator, when it is hierarchical:
// the accelerators of a server that hold copies of the same gradient shard reduce them over the server's own
// interconnect (NVLink), only the server's reduced gradient crosses the network, in a ring over the servers that
// hold the other copies, and the result is spread back over the interconnect.
//
// Layout (Megatron-LM's rank order, tensor parallel innermost, then data, then pipeline): the accelerators of a
// tensor-parallel group are consecutive, so a server of g accelerators holds g / t tensor-parallel groups (t <= g)
// and these are r = min(g / t, d) data-parallel copies of the same shards. With a gradient of S bytes per model
// replica, each accelerator's shard is S / (t p); the server holds g / r distinct shards, G = (g / r) S / (t p)
// bytes, and the ring runs over n = d / r servers. A bandwidth-optimal ring all-reduce (Patarasuk & Yuan 2009)
// makes each member send, and receive, 2 (n - 1) / n of what it reduces, so
//   network bytes per server     = 2 (n - 1) / n x G        (tensor 1, pipeline 1: 2 (n - 1) / n x S)
//   interconnect bytes per accel = 2 (r - 1) / r x S / (t p) (a reduce-scatter and an all-gather among r copies)
// NCCL's flat ring over all accelerators moves the same bytes per server's network port to within (d - 1) / d
// against (n - 1) / n, since only one ring edge per server per channel leaves the server.

#include <cstdint>

namespace terawatt {

struct ParallelLayout {
  double gradient_bytes = 0.0;               // S: one model replica's gradient (parameters x bytes per value)
  std::int64_t accelerators = 0;             // A: the job's, whole servers
  std::int64_t accelerators_per_server = 0;  // g
  std::int64_t tensor_parallel = 1;          // t
  std::int64_t pipeline_parallel = 1;        // p
};

struct AllReduceTraffic {
  std::int64_t data_parallel = 0;                   // d = A / (t p)
  std::int64_t copies_per_server = 0;               // r: data-parallel copies of each shard a server holds
  std::int64_t servers_per_ring = 0;                // n = d / r: servers each inter-server ring spans
  double server_gradient_bytes = 0.0;               // G: distinct gradient bytes on one server
  double network_bytes_per_server = 0.0;            // sent, and received, by each server's network port per all-reduce
  double interconnect_bytes_per_accelerator = 0.0;  // sent by each accelerator over the server's interconnect
};

// Throws std::invalid_argument for a non-positive size or count, for t p that does not divide A, for A that is not
// whole servers, and for a layout in which a server would hold parts of groups unevenly: t must divide g or be a
// multiple of it, and with t < g, d must be a multiple of g / t or divide it.
AllReduceTraffic hierarchical_all_reduce(const ParallelLayout& layout);

// Latency of the ring over n servers: its reduce-scatter and its all-gather each pass n - 1 hops, 2 (n - 1) x
// `latency_s`.
double ring_latency_s(const AllReduceTraffic& traffic, double latency_s);

// Seconds of the interconnect leg inside the servers: each accelerator's interconnect bytes / its interconnect
// bandwidth in one direction.
double interconnect_leg_s(const AllReduceTraffic& traffic, double interconnect_bytes_per_s_per_direction);

// Seconds of one hierarchical all-reduce: the network leg, network bytes / server bandwidth plus the ring's latency,
// and the interconnect leg (interconnect_leg_s). The legs carry the same chunks one after the other, and
// NCCL pipelines chunks through them, so the slower leg sets the time: the maximum of the two.
double all_reduce_s(const AllReduceTraffic& traffic, double server_network_bytes_per_s, double latency_s,
                    double interconnect_bytes_per_s_per_direction);

}  // namespace terawatt
