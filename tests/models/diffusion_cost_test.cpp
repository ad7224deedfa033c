#include "models/workload/diffusion_cost.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace terawatt;

namespace {

// WAN2.1-T2V-1.3B as its official config states it (Wan-AI wan/configs/wan_t2v_1_3B.py and shared_config.py:
// dim 1536, ffn_dim 8960, num_layers 30, text_len 512).
DitArchitecture wan_1_3b_official() {
  return DitArchitecture{30, 1536, 8960, 512.0, true};
}

// WAN2.1-T2V-14B, official config: dim 5120, ffn_dim 13824, num_layers 40, text_len 512.
DitArchitecture wan_14b_official() {
  return DitArchitecture{40, 5120, 13824, 512.0, true};
}

// Delavande et al.'s Table 4 setting for both WAN rows: 81 frames at 720 x 1280, 50 steps, CFG (docs/references.md
// RC-31).
const VideoRequest kWanClip{81.0, 720.0, 1280.0};
const DiffusionSchedule kWanSchedule{50.0, true, 0.0};

constexpr double kJoulePerWh = 3600.0;

}  // namespace

TEST_CASE("latent tokens follow l = (1 + T/4)(H/16)(W/16)") {
  CHECK(video_latent_tokens(81, 720, 1280) == Approx(21.25 * 45 * 80).epsilon(1e-15));  // 76,500
  VideoTokenization coarse;
  coarse.temporal_compression = 8.0;
  coarse.spatial_compression = 32.0;
  CHECK(video_latent_tokens(80, 640, 640, coarse) == Approx(11.0 * 20 * 20).epsilon(1e-15));
  CHECK(image_latent_tokens(1024, 1024) == 4096.0);
  CHECK(image_latent_tokens(256, 256) == 256.0);
}

TEST_CASE("attention FLOPs are quadratic in tokens, the rest linear") {
  const DitArchitecture a = wan_1_3b_official();
  const double l = 10000.0;
  const DenoiserPassFlops one = dit_pass_flops(a, l);
  const DenoiserPassFlops two = dit_pass_flops(a, 2.0 * l);
  CHECK(two.attention_flop == Approx(4.0 * one.attention_flop).epsilon(1e-14));
  // Linear terms double, except the text tokens' K, V projections (4 m d^2 per layer), which do not depend on l.
  const double text_kv = 30.0 * 4.0 * 512.0 * 1536.0 * 1536.0;
  CHECK(two.linear_flop - text_kv == Approx(2.0 * (one.linear_flop - text_kv)).epsilon(1e-14));
  CHECK(two.total_flop() > 2.0 * one.total_flop());
  // Per-operator sums, written out: N (8 l d^2 + 4 l^2 d) + N (4 l d^2 + 4 m d^2 + 4 l m d) + N 4 l d ffn.
  const double d = 1536.0;
  const double m = 512.0;
  CHECK(one.attention_flop == Approx(30.0 * 4.0 * l * l * d).epsilon(1e-14));
  CHECK(one.linear_flop ==
        Approx(30.0 * (8 * l * d * d + 4 * l * d * d + 4 * m * d * d + 4 * l * m * d + 4 * l * d * 8960.0))
            .epsilon(1e-14));
}

TEST_CASE("the parameter-count form uses 2 x parameters x tokens and the same attention term") {
  const DenoiserPassFlops from_params = dit_pass_flops_from_parameters(1.3e9, 30, 1536, 76500.0);
  CHECK(from_params.linear_flop == Approx(2.0 * 1.3e9 * 76500.0).epsilon(1e-15));
  CHECK(from_params.attention_flop == Approx(dit_pass_flops(wan_1_3b_official(), 76500.0).attention_flop));
}

TEST_CASE("total FLOPs are linear in steps, doubled by classifier-free guidance") {
  const double per_pass = 1e15;
  CHECK(diffusion_flops(per_pass, DiffusionSchedule{50.0, false, 0.0}) == Approx(50e15).epsilon(1e-15));
  CHECK(diffusion_flops(per_pass, DiffusionSchedule{100.0, false, 0.0}) ==
        Approx(2.0 * diffusion_flops(per_pass, DiffusionSchedule{50.0, false, 0.0})).epsilon(1e-15));
  CHECK(diffusion_flops(per_pass, DiffusionSchedule{50.0, true, 0.0}) == Approx(100e15).epsilon(1e-15));
  // One-off FLOPs (text encoder, VAE) are added once, not per step.
  CHECK(diffusion_flops(per_pass, DiffusionSchedule{50.0, true, 3e14}) == Approx(100e15 + 3e14).epsilon(1e-15));
}

TEST_CASE("compute-bound latency and energy: D = F / (mu x peak), E = P x D") {
  const DiffusionCost c = compute_bound_cost(1e17);
  CHECK(c.duration_s == Approx(1e17 / (0.456 * 989e12)).epsilon(1e-15));
  CHECK(c.energy_j == Approx(700.0 * c.duration_s).epsilon(1e-15));
  // Energy scales exactly with steps: Delavande found 1.9 % error for step scaling, the model itself has none.
  const DiffusionCost s50 = video_diffusion_cost(wan_1_3b_official(), kWanClip, kWanSchedule);
  const DiffusionCost s25 = video_diffusion_cost(wan_1_3b_official(), kWanClip, DiffusionSchedule{25.0, true, 0.0});
  CHECK(s50.energy_j == Approx(2.0 * s25.energy_j).epsilon(1e-14));
  // Doubling the resolution in both axes quadruples l: more than 4x the energy, at most 16x (attention).
  const DiffusionCost big = video_diffusion_cost(wan_1_3b_official(), VideoRequest{81.0, 1440.0, 2560.0}, kWanSchedule);
  CHECK(big.energy_j > 4.0 * s50.energy_j);
  CHECK(big.energy_j < 16.0 * s50.energy_j);
}

TEST_CASE("DiT-XL/2 at 256 x 256: 118.6 GFLOPs per pass as Peebles & Xie count them") {
  // Peebles & Xie 2023 (Scalable Diffusion Models with Transformers), Table 4: DiT-XL/2 = 118.6 Gflops, counted as
  // multiply-accumulates (one per multiply-add), so half the FLOPs here. 28 blocks, width 1152, MLP ratio 4, no
  // cross-attention, 256 tokens (32 x 32 latent, patch 2). adaLN, embedding and final layer are not counted here.
  const DitArchitecture dit_xl{28, 1152, 4 * 1152, 0.0, false};
  const double gmac = dit_pass_flops(dit_xl, image_latent_tokens(256, 256)).total_flop() / 2e9;
  CHECK(gmac == Approx(118.6).epsilon(0.01));  // 118.4: -0.2 %
}

TEST_CASE("WAN2.1-1.3B from its official config lands 30 % below the measured 78.8 Wh (docs/references.md RC-31)") {
  // Not a pass: the paper fitted mu = 0.456 to its own FLOP count, whose appendix constants for this model
  // (d = 2048, N = 32) differ from the official config (d = 1536, N = 30). The official shape has 31 % fewer FLOPs,
  // so with the paper's mu it predicts 283 s and 55.1 Wh against 410 s and 78.8 Wh measured: outside the paper's
  // stated resolution-scaling error (11.6 % energy, 14.0 % latency). Pinned here so that the discrepancy stays
  // visible; mu is not retuned.
  const DiffusionCost c = video_diffusion_cost(wan_1_3b_official(), kWanClip, kWanSchedule);
  // Hand arithmetic: l = 76,500; per pass linear 1.9868e14 + attention 1.0787e15; x 50 steps x 2 (CFG).
  CHECK(c.flop == Approx(1.2774e17).epsilon(1e-4));
  CHECK(c.duration_s == Approx(283.2).epsilon(1e-3));
  const double energy_wh = c.energy_j / kJoulePerWh;
  CHECK(energy_wh == Approx(55.07).epsilon(1e-3));
  const double error = energy_wh / 78.8 - 1.0;
  CHECK(error == Approx(-0.301).margin(0.002));
  CHECK(error < -0.116);
}

TEST_CASE(
    "WAN2.1-1.3B with the paper's own appendix constants reproduces 410 s and 78.8 Wh (docs/references.md RC-31)") {
  // d = 2048 and N = 32 are the paper's Appendix Table 5 values as a stored research note on the paper quotes them
  // (docs/references.md RC-31 says only that they differ from the official config). The MLP width and text
  // length of that table are not known here, so the official ffn_dim 8960 and text_len 512 are kept: the MLP is
  // 10 % of the FLOPs, and an ffn of 4d (8192) or 4 x 1536 moves the energy by -1 % / -3 %.
  const DitArchitecture appendix{32, 2048, 8960, 512.0, true};
  const DiffusionCost c = video_diffusion_cost(appendix, kWanClip, kWanSchedule);
  CHECK(c.duration_s == Approx(410.0).epsilon(0.140));  // paper's latency error for resolution scaling; 409.7 s
  CHECK(c.energy_j / kJoulePerWh == Approx(78.8).epsilon(0.116));  // paper's energy error; 79.7 Wh, +1.1 %
}

TEST_CASE("WAN2.1-14B from its official config: 287 Wh against the 359.7 Wh measured, 20 % low (RC-31)") {
  // The same mu, transferred to a model it was not fitted on, with official constants: an out-of-sample check whose
  // error is reported, not tuned.
  const DiffusionCost c = video_diffusion_cost(wan_14b_official(), kWanClip, kWanSchedule);
  CHECK(c.energy_j / kJoulePerWh == Approx(287.0).epsilon(1e-3));
  CHECK(c.duration_s == Approx(1476.2).epsilon(1e-3));  // measured 1,875 s: -21 %
  CHECK(c.energy_j / kJoulePerWh / 359.7 - 1.0 == Approx(-0.202).margin(0.002));
}

TEST_CASE("an image diffusion request costs steps x passes x FLOPs per pass") {
  ComputeBoundExecution a100;
  a100.peak_flop_per_s = 312e12;
  a100.flop_utilisation = 0.3;  // any value: the test checks the arithmetic
  a100.power_w = 400.0;
  const DiffusionCost c = image_diffusion_cost(2e12, DiffusionSchedule{30.0, true, 0.0}, a100);
  CHECK(c.flop == Approx(30 * 2 * 2e12).epsilon(1e-15));
  CHECK(c.duration_s == Approx(1.2e14 / (312e12 * 0.3)).epsilon(1e-15));
  CHECK(c.energy_j == Approx(400.0 * c.duration_s).epsilon(1e-15));
}

TEST_CASE("diffusion cost rejects impossible inputs") {
  CHECK_THROWS_AS(video_latent_tokens(0, 720, 1280), std::invalid_argument);
  CHECK_THROWS_AS(dit_pass_flops(DitArchitecture{0, 1536, 8960, 512, true}, 100), std::invalid_argument);
  CHECK_THROWS_AS(diffusion_flops(1e12, DiffusionSchedule{0.0, true, 0.0}), std::invalid_argument);
  ComputeBoundExecution impossible;
  impossible.flop_utilisation = 1.5;
  CHECK_THROWS_AS(compute_bound_cost(1e15, impossible), std::invalid_argument);
}
