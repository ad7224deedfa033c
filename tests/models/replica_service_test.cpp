#include "models/arrival_profile.hpp"
#include "models/catalog.hpp"
#include "models/latency_histogram.hpp"
#include "models/replica_service.hpp"
#include "llm_shapes.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

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
  // Little's law holds at the batch the requests meet: n = rate x L(m(n)).
  const double n = -std::log1p(-half.busy_fraction);
  CHECK(half.served_per_s * s.latency_at(half.batch_when_busy) == Approx(n).epsilon(1e-9));
  const ReplicaLoad over = replica_load(s, 3.0 * s.capacity_per_s());
  CHECK(over.served_per_s == Approx(s.capacity_per_s()));
  CHECK(over.busy_fraction == 1.0);
  CHECK(over.accelerator_power_w == Approx(s.accelerator_power_w[64]));
  // Energy per request falls as load rises: idle power is spread over more requests.
  CHECK(over.accelerator_power_w / over.served_per_s < half.accelerator_power_w / half.served_per_s);
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
