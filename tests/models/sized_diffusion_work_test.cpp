#include "models/workload/sized_diffusion_work.hpp"
#include "models/workload/request_size_distribution.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <stdexcept>

using namespace terawatt;

namespace {

// WAN2.1-T2V-1.3B's official config (dim 1536, ffn_dim 8960, 30 layers, 512 text tokens), as diffusion_cost_test.
DitArchitecture wan_1_3b() {
  return DitArchitecture{30, 1536, 8960, 512.0, true};
}

DiffusionSizeMoments moments_of(const SizeDistribution& steps, const SizeDistribution& height,
                                const SizeDistribution& width, const SizeDistribution& frames) {
  return {{steps.mean(), steps.mean_square()},
          {height.mean(), height.mean_square()},
          {width.mean(), width.mean_square()},
          {frames.mean(), frames.mean_square()}};
}

}  // namespace

TEST_CASE("the pass polynomial is the DiT's pass at every token count") {
  const PassFlopsPolynomial polynomial = dit_pass_polynomial(wan_1_3b());
  for (const double l : {1.0, 4096.0, 76500.0}) {
    const DenoiserPassFlops direct = dit_pass_flops(wan_1_3b(), l);
    CHECK(polynomial.at(l).linear_flop == Approx(direct.linear_flop).epsilon(1e-14));
    CHECK(polynomial.at(l).attention_flop == Approx(direct.attention_flop).epsilon(1e-14));
  }
  // Without cross-attention the pass has no constant term.
  CHECK(dit_pass_polynomial(DitArchitecture{28, 1152, 4608, 0.0, false}).constant == 0.0);
}

TEST_CASE("a sized request's FLOPs are the diffusion cost of its own size") {
  const SizedDiffusionWork video = SizedDiffusionWork::video(dit_pass_polynomial(wan_1_3b()), true);
  const double tokens = video_latent_tokens(81, 480, 832);
  const double expected = diffusion_flops(dit_pass_flops(wan_1_3b(), tokens).total_flop(), {50.0, true, 0.0});
  CHECK(video.flop({50.0, 480.0, 832.0, 81.0}) == Approx(expected).epsilon(1e-14));
  // Steps are linear; frames and resolution are not (self-attention).
  CHECK(video.flop({25.0, 480.0, 832.0, 81.0}) == Approx(0.5 * expected).epsilon(1e-14));
  CHECK(video.flop({50.0, 480.0, 832.0, 161.0}) > 1.9 * expected);

  const SizedDiffusionWork image = SizedDiffusionWork::image({1e12, 0.0, 0.0}, false, 4.0);
  CHECK(image.flop({28.0, 1024.0, 1024.0, 0.0}) == Approx(28.0 * 4.0 * 1e12).epsilon(1e-15));
  CHECK(image.flop({28.0, 512.0, 512.0, 0.0}) == image.flop({28.0, 1024.0, 1024.0, 0.0}));  // a constant pass
  CHECK_THROWS_AS(video.flop({50.0, 480.0, 832.0, 0.0}), std::invalid_argument);
  CHECK_THROWS_AS(SizedDiffusionWork::image({0.0, 0.0, 0.0}, true, 1.0), std::invalid_argument);
}

TEST_CASE("fixed sizes give the mean request's FLOPs") {
  const SizedDiffusionWork video = SizedDiffusionWork::video(dit_pass_polynomial(wan_1_3b()), true);
  const DiffusionSizeMoments fixed{SizeMoments::fixed(50.0), SizeMoments::fixed(480.0), SizeMoments::fixed(832.0),
                                   SizeMoments::fixed(81.0)};
  CHECK(video.mean_flop(fixed) == Approx(video.flop({50.0, 480.0, 832.0, 81.0})).epsilon(1e-13));
}

TEST_CASE("the mean FLOPs are the mean of drawn requests' FLOPs, above the mean request's") {
  const SizedDiffusionWork video = SizedDiffusionWork::video(dit_pass_polynomial(wan_1_3b()), true);
  const auto steps = SizeDistribution::gamma(40.0, 0.3, {10.0, 100.0, true});
  const auto height = SizeDistribution::histogram({480.0, 481.0, 720.0, 721.0}, {2.0, 0.0, 1.0});
  const auto width = SizeDistribution::lognormal(1000.0, 0.4, {256.0, 1920.0, true});
  const auto frames = SizeDistribution::gamma(81.0, 0.5, {1.0, 241.0, true});
  const double mean = video.mean_flop(moments_of(steps, height, width, frames));

  std::mt19937_64 stream(7);
  constexpr int draws = 400000;
  double sum = 0.0;
  for (int i = 0; i < draws; ++i) {
    sum += video.flop({steps.draw(stream), height.draw(stream), width.draw(stream), frames.draw(stream)});
  }
  // The FLOPs' cv is about 0.9, so the sample mean's standard error is about 0.14 %: 0.6 % is four of them.
  CHECK(sum / draws == Approx(mean).epsilon(0.006));
  const double of_mean_request = video.flop({steps.mean(), height.mean(), width.mean(), frames.mean()});
  CHECK(mean > 1.1 * of_mean_request);
}

TEST_CASE("a mean square is the drawn values' mean square") {
  // A fixed value: its square, rounding included.
  CHECK(SizeDistribution::fixed(81.0).mean_square() == 81.0 * 81.0);
  CHECK(SizeDistribution::lognormal(40.0, 0.0).mean_square() == 1600.0);
  // A histogram of whole values: the bins [480, 481) and [720, 721) draw 480 or 481 and 720 or 721 by rounding.
  const auto two = SizeDistribution::histogram({480.0, 481.0, 720.0, 721.0}, {1.0, 0.0, 1.0});
  CHECK(two.mean_square() ==
        Approx(0.5 * (0.5 * (480.0 * 480.0 + 481.0 * 481.0) + 0.5 * (720.0 * 720.0 + 721.0 * 721.0))).epsilon(1e-12));
  // A wide lognormal and a gamma: mean^2 (1 + cv^2) before rounding, which moves a large mean's by about 1/12.
  for (const auto& law : {SizeDistribution::lognormal(1000.0, 0.5), SizeDistribution::gamma(1000.0, 1.0)}) {
    const double cv = law.stated_cv();
    CHECK(law.mean_square() == Approx(1e6 * (1.0 + cv * cv) + 1.0 / 12.0).epsilon(1e-6));
  }
  // Clamped draws, against a sample.
  const auto clamped = SizeDistribution::gamma(60.0, 1.2, {8.0, 150.0, true});
  std::mt19937_64 stream(11);
  double sum = 0.0;
  constexpr int draws = 400000;
  for (int i = 0; i < draws; ++i) {
    const double x = clamped.draw(stream);
    sum += x * x;
  }
  CHECK(sum / draws == Approx(clamped.mean_square()).epsilon(0.005));
  // A narrow law of a large mean is summed over its spread only (its distribution function is slow: a gamma of
  // shape 1e6).
  CHECK(SizeDistribution::gamma(1e6, 0.001).mean_square() == Approx(1e12 * (1.0 + 1e-6) + 1.0 / 12.0).epsilon(1e-9));
  // A tail whose sum does not end within 2^22 terms asks for a max.
  CHECK_THROWS_AS(SizeDistribution::lognormal(1e6, 10.0).mean_square(), SizeDistributionError);
  CHECK_THROWS_AS(SizeDistribution::lognormal(1000.0, 0.5, {std::nullopt, std::nullopt, false}).mean_square(),
                  std::logic_error);
}
