#pragma once
// The FLOPs of an image or video request of its own size (denoising steps, resolution, video frames), and their
// mean over the service's size distributions, by which request fidelity scales each request's time (the work is
// compute-bound, so time and energy are proportional to FLOPs). Pure model: no engine, no parser, no I/O.
//
// A request costs steps x passes per step x images x pass(l) FLOPs (diffusion_cost.hpp), one pass over l latent
// tokens costing c0 + c1 l + c2 l^2 (PassFlopsPolynomial). l = a H W / s^2: H x W the resolution in pixels, s the
// spatial compression, a = 1 + T / tc for a video of T frames (temporal compression tc), 1 for an image
// (video_latent_tokens and image_latent_tokens). The mean of that over the request sizes, with steps, H, W and T
// drawn independently of one another (an assumption: a service's users pick them separately), is
//   E[F] = E[steps] x passes x images x (c0 + c1 E[a] E[H] E[W] / s^2 + c2 E[a^2] E[H^2] E[W^2] / s^4),
//   E[a] = 1 + E[T] / tc,  E[a^2] = 1 + 2 E[T] / tc + E[T^2] / tc^2.
// It is not the FLOPs of the mean request: self-attention is quadratic in l, so a spread of resolution or frames
// raises the mean (by c2 Var(l) over the pass). A replica table built for E[F] makes batch and fluid fidelity serve
// the same work per request, on average, as request fidelity.

#include "models/workload/diffusion_cost.hpp"

#include <optional>

namespace terawatt {

// One request's size; frames 0 for an image.
struct DiffusionRequestSize {
  double steps = 0.0;
  double height_px = 0.0;
  double width_px = 0.0;
  double frames = 0.0;
};

// The mean and mean square of one size quantity, as drawn.
struct SizeMoments {
  double mean = 0.0;
  double mean_square = 0.0;
  static SizeMoments fixed(double value) { return {value, value * value}; }
};

struct DiffusionSizeMoments {
  SizeMoments steps;
  SizeMoments height_px;
  SizeMoments width_px;
  SizeMoments frames;  // video only
};

class SizedDiffusionWork {
 public:
  // An image request: `images` images per request, latent tokens by image_latent_tokens' default compression.
  // Throws std::invalid_argument for negative or non-finite coefficients, all of them zero, or non-positive images.
  static SizedDiffusionWork image(const PassFlopsPolynomial& pass, bool classifier_free_guidance, double images);
  // A video request, one clip per request, latent tokens by video_latent_tokens.
  static SizedDiffusionWork video(const PassFlopsPolynomial& pass, bool classifier_free_guidance,
                                  const VideoTokenization& tokenization = {});

  // Throws std::invalid_argument as the latent tokens and diffusion_flops do: non-positive steps, height, width or
  // (video) frames, or a pass of no FLOPs.
  double flop(const DiffusionRequestSize& size) const;
  // E[F] above. Throws std::invalid_argument for a non-positive mean, a mean square below the mean's square, or a
  // pass of no FLOPs.
  double mean_flop(const DiffusionSizeMoments& moments) const;

 private:
  SizedDiffusionWork(const PassFlopsPolynomial& pass, bool classifier_free_guidance, double images,
                     const std::optional<VideoTokenization>& video);

  PassFlopsPolynomial pass_;
  bool classifier_free_guidance_ = true;
  double images_ = 1.0;
  std::optional<VideoTokenization> video_;  // none: an image
};

}  // namespace terawatt
