#include "models/workload/diffusion_cost.hpp"

#include <cmath>
#include <stdexcept>

namespace terawatt {
namespace {

void require(bool condition, const char* message) {
  if (!condition) throw std::invalid_argument(message);
}

bool positive(double x) {
  return x > 0.0 && std::isfinite(x);
}

}  // namespace

PassFlopsPolynomial dit_pass_polynomial(const DitArchitecture& a) {
  require(a.layers > 0 && a.hidden_size > 0 && a.ffn_size > 0, "DiT layers, hidden size and FFN size must be positive");
  require(a.text_tokens >= 0.0 && std::isfinite(a.text_tokens), "DiT text tokens must be non-negative");
  const double n = a.layers;
  const double d = a.hidden_size;
  const double m = a.cross_attention ? a.text_tokens : 0.0;
  // Per layer and latent token: self-attention Q, K, V, O (8 d^2) and the MLP (4 f d^2 = 4 d ffn).
  double per_token = 8.0 * d * d + 4.0 * d * a.ffn_size;
  double constant = 0.0;
  if (a.cross_attention) {
    per_token += 4.0 * d * d + 4.0 * m * d;  // cross-attention Q, O and the scores over the m text tokens
    constant = 4.0 * m * d * d;              // cross-attention K, V on the text tokens
  }
  return {n * constant, n * per_token, n * 4.0 * d};
}

DenoiserPassFlops dit_pass_flops(const DitArchitecture& a, double tokens) {
  const PassFlopsPolynomial polynomial = dit_pass_polynomial(a);
  require(positive(tokens), "DiT token count must be positive");
  return polynomial.at(tokens);
}

PassFlopsPolynomial dit_pass_polynomial_from_parameters(double parameters, int layers, int hidden_size) {
  require(positive(parameters) && layers > 0 && hidden_size > 0,
          "DiT parameters, layers and hidden size must be positive");
  return {0.0, 2.0 * parameters, 4.0 * layers * static_cast<double>(hidden_size)};
}

DenoiserPassFlops dit_pass_flops_from_parameters(double parameters, int layers, int hidden_size, double tokens) {
  const PassFlopsPolynomial polynomial = dit_pass_polynomial_from_parameters(parameters, layers, hidden_size);
  require(positive(tokens), "DiT parameters, layers, hidden size and tokens must be positive");
  return polynomial.at(tokens);
}

double diffusion_flops(double flop_per_pass, const DiffusionSchedule& schedule) {
  require(positive(flop_per_pass), "FLOPs per denoiser pass must be positive");
  require(positive(schedule.steps), "diffusion steps must be positive");
  require(schedule.one_off_flop >= 0.0 && std::isfinite(schedule.one_off_flop), "one-off FLOPs must be non-negative");
  const double passes_per_step = schedule.classifier_free_guidance ? 2.0 : 1.0;
  return schedule.steps * passes_per_step * flop_per_pass + schedule.one_off_flop;
}

double video_latent_tokens(double frames, double height_px, double width_px, const VideoTokenization& t) {
  require(positive(frames) && positive(height_px) && positive(width_px), "video frames and size must be positive");
  require(positive(t.temporal_compression) && positive(t.spatial_compression),
          "video compression factors must be positive");
  return (1.0 + frames / t.temporal_compression) * (height_px / t.spatial_compression) *
         (width_px / t.spatial_compression);
}

double image_latent_tokens(double height_px, double width_px, double spatial_compression) {
  require(positive(height_px) && positive(width_px) && positive(spatial_compression),
          "image size and compression must be positive");
  return (height_px / spatial_compression) * (width_px / spatial_compression);
}

DiffusionCost compute_bound_cost(double flop, const ComputeBoundExecution& e) {
  require(positive(flop), "FLOPs must be positive");
  require(positive(e.peak_flop_per_s) && positive(e.power_w), "peak FLOP/s and power must be positive");
  require(e.flop_utilisation > 0.0 && e.flop_utilisation <= 1.0, "FLOP utilisation must lie in (0, 1]");
  DiffusionCost c;
  c.flop = flop;
  c.duration_s = flop / (e.flop_utilisation * e.peak_flop_per_s);
  c.energy_j = e.power_w * c.duration_s;
  return c;
}

DiffusionCost video_diffusion_cost(const DitArchitecture& architecture, const VideoRequest& request,
                                   const DiffusionSchedule& schedule, const ComputeBoundExecution& execution,
                                   const VideoTokenization& tokenization) {
  const double tokens = video_latent_tokens(request.frames, request.height_px, request.width_px, tokenization);
  const double per_pass = dit_pass_flops(architecture, tokens).total_flop();
  return compute_bound_cost(diffusion_flops(per_pass, schedule), execution);
}

DiffusionCost image_diffusion_cost(double flop_per_pass, const DiffusionSchedule& schedule,
                                   const ComputeBoundExecution& execution) {
  return compute_bound_cost(diffusion_flops(flop_per_pass, schedule), execution);
}

}  // namespace terawatt
