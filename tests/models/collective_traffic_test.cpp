#include "models/workload/collective_traffic.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace terawatt;

namespace {
// Rounding of a few double operations only.
constexpr double kExact = 1e-12;
// A 7B model's BF16 gradient: 7e9 x 2 B.
constexpr double kGradient7bBytes = 14e9;
}  // namespace

TEST_CASE("with tensor parallel 1 each server sends 2 (n - 1) / n of the whole gradient over the network") {
  // 4,096 accelerators in 512 servers of 8: d = 4096 data-parallel replicas, 8 copies per server, n = 512 servers.
  const AllReduceTraffic t = hierarchical_all_reduce({kGradient7bBytes, 4096, 8, 1, 1});
  CHECK(t.data_parallel == 4096);
  CHECK(t.copies_per_server == 8);
  CHECK(t.servers_per_ring == 512);
  CHECK(t.network_bytes_per_server == Approx(2.0 * 511.0 / 512.0 * kGradient7bBytes).epsilon(kExact));
  // Not 8 accelerators x 2 (d - 1) / d x S, as when every accelerator's ring traffic crossed the network port.
  CHECK(t.network_bytes_per_server < 8.0 * kGradient7bBytes / 4.0);
  // Inside the server: a reduce-scatter and an all-gather among 8 copies, 2 x 7/8 of the gradient per accelerator.
  CHECK(t.interconnect_bytes_per_accelerator == Approx(2.0 * 7.0 / 8.0 * kGradient7bBytes).epsilon(kExact));
}

TEST_CASE("tensor parallel across the whole server leaves no copies inside it and shards the gradient") {
  // Llama 3 405B's layout on 16,384 accelerators: t 8, p 16, d 128; each server holds one tensor-parallel group of
  // one pipeline stage, G = 8 x S / 128 = S / 16, in a ring over all 128 data-parallel servers.
  const double gradient_bytes = 405e9 * 2.0;
  const AllReduceTraffic t = hierarchical_all_reduce({gradient_bytes, 16384, 8, 8, 16});
  CHECK(t.copies_per_server == 1);
  CHECK(t.servers_per_ring == 128);
  CHECK(t.server_gradient_bytes == Approx(gradient_bytes / 16.0).epsilon(kExact));
  CHECK(t.network_bytes_per_server == Approx(2.0 * 127.0 / 128.0 * gradient_bytes / 16.0).epsilon(kExact));
  CHECK(t.interconnect_bytes_per_accelerator == 0.0);
}

TEST_CASE("tensor parallel 2 leaves 4 copies per server and the ring spans a quarter of the replicas") {
  // 64 accelerators, t 2, p 2: d 16; a server holds 4 tensor-parallel pairs, 4 copies of one stage's 2 shards,
  // G = 2 x S / 4 = S / 2, n = 16 / 4 = 4 servers.
  const AllReduceTraffic t = hierarchical_all_reduce({kGradient7bBytes, 64, 8, 2, 2});
  CHECK(t.copies_per_server == 4);
  CHECK(t.servers_per_ring == 4);
  CHECK(t.network_bytes_per_server == Approx(2.0 * 3.0 / 4.0 * kGradient7bBytes / 2.0).epsilon(kExact));
  CHECK(t.interconnect_bytes_per_accelerator == Approx(2.0 * 3.0 / 4.0 * kGradient7bBytes / 4.0).epsilon(kExact));
}

TEST_CASE("a data-parallel group inside one server sends nothing over the network") {
  // 16 accelerators, t 1, p 4: d 4; a server holds the 4 replicas of two pipeline stages.
  const AllReduceTraffic t = hierarchical_all_reduce({kGradient7bBytes, 16, 8, 1, 4});
  CHECK(t.copies_per_server == 4);
  CHECK(t.servers_per_ring == 1);
  CHECK(t.network_bytes_per_server == 0.0);
  CHECK(t.interconnect_bytes_per_accelerator == Approx(2.0 * 3.0 / 4.0 * kGradient7bBytes / 4.0).epsilon(kExact));
}

TEST_CASE("the slower leg of the all-reduce sets its time") {
  const AllReduceTraffic t = hierarchical_all_reduce({kGradient7bBytes, 4096, 8, 1, 1});
  // Network leg: 2 x 511/512 x 14 GB at 400 GB/s plus 2 x 511 latencies of 2 us.
  const double network_s = 2.0 * 511.0 / 512.0 * kGradient7bBytes / 400e9 + 2.0 * 511.0 * 2e-6;
  // NVLink 4: 900 GB/s per H100 in both directions together, 450 GB/s each way: 1.75 x 14 GB / 450 GB/s.
  const double nvlink_s = 1.75 * kGradient7bBytes / 450e9;
  REQUIRE(network_s > nvlink_s);
  CHECK(all_reduce_s(t, 400e9, 2e-6, 450e9) == Approx(network_s).epsilon(kExact));
  // A network 10x faster leaves the NVLink leg the slower.
  CHECK(all_reduce_s(t, 4000e9, 2e-6, 450e9) == Approx(nvlink_s).epsilon(kExact));
}

TEST_CASE("an all-reduce layout that splits groups unevenly over servers is refused") {
  CHECK_THROWS_AS(hierarchical_all_reduce({1e9, 24, 8, 3, 1}), std::invalid_argument);   // t 3 and 8 per server
  CHECK_THROWS_AS(hierarchical_all_reduce({1e9, 24, 8, 1, 8}), std::invalid_argument);   // d 3 and 8 groups
  CHECK_THROWS_AS(hierarchical_all_reduce({1e9, 20, 8, 1, 1}), std::invalid_argument);   // not whole servers
  CHECK_THROWS_AS(hierarchical_all_reduce({1e9, 16, 8, 32, 1}), std::invalid_argument);  // t p exceeds A
  CHECK_THROWS_AS(hierarchical_all_reduce({0.0, 16, 8, 1, 1}), std::invalid_argument);
}
