#include "models/workload/llm_inference_cost.hpp"
#include "llm_shapes.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace terawatt;

namespace {

using testing::llama3_70b;

const AcceleratorSpec& h100() {
  return *find_accelerator("h100-sxm");
}

AcceleratorPowerModel h100_power() {
  AcceleratorPowerParams p;
  p.tdp_w = h100().tdp_w;
  p.idle_w = h100().idle_w;
  return AcceleratorPowerModel(p);
}

}  // namespace

TEST_CASE("KV cache bytes per token are 2 x layers x KV heads x head dim x bytes") {
  // Llama 3 70B in BF16: 2 x 80 x 8 x 128 x 2 = 327,680 B (320 KiB) per token.
  CHECK(kv_cache_bytes_per_token(llama3_70b()) == 327680.0);
  auto fp8 = llama3_70b();
  fp8.kv_bytes_per_value = 1.0;
  CHECK(kv_cache_bytes_per_token(fp8) == 163840.0);
}

TEST_CASE("prefill of a long prompt is compute-bound: (2 N P + 2 layers d P^2) / (k peak eff) / tp") {
  const auto model = llama3_70b();
  const auto replica = replica_hardware(h100(), 2);
  const InferenceEfficiency eff;
  const double p = 2000.0;
  const PhaseTime t = prefill_time(model, replica, eff, p);
  const double flop = 2.0 * 70e9 * p + 2.0 * 80 * 8192.0 * p * p;
  CHECK(t.flop == Approx(flop).epsilon(1e-12));
  CHECK(t.bytes == Approx(140e9 + p * 327680.0).epsilon(1e-12));
  CHECK_FALSE(t.memory_bound());
  CHECK(t.compute_utilisation == 1.0);
  CHECK(t.duration_s == Approx(flop / (2 * 989e12 * 0.40) / 0.90).epsilon(1e-12));
}

TEST_CASE("decode at batch 1 is memory-bound: weights + KV read at HBM bandwidth") {
  const auto model = llama3_70b();
  const auto replica = replica_hardware(h100(), 2);
  const InferenceEfficiency eff;
  const double context = 1000.0;
  const PhaseTime t = decode_step_time(model, replica, eff, 1.0, context);
  const double bytes = 140e9 + context * 327680.0;
  CHECK(t.memory_bound());
  CHECK(t.bytes == Approx(bytes).epsilon(1e-12));
  CHECK(t.duration_s == Approx(bytes / (2 * 3.35e12 * 0.80) / 0.90).epsilon(1e-12));
  // Below the ridge, utilisation = arithmetic intensity / ridge point of the roofline.
  const double intensity_flop_per_byte = t.flop / t.bytes;
  const double ridge_flop_per_byte = (989e12 * 0.40) / (3.35e12 * 0.80);
  CHECK(t.compute_utilisation == Approx(intensity_flop_per_byte / ridge_flop_per_byte).epsilon(1e-12));
  CHECK(t.flop == Approx(2.0 * 70e9 + 4.0 * 80 * 8192.0 * context).epsilon(1e-12));
}

TEST_CASE("decode turns compute-bound at the ridge batch and throughput saturates there") {
  const auto model = llama3_70b();
  const auto replica = replica_hardware(h100(), 1);  // throughput only; memory is checked elsewhere
  const InferenceEfficiency eff;
  // At zero context the step reads the weights once (2N bytes) and does 2N FLOPs per sequence, so the ridge batch is
  // bytes_per_parameter x peak x eff_c / (2 x bandwidth x eff_m) = 2 x 989e12 x 0.4 / (2 x 3.35e12 x 0.8) = 147.6.
  const double ridge_batch = 2.0 * 989e12 * 0.40 / (2.0 * 3.35e12 * 0.80);
  CHECK(decode_step_time(model, replica, eff, 147.0, 0.0).memory_bound());
  CHECK_FALSE(decode_step_time(model, replica, eff, 148.0, 0.0).memory_bound());
  // Below the ridge the step time is flat, so tokens/s grows linearly with the batch.
  CHECK(decode_tokens_per_s(model, replica, eff, 64.0, 0.0) ==
        Approx(64.0 * decode_tokens_per_s(model, replica, eff, 1.0, 0.0)).epsilon(1e-12));
  // Above it, tokens/s is the compute ceiling k x peak x eff / (2N).
  const double ceiling = 989e12 * 0.40 / (2.0 * 70e9);
  CHECK(decode_tokens_per_s(model, replica, eff, 512.0, 0.0) == Approx(ceiling).epsilon(1e-12));
  CHECK(decode_tokens_per_s(model, replica, eff, ridge_batch, 0.0) == Approx(ceiling).epsilon(1e-9));
  double previous = 0.0;
  for (double b = 1.0; b <= 1024.0; b *= 2.0) {
    const double rate = decode_tokens_per_s(model, replica, eff, b, 4096.0);
    CHECK(rate >= previous);
    CHECK(rate <= ceiling);
    previous = rate;
  }
}

TEST_CASE("MoE decode reads between the active and the resident weights, memory holds all of them") {
  LlmArchitecture moe = llama3_70b();
  moe.active_parameters = 100e9;
  moe.total_parameters = 400e9;
  const auto replica = replica_hardware(h100(), 8);
  const InferenceEfficiency eff;
  CHECK(decode_step_time(moe, replica, eff, 1.0, 0.0).bytes == Approx(2 * 100e9));
  CHECK(decode_step_time(moe, replica, eff, 2.0, 0.0).bytes == Approx(2 * 200e9));
  CHECK(decode_step_time(moe, replica, eff, 8.0, 0.0).bytes == Approx(2 * 400e9));
  CHECK(check_memory_fit(moe, replica, 1.0, 0.0).weights_bytes == Approx(800e9));
  // FLOPs follow the active parameters only: 2N per token, as Epoch counts (RC-23).
  CHECK(decode_step_time(moe, replica, eff, 1.0, 0.0).flop == Approx(2.0 * 100e9).epsilon(1e-12));
}

TEST_CASE("memory fit: weights plus KV for batch x context against k x HBM, with a reason when it fails") {
  const auto model = llama3_70b();
  const MemoryFit one = check_memory_fit(model, replica_hardware(h100(), 1), 1.0, 1000.0);
  CHECK_FALSE(one.fits);
  CHECK(one.reason.find("weights alone (140.0 GB) exceed the 80.0 GB of HBM on 1 accelerator") != std::string::npos);

  const auto two = replica_hardware(h100(), 2);
  // (160 GB - 140 GB) / (8192 x 327,680 B) = 7.45 sequences.
  const double expected = std::floor((160e9 - 140e9) / (8192.0 * 327680.0));
  CHECK(expected == 7.0);
  CHECK(max_batch_in_memory(model, two, 8192.0) == expected);
  CHECK(check_memory_fit(model, two, 7.0, 8192.0).fits);
  CHECK(check_memory_fit(model, two, 7.0, 8192.0).reason.empty());
  const MemoryFit eight = check_memory_fit(model, two, 8.0, 8192.0);
  CHECK_FALSE(eight.fits);
  CHECK(eight.kv_cache_bytes == Approx(8 * 8192.0 * 327680.0));
  CHECK(eight.reason.find("at most 7 sequences fit") != std::string::npos);
  CHECK(max_batch_in_memory(model, replica_hardware(h100(), 1), 8192.0) == 0.0);
}

TEST_CASE("phase power: compute intensity when compute-bound, TDP / 4.1 when fully memory-bound") {
  const AcceleratorPowerModel accel = h100_power();
  const LlmPowerParams params;
  CHECK(llm_uncapped_power_w(accel, params, 1.0) == Approx(accel.power_w(WorkKind::compute)).epsilon(1e-12));
  // ML.ENERGY, docs/references.md E
  CHECK(llm_uncapped_power_w(accel, params, 0.0) == Approx(700.0 / 4.1).epsilon(1e-12));
  CHECK(llm_uncapped_power_w(accel, params, 0.5) ==
        Approx(0.5 * (llm_uncapped_power_w(accel, params, 0.0) + llm_uncapped_power_w(accel, params, 1.0)))
            .epsilon(1e-12));

  // Decode draws well below TDP and rises with the batch; prefill draws the compute level.
  const auto model = llama3_70b();
  const auto replica = replica_hardware(h100(), 2);
  const InferenceEfficiency eff;
  const PhaseRunFunction run = llm_phase_run(accel);
  const double p1 = run(decode_step_time(model, replica, eff, 1.0, 2048.0)).power_w;
  const double p16 = run(decode_step_time(model, replica, eff, 16.0, 2048.0)).power_w;
  const double prefill = run(prefill_time(model, replica, eff, 2048.0)).power_w;
  CHECK(p1 < 0.3 * 700.0);
  CHECK(p1 < p16);
  CHECK(p16 < prefill);
  CHECK(prefill == Approx(accel.power_w(WorkKind::compute)));
  CHECK(prefill < 700.0);
}

namespace {
AcceleratorPowerModel h100_capped(double cap_w) {
  AcceleratorPowerParams p;
  p.tdp_w = h100().tdp_w;
  p.idle_w = h100().idle_w;
  p.power_cap_w = cap_w;
  return AcceleratorPowerModel(p);
}
// Closed-form arithmetic: equal up to rounding.
constexpr double exact = 1e-12;
}  // namespace

TEST_CASE("a cap above a decode step's power changes neither its power nor its time") {
  // Llama 3 70B on 4 H100 at batch 1: memory-bound, about 174 W uncapped, far below a 300 W cap.
  const PhaseTime step =
      decode_step_time(llama3_70b(), replica_hardware(h100(), 4), InferenceEfficiency{}, 1.0, 1000.0);
  const PhaseRun free = llm_phase_run(h100_power())(step);
  const PhaseRun capped = llm_phase_run(h100_capped(300.0))(step);
  REQUIRE(free.power_w < 300.0);
  CHECK(capped.power_w == Approx(free.power_w).epsilon(exact));
  CHECK(capped.duration_s == Approx(step.duration_s).epsilon(exact));
  CHECK(free.duration_s == Approx(step.duration_s).epsilon(exact));
}

TEST_CASE("decode under a cap below its power is clipped to the cap and slows by its compute share only") {
  // Llama 3 70B on 4 H100 at batch 64: the roofline's compute share u is about 0.38, power about 340 W uncapped.
  const PhaseTime step =
      decode_step_time(llama3_70b(), replica_hardware(h100(), 4), InferenceEfficiency{}, 64.0, 1000.0);
  const double u = step.compute_utilisation;
  const double uncapped_w = llm_uncapped_power_w(h100_power(), LlmPowerParams{}, u);
  REQUIRE(uncapped_w > 300.0);
  const PhaseRun capped = llm_phase_run(h100_capped(300.0))(step);
  // Clock f = ((300 - idle) / (P_u - idle))^(1/3); only the compute share u of the step stretches by 1 / f.
  const double idle_w = h100().idle_w;
  const double f = std::cbrt((300.0 - idle_w) / (uncapped_w - idle_w));
  CHECK(capped.power_w == 300.0);
  CHECK(capped.duration_s == Approx(step.duration_s * ((1.0 - u) + u / f)).epsilon(exact));
  CHECK(capped.duration_s > step.duration_s);
  CHECK(capped.duration_s < step.duration_s / f);
}

TEST_CASE("prefill under a cap below the compute power draws the cap and slows by the cube root") {
  const PhaseTime prefill = prefill_time(llama3_70b(), replica_hardware(h100(), 4), InferenceEfficiency{}, 1000.0);
  REQUIRE(prefill.compute_utilisation == 1.0);
  const PhaseRun capped = llm_phase_run(h100_capped(500.0))(prefill);
  const double idle_w = h100().idle_w;
  const double f = std::cbrt((500.0 - idle_w) / (h100_power().power_w(WorkKind::compute) - idle_w));
  CHECK(capped.power_w == 500.0);
  CHECK(capped.duration_s == Approx(prefill.duration_s / f).epsilon(exact));
}

TEST_CASE("request cost sums decode steps over the growing context and charges 1 / batch of each") {
  const auto model = llama3_70b();
  const auto replica = replica_hardware(h100(), 4);
  const InferenceEfficiency eff;
  const LlmRequest request{1000.0, 300.0};
  const double batch = 16.0;
  const double constant_w = 500.0;
  const PhaseRunFunction flat = [constant_w](const PhaseTime& phase) { return PhaseRun{phase.duration_s, constant_w}; };
  const LlmRequestCost cost = llm_request_cost(model, replica, eff, request, batch, flat);

  double decode_s = 0.0;
  for (int i = 0; i < 300; ++i) decode_s += decode_step_time(model, replica, eff, batch, 1000.0 + i).duration_s;
  CHECK(cost.decode_s == Approx(decode_s).epsilon(1e-12));
  CHECK(cost.prefill_s == Approx(prefill_time(model, replica, eff, 1000.0).duration_s).epsilon(1e-12));
  CHECK(cost.accelerator_s == Approx(4.0 * (cost.prefill_s + cost.decode_s / batch)).epsilon(1e-12));
  // With a constant power the energy is power x GPU-seconds.
  CHECK(cost.energy_j() == Approx(constant_w * cost.accelerator_s).epsilon(1e-12));

  // A fractional output count adds that fraction of one more step.
  const LlmRequestCost half = llm_request_cost(model, replica, eff, LlmRequest{1000.0, 300.5}, batch, flat);
  CHECK(half.decode_s ==
        Approx(decode_s + 0.5 * decode_step_time(model, replica, eff, batch, 1300.0).duration_s).epsilon(1e-12));

  // With the physical power curve, decode costs less per GPU-second than prefill.
  const LlmRequestCost real = llm_request_cost(model, replica, eff, request, batch, llm_phase_run(h100_power()));
  CHECK(real.decode_energy_j / (4.0 * real.decode_s / batch) < real.prefill_energy_j / (4.0 * real.prefill_s));
}

TEST_CASE("request cost refuses a batch whose KV cache does not fit, with the reason") {
  const auto model = llama3_70b();
  const auto replica = replica_hardware(h100(), 2);
  const PhaseRunFunction flat = [](const PhaseTime& phase) { return PhaseRun{phase.duration_s, 500.0}; };
  CHECK_THROWS_WITH(llm_request_cost(model, replica, InferenceEfficiency{}, LlmRequest{8000.0, 192.0}, 8.0, flat),
                    Catch::Contains("at most 7 sequences fit"));
  CHECK_THROWS_AS(llm_request_cost(model, replica, InferenceEfficiency{}, LlmRequest{10.0, 10.0}, 0.0, flat),
                  std::invalid_argument);
}

TEST_CASE("Epoch AI's per-query arithmetic reproduces 0.3 Wh (docs/references.md RC-23)") {
  const EpochQueryInputs baseline;  // defaults are the spreadsheet's baseline column
  const EpochQueryEstimate e = epoch_style_query_energy(baseline);
  CHECK(e.flop == Approx(1e14).epsilon(1e-12));
  CHECK(e.gpu_s == Approx(1.01).epsilon(0.005));
  CHECK(e.average_power_w == Approx(1071.0).epsilon(0.001));
  CHECK(e.energy_wh == Approx(0.301).epsilon(0.02));
  CHECK(e.energy_j == Approx(e.energy_wh * 3600.0).epsilon(1e-12));
}

TEST_CASE("Epoch AI's spreadsheet variants reproduce from their inputs within 2 % (docs/references.md RC-23)") {
  // Inputs per column of the spreadsheet linked from the article (pages corpus); outputs as docs/references.md prints
  // them.
  EpochQueryInputs long_output;
  long_output.output_tokens = 1500.0;
  CHECK(epoch_style_query_energy_wh(long_output) == Approx(0.90).epsilon(0.02));

  EpochQueryInputs small_model;  // "Smaller model (e.g. 4o-mini)": 20B active
  small_model.active_parameters = 20e9;
  CHECK(epoch_style_query_energy_wh(small_model) == Approx(0.06).epsilon(0.02));

  EpochQueryInputs pessimistic;  // 200B active, 5 % utilisation, PUE 1.3
  pessimistic.active_parameters = 200e9;
  pessimistic.flop_utilisation = 0.05;
  pessimistic.pue = 1.3;
  CHECK(epoch_style_query_energy_wh(pessimistic) == Approx(1.30).epsilon(0.02));

  EpochQueryInputs pessimistic_long = pessimistic;
  pessimistic_long.output_tokens = 1500.0;
  CHECK(epoch_style_query_energy_wh(pessimistic_long) == Approx(3.91).epsilon(0.02));

  EpochQueryInputs broken;
  broken.flop_utilisation = 1.5;
  CHECK_THROWS_AS(epoch_style_query_energy(broken), std::invalid_argument);
}

TEST_CASE("LLM inference cost rejects impossible inputs") {
  const auto replica = replica_hardware(h100(), 1);
  LlmArchitecture no_layers = llama3_70b();
  no_layers.layers = 0;
  CHECK_THROWS_AS(decode_step_time(no_layers, replica, InferenceEfficiency{}, 1.0, 0.0), std::invalid_argument);
  InferenceEfficiency too_good;
  too_good.compute = 1.2;
  CHECK_THROWS_AS(prefill_time(llama3_70b(), replica, too_good, 10.0), std::invalid_argument);
  CHECK_THROWS_AS(replica_hardware(h100(), 0), std::invalid_argument);
  LlmArchitecture smaller_total = llama3_70b();
  smaller_total.total_parameters = 1e9;
  CHECK_THROWS_AS(kv_cache_bytes_per_token(smaller_total), std::invalid_argument);
}
