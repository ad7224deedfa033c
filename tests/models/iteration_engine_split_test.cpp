// The iteration engine across replicas and accelerators: a request prefilled on one replica and decoded on another
// (prefill/decode disaggregation), and the all-to-all of expert parallelism.
#include "iteration_engine_fixture.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

// Its experts: 2 per token in every layer, spread over the 4 H100 of one server (NVLink one way each).
ExpertParallel mixtral_experts() {
  ExpertParallel ep;
  ep.experts_per_token = 2;
  ep.moe_layers = 32;
  ep.intra_server_bytes_per_s = 4 * 450e9;
  return ep;
}

}  // namespace

TEST_CASE("a request prefilled on another replica decodes at once, as the same request's decode on one replica",
          "[iteration]") {
  const auto c = config(4);
  IterationEngine together(c);
  const Run whole = run_all(together, {{7, 0.0, 1000, 300}});
  REQUIRE(whole.finished.size() == 1);
  const FinishedRequest& one = whole.finished.front();

  // Prefill alone (one output token), then the decode elsewhere, its KV arriving 50 ms after its first token.
  IterationEngine prefill(c);
  const Run first = run_all(prefill, {{7, 0.0, 1000, 1}});
  REQUIRE(first.finished.size() == 1);
  CHECK(first.finished.front().first_token_s == Approx(one.first_token_s).epsilon(same_time));
  const double kv_arrival_s = first.finished.front().first_token_s + 0.05;
  IterationEngine decode(c);
  decode.submit_prefilled({7, kv_arrival_s, 1000, 300}, first.finished.front().first_token_s);
  const IterationRecord& opening = decode.step();
  CHECK(opening.start_s == kv_arrival_s);
  CHECK(opening.prefill_tokens == 0);
  CHECK(opening.decode_tokens == 1);
  CHECK(decode.kv_blocks_total() - decode.kv_blocks_free() == (1001 + 15) / 16);  // the prompt's and its own
  Run rest = run_all(decode, {});
  REQUIRE(rest.finished.size() == 1);
  const FinishedRequest& split = rest.finished.front();
  CHECK(split.first_token_s == first.finished.front().first_token_s);
  CHECK(split.output_tokens == 300);
  // The same 299 decode steps at the same contexts, 50 ms later; the energy is the decode's alone.
  CHECK(split.finish_s - kv_arrival_s == Approx(one.finish_s - one.first_token_s).epsilon(same_time));
  CHECK(split.max_token_gap_s >= 0.05);
  CHECK(split.accelerator_energy_j + first.finished.front().accelerator_energy_j ==
        Approx(one.accelerator_energy_j).epsilon(same_time));
}

TEST_CASE("a prefilled request is refused when its first token is after its arrival or it has nothing to decode",
          "[iteration]") {
  IterationEngine engine(config(4));
  CHECK_THROWS_AS(engine.submit_prefilled({1, 1.0, 100, 10}, 2.0), std::invalid_argument);
  CHECK_THROWS_AS(engine.submit_prefilled({2, 1.0, 100, 1}, 0.5), std::invalid_argument);
  CHECK(engine.idle());
}

TEST_CASE("expert parallelism moves tokens x experts x width x 2 bytes, twice a MoE layer, off each accelerator",
          "[iteration]") {
  ExpertParallel ep;
  ep.experts_per_token = 2;
  ep.moe_layers = 32;
  ep.intra_server_bytes_per_s = 4 * 450e9;  // 4 H100s, NVLink one way each
  ep.inter_server_bytes_per_s = 2 * 50e9;
  const double payload = 2.0 * 10.0 * 2.0 * 4096.0 * 2.0 * 32.0;  // dispatch and combine of 10 tokens
  CHECK(all_to_all_s(ep, 1, 4096, 10.0) == 0.0);                  // one accelerator holds every expert
  CHECK(all_to_all_s(ep, 4, 4096, 10.0) == Approx(payload * 0.75 / (4 * 450e9)).epsilon(1e-12));
  CHECK(all_to_all_legs(ep, 4, 4096, 10.0).fabric_bytes == 0.0);  // one server: nothing crosses the fabric
  ep.servers = 2;  // 8 accelerators on 2 servers: 3/8 crosses NVLink, 1/2 the fabric, the slower leg here
  CHECK(all_to_all_s(ep, 8, 4096, 10.0) == Approx(payload * 0.5 / (2 * 50e9)).epsilon(1e-12));
  CHECK(all_to_all_legs(ep, 8, 4096, 10.0).fabric_bytes == Approx(payload * 0.5).epsilon(1e-15));
  // The fabric's latency, once per exchange: dispatch and combine in each of the 32 MoE layers.
  ep.inter_server_latency_s = 2e-6;
  CHECK(all_to_all_s(ep, 8, 4096, 10.0) == Approx(payload * 0.5 / (2 * 50e9) + 64 * 2e-6).epsilon(1e-12));
  ep.inter_server_latency_s = -1e-6;
  CHECK_THROWS_AS(all_to_all_s(ep, 8, 4096, 10.0), std::invalid_argument);
  ep.inter_server_latency_s = 0.0;
  CHECK_THROWS_AS(all_to_all_s(ep, 7, 4096, 10.0), std::invalid_argument);  // not a multiple of the servers
  ep.inter_server_bytes_per_s = 0.0;
  CHECK_THROWS_AS(all_to_all_s(ep, 8, 4096, 10.0), std::invalid_argument);
}

TEST_CASE("an expert-parallel replica's iterations wait for their all-to-all, at the iteration's power",
          "[iteration]") {
  auto c = mixtral_like();
  const std::vector<EngineRequest> requests = same_requests(8, 0.0, 500, 20);
  IterationEngine plain(c);
  const Run without = run_all(plain, requests);
  ExpertParallel ep = mixtral_experts();
  c.expert_parallel = ep;
  IterationEngine exchanging(c);
  const Run with = run_all(exchanging, requests);
  REQUIRE(with.iterations.size() == without.iterations.size());
  for (std::size_t i = 0; i < with.iterations.size(); ++i) {
    const IterationRecord& a = with.iterations[i];
    const IterationRecord& b = without.iterations[i];
    const double tokens = a.prefill_tokens + a.decode_tokens;
    CHECK(a.all_to_all_s == Approx(all_to_all_s(ep, 4, 4096, tokens)).epsilon(1e-12));
    CHECK(a.duration_s == Approx(b.duration_s + a.all_to_all_s).epsilon(1e-12));
    CHECK(a.accelerator_power_w == b.accelerator_power_w);
    CHECK(a.fabric_bytes == 0.0);  // one server
  }
  ep.servers = 3;  // 4 accelerators are not a whole number per server
  c.expert_parallel = ep;
  CHECK_THROWS_AS(IterationEngine(c), std::invalid_argument);
}

TEST_CASE("a pipeline stage's activations hop to the next stage over the interconnect, or the fabric and its latency",
          "[iteration]") {
  PipelineHops hops;
  CHECK(pipeline_hops_s(hops, 8192, 100.0) == 0.0);  // one stage
  hops.intra_server = 2;
  hops.intra_server_bytes_per_s = 4 * 450e9;
  hops.inter_server = 1;
  hops.inter_server_bytes_per_s = 400e9;
  hops.inter_server_latency_s = 5e-6;
  const double bytes = 100.0 * 8192.0 * 2.0;
  CHECK(pipeline_hops_s(hops, 8192, 100.0) == Approx(2 * bytes / (4 * 450e9) + bytes / 400e9 + 5e-6).epsilon(1e-12));
  CHECK(pipeline_fabric_bytes(hops, 8192, 100.0) == Approx(bytes).epsilon(1e-15));  // the one hop between servers
  hops.inter_server_bytes_per_s = 0.0;
  CHECK_THROWS_AS(pipeline_hops_s(hops, 8192, 100.0), std::invalid_argument);
}

TEST_CASE("a pipeline stream holds its share of the weights and runs the whole model on a stage's accelerators",
          "[iteration]") {
  // Llama 3 70B on 8 H100 in 2 stages of 4: each stream's cache is half of (8 x 80 GB x 0.9 - 140 GB).
  auto c = config(4);
  c.pipeline_stages = 2;
  c.pipeline_hops.intra_server = 1;
  c.pipeline_hops.intra_server_bytes_per_s = 4 * 450e9;
  IterationEngine stream(c);
  IterationEngine whole(config(8));
  CHECK(stream.kv_blocks_total() == whole.kv_blocks_total() / 2);
  const Run staged = run_all(stream, same_requests(4, 0.0, 300, 5));
  IterationEngine four(config(4));  // the same accelerators without the pipeline, for the roofline
  const Run flat = run_all(four, same_requests(4, 0.0, 300, 5));
  REQUIRE(staged.iterations.size() == flat.iterations.size());
  for (std::size_t i = 0; i < staged.iterations.size(); ++i) {
    const IterationRecord& a = staged.iterations[i];
    CHECK(a.pipeline_hops_s == Approx(pipeline_hops_s(c.pipeline_hops, 8192, a.prefill_tokens + a.decode_tokens)));
    CHECK(a.duration_s == Approx(flat.iterations[i].duration_s + a.pipeline_hops_s).epsilon(1e-12));
  }
}

TEST_CASE("a pipeline stream of a mixture of experts waits for its stages' hops and its all-to-all, both",
          "[iteration]") {
  auto c = mixtral_like();  // 2 stages of 4 H100 on one server
  IterationEngine plain(c);
  const Run flat = run_all(plain, same_requests(4, 0.0, 300, 5));
  c.pipeline_stages = 2;
  c.pipeline_hops.intra_server = 1;
  c.pipeline_hops.intra_server_bytes_per_s = 4 * 450e9;
  ExpertParallel ep = mixtral_experts();
  c.expert_parallel = ep;
  IterationEngine stream(c);
  const Run staged = run_all(stream, same_requests(4, 0.0, 300, 5));
  REQUIRE(staged.iterations.size() == flat.iterations.size());
  for (std::size_t i = 0; i < staged.iterations.size(); ++i) {
    const IterationRecord& a = staged.iterations[i];
    const double tokens = a.prefill_tokens + a.decode_tokens;
    CHECK(a.all_to_all_s == Approx(all_to_all_s(ep, 4, 4096, tokens)).epsilon(1e-12));
    CHECK(a.pipeline_hops_s == Approx(pipeline_hops_s(c.pipeline_hops, 4096, tokens)).epsilon(1e-12));
    CHECK(a.duration_s == Approx(flat.iterations[i].duration_s + a.all_to_all_s + a.pipeline_hops_s).epsilon(1e-12));
  }
}

TEST_CASE("a prefill replica holds a finished prompt's KV until it is sent, and stalls while it leaves no room",
          "[iteration]") {
  // Two 8,000-token prompts (500 blocks each) on the 762 blocks of 2 H100s: the second cannot finish its prefill
  // while the first's cache waits to be sent.
  IterationEngine engine(config(2));
  engine.keep_finished_kv();
  engine.submit({1, 0.0, 8000, 1});
  engine.submit({2, 0.0, 8000, 1});
  std::vector<FinishedRequest> done;
  const auto run_until_stall = [&engine, &done] {
    while (std::isfinite(engine.next_start_s())) {
      if (engine.step().sequences == 0) break;
      done.insert(done.end(), engine.finished().begin(), engine.finished().end());
      engine.finished().clear();
    }
  };
  run_until_stall();
  REQUIRE(done.size() == 1);
  CHECK(done.front().id == 1);
  CHECK(done.front().held_kv_blocks == 500);
  CHECK(engine.kv_blocks_held() == 500);
  CHECK_FALSE(engine.idle());
  CHECK(std::isinf(engine.next_start_s()));
  CHECK_THROWS_AS(engine.step(), std::logic_error);
  CHECK_THROWS_AS(engine.release_kv(501, engine.now_s()), std::invalid_argument);

  // Sent one second later: the blocks return, and the second prompt resumes then.
  const double sent_s = engine.now_s() + 1.0;
  engine.release_kv(500, sent_s);
  CHECK(engine.next_start_s() == sent_s);
  run_until_stall();
  REQUIRE(done.size() == 2);
  CHECK(done.back().first_token_s > sent_s);
  CHECK(engine.idle());
  engine.release_kv(done.back().held_kv_blocks, engine.now_s());
  CHECK(engine.kv_blocks_free() == engine.kv_blocks_total());
}
