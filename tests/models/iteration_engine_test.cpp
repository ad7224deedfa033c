#include "iteration_engine_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

using namespace terawatt;

namespace {

using namespace terawatt::testing;

double sum_prefill(const Run& run) {
  double total = 0.0;
  for (const auto& it : run.iterations) total += it.prefill_tokens;
  return total;
}

int preemptions(const Run& run) {
  int total = 0;
  for (const auto& f : run.finished) total += f.preemptions;
  return total;
}

}  // namespace

TEST_CASE("the paged KV cache holds floor((k HBM x 0.9 - weights) / (16 x KV bytes per token)) blocks", "[iteration]") {
  IterationEngine two(config(2));
  CHECK(two.kv_block_bytes() == 16.0 * 327680.0);
  CHECK(two.kv_blocks_total() == static_cast<std::int64_t>(std::floor((160e9 * 0.9 - 140e9) / (16.0 * 327680.0))));
  CHECK(two.kv_blocks_total() == 762);
  CHECK(two.kv_blocks_free() == 762);
  // 140 GB of weights in 0.9 x 80 GB leave nothing.
  CHECK_THROWS_WITH(IterationEngine(config(1)), Catch::Contains("leave no KV block"));
  // 762 blocks hold 12,192 tokens: P + O - 1 = 12,193 needs one block more.
  CHECK_THROWS_WITH(two.submit({7, 0.0, 12000, 194}), Catch::Contains("needs 763 KV blocks"));
  CHECK_NOTHROW(two.submit({8, 0.0, 12000, 193}));
  CHECK_THROWS_AS(two.submit({9, -1.0, 10, 10}), std::invalid_argument);  // before the previous arrival
  auto bad = config(2);
  bad.max_batched_tokens = 100;  // below max_num_seqs 256
  CHECK_THROWS_AS(IterationEngine(bad), std::invalid_argument);
}

TEST_CASE("a prompt alone, unchunked, takes prefill_time and draws the phase's power", "[iteration]") {
  auto c = config(4);
  c.chunked_prefill = false;
  IterationEngine engine(c);
  engine.submit({1, 2.5, 3000, 1});  // longer than the 2048 budget: admitted whole, alone
  const IterationRecord it = engine.step();
  const PhaseTime prefill = prefill_time(c.model, c.replica, c.efficiency, 3000.0);
  CHECK(it.start_s == 2.5);
  CHECK(it.prefill_tokens == 3000);
  CHECK(it.duration_s == Approx(prefill.duration_s).epsilon(same_time));
  CHECK(it.flop == Approx(prefill.flop).epsilon(same_time));
  CHECK(it.hbm_bytes == Approx(prefill.bytes).epsilon(same_time));
  CHECK(it.accelerator_power_w == Approx(c.run_phase(prefill).power_w).epsilon(same_time));
  REQUIRE(engine.finished().size() == 1);
  CHECK(engine.finished()[0].first_token_s == Approx(2.5 + prefill.duration_s).epsilon(same_time));
  CHECK(engine.idle());
}

TEST_CASE("one decode iteration of B sequences at context L takes decode_step_time(B, L)", "[iteration]") {
  auto c = config(4);
  LlmArchitecture moe = llama3_70b();  // and a MoE: weights read = min(resident, active x B), as decode_step_time
  moe.active_parameters = 20e9;
  moe.total_parameters = 100e9;
  for (const auto& model : {c.model, moe}) {
    c.model = model;
    IterationEngine engine(c);
    for (const auto& r : same_requests(8, 0.0, 200, 3)) engine.submit(r);
    const IterationRecord prefill = engine.step();  // 8 x 200 = 1,600 tokens within the budget: one iteration
    CHECK(prefill.prefill_tokens == 1600);
    const IterationRecord decode = engine.step();
    const PhaseTime expected = decode_step_time(model, c.replica, c.efficiency, 8.0, 200.0);
    CHECK(decode.decode_tokens == 8);
    CHECK(decode.prefill_tokens == 0);
    CHECK(decode.start_s == prefill.end_s());
    CHECK(decode.duration_s == Approx(expected.duration_s).epsilon(same_time));
    CHECK(decode.hbm_bytes == Approx(expected.bytes).epsilon(same_time));
    CHECK(decode.accelerator_power_w == Approx(c.run_phase(expected).power_w).epsilon(same_time));
  }
}

TEST_CASE("under a power cap an iteration draws the cap and runs as llm_phase_run stretches it", "[iteration]") {
  auto c = config(4);
  c.run_phase = llm_phase_run(h100_power(400.0));
  IterationEngine engine(c);
  engine.submit({1, 0.0, 2000, 1});
  const IterationRecord it = engine.step();
  const PhaseTime prefill = prefill_time(c.model, c.replica, c.efficiency, 2000.0);
  CHECK(it.accelerator_power_w == Approx(400.0).epsilon(same_time));
  CHECK(it.duration_s > prefill.duration_s * 1.05);
  CHECK(it.duration_s == Approx(c.run_phase(prefill).duration_s).epsilon(same_time));
}

TEST_CASE("chunked prefill keeps every iteration within the token budget, and chunks add up to the prompt's FLOPs",
          "[iteration]") {
  auto c = config(4);
  IterationEngine engine(c);
  const Run run = run_all(engine, {{1, 0.0, 5000, 2}});
  // 5,000 = 2,048 + 2,048 + 904, then one decode.
  REQUIRE(run.iterations.size() == 4);
  CHECK(run.iterations[0].prefill_tokens == 2048);
  CHECK(run.iterations[2].prefill_tokens == 904);
  double flop = 0.0, bytes = 0.0;
  for (int i = 0; i < 3; ++i) {
    flop += run.iterations[i].flop;
    bytes += run.iterations[i].hbm_bytes;
  }
  // Causal attention over the chunks sums to the whole prompt's P^2 / 2 pairs, so the FLOPs equal prefill_time's.
  CHECK(flop == Approx(prefill_time(c.model, c.replica, c.efficiency, 5000.0).flop).epsilon(same_time));
  // Each chunk reads the weights and the cached tokens before it: 3 x 140 GB + (5,000 + 2,048 + 4,096) x 327,680 B.
  CHECK(bytes == Approx(3 * 140e9 + (5000.0 + 2048.0 + 4096.0) * 327680.0).epsilon(same_time));
  CHECK(run.finished[0].ttft_s() == Approx(run.iterations[2].end_s()).epsilon(same_time));

  // A busy mix: every iteration's tokens stay within the budget, and the budget is used when prompts wait.
  IterationEngine busy(c);
  const Run mixed = run_all(busy, same_requests(40, 0.0, 1500, 50));
  bool budget_filled = false;
  for (const auto& it : mixed.iterations) {
    CHECK(it.prefill_tokens + it.decode_tokens <= c.max_batched_tokens);
    budget_filled = budget_filled || it.prefill_tokens + it.decode_tokens == c.max_batched_tokens;
  }
  CHECK(budget_filled);
}

TEST_CASE("an idle replica runs no iteration, and the next starts at the next arrival", "[iteration]") {
  IterationEngine engine(config(4));
  CHECK(engine.idle());
  CHECK(engine.next_start_s() == std::numeric_limits<double>::infinity());
  CHECK_THROWS_AS(engine.step(), std::logic_error);
  CHECK(engine.now_s() == 0.0);
  engine.submit({1, 10.0, 100, 2});
  CHECK_FALSE(engine.idle());
  CHECK(engine.next_start_s() == 10.0);
  CHECK(engine.step().start_s == 10.0);
  CHECK(engine.next_start_s() == engine.now_s());  // a sequence is decoding
  engine.step();
  CHECK(engine.idle());
  CHECK(engine.next_start_s() == std::numeric_limits<double>::infinity());
  engine.submit({2, 100.0, 100, 2});
  CHECK(engine.step().start_s == 100.0);
}

TEST_CASE("energy and tokens are conserved and the cache stays within bounds through preemptions", "[iteration]") {
  const auto c = config(2);  // 762 blocks
  std::mt19937 random(12345);
  std::uniform_int_distribution<int> prompt(1, 3000), output(1, 800);
  std::exponential_distribution<double> gap_s(4.0);
  std::vector<EngineRequest> requests;
  double t = 0.0;
  for (std::uint64_t i = 0; i < 120; ++i) requests.push_back({i, t += gap_s(random), prompt(random), output(random)});
  IterationEngine engine(c);
  const Run run = run_all(engine, requests);
  REQUIRE(run.finished.size() == requests.size());
  CHECK(preemptions(run) > 0);

  double iteration_energy_j = 0.0, request_energy_j = 0.0, decode_tokens = 0.0;
  for (const auto& it : run.iterations) {
    iteration_energy_j += it.accelerator_power_w * it.duration_s * c.replica.accelerators;
    decode_tokens += it.decode_tokens;
    CHECK(it.kv_blocks_used <= engine.kv_blocks_total());
    CHECK(it.kv_blocks_used >= 0);
    CHECK(it.prefill_tokens + it.decode_tokens <= c.max_batched_tokens);
  }
  double prompts = 0.0, recomputed = 0.0, decodes_unpreempted = 0.0;
  for (const auto& f : run.finished) {
    request_energy_j += f.accelerator_energy_j;
    const auto& asked = requests[f.id];
    CHECK(f.output_tokens == asked.output_tokens);
    CHECK(f.first_token_s > f.arrival_s);
    CHECK(f.finish_s >= f.first_token_s);
    prompts += asked.prompt_tokens;
    recomputed += static_cast<double>(f.recomputed_tokens);
    decodes_unpreempted += asked.output_tokens - 1;
  }
  CHECK(request_energy_j == Approx(iteration_energy_j).epsilon(same_time));
  // Prefill runs every prompt once plus what preemptions made it recompute.
  CHECK(sum_prefill(run) == prompts + recomputed);
  // A re-prefill of a decoding sequence computes its pending token, which then needs no decode iteration.
  CHECK(decode_tokens <= decodes_unpreempted);
  CHECK(decode_tokens >= decodes_unpreempted - preemptions(run));
  CHECK(engine.kv_blocks_free() == engine.kv_blocks_total());
}

TEST_CASE("with one slot requests finish in arrival order, each starting after the previous ends", "[iteration]") {
  auto c = config(4);
  c.max_num_seqs = 1;
  IterationEngine engine(c);
  std::vector<EngineRequest> requests;
  for (std::uint64_t i = 0; i < 6; ++i) {
    requests.push_back(
        {i, 0.01 * static_cast<double>(i), 100 + 300 * static_cast<int>(i % 3), 20 + 7 * static_cast<int>(i)});
  }
  const Run run = run_all(engine, requests);
  REQUIRE(run.finished.size() == requests.size());
  for (std::size_t i = 0; i < run.finished.size(); ++i) {
    CHECK(run.finished[i].id == i);
    if (i > 0) CHECK(run.finished[i].first_token_s > run.finished[i - 1].finish_s);
  }
  for (const auto& it : run.iterations) CHECK(it.sequences == 1);
}

TEST_CASE("a small cache preempts, completes every request, and prefills more than a large one", "[iteration]") {
  // 24 requests of 256 + 512 tokens: each ends up holding 48 blocks, 1,152 in all.
  const auto requests = same_requests(24, 0.0, 256, 512);
  auto small = config(2);  // 762 blocks: decodes outgrow the cache
  auto large = config(2);
  large.gpu_memory_utilisation = 0.95;  // (152 - 140) GB / 5.24 MB = 2,288 blocks: everything fits
  IterationEngine small_engine(small), large_engine(large);
  const Run preempted = run_all(small_engine, requests);
  const Run roomy = run_all(large_engine, requests);
  REQUIRE(preempted.finished.size() == requests.size());
  REQUIRE(roomy.finished.size() == requests.size());
  CHECK(preemptions(roomy) == 0);
  CHECK(sum_prefill(roomy) == 24 * 256);
  CHECK(preemptions(preempted) > 0);
  CHECK(sum_prefill(preempted) > sum_prefill(roomy));
  for (const auto& f : preempted.finished) CHECK(f.output_tokens == 512);
  // The preempted run is slower: it repeats work and, at times, holds fewer sequences.
  CHECK(preempted.iterations.back().end_s() > roomy.iterations.back().end_s());
}

TEST_CASE("a long prompt stalls decoders for its whole prefill under prefill-first, not under chunked decode-first",
          "[iteration]") {
  // 4 chats decoding (128 + 400 tokens) when a 16,000-token prompt arrives at 1 s.
  auto requests = same_requests(4, 0.0, 128, 400);
  requests.push_back({99, 1.0, 16000, 4});
  auto v0 = config(4);
  v0.policy = BatchPolicy::prefill_first;
  v0.chunked_prefill = false;
  const auto v1 = config(4);
  IterationEngine prefill_first(v0), decode_first(v1);
  const Run stalled = run_all(prefill_first, requests);
  const Run smooth = run_all(decode_first, requests);
  const double long_prefill_s = prefill_time(v0.model, v0.replica, v0.efficiency, 16000.0).duration_s;
  auto worst_chat_gap_s = [](const Run& run) {
    double gap_s = 0.0;
    for (const auto& f : run.finished) {
      if (f.id != 99) gap_s = std::max(gap_s, f.max_token_gap_s);
    }
    return gap_s;
  };
  CHECK(worst_chat_gap_s(stalled) >= long_prefill_s);
  CHECK(worst_chat_gap_s(smooth) < 0.25 * long_prefill_s);
  // The price: the chunked long prompt re-reads weights and its cache per chunk and shares iterations, so its first
  // token comes later.
  auto long_ttft_s = [](const Run& run) {
    return std::find_if(run.finished.begin(), run.finished.end(), [](const auto& f) { return f.id == 99; })->ttft_s();
  };
  CHECK(long_ttft_s(smooth) > long_ttft_s(stalled));
}

TEST_CASE("at low load TTFT is the prefill time and TPOT the mean decode step of batch 1", "[iteration]") {
  const auto c = config(4);
  const int prompt = 1000, output = 100;
  std::vector<EngineRequest> requests;
  for (std::uint64_t i = 0; i < 3; ++i) requests.push_back({i, 100.0 * static_cast<double>(i), prompt, output});
  IterationEngine engine(c);
  const Run run = run_all(engine, requests);
  // Decode i (i = 0 .. O - 2) attends to P + i cached tokens, alone.
  double decode_s = 0.0;
  for (int i = 0; i < output - 1; ++i) {
    decode_s += c.run_phase(decode_step_time(c.model, c.replica, c.efficiency, 1.0, prompt + i)).duration_s;
  }
  const double prefill_s = c.run_phase(prefill_time(c.model, c.replica, c.efficiency, prompt)).duration_s;
  REQUIRE(run.finished.size() == 3);
  for (const auto& f : run.finished) {
    CHECK(f.ttft_s() == Approx(prefill_s).epsilon(same_time));
    REQUIRE(f.tpot_s());
    CHECK(*f.tpot_s() == Approx(decode_s / (output - 1)).epsilon(same_time));
    CHECK(*f.tpot_s() >= decode_step_time(c.model, c.replica, c.efficiency, 1.0, prompt).duration_s);
    CHECK(f.preemptions == 0);
  }
}
