#include "models/workload/sized_diffusion_work.hpp"

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

void require_moments(const SizeMoments& m, const char* message) {
  // The mean square is at least the mean's square; 1e-12 allows for rounding in a fixed quantity's.
  require(positive(m.mean) && std::isfinite(m.mean_square) && m.mean_square >= m.mean * m.mean * (1.0 - 1e-12),
          message);
}

}  // namespace

SizedDiffusionWork::SizedDiffusionWork(const PassFlopsPolynomial& pass, bool classifier_free_guidance, double images,
                                       const std::optional<VideoTokenization>& video)
    : pass_(pass), passes_per_step_(classifier_free_guidance ? 2.0 : 1.0), images_(images), video_(video) {
  require(pass.constant >= 0.0 && pass.per_token >= 0.0 && pass.per_token_squared >= 0.0 &&
              std::isfinite(pass.constant + pass.per_token + pass.per_token_squared),
          "diffusion pass FLOPs must be finite and non-negative");
  require(pass.constant + pass.per_token + pass.per_token_squared > 0.0, "diffusion pass FLOPs must not all be zero");
  require(positive(images), "images per request must be positive");
  spatial_compression_ = video_ ? video_->spatial_compression : default_image_spatial_compression;
  require(positive(spatial_compression_), "spatial compression must be positive");
  if (video_) require(positive(video_->temporal_compression), "temporal compression must be positive");
}

SizedDiffusionWork SizedDiffusionWork::image(const PassFlopsPolynomial& pass, bool classifier_free_guidance,
                                             double images) {
  return {pass, classifier_free_guidance, images, std::nullopt};
}

SizedDiffusionWork SizedDiffusionWork::video(const PassFlopsPolynomial& pass, bool classifier_free_guidance,
                                             const VideoTokenization& tokenization) {
  return {pass, classifier_free_guidance, 1.0, tokenization};
}

double SizedDiffusionWork::latent_scale(double frames) const {
  const double per_pixel = 1.0 / (spatial_compression_ * spatial_compression_);
  return video_ ? (1.0 + frames / video_->temporal_compression) * per_pixel : per_pixel;
}

double SizedDiffusionWork::flop(const DiffusionRequestSize& size) const {
  require(positive(size.steps) && positive(size.height_px) && positive(size.width_px),
          "a diffusion request's steps, height and width must be positive");
  if (video_) require(positive(size.frames), "a video request's frames must be positive");
  const double tokens = latent_scale(size.frames) * size.height_px * size.width_px;
  return size.steps * passes_per_step_ * images_ * pass_.at(tokens).total_flop();
}

double SizedDiffusionWork::mean_flop(const DiffusionSizeMoments& m) const {
  require_moments(m.steps, "mean steps must be positive");
  require_moments(m.height_px, "mean height must be positive, its mean square at least its square");
  require_moments(m.width_px, "mean width must be positive, its mean square at least its square");
  const double s2 = spatial_compression_ * spatial_compression_;
  double a = 1.0;
  double a_square = 1.0;
  if (video_) {
    require_moments(m.frames, "mean frames must be positive, their mean square at least their square");
    const double tc = video_->temporal_compression;
    a = 1.0 + m.frames.mean / tc;
    a_square = 1.0 + 2.0 * m.frames.mean / tc + m.frames.mean_square / (tc * tc);
  }
  const double tokens = a * m.height_px.mean * m.width_px.mean / s2;
  const double tokens_square = a_square * m.height_px.mean_square * m.width_px.mean_square / (s2 * s2);
  const double pass = pass_.constant + pass_.per_token * tokens + pass_.per_token_squared * tokens_square;
  return m.steps.mean * passes_per_step_ * images_ * pass;
}

}  // namespace terawatt
