#include "models/workload/sized_request_latency.hpp"
#include "llm_shapes.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace terawatt;

namespace {

using testing::llama3_70b;

const AcceleratorSpec& h100() {
  return *find_accelerator("h100-sxm");
}

// Llama 3 70B on 4 H100 under a 500 W cap (so the cap's slowing is in both the table's prefill and this one's).
struct Fixture {
  LlmArchitecture model = llama3_70b();
  ReplicaHardware replica = replica_hardware(h100(), 4);
  InferenceEfficiency efficiency;
  PhaseRunFunction run_phase;
  Fixture() {
    AcceleratorPowerParams p;
    p.tdp_w = h100().tdp_w;
    p.idle_w = h100().idle_w;
    p.power_cap_w = 500.0;
    run_phase = llm_phase_run(AcceleratorPowerModel(p));
  }
  SizedRequestLatency sized(double prompt, double output) const {
    return {model, replica, efficiency, run_phase, prompt, output};
  }
};

}  // namespace

TEST_CASE("a prompt's own prefill is the capped prefill_time of that prompt", "[sized]") {
  const Fixture f;
  const SizedRequestLatency latency = f.sized(1000.0, 300.0);
  for (const double prompt : {1.0, 200.0, 4000.0, 32000.0}) {
    const double expected = f.run_phase(prefill_time(f.model, f.replica, f.efficiency, prompt)).duration_s;
    CHECK(latency.prefill_s(prompt) == Approx(expected).epsilon(1e-9));
  }
  CHECK(latency.prefill_s(0.0) == 0.0);
}

TEST_CASE("the mean request takes the table's latency and the decode share scales with the output", "[sized]") {
  const Fixture f;
  const SizedRequestLatency latency = f.sized(1000.0, 300.0);
  const double table_s = 9.0;  // any L(n) at least the mean prefill
  const double prefill_mean_s = latency.prefill_s(1000.0);
  REQUIRE(prefill_mean_s < table_s);
  CHECK(latency.latency_s(table_s, 1000.0, 300.0) == Approx(table_s).epsilon(1e-12));
  CHECK(latency.latency_s(table_s, 1000.0, 600.0) == Approx(prefill_mean_s + 2.0 * (table_s - prefill_mean_s)));
  CHECK(latency.latency_s(table_s, 1000.0, 0.0) == Approx(prefill_mean_s));
  // Outputs spread evenly about the mean keep the mean latency (it is linear in O).
  const double spread = 0.5 * (latency.latency_s(table_s, 1000.0, 100.0) + latency.latency_s(table_s, 1000.0, 500.0));
  CHECK(spread == Approx(table_s).epsilon(1e-12));
}

TEST_CASE("prompts spread about the mean raise the mean latency only by prefill's convexity", "[sized]") {
  const Fixture f;
  const double table_s = 9.0;
  // Short prompts: prefill is nearly linear (attention is a few per cent of 2 N P), so the mean barely moves.
  const SizedRequestLatency chat = f.sized(1000.0, 300.0);
  const double chat_mean = 0.5 * (chat.latency_s(table_s, 500.0, 300.0) + chat.latency_s(table_s, 1500.0, 300.0));
  CHECK(chat_mean >= table_s);
  CHECK(chat_mean == Approx(table_s).epsilon(1e-3));
  // Long prompts: the quadratic term shows.
  const SizedRequestLatency documents = f.sized(32000.0, 300.0);
  const double long_mean =
      0.5 * (documents.latency_s(table_s, 0.0, 300.0) + documents.latency_s(table_s, 64000.0, 300.0));
  CHECK(long_mean > table_s + 0.01 * documents.prefill_s(32000.0));
}

TEST_CASE("a sized latency refuses what it cannot compute", "[sized]") {
  const Fixture f;
  CHECK_THROWS_AS(SizedRequestLatency(f.model, f.replica, f.efficiency, {}, 1000.0, 300.0), std::invalid_argument);
  CHECK_THROWS_AS(f.sized(-1.0, 300.0), std::invalid_argument);
  CHECK_THROWS_AS(f.sized(1000.0, -1.0), std::invalid_argument);
}
