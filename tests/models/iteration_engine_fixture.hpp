#pragma once
// Test support for the iteration engine's tests: Llama 3 70B on k H100s, and a run of requests to completion.
#include "llm_shapes.hpp"
#include "models/workload/iteration_engine.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace terawatt::testing {

constexpr double same_time = 1e-9;  // relative: the engine's roofline against the phase functions', round-off only

inline const AcceleratorSpec& h100() {
  return *find_accelerator("h100-sxm");
}

inline AcceleratorPowerModel h100_power(std::optional<double> cap_w = std::nullopt) {
  AcceleratorPowerParams p;
  p.tdp_w = h100().tdp_w;
  p.idle_w = h100().idle_w;
  p.power_cap_w = cap_w;
  return AcceleratorPowerModel(p);
}

// Llama 3 70B on k H100s. On 2 the cache is small: (2 x 80 GB x 0.9 - 140 GB) / (16 x 327,680 B) = 762 blocks.
inline IterationEngineConfig config(int accelerators) {
  IterationEngineConfig c;
  c.model = llama3_70b();
  c.replica = replica_hardware(h100(), accelerators);
  c.run_phase = llm_phase_run(h100_power());
  return c;
}

// A Mixtral-like MoE on k H100 (4 by default): 47e9 resident, 13e9 active, 32 layers of width 4096.
inline IterationEngineConfig mixtral_like(int accelerators = 4) {
  auto c = config(accelerators);
  c.model.active_parameters = 13e9;
  c.model.total_parameters = 47e9;
  c.model.layers = 32;
  c.model.hidden_size = 4096;
  return c;
}

struct Run {
  std::vector<IterationRecord> iterations;
  std::vector<FinishedRequest> finished;  // in completion order
};

// Submits every request (arrival order), then steps until the replica holds nothing, checking the cache each step.
inline Run run_all(IterationEngine& engine, const std::vector<EngineRequest>& requests) {
  for (const auto& r : requests) engine.submit(r);
  Run run;
  while (!engine.idle()) {
    run.iterations.push_back(engine.step());
    CHECK(engine.kv_blocks_free() >= 0);
    CHECK(engine.kv_blocks_free() <= engine.kv_blocks_total());
    auto& done = engine.finished();
    run.finished.insert(run.finished.end(), done.begin(), done.end());
    done.clear();
  }
  return run;
}

inline std::vector<EngineRequest> same_requests(int count, double arrival_s, int prompt, int output) {
  std::vector<EngineRequest> r;
  for (int i = 0; i < count; ++i) r.push_back({static_cast<std::uint64_t>(i), arrival_s, prompt, output});
  return r;
}

}  // namespace terawatt::testing
