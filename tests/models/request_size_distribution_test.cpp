#include "models/workload/request_size_distribution.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace terawatt;

namespace {

// Every sampled statistic below is checked against a tolerance of about four standard errors of 200,000 draws, so a
// correct model fails by chance far less than once in 10,000 seeds (and the seed is fixed).
constexpr int draws = 200000;
constexpr std::uint64_t seed = 20240611;

std::vector<double> sample(const SizeDistribution& d, int n = draws, std::uint64_t s = seed) {
  std::mt19937_64 stream(s);
  std::vector<double> out(static_cast<std::size_t>(n));
  for (double& x : out) x = d.draw(stream);
  return out;
}

double mean_of(const std::vector<double>& v) {
  double sum = 0.0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

double cv_of(const std::vector<double>& v) {
  const double m = mean_of(v);
  double ss = 0.0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size() - 1)) / m;
}

// The mean of what is drawn, by an independent route: the average of the quantile function at M midpoints,
// E[g(X)] = integral_0^1 g(Q(p)) dp, for a draw g that clamps and rounds.
double quantile_grid_mean(const SizeDistribution& d, int m) {
  double sum = 0.0;
  for (int i = 0; i < m; ++i) sum += d.quantile((i + 0.5) / m);
  return sum / m;
}

double fraction_at_or_below(const std::vector<double>& v, double x) {
  return static_cast<double>(std::count_if(v.begin(), v.end(), [x](double y) { return y <= x; })) /
         static_cast<double>(v.size());
}

}  // namespace

TEST_CASE("native parameters: sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2 / 2, k = 1 / cv^2, theta = mean cv^2",
          "[sizes]") {
  const LognormalParameters ln = lognormal_from_mean_cv(1000.0, 1.2);
  CHECK(ln.sigma * ln.sigma == Approx(std::log(1.0 + 1.44)).epsilon(1e-14));
  CHECK(ln.mu == Approx(std::log(1000.0) - 0.5 * std::log(2.44)).epsilon(1e-14));
  // E[X] = exp(mu + sigma^2 / 2) and cv^2 = exp(sigma^2) - 1 give the stated figures back.
  CHECK(std::exp(ln.mu + 0.5 * ln.sigma * ln.sigma) == Approx(1000.0).epsilon(1e-13));
  CHECK(std::sqrt(std::expm1(ln.sigma * ln.sigma)) == Approx(1.2).epsilon(1e-13));
  const GammaParameters g = gamma_from_mean_cv(300.0, 0.5);
  CHECK(g.shape == Approx(4.0).epsilon(1e-15));
  CHECK(g.scale == Approx(75.0).epsilon(1e-15));
  const SizeDistribution d = SizeDistribution::lognormal(1000.0, 1.2);
  CHECK(d.lognormal_parameters().mu == ln.mu);
  CHECK(SizeDistribution::gamma(300.0, 0.5).gamma_parameters().shape == Approx(4.0).epsilon(1e-15));
}

TEST_CASE("the standard normal quantile inverts Phi to 1e-14 and matches tabulated values", "[sizes]") {
  CHECK(standard_normal_quantile(0.5) == 0.0);
  CHECK(standard_normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-14));
  CHECK(standard_normal_quantile(0.999) == Approx(3.090232306167814).epsilon(1e-14));
  CHECK(standard_normal_quantile(0.025) == Approx(-1.959963984540054).epsilon(1e-14));
  CHECK(std::isinf(standard_normal_quantile(0.0)));
  CHECK(std::isinf(standard_normal_quantile(1.0)));
  for (double p : {1e-300, 1e-100, 1e-15, 1e-6, 0.001, 0.02, 0.02425, 0.1, 0.3, 0.49}) {
    const double z = standard_normal_quantile(p);
    // Phi(z) = erfc(-z / sqrt 2) / 2 is computed with full relative precision in the lower tail.
    CHECK(0.5 * std::erfc(-z / std::sqrt(2.0)) == Approx(p).epsilon(1e-13));
    // Symmetry, where 1 - p is a double close to the exact complement.
    if (p >= 1e-6) CHECK(standard_normal_quantile(1.0 - p) == Approx(-z).epsilon(1e-9));
  }
  CHECK_THROWS_AS(standard_normal_quantile(1.5), std::invalid_argument);
  CHECK_THROWS_AS(standard_normal_quantile(std::nan("")), std::invalid_argument);
}

TEST_CASE("the regularized incomplete gamma P(a, x) matches closed forms on both sides of x = a + 1", "[sizes]") {
  for (double x : {0.01, 0.5, 1.9, 2.1, 10.0, 40.0}) {
    CHECK(regularized_gamma_p(1.0, x) == Approx(-std::expm1(-x)).epsilon(1e-13));  // P(1, x) = 1 - e^-x
    CHECK(regularized_gamma_p(0.5, x) == Approx(std::erf(std::sqrt(x))).epsilon(1e-13));
    // P(3, x) = 1 - e^-x (1 + x + x^2 / 2), a reference that cancels badly for small x.
    if (x >= 0.5)
      CHECK(regularized_gamma_p(3.0, x) == Approx(1.0 - std::exp(-x) * (1.0 + x + 0.5 * x * x)).epsilon(1e-12));
  }
  CHECK(regularized_gamma_p(2.0, 0.0) == 0.0);
  CHECK(regularized_gamma_p(2.0, INFINITY) == 1.0);
  CHECK_THROWS_AS(regularized_gamma_p(0.0, 1.0), std::invalid_argument);
}

TEST_CASE("lognormal and gamma draws have the stated mean and cv within about four standard errors", "[sizes]") {
  for (double cv : {0.5, 1.5}) {
    for (const SizeDistribution& d : {SizeDistribution::lognormal(1000.0, cv, {{}, {}, false}),
                                      SizeDistribution::gamma(1000.0, cv, {{}, {}, false})}) {
      INFO(d.describe());
      const std::vector<double> v = sample(d);
      CHECK(d.mean() == Approx(1000.0).epsilon(1e-12));
      // Standard error of the mean: cv / sqrt(200,000) = 0.34 % at cv 1.5.
      CHECK(mean_of(v) == Approx(1000.0).epsilon(0.015));
      // Of the sample cv: about sqrt((kurtosis - 1) / n) / 2; the lognormal of cv 1.5 has kurtosis 206 (1.6 %),
      // its gamma 16.5 (0.44 %), both at cv 0.5 below 0.3 %.
      const bool heavy = d.kind() == SizeKind::lognormal && cv > 1.0;
      CHECK(cv_of(v) == Approx(cv).epsilon(heavy ? 0.065 : 0.02));
    }
  }
}

TEST_CASE("histogram draws fall in each bin with its share of the weight and its quantile is linear in each bin",
          "[sizes]") {
  const SizeDistribution d = SizeDistribution::histogram({0, 10, 20, 50, 100}, {1, 0, 3, 6}, {{}, {}, false});
  // Mean 0.1 x 5 + 0.3 x 35 + 0.6 x 75 = 56; second moment sum share (a^2 + ab + b^2) / 3.
  CHECK(d.mean() == Approx(56.0).epsilon(1e-14));
  const double second = 0.1 * 100.0 / 3.0 + 0.3 * (400.0 + 1000.0 + 2500.0) / 3.0 + 0.6 * (2500.0 + 5000.0 + 1e4) / 3.0;
  CHECK(d.stated_cv() == Approx(std::sqrt(second - 56.0 * 56.0) / 56.0).epsilon(1e-12));
  const std::vector<double> v = sample(d);
  const std::vector<double> edges{0, 10, 20, 50, 100};
  const std::vector<double> shares{0.1, 0.0, 0.3, 0.6};
  for (std::size_t b = 0; b < shares.size(); ++b) {
    const double in_bin = fraction_at_or_below(v, edges[b + 1]) - fraction_at_or_below(v, edges[b]);
    // Standard error sqrt(p (1 - p) / n) <= 0.0011.
    CHECK(in_bin == Approx(shares[b]).margin(0.005));
  }
  CHECK(std::none_of(v.begin(), v.end(), [](double x) { return x > 10.0 && x < 20.0; }));  // weight 0
  CHECK(mean_of(v) == Approx(56.0).epsilon(0.01));
  // The inverse of the piecewise-linear distribution function.
  CHECK(d.quantile(0.05) == Approx(5.0).epsilon(1e-14));
  CHECK(d.quantile(0.1) == 20.0);  // the empty bin is skipped
  CHECK(d.quantile(0.7) == Approx(75.0).epsilon(1e-14));
  CHECK(d.quantile(1.0) == 100.0);
}

TEST_CASE("clamped draws stay within [min, max] and mean() is the mean of what is drawn", "[sizes]") {
  const SizeLimits limits{100.0, 4000.0, false};
  for (const SizeDistribution& d :
       {SizeDistribution::lognormal(1000.0, 1.5, limits), SizeDistribution::gamma(1000.0, 1.5, limits)}) {
    INFO(d.describe());
    const std::vector<double> v = sample(d);
    CHECK(*std::min_element(v.begin(), v.end()) >= 100.0);
    CHECK(*std::max_element(v.begin(), v.end()) <= 4000.0);
    CHECK(std::abs(d.mean() - 1000.0) > 20.0);  // the clamps move the mean well beyond the tolerances here
    // Sampling error of the clamped mean: sd <= 1,500 / sqrt(200,000) = 0.34 % of 1,000.
    CHECK(mean_of(v) == Approx(d.mean()).epsilon(0.01));
    // Against the quantile grid: the grid's own error is below 1e-5 here (bounded integrand).
    CHECK(quantile_grid_mean(d, d.kind() == SizeKind::gamma ? 20000 : 400000) == Approx(d.mean()).epsilon(1e-4));
  }
  // A histogram clamped to [30, 60], by hand: 0.1 x 30 + 0.1 x 30 + 0.2 x 40 + 0.12 x 55 + 0.48 x 60 = 49.4.
  const SizeDistribution h = SizeDistribution::histogram({0, 10, 20, 50, 100}, {1, 0, 3, 6}, {30.0, 60.0, false});
  CHECK(h.mean() == Approx(49.4).epsilon(1e-14));
  CHECK(h.quantile(0.0) == 30.0);
  CHECK(h.quantile(1.0) == 60.0);
}

TEST_CASE("whole quantities draw whole numbers >= 1, and mean() includes the rounding", "[sizes]") {
  // Uniform on [0, 4], rounded and at least 1: 1 w.p. 1.5/4, 2 and 3 w.p. 1/4 each, 4 w.p. 0.5/4: mean 2.125.
  CHECK(SizeDistribution::histogram({0, 4}, {1}).mean() == Approx(2.125).epsilon(1e-14));
  CHECK(SizeDistribution::fixed(2.5).mean() == 3.0);
  CHECK(SizeDistribution::fixed(2.5, {{}, {}, false}).mean() == 2.5);
  // A small mean, where rounding and the floor at 1 matter, and a clamped one; checked against the quantile grid.
  for (const SizeDistribution& d :
       {SizeDistribution::lognormal(3.0, 1.0), SizeDistribution::gamma(20.0, 1.5, {{}, 200.0, true}),
        SizeDistribution::lognormal(1000.0, 1.5, {1.0, 8192.0, true})}) {
    INFO(d.describe());
    const std::vector<double> v = sample(d);
    CHECK(std::all_of(v.begin(), v.end(), [](double x) { return x >= 1.0 && std::floor(x) == x; }));
    CHECK(mean_of(v) == Approx(d.mean()).epsilon(0.01));
    CHECK(quantile_grid_mean(d, d.kind() == SizeKind::gamma ? 20000 : 1000000) == Approx(d.mean()).epsilon(1e-3));
  }
  // For a mean of hundreds the rounding moves the mean by far less than 1e-3.
  CHECK(SizeDistribution::lognormal(1000.0, 1.2).mean() == Approx(1000.0).epsilon(1e-4));
  CHECK(SizeDistribution::gamma(500.0, 0.5).mean() == Approx(500.0).epsilon(1e-4));
}

TEST_CASE("quantiles are monotone and quantile(p) has p of the draws at or below it", "[sizes]") {
  const SizeDistribution ln = SizeDistribution::lognormal(1000.0, 1.2, {{}, {}, false});
  // The median of a lognormal is exp(mu).
  CHECK(ln.quantile(0.5) == Approx(std::exp(ln.lognormal_parameters().mu)).epsilon(1e-14));
  CHECK(SizeDistribution::lognormal(1000.0, 1.2).quantile(0.5) == std::round(std::exp(ln.lognormal_parameters().mu)));
  const SizeDistribution g = SizeDistribution::gamma(1000.0, 1.5, {{}, {}, false});
  const std::vector<double> ps{0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999};
  for (const SizeDistribution& d : {ln, g, SizeDistribution::gamma(50.0, 0.5, {{}, {}, false})}) {
    INFO(d.describe());
    const std::vector<double> q = d.quantiles(ps);
    CHECK(std::is_sorted(q.begin(), q.end()));
    const std::vector<double> v = sample(d);
    for (std::size_t i = 1; i < ps.size(); ++i) {
      // Standard error of an empirical share: sqrt(p (1 - p) / n) <= 0.0011.
      CHECK(fraction_at_or_below(v, q[i]) == Approx(ps[i]).margin(0.005));
    }
  }
  const GammaParameters gp = g.gamma_parameters();
  for (double p : {1e-6, 0.1, 0.5, 0.9, 0.999999}) {
    CHECK(regularized_gamma_p(gp.shape, g.quantile(p) / gp.scale) == Approx(p).epsilon(1e-12));
  }
  CHECK(std::isinf(g.quantile(1.0)));
  CHECK(SizeDistribution::gamma(1000.0, 1.5, {{}, 8192.0, true}).quantile(1.0) == 8192.0);
  CHECK_THROWS_AS(g.quantile(-0.1), std::invalid_argument);
}

TEST_CASE("the same stream state gives the same draws, and a cv of 0 draws the mean and no random numbers", "[sizes]") {
  for (const SizeDistribution& d :
       {SizeDistribution::lognormal(800.0, 1.0), SizeDistribution::gamma(800.0, 0.7),
        SizeDistribution::gamma(800.0, 2.0), SizeDistribution::histogram({1, 100, 1000}, {2, 1})}) {
    CHECK(sample(d, 1000, 7) == sample(d, 1000, 7));
    CHECK(sample(d, 1000, 7) != sample(d, 1000, 8));
  }
  // Pinned draws: the algorithm (inversion, Marsaglia-Tsang) uses no std distribution, so these hold on every
  // platform with an IEEE libm; a change here changes every run's request sizes.
  std::mt19937_64 stream(42);
  const SizeDistribution ln = SizeDistribution::lognormal(1000.0, 1.0, {{}, {}, false});
  const double first = ln.draw(stream);
  std::mt19937_64 again(42);
  const double u = (static_cast<double>(again() >> 11) + 0.5) * 0x1.0p-53;
  const LognormalParameters p = ln.lognormal_parameters();
  CHECK(first == Approx(std::exp(p.mu + p.sigma * standard_normal_quantile(u))).epsilon(1e-15));
  for (const SizeDistribution& d : {SizeDistribution::lognormal(700.0, 0.0), SizeDistribution::gamma(700.4, 0.0)}) {
    std::mt19937_64 s(1);
    const std::mt19937_64 before = s;
    CHECK(d.draw(s) == 700.0);
    CHECK(s == before);
    CHECK(d.quantile(0.99) == 700.0);
  }
}

TEST_CASE("describe() states the kind, the stated figures, the clamps and wholeness", "[sizes]") {
  CHECK(SizeDistribution::lognormal(1000.0, 1.2).describe() == "lognormal, mean 1000, cv 1.2, whole");
  CHECK(SizeDistribution::gamma(250.0, 0.5, {1.0, 8192.0, true}).describe() ==
        "gamma, mean 250, cv 0.5, min 1, max 8192, whole");
  CHECK(SizeDistribution::fixed(512.0).describe() == "fixed 512, whole");
  CHECK(SizeDistribution::histogram({0, 10, 20}, {1, 1}, {{}, {}, false}).describe() ==
        "histogram, 2 bins over [0, 20], mean 10");
  for (SizeKind kind : {SizeKind::fixed, SizeKind::lognormal, SizeKind::gamma, SizeKind::histogram}) {
    CHECK(find_size_kind(size_kind_name(kind)) == kind);
  }
  CHECK_FALSE(find_size_kind("normal"));
}

TEST_CASE("invalid parameters throw SizeDistributionError naming the parameter", "[sizes]") {
  const auto names = [](auto make, const std::string& parameter) {
    try {
      make();
      FAIL("no error for " + parameter);
    } catch (const SizeDistributionError& e) {
      CHECK(e.parameter() == parameter);
      CHECK(std::string(e.what()).rfind(parameter + ": ", 0) == 0);
    }
  };
  names([] { return SizeDistribution::lognormal(0.0, 1.0); }, "mean");
  names([] { return SizeDistribution::gamma(-5.0, 1.0); }, "mean");
  names([] { return SizeDistribution::lognormal(NAN, 1.0); }, "mean");
  names([] { return SizeDistribution::lognormal(0.5, 1.0); }, "mean");  // below 1 for a whole quantity
  names([] { return SizeDistribution::lognormal(100.0, -0.1); }, "cv");
  names([] { return SizeDistribution::gamma(100.0, INFINITY); }, "cv");
  names([] { return SizeDistribution::fixed(0.5); }, "value");
  names([] { return SizeDistribution::fixed(0.0, {{}, {}, false}); }, "value");
  names([] { return SizeDistribution::histogram({5}, {}); }, "edges");
  names([] { return SizeDistribution::histogram({0, 10, 10}, {1, 1}); }, "edges[2]");
  names([] { return SizeDistribution::histogram({-1, 10}, {1}); }, "edges[0]");
  names([] { return SizeDistribution::histogram({0, 10, 20}, {1}); }, "weights");
  names([] { return SizeDistribution::histogram({0, 10, 20}, {1, -2}); }, "weights[1]");
  names([] { return SizeDistribution::histogram({0, 10, 20}, {0, 0}); }, "weights");
  names([] { return SizeDistribution::lognormal(100.0, 1.0, {50.0, 10.0, true}); }, "min");
  names([] { return SizeDistribution::lognormal(100.0, 1.0, {-1.0, {}, false}); }, "min");
  names([] { return SizeDistribution::lognormal(100.0, 1.0, {1.5, {}, true}); }, "min");
  names([] { return SizeDistribution::lognormal(100.0, 1.0, {{}, 0.5, true}); }, "max");
  names([] { return SizeDistribution::gamma(100.0, 1.0, {{}, 0.0, false}); }, "max");
  CHECK_THROWS_WITH(SizeDistribution::lognormal(100.0, -0.1), "cv: must be a finite number >= 0 (got -0.1)");
  CHECK_THROWS_WITH(SizeDistribution::histogram({0, 10, 20}, {0, 0}), "weights: must not all be zero");
}
