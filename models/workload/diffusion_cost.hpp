#pragma once
// Compute, latency and energy of image and video diffusion: steps x FLOPs per denoiser pass, run compute-bound.
// The video model is Delavande, Pierrard & Luccioni 2025, "Video Killed the Energy Budget" (arXiv:2509.19222;
// docs/references.md RC-31). Pure model: no engine, no I/O.

namespace terawatt {

// FLOPs of one denoiser forward pass, split by how they scale with the token count l.
struct DenoiserPassFlops {
  double linear_flop = 0.0;     // projections, MLP, cross-attention: linear in l
  double attention_flop = 0.0;  // self-attention scores and weighted sums: quadratic in l
  double total_flop() const { return linear_flop + attention_flop; }
};

// A diffusion transformer (DiT) by its shape. Per block, following Delavande et al. 2025 (section 3, their
// notation: N blocks, width d, MLP ratio f, m text tokens, l latent tokens; a multiply-add counts 2 FLOPs):
//   self-attention   8 l d^2 (Q, K, V, O projections) + 4 l^2 d (QK^T and attention x V)
//   cross-attention  4 l d^2 (Q, O on the latent tokens) + 4 m d^2 (K, V on the text tokens) + 4 l m d
//   MLP              4 f l d^2 = 4 l d ffn_size
// so linear_flop = N (12 l d^2 + 4 m d^2 + 4 l m d + 4 l d ffn) and attention_flop = 4 N d l^2. The linear part
// is close to the usual 2 x block parameters x l (the cross-attention K, V act on the m text tokens instead).
// Delavande's timestep MLP is omitted (independent of l, negligible at l >> 1,000).
// With cross_attention false (class-conditional DiT) the cross-attention terms are dropped.
struct DitArchitecture {
  int layers = 0;            // N
  int hidden_size = 0;       // d
  int ffn_size = 0;          // f x d
  double text_tokens = 0.0;  // m
  bool cross_attention = true;
};

// The FLOPs of one pass as a polynomial of its latent tokens l: constant + per_token l + per_token_squared l^2.
// The constant is the cross-attention K, V over the text tokens, the l term the projections, MLP and the rest of the
// cross-attention, the l^2 term self-attention. A pass given only as a FLOP count is a constant: its cost does not
// follow the resolution.
struct PassFlopsPolynomial {
  double constant = 0.0;
  double per_token = 0.0;
  double per_token_squared = 0.0;
  DenoiserPassFlops at(double tokens) const {
    return {constant + per_token * tokens, per_token_squared * tokens * tokens};
  }
};

// Throws std::invalid_argument for a non-positive shape or negative text tokens.
PassFlopsPolynomial dit_pass_polynomial(const DitArchitecture& architecture);
// Throws std::invalid_argument for non-positive shape or tokens.
DenoiserPassFlops dit_pass_flops(const DitArchitecture& architecture, double tokens);

// The same split from a parameter count alone, for models known only by size:
// linear_flop = 2 x parameters x l; attention_flop = 4 x layers x hidden_size x l^2 (the self-attention term above).
PassFlopsPolynomial dit_pass_polynomial_from_parameters(double parameters, int layers, int hidden_size);
DenoiserPassFlops dit_pass_flops_from_parameters(double parameters, int layers, int hidden_size, double tokens);

// Whole-generation FLOPs: steps x passes per step x FLOPs per pass + one-off FLOPs. Classifier-free guidance runs
// the denoiser twice per step (conditional and unconditional; Delavande's factor g = 2), which is the default of
// the Diffusers pipelines Delavande measured. one_off_flop is the text encoder and VAE decoder (Delavande's F_text
// and F_VAE), 0 by default (assumption: negligible). No figure for them comes with the paper's inputs
// (docs/references.md RC-31); Jegham, Gamazaychikov & Luccioni 2026 ("Lights, Camera, Carbon", arXiv:2607.04553, read
// in a stored research note, not among the published figures of docs/references.md) measured Wan's VAE at 0.8-3.4 % of
// a clip's energy.
struct DiffusionSchedule {
  double steps = 0.0;
  bool classifier_free_guidance = true;
  double one_off_flop = 0.0;
};

// Throws std::invalid_argument for non-positive steps or per-pass FLOPs, or negative one-off FLOPs.
double diffusion_flops(double flop_per_pass, const DiffusionSchedule& schedule);

// Latent token count of a video: l = (1 + T / temporal_compression) x (H / spatial_compression) x
// (W / spatial_compression), exactly as Delavande et al. write it, T the number of frames and H x W the
// resolution in pixels. Defaults 4 and 16: Wan2.1's VAE stride (4, 8, 8) times its patch (1, 2, 2) (official
// config). The real VAE keeps 1 + (T - 1) / 4 latent frames (21 for 81 frames, against the formula's 21.25): the
// formula is kept because the paper's latency fit uses it.
struct VideoTokenization {
  double temporal_compression = 4.0;
  double spatial_compression = 16.0;
};
double video_latent_tokens(double frames, double height_px, double width_px,
                           const VideoTokenization& tokenization = {});

// Latent token count of an image: (H / spatial_compression) x (W / spatial_compression). Default 16 = an 8x VAE and
// 2x2 patches (DiT-XL/2, Peebles & Xie 2023; SD3 and FLUX use the same 8 x 2).
constexpr double default_image_spatial_compression = 16.0;
double image_latent_tokens(double height_px, double width_px,
                           double spatial_compression = default_image_spatial_compression);

// Compute-bound execution: latency D = F_total / (mu x peak), energy = power x D (Delavande et al. 2025).
// Defaults are Delavande's: mu = 0.456 fitted on WAN2.1-T2V-1.3B on one H100 (R^2 = 0.998), peak 989 TFLOP/s
// (H100 dense BF16) and power 700 W (H100 TDP: diffusion runs near TDP, docs/references.md E). mu is calibrated against
// the paper's own FLOP count, whose appendix constants for WAN2.1-1.3B differ from the official config
// (docs/references.md RC-31; a stored research note quotes the appendix as d = 2048, N = 32 against the config's 1536
// and 30): a different FLOP count needs its own mu.
struct ComputeBoundExecution {
  double peak_flop_per_s = 989e12;
  double flop_utilisation = 0.456;
  double power_w = 700.0;
};

struct DiffusionCost {
  double flop = 0.0;
  double duration_s = 0.0;
  double energy_j = 0.0;
};

// Throws std::invalid_argument for non-positive FLOPs, peak or power, or a utilisation outside (0, 1].
DiffusionCost compute_bound_cost(double flop, const ComputeBoundExecution& execution = {});

// A text-to-video request through a DiT: tokens from the clip, FLOPs from the architecture, cost from execution.
struct VideoRequest {
  double frames = 0.0;
  double height_px = 0.0;
  double width_px = 0.0;
};
DiffusionCost video_diffusion_cost(const DitArchitecture& architecture, const VideoRequest& request,
                                   const DiffusionSchedule& schedule, const ComputeBoundExecution& execution = {},
                                   const VideoTokenization& tokenization = {});

// An image request whose denoiser cost per pass is given (a U-Net's published FLOPs, or dit_pass_flops for an
// image DiT). `execution` has no default: Delavande's mu was fitted on a video DiT, and an image model needs its
// own.
DiffusionCost image_diffusion_cost(double flop_per_pass, const DiffusionSchedule& schedule,
                                   const ComputeBoundExecution& execution);

}  // namespace terawatt
