#include "models/workload/replica_service.hpp"
#include "llm_shapes.hpp"
#include "models/power/catalog.hpp"
#include "models/workload/arrival_profile.hpp"
#include "models/workload/latency_histogram.hpp"
#include "replica_tables.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

using namespace terawatt;

namespace {
using testing::llama3_70b;
AcceleratorPowerModel h100_power() {
  const AcceleratorSpec& h100 = *find_accelerator("h100-sxm");
  return AcceleratorPowerModel({h100.tdp_w, h100.idle_w, std::nullopt, std::nullopt, {}});
}
ReplicaService text_service(int batch, double peak_scale = 1.0) {
  ReplicaHardware hw = replica_hardware(*find_accelerator("h100-sxm"), 8);
  hw.peak_flop_per_s *= peak_scale;
  return text_replica_service(llama3_70b(), hw, {}, {1000.0, 300.0}, batch, h100_power());
}
}  // namespace

TEST_CASE("a text replica: latency and throughput rise with the batch, power lies between idle and the limit") {
  const ReplicaService s = text_service(64);
  REQUIRE(s.slots == 64);
  CHECK(s.accelerator_power_w[0] == Approx(h100_power().idle_w()));
  for (int n = 2; n <= 64; ++n) {
    CHECK(s.latency_s[static_cast<std::size_t>(n)] > s.latency_s[static_cast<std::size_t>(n) - 1]);
    CHECK(s.throughput_per_s(n) > s.throughput_per_s(n - 1));
    CHECK(s.accelerator_power_w[static_cast<std::size_t>(n)] > h100_power().idle_w());
    CHECK(s.accelerator_power_w[static_cast<std::size_t>(n)] <= h100_power().limit_w());
  }
}

TEST_CASE("a power cap slows compute-bound prefill but hardly memory-bound decode") {
  // Halving the peak (a deep cap) leaves a batch-1 decode step, which is memory-bound, untouched.
  const ReplicaService full = text_service(1);
  const ReplicaService capped = text_service(1, 0.5);
  const double growth = capped.latency_s[1] / full.latency_s[1];
  CHECK(growth > 1.0);
  CHECK(growth < 1.05);  // prefill of 1,000 tokens is a few percent of a 300-token answer at batch 1
}

TEST_CASE("a diffusion replica: a batch shares the compute, so latency grows as n and throughput stays") {
  ReplicaHardware hw = replica_hardware(*find_accelerator("h100-sxm"), 1);
  const ReplicaService s = diffusion_replica_service(1e17, hw, 0.456, 0.9, 4, h100_power());
  const double single_s = 1e17 / (989e12 * 0.456);
  CHECK(s.latency_s[1] == Approx(single_s).epsilon(1e-12));
  CHECK(s.latency_s[4] == Approx(4.0 * single_s).epsilon(1e-12));
  CHECK(s.throughput_per_s(4) == Approx(s.throughput_per_s(1)).epsilon(1e-12));
  CHECK(s.accelerator_power_w[1] == Approx(h100_power().power_w(WorkKind::compute)));
}

TEST_CASE("replica load: all of a rate below capacity is served, capacity above it, idle at zero") {
  const ReplicaService s = text_service(64);
  const ReplicaLoad none = replica_load(s, 0.0);
  CHECK(none.served_per_s == 0.0);
  CHECK(none.accelerator_power_w == Approx(s.accelerator_power_w[0]));
  const ReplicaLoad half = replica_load(s, 0.5 * s.capacity_per_s());
  CHECK(half.served_per_s == Approx(0.5 * s.capacity_per_s()));
  CHECK(half.busy_fraction > 0.0);
  CHECK(half.busy_fraction <= 1.0);
  CHECK(half.batch_when_busy >= 1.0);
  CHECK(half.batch_when_busy <= 64.0);
  // Mean power lies between idle and the full batch's, and the busy power explains it.
  CHECK(half.accelerator_power_w > s.accelerator_power_w[0]);
  CHECK(half.accelerator_power_w < s.accelerator_power_w[64]);
  CHECK(half.busy_fraction * half.accelerator_busy_power_w + (1.0 - half.busy_fraction) * s.accelerator_power_w[0] ==
        Approx(half.accelerator_power_w).epsilon(1e-12));
  const ReplicaLoad over = replica_load(s, 3.0 * s.capacity_per_s());
  CHECK(over.served_per_s == Approx(s.capacity_per_s()));
  CHECK(over.busy_fraction == 1.0);
  CHECK(over.accelerator_power_w == Approx(s.accelerator_power_w[64]));
  // Energy per request falls as load rises: idle power is spread over more requests.
  CHECK(over.accelerator_power_w / over.served_per_s < half.accelerator_power_w / half.served_per_s);
}

namespace {
using testing::table_service;
constexpr double exact = 1e-12;  // closed forms against a sum of a few terms: rounding only
}  // namespace

TEST_CASE("replica load at batch 1 is an M/G/1 queue: busy share rho = rate x L(1), exactly") {
  // The case: n = rate x L = 0.534 gives busy 0.534, where 1 - exp(-n) gave 0.414.
  ReplicaHardware hw = replica_hardware(*find_accelerator("h100-sxm"), 1);
  const ReplicaService s = diffusion_replica_service(1e17, hw, 0.456, 0.9, 1, h100_power());
  const double idle_w = s.accelerator_power_w[0];
  const double busy_w = s.accelerator_power_w[1];
  for (const double rho : {0.05, 0.25, 0.534, 0.75, 0.95}) {
    INFO("rho " << rho);
    const ReplicaLoad load = replica_load(s, rho / s.latency_s[1]);
    CHECK(load.busy_fraction == Approx(rho).epsilon(exact));
    CHECK(load.accelerator_power_w == Approx(idle_w + rho * (busy_w - idle_w)).epsilon(exact));
    CHECK(load.batch_when_busy == Approx(1.0).epsilon(exact));
    // Pollaczek-Khinchine for a fixed latency L: mean wait rho L / (2 (1 - rho)), mean time L + that.
    CHECK(load.latency_s == Approx(s.latency_s[1] * (1.0 + rho / (2.0 * (1.0 - rho)))).epsilon(exact));
    CHECK(load.waiting == Approx(rho * rho / (2.0 * (1.0 - rho))).epsilon(exact));
  }
  CHECK(replica_load(s, 0.534 / s.latency_s[1]).busy_fraction - (1.0 - std::exp(-0.534)) > 0.1);
}

TEST_CASE("replica load with a constant latency and a large batch is an M/G/infinity queue: busy 1 - exp(-rate x L)") {
  // 256 slots, L = 2 s at every batch: n = rate x L is Poisson while the batch is far from full.
  const ReplicaService s = table_service(std::vector<double>(257, 2.0), std::vector<double>(257, 300.0));
  for (const double rate_per_s : {0.01, 0.5, 5.0, 40.0}) {
    INFO("rate " << rate_per_s);
    const double n = rate_per_s * 2.0;
    const ReplicaLoad load = replica_load(s, rate_per_s);
    CHECK(load.busy_fraction == Approx(-std::expm1(-n)).epsilon(exact));
    CHECK(load.batch_when_busy == Approx(n / -std::expm1(-n)).epsilon(exact));
    CHECK(load.latency_s == Approx(2.0).epsilon(exact));
    CHECK(load.waiting < 1e-12);
  }
}

TEST_CASE("replica load of a compute-bound diffusion replica: busy share rho at any batch") {
  // Throughput 1 / D at every n: a work-conserving server, busy rate x D of the time whatever the batch.
  ReplicaHardware hw = replica_hardware(*find_accelerator("h100-sxm"), 1);
  for (const int batch : {1, 8, 64, 256}) {
    const ReplicaService s = diffusion_replica_service(1e17, hw, 0.456, 0.9, batch, h100_power());
    for (const double rho : {0.05, 0.5, 0.95}) {
      INFO("batch " << batch << ", rho " << rho);
      CHECK(replica_load(s, rho / s.latency_s[1]).busy_fraction == Approx(rho).epsilon(1e-9));
    }
  }
}

TEST_CASE("replica load sums its chain's probabilities to 1: a batch of 2 worked by hand") {
  // L(1) = 1 s, L(2) = 1.5 s: mu(1) = 1/s, mu(2) = 4/3 per s, capacity 4/3 per s; rate 0.5/s.
  // Weights w0 = 1, w1 = 0.5, w2 = 0.5 x 0.375 = 0.1875, and the queue beyond 2 a geometric tail of ratio
  // f = 0.375: 0.1875 x f / (1 - f) = 0.1125. Total 1.8.
  const ReplicaService s = table_service({1.0, 1.0, 1.5}, {70.0, 200.0, 300.0});
  const ReplicaLoad load = replica_load(s, 0.5);
  CHECK(load.busy_fraction == Approx(0.8 / 1.8).epsilon(exact));
  CHECK(load.accelerator_power_w == Approx((70.0 + 0.5 * 200.0 + 0.3 * 300.0) / 1.8).epsilon(exact));
  CHECK(load.batch_when_busy == Approx((0.5 + 2.0 * 0.3) / 0.8).epsilon(exact));
  // Waiting in the chain: w2 x f / (1 - f)^2 = 0.18, over 1.8; halved for fixed latencies.
  CHECK(load.waiting == Approx(0.5 * 0.18 / 1.8).epsilon(exact));
  CHECK(load.latency_s == Approx((1.1 / 1.8 + 0.05) / 0.5).epsilon(exact));
}

TEST_CASE("replica load stays finite and in range for a batch of 100,000 near capacity") {
  // rate x L far above 1 and 10^5 terms: a product of ratios that would overflow a double without rescaling.
  const int batch = 100000;
  ReplicaService s = table_service(std::vector<double>(batch + 1, 0.0), std::vector<double>(batch + 1, 500.0));
  s.accelerator_power_w[0] = 70.0;
  for (int n = 0; n <= batch; ++n) s.latency_s[static_cast<std::size_t>(n)] = 10.0 + 1e-4 * std::max(n, 1);
  for (const double fraction : {0.001, 0.5, 0.999}) {
    INFO("fraction " << fraction);
    const ReplicaLoad load = replica_load(s, fraction * s.capacity_per_s());
    CHECK(std::isfinite(load.accelerator_power_w));
    CHECK(load.busy_fraction > 0.0);
    CHECK(load.busy_fraction <= 1.0);
    CHECK(load.accelerator_power_w >= 70.0);
    CHECK(load.accelerator_power_w <= 500.0 * (1.0 + exact));
    CHECK(load.batch_when_busy >= 1.0);
    CHECK(load.batch_when_busy <= batch);
  }
}

TEST_CASE("a model that does not fit, or a batch of 0, is refused") {
  LlmArchitecture big = llama3_70b();
  big.active_parameters = 175e9;
  const ReplicaHardware one = replica_hardware(*find_accelerator("h100-sxm"), 1);
  CHECK_THROWS_AS(text_replica_service(big, one, {}, {100.0, 100.0}, 1, h100_power()), std::invalid_argument);
  CHECK_THROWS_AS(text_service(0), std::invalid_argument);
}

TEST_CASE("portable Poisson draws have the right mean and variance, small and large") {
  for (const double mean : {0.5, 7.0, 80.0, 5000.0}) {
    std::mt19937_64 engine(42);
    const int n = 20000;
    double sum = 0.0, sum2 = 0.0;
    for (int i = 0; i < n; ++i) {
      const double k = portable_poisson(engine, mean);
      sum += k;
      sum2 += k * k;
    }
    const double m = sum / n;
    const double var = sum2 / n - m * m;
    INFO("mean " << mean);
    CHECK(std::abs(m - mean) < 5.0 * std::sqrt(mean / n));  // five standard errors
    CHECK(var == Approx(mean).epsilon(0.05));
  }
}

TEST_CASE("latency histogram: quantiles within one bin, mean exact") {
  LatencyHistogram h;
  for (int i = 1; i <= 1000; ++i) h.add(i * 0.01);  // 0.01 .. 10 s
  CHECK(h.mean_s() == Approx(5.005).epsilon(1e-12));
  CHECK(h.quantile_s(0.5) == Approx(5.0).epsilon(0.012));
  CHECK(h.quantile_s(0.99) == Approx(9.9).epsilon(0.012));
  h.clear();
  CHECK(std::isnan(h.quantile_s(0.5)));
}

TEST_CASE("latency histogram: a merge holds the requests of both, as one histogram of all of them would") {
  LatencyHistogram low;
  LatencyHistogram high;
  LatencyHistogram all;
  for (int i = 1; i <= 900; ++i) {
    low.add(i * 0.01);
    all.add(i * 0.01);
  }
  for (int i = 1; i <= 100; ++i) {
    high.add(60.0 + i, 2.0);
    all.add(60.0 + i, 2.0);
  }
  low.merge(high);
  CHECK(low.count() == 1100.0);
  CHECK(low.mean_s() == Approx(all.mean_s()).epsilon(1e-15));
  for (const double q : {0.1, 0.5, 0.8, 0.9, 0.99}) CHECK(low.quantile_s(q) == all.quantile_s(q));
  // The 200 weighted requests above 60 s are the top 18 %: the 90th percentile is among them.
  CHECK(low.quantile_s(0.9) > 60.0);
  CHECK(low.quantile_s(0.5) < 9.0);
}
