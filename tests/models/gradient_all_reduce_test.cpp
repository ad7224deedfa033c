#include "models/workload/gradient_all_reduce.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace terawatt;

namespace {
// Rounding of a few double operations only.
constexpr double kExact = 1e-12;
// A 7B model's BF16 gradient: 7e9 x 2 B.
constexpr double kGradient7bBytes = 14e9;
// 400 Gb/s per server (50 GB/s), 2 us hops, 450 GB/s one way over the interconnect (NVLink 4 of an H100 SXM).
const AllReduceFabric kFabric{50e9, 2e-6, 450e9, 1};

// 64 accelerators in 8 servers of 8, tensor parallel 1: 8 copies per server, a ring over 8 servers.
AllReduceTraffic eight_server_ring() {
  return hierarchical_all_reduce({kGradient7bBytes, 64, 8, 1, 1});
}
}  // namespace

TEST_CASE("the exposed all-reduce is zero when compute covers all of it") {
  CHECK(exposed_all_reduce_s(2.0, 5.0, 1.0) == 0.0);
  CHECK(exposed_all_reduce_s(2.0, 2.0, 1.0) == 0.0);
}

TEST_CASE("the exposed all-reduce is what exceeds the compute when the overlap could hide it all") {
  CHECK(exposed_all_reduce_s(5.0, 2.0, 1.0) == Approx(3.0).epsilon(kExact));
}

TEST_CASE("without overlap the whole all-reduce is exposed however long the compute") {
  CHECK(exposed_all_reduce_s(2.0, 100.0, 0.0) == 2.0);
}

TEST_CASE("a partial overlap hides its share of the all-reduce when the compute is long enough") {
  CHECK(exposed_all_reduce_s(2.0, 100.0, 0.25) == Approx(1.5).epsilon(kExact));
}

TEST_CASE("a step's all-reduce sends the ring's network bytes for every server a host stands for") {
  const AllReduceTraffic traffic = eight_server_ring();
  AllReduceFabric fabric = kFabric;
  const CommunicationParams one = gradient_all_reduce(traffic, fabric, 1000.0, 10.0, 0.5);
  fabric.servers_per_host = 4;
  const CommunicationParams four = gradient_all_reduce(traffic, fabric, 1000.0, 10.0, 0.5);
  CHECK(one.steps == 1000.0);
  CHECK(one.bytes_per_host_per_step == Approx(2.0 * 7.0 / 8.0 * kGradient7bBytes).epsilon(kExact));
  CHECK(four.bytes_per_host_per_step == Approx(4.0 * one.bytes_per_host_per_step).epsilon(kExact));
  // The ring's 2 (n - 1) hops, and the interconnect leg's bytes over its one-way bandwidth.
  CHECK(one.ring_latency_s_per_step == Approx(14.0 * 2e-6).epsilon(kExact));
  CHECK(one.intra_server_s_per_step == Approx(2.0 * 7.0 / 8.0 * kGradient7bBytes / 450e9).epsilon(kExact));
}

TEST_CASE("a step's exposed all-reduce per compute second and per all-reduce agree with its time") {
  const AllReduceTraffic traffic = eight_server_ring();
  const double transfer_s = all_reduce_s(traffic, kFabric.network_bytes_per_s, kFabric.latency_s,
                                         kFabric.interconnect_bytes_per_s_per_direction);
  // Compute of half the all-reduce, overlap 1: half the all-reduce is hidden, the other half exposed.
  const double compute_step_s = transfer_s / 2.0;
  const CommunicationParams c = gradient_all_reduce(traffic, kFabric, 10.0, compute_step_s, 1.0);
  CHECK(c.exposed_fraction == Approx(0.5).epsilon(kExact));
  CHECK(c.exposed_s_per_compute_s == Approx(1.0).epsilon(kExact));
}

TEST_CASE("a step's all-reduce hidden behind long compute exposes nothing") {
  const CommunicationParams c = gradient_all_reduce(eight_server_ring(), kFabric, 10.0, 1e6, 1.0);
  CHECK(c.exposed_fraction == 0.0);
  CHECK(c.exposed_s_per_compute_s == 0.0);
}

TEST_CASE("a step's all-reduce refuses an overlap outside 0 to 1 and steps or compute of zero") {
  const AllReduceTraffic traffic = eight_server_ring();
  CHECK_THROWS_AS(gradient_all_reduce(traffic, kFabric, 10.0, 1.0, 1.5), std::invalid_argument);
  CHECK_THROWS_AS(gradient_all_reduce(traffic, kFabric, 0.0, 1.0, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(gradient_all_reduce(traffic, kFabric, 10.0, 0.0, 0.5), std::invalid_argument);
}
