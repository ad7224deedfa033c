// Measured phase powers of an inference replica (models/workload/replica_service.hpp, MeasuredPhasePowers): a study's
// prefill, decode and idle power of one accelerator imposed on the replica table, as a cluster's measured compute
// power is for training.
#include "llm_shapes.hpp"
#include "models/power/catalog.hpp"
#include "models/workload/replica_service.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <optional>
#include <stdexcept>

using namespace terawatt;

namespace {
using testing::llama3_70b;

AcceleratorPowerModel h100_power(std::optional<double> cap_w = std::nullopt) {
  const AcceleratorSpec& h100 = *find_accelerator("h100-sxm");
  return AcceleratorPowerModel({h100.tdp_w, h100.idle_w, cap_w, std::nullopt, {}});
}
ReplicaHardware eight_h100() {
  return replica_hardware(*find_accelerator("h100-sxm"), 8);
}
const LlmRequest chat{1000.0, 300.0};
constexpr int max_batch = 64;

// The uncapped power a decode step of `batch` at the request's mean context draws under `params`.
double decode_power_w(const LlmPowerParams& params, double batch, const AcceleratorPowerModel& accelerator) {
  const PhaseTime step = decode_step_time(llama3_70b(), eight_h100(), {}, batch, chat.prompt_tokens + 150.0);
  return llm_phase_run(accelerator, params)(step).power_w;
}

MeasuredPhasePowers decode_at(double power_w, std::optional<int> batch) {
  MeasuredPhasePowers measured;
  measured.decode_w = power_w;
  measured.decode_batch = batch;
  return measured;
}
}  // namespace

TEST_CASE("the floor solved for a phase power gives that power at its compute utilisation, and the curve its ends") {
  const AcceleratorPowerModel h100 = h100_power();
  for (const double u : {0.0, 0.05, 0.3, 0.9}) {
    const PowerRange range = llm_phase_power_range(h100, {}, u);
    const double power_w = 0.5 * (range.lowest_w + range.highest_w);
    const LlmPowerParams params = llm_power_for_phase_power(h100, {}, u, power_w);
    CHECK(llm_uncapped_power_w(h100, params, u) == Approx(power_w).epsilon(1e-12));
    CHECK(llm_uncapped_power_w(h100, params, 1.0) == Approx(h100.uncapped_power_w(WorkKind::compute)).epsilon(1e-12));
  }
  // With a measured compute end, the curve reaches it at u = 1 and the floor is solved beneath it.
  LlmPowerParams measured_end;
  measured_end.compute_power_w = 500.0;
  CHECK(llm_uncapped_power_w(h100, measured_end, 1.0) == Approx(500.0).epsilon(1e-12));
  const LlmPowerParams solved = llm_power_for_phase_power(h100, measured_end, 0.2, 200.0);
  CHECK(llm_uncapped_power_w(h100, solved, 0.2) == Approx(200.0).epsilon(1e-12));
  CHECK(llm_uncapped_power_w(h100, solved, 1.0) == Approx(500.0).epsilon(1e-12));
  // A compute-bound phase draws the compute end whatever the floor.
  CHECK_THROWS_WITH(llm_power_for_phase_power(h100, measured_end, 1.0, 400.0),
                    Catch::Contains("compute-bound phase") && Catch::Contains("500 W"));
}

TEST_CASE("a measured decode power at batch B is what the replica table's decode step of batch B draws") {
  const AcceleratorPowerModel h100 = h100_power();
  for (const int batch : {1, 8, 32, 64}) {
    const MeasuredPhasePowers measured = decode_at(320.0, batch);
    const LlmPowerParams params = measured_llm_power(llama3_70b(), eight_h100(), {}, chat, max_batch, h100, measured);
    CHECK(decode_power_w(params, batch, h100) == Approx(320.0).epsilon(1e-12));
    // The table is the model's under that curve, and its entry at B mixes the measured prefill and decode powers
    // by their shares of the request's latency.
    const ReplicaService table =
        text_replica_service(llama3_70b(), eight_h100(), {}, chat, max_batch, h100, {}, measured);
    const ReplicaService same = text_replica_service(llama3_70b(), eight_h100(), {}, chat, max_batch, h100, params);
    CHECK(table.accelerator_power_w == same.accelerator_power_w);
    CHECK(table.latency_s == same.latency_s);
    const LlmRequestCost cost =
        llm_request_cost(llama3_70b(), eight_h100(), {}, chat, batch, llm_phase_run(h100, params));
    const double prefill_share = batch * cost.prefill_s / table.latency_s[static_cast<std::size_t>(batch)];
    const double prefill_w = h100.uncapped_power_w(WorkKind::compute);
    CHECK(table.accelerator_power_w[static_cast<std::size_t>(batch)] ==
          Approx(prefill_share * prefill_w + (1.0 - prefill_share) * 320.0).epsilon(1e-12));
  }
  // Absent, the batch is the replica's maximum.
  const LlmPowerParams at_max =
      measured_llm_power(llama3_70b(), eight_h100(), {}, chat, max_batch, h100, decode_at(320.0, std::nullopt));
  CHECK(decode_power_w(at_max, max_batch, h100) == Approx(320.0).epsilon(1e-12));
}

TEST_CASE("a decode-only replica at batch B draws the measured decode power and no measured power changes nothing") {
  const AcceleratorPowerModel h100 = h100_power();
  const LlmRequest decode_only{0.0, 300.0};
  // At batch 64 and a 150-token mean context the curve spans about 300 W (floor at idle) to 612 W.
  MeasuredPhasePowers measured = decode_at(400.0, std::nullopt);
  measured.idle_w = 110.0;
  const ReplicaService table =
      text_replica_service(llama3_70b(), eight_h100(), {}, decode_only, max_batch, h100, {}, measured);
  CHECK(table.accelerator_power_w[max_batch] == Approx(400.0).epsilon(1e-12));
  CHECK(table.accelerator_power_w[0] == 110.0);
  const ReplicaService model = text_replica_service(llama3_70b(), eight_h100(), {}, chat, max_batch, h100);
  const ReplicaService none = text_replica_service(llama3_70b(), eight_h100(), {}, chat, max_batch, h100, {}, {});
  CHECK(none.accelerator_power_w == model.accelerator_power_w);
  CHECK(none.latency_s == model.latency_s);
}

TEST_CASE("a measured prefill power is what compute-bound prefill draws, text and diffusion alike") {
  const AcceleratorPowerModel h100 = h100_power();
  MeasuredPhasePowers measured;
  measured.prefill_w = 650.0;
  measured.idle_w = 120.0;
  // A prompt alone: the replica runs only prefill (compute-bound at 1,000 tokens on H100).
  const LlmRequest prompt_only{1000.0, 0.0};
  REQUIRE_FALSE(prefill_time(llama3_70b(), eight_h100(), {}, 1000.0).memory_bound());
  const ReplicaService text = text_replica_service(llama3_70b(), eight_h100(), {}, prompt_only, 4, h100, {}, measured);
  const ReplicaService model = text_replica_service(llama3_70b(), eight_h100(), {}, prompt_only, 4, h100);
  for (int n = 1; n <= 4; ++n) {
    CHECK(text.accelerator_power_w[static_cast<std::size_t>(n)] == Approx(650.0).epsilon(1e-12));
    CHECK(text.latency_s[static_cast<std::size_t>(n)] == model.latency_s[static_cast<std::size_t>(n)]);
  }
  CHECK(text.accelerator_power_w[0] == 120.0);
  const ReplicaHardware one = replica_hardware(*find_accelerator("h100-sxm"), 1);
  const ReplicaService image = diffusion_replica_service(1e17, one, 0.456, 0.9, 2, h100, measured);
  const ReplicaService image_model = diffusion_replica_service(1e17, one, 0.456, 0.9, 2, h100);
  CHECK(image.accelerator_power_w[1] == Approx(650.0).epsilon(1e-12));
  CHECK(image.accelerator_power_w[2] == Approx(650.0).epsilon(1e-12));
  CHECK(image.accelerator_power_w[0] == 120.0);
  CHECK(image.latency_s == image_model.latency_s);
}

TEST_CASE("a cap below the measured prefill power clips it and stretches the phase as the cap model says") {
  const AcceleratorPowerModel capped = h100_power(500.0);
  MeasuredPhasePowers measured;
  measured.prefill_w = 650.0;
  const CappedPhase expected = capped.capped(650.0, 1.0);
  REQUIRE(expected.time_factor > 1.0);
  const LlmRequest prompt_only{1000.0, 0.0};
  const ReplicaService text =
      text_replica_service(llama3_70b(), eight_h100(), {}, prompt_only, 1, capped, {}, measured);
  const double uncapped_s = prefill_time(llama3_70b(), eight_h100(), {}, 1000.0).duration_s;
  CHECK(text.accelerator_power_w[1] == Approx(500.0).epsilon(1e-12));
  CHECK(text.latency_s[1] == Approx(uncapped_s * expected.time_factor).epsilon(1e-12));
  const ReplicaHardware one = replica_hardware(*find_accelerator("h100-sxm"), 1);
  const ReplicaService image = diffusion_replica_service(1e17, one, 0.456, 0.9, 1, capped, measured);
  CHECK(image.accelerator_power_w[1] == Approx(500.0).epsilon(1e-12));
  CHECK(image.latency_s[1] == Approx(1e17 / (989e12 * 0.456) * expected.time_factor).epsilon(1e-12));
  // A measured idle power above the cap is clipped to it.
  measured.idle_w = 600.0;
  CHECK(text_replica_service(llama3_70b(), eight_h100(), {}, prompt_only, 1, capped, {}, measured)
            .accelerator_power_w[0] == 500.0);
}

TEST_CASE("impossible measured powers are refused") {
  const AcceleratorPowerModel h100 = h100_power();
  const auto text = [&](const MeasuredPhasePowers& measured) {
    return text_replica_service(llama3_70b(), eight_h100(), {}, chat, max_batch, h100, {}, measured);
  };
  // Below the curve with its floor at idle, or above its compute end: no floor gives it; the range is said.
  CHECK_THROWS_WITH(text(decode_at(90.0, 32)), Catch::Contains("is outside what a phase of compute utilisation") &&
                                                   Catch::Contains("(floor at the compute power)"));
  CHECK_THROWS_AS(text(decode_at(690.0, 32)), std::invalid_argument);
  CHECK_THROWS_AS(text(decode_at(300.0, 65)), std::invalid_argument);
  CHECK_THROWS_AS(text(decode_at(300.0, 0)), std::invalid_argument);
  MeasuredPhasePowers prefill;
  prefill.prefill_w = 710.0;
  CHECK_THROWS_AS(text(prefill), std::invalid_argument);
  prefill.prefill_w = h100.idle_w();
  CHECK_THROWS_AS(text(prefill), std::invalid_argument);
  MeasuredPhasePowers idle;
  idle.idle_w = 701.0;
  CHECK_THROWS_AS(text(idle), std::invalid_argument);
  const ReplicaHardware one = replica_hardware(*find_accelerator("h100-sxm"), 1);
  CHECK_THROWS_WITH(diffusion_replica_service(1e17, one, 0.456, 0.9, 1, h100, decode_at(300.0, std::nullopt)),
                    Catch::Contains("no decode phase"));
}
