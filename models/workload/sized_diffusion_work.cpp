#include "models/workload/sized_diffusion_work.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace terawatt {
namespace {

// A quantity's moments as E[F] needs them: a positive mean, and a mean square at least the mean's square (1e-12
// allows for rounding in a fixed quantity's).
void check_moments(const SizeMoments& m, const char* quantity) {
  if (!(m.mean > 0.0 && std::isfinite(m.mean) && std::isfinite(m.mean_square) &&
        m.mean_square >= m.mean * m.mean * (1.0 - 1e-12))) {
    throw std::invalid_argument(std::string("sized diffusion work: the mean ") + quantity +
                                " must be positive, its mean square at least its square");
  }
}

}  // namespace

SizedDiffusionWork::SizedDiffusionWork(const PassFlopsPolynomial& pass, bool classifier_free_guidance, double images,
                                       const std::optional<VideoTokenization>& video)
    : pass_(pass), classifier_free_guidance_(classifier_free_guidance), images_(images), video_(video) {
  if (!(pass.constant >= 0.0 && pass.per_token >= 0.0 && pass.per_token_squared >= 0.0 &&
        std::isfinite(pass.constant + pass.per_token + pass.per_token_squared) &&
        pass.constant + pass.per_token + pass.per_token_squared > 0.0 && images > 0.0 && std::isfinite(images))) {
    throw std::invalid_argument(
        "sized diffusion work: pass FLOPs must be finite, non-negative and not all zero, images positive");
  }
}

SizedDiffusionWork SizedDiffusionWork::image(const PassFlopsPolynomial& pass, bool classifier_free_guidance,
                                             double images) {
  return {pass, classifier_free_guidance, images, std::nullopt};
}

SizedDiffusionWork SizedDiffusionWork::video(const PassFlopsPolynomial& pass, bool classifier_free_guidance,
                                             const VideoTokenization& tokenization) {
  return {pass, classifier_free_guidance, 1.0, tokenization};
}

double SizedDiffusionWork::flop(const DiffusionRequestSize& size) const {
  const double tokens = video_ ? video_latent_tokens(size.frames, size.height_px, size.width_px, *video_)
                               : image_latent_tokens(size.height_px, size.width_px);
  return diffusion_flops(pass_.at(tokens).total_flop(), {size.steps, classifier_free_guidance_, 0.0}) * images_;
}

// Steps are independent of the pass's cost and enter linearly, so E[F] is diffusion_flops at the mean steps and the
// mean pass.
double SizedDiffusionWork::mean_flop(const DiffusionSizeMoments& m) const {
  check_moments(m.steps, "steps");
  check_moments(m.height_px, "height");
  check_moments(m.width_px, "width");
  const double s = video_ ? video_->spatial_compression : default_image_spatial_compression;
  double a = 1.0;  // the latent frames per frame group, 1 for an image
  double a_square = 1.0;
  if (video_) {
    check_moments(m.frames, "frames");
    const double tc = video_->temporal_compression;
    a = 1.0 + m.frames.mean / tc;
    a_square = 1.0 + 2.0 * m.frames.mean / tc + m.frames.mean_square / (tc * tc);
  }
  const double tokens = a * m.height_px.mean * m.width_px.mean / (s * s);
  const double tokens_square = a_square * m.height_px.mean_square * m.width_px.mean_square / (s * s * s * s);
  const double pass = pass_.constant + pass_.per_token * tokens + pass_.per_token_squared * tokens_square;
  return diffusion_flops(pass, {m.steps.mean, classifier_free_guidance_, 0.0}) * images_;
}

}  // namespace terawatt
