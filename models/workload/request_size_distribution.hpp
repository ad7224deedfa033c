#pragma once
// The size distribution of one quantity of an inference request: its prompt tokens, output tokens, image diffusion
// steps or video frames. Pure model: no engine, no parser, no I/O; a scenario reader builds one and places the
// SizeDistributionError it may throw at the key the user wrote.
//
// Kinds:
//   fixed      every draw is the value
//   lognormal  stated by mean and coefficient of variation cv = sd / mean: sigma^2 = ln(1 + cv^2),
//              mu = ln(mean) - sigma^2 / 2, so that E[X] = exp(mu + sigma^2 / 2) = mean; the median is exp(mu)
//   gamma      stated by mean and cv: shape k = 1 / cv^2, scale theta = mean cv^2 (E[X] = k theta = mean)
//   histogram  bin edges e_0 < ... < e_m and m weights >= 0: a bin is picked by weight, then a value uniform in it
// A cv of 0 makes a lognormal or gamma fixed at its mean.
//
// Assumptions. Prompt and output lengths of LLM requests are positive and right-skewed; a lognormal is a common fit
// to such lengths, and lognormal and gamma are offered here as options, an assumption of the user's, not as fitted
// presets: this file cites no fitted parameters. Where a trace is at hand (request_trace.hpp reads the Azure and
// BurstGPT layouts), a histogram of its counts is the more faithful choice.
// Gamma with a cv below about 1e-3 (shape above 1e6) makes P(k, x) slow and less accurate (its series takes about
// 9 sqrt(k) terms and its prefactor loses about k ln(x) x 1e-16): state such a quantity as fixed.
//
// Clamps: optional `min` and `max`; a value drawn outside [min, max] is moved to the nearer bound (the law gets point
// masses there), so the mean of what is drawn differs from the stated mean. Whole quantities (tokens, steps, frames):
// a draw is then rounded to the nearest whole number (halves away from zero) and is at least 1. mean() is the mean
// of what draw() returns, clamps and rounding included (see SizeDistribution::mean for its accuracy).
//
// Draws are portable: they use only the 64-bit output of std::mt19937_64 (fully specified by the standard) and
// libm's exp, log, erfc and pow, never std distributions, whose algorithms are implementation-defined (as
// arrival_profile.hpp). Fixed, lognormal and histogram draws are by inversion of one uniform; gamma draws by
// Marsaglia and Tsang's method.

#include "models/base/number_text.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace terawatt {

enum class SizeKind { fixed, lognormal, gamma, histogram };

// "fixed", "lognormal", "gamma", "histogram", and back (nothing for another name).
std::string_view size_kind_name(SizeKind kind);
std::optional<SizeKind> find_size_kind(std::string_view name);

// A parameter out of its range: the parameter's name ("cv", "weights[2]", "max") and the problem, so that a reader
// can place the error at the value the user wrote. what() is "<parameter>: <problem>".
class SizeDistributionError : public std::invalid_argument {
 public:
  SizeDistributionError(std::string parameter, std::string problem)
      : std::invalid_argument(parameter + ": " + problem),
        parameter_(std::move(parameter)),
        problem_(std::move(problem)) {}
  const std::string& parameter() const { return parameter_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string parameter_;
  std::string problem_;
};

// Clamps and rounding, shared by every kind.
struct SizeLimits {
  std::optional<double> min;  // finite >= 0; a whole number for a whole quantity
  std::optional<double> max;  // finite > 0 and >= min; a whole number >= 1 for a whole quantity
  bool integer = true;        // tokens, steps, frames: draws rounded to whole numbers >= 1
};

// The native parameters of the stated (mean, cv); throw SizeDistributionError for mean <= 0 or cv < 0 (non-finite
// included). cv = 0 gives sigma 0, and a gamma of infinite shape and scale 0.
struct LognormalParameters {
  double mu = 0.0;
  double sigma = 0.0;
};
LognormalParameters lognormal_from_mean_cv(double mean, double cv);
struct GammaParameters {
  double shape = 0.0;  // k
  double scale = 0.0;  // theta
};
GammaParameters gamma_from_mean_cv(double mean, double cv);

class SizeLaw;  // the law before clamps and rounding, one class per kind (request_size_distribution.cpp)

class SizeDistribution {
 public:
  // Each factory validates its parameters and throws SizeDistributionError naming the first bad one: a fixed value
  // <= 0 (or < 1 for a whole quantity), a mean <= 0 (or < 1 for a whole quantity), a cv < 0, fewer than two edges,
  // edges not finite, negative or not increasing, a weight count other than edges - 1, a negative or non-finite
  // weight, all weights zero, a bad min or max (see SizeLimits), or min > max. Non-finite numbers are refused.
  static SizeDistribution fixed(double value, const SizeLimits& limits = {});
  static SizeDistribution lognormal(double mean, double cv, const SizeLimits& limits = {});
  static SizeDistribution gamma(double mean, double cv, const SizeLimits& limits = {});
  static SizeDistribution histogram(std::vector<double> edges, std::vector<double> weights,
                                    const SizeLimits& limits = {});

  SizeKind kind() const { return kind_; }
  const SizeLimits& limits() const { return limits_; }
  // The mean and cv as stated: fixed: the value and 0; histogram: the histogram's own mean and cv (before clamps).
  double stated_mean() const { return stated_mean_; }
  double stated_cv() const { return stated_cv_; }
  // The native parameters of a lognormal (resp. gamma); zeros for the other kinds.
  LognormalParameters lognormal_parameters() const { return lognormal_; }
  GammaParameters gamma_parameters() const { return gamma_; }
  const std::vector<double>& edges() const { return edges_; }
  const std::vector<double>& weights() const { return weights_; }

  // The mean of what draw() returns. Clamps enter exactly, through the closed-form partial expectations
  // E[X; X <= c] (lognormal: mean Phi((ln c - mu - sigma^2) / sigma); gamma: mean P(k + 1, c / theta); histogram:
  // piecewise quadratic). Rounding of a whole quantity: E[max(1, round(Y))] = 1 + sum_{n >= 1} P(Y >= n + 1/2),
  // summed term by term up to n = 65,536, the rest replaced by the integral of P(Y >= t) beyond (the midpoint rule),
  // which errs by at most 1/65,537 of the mean whatever the law, and far less for a smooth one. The rounding itself,
  // mostly through the floor at 1, moves the mean by a share that matters only for small means: +1.5 % for a
  // lognormal of mean 3 and cv 1, +2.5e-5 for a gamma of mean 1,000 and cv 1.5. Computed once, at construction.
  double mean() const { return mean_; }

  // The mean square E[Z^2] of what draw() returns, for a whole quantity (its variance is mean_square() - mean()^2):
  // E[Z^2] = 1 + sum_{n >= 1} (2n + 1) P(Y >= n + 1/2), Y the clamped law, summed until Y's max, or until past the
  // mean a term falls below 1e-16 of the sum (request_size_moments.cpp). A fixed value (or a cv of 0) gives its
  // square. Throws SizeDistributionError ("max") where 2^22 terms do not reach that, a tail too heavy or a mean too
  // large to sum; std::logic_error for a quantity that is not whole.
  double mean_square() const;

  // One value, as a request would be given: the law's value, clamped to [min, max], then for a whole quantity
  // rounded and raised to at least 1. Deterministic and portable for a given engine state. A fixed kind (or a cv
  // of 0) draws no random numbers.
  double draw(std::mt19937_64& stream) const;

  // The p-quantile of what draw() returns, p in [0, 1]: the law's quantile (lognormal: exp(mu + sigma
  // Phi^-1(p)); gamma: theta times the inverse of P(k, .) by bisection; histogram: the inverse of its piecewise
  // linear distribution function), clamped and rounded as a draw is. p = 1 gives +inf for an unbounded law
  // without a max. Throws std::invalid_argument for p outside [0, 1].
  double quantile(double p) const;
  std::vector<double> quantiles(const std::vector<double>& ps) const;

  // One line for run output: "lognormal, mean 1000, cv 1.2, min 1, max 8192, whole", "histogram, 4 bins over
  // [0, 4096], mean 812, whole", "fixed 512, whole"; the stated figures, before clamps and rounding.
  std::string describe() const;

 private:
  SizeDistribution(SizeKind kind, const SizeLimits& limits);
  // Checks the limits, keeps the law and the text describe() starts with, then computes mean_.
  void finish_construction(std::shared_ptr<const SizeLaw> law, std::string law_text);
  double law_cdf(double x) const;                       // P(X <= x), before clamps; any x
  double law_partial_mean(double x) const;              // E[X; X <= x], before clamps; any x
  double finish(double x) const;                        // clamps, then rounds a whole quantity
  double clamped_law_mean(double lo, double hi) const;  // E[clamp(X, lo, hi)]
  double whole_mean() const;                            // E[max(1, round(clamp(X, min, max)))]

  SizeKind kind_;
  SizeLimits limits_;
  double stated_mean_ = 0.0;
  double stated_cv_ = 0.0;
  LognormalParameters lognormal_;
  GammaParameters gamma_;
  std::vector<double> edges_;
  std::vector<double> weights_;
  std::shared_ptr<const SizeLaw> law_;  // immutable, so copies of a distribution share it
  std::string law_text_;
  double mean_ = 0.0;
};

// Special functions of the laws above. They are general (a candidate for models/base), defined inline here so that
// this model stays in its own two files within the house's 400 lines each. The helpers in size_math are not part
// of the interface.
namespace size_math {

constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr double pi = 3.14159265358979323846;

inline double standard_normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

// Acklam's approximation for p in (0, 1/2]: the lower tail below 0.02425, the central region above.
inline double acklam_lower_half(double p) {
  constexpr std::array<double, 6> a{-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                    1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  constexpr std::array<double, 5> b{-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                    6.680131188771972e+01, -1.328068155288572e+01};
  constexpr std::array<double, 6> c{-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                    -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  constexpr std::array<double, 4> d{7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                    3.754408661907416e+00};
  if (p < 0.02425) {
    const double q = std::sqrt(-2.0 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

constexpr int gamma_max_iterations = 1000000;
constexpr double gamma_epsilon = 1e-15;

// exp(-x + a ln x - ln Gamma(a)): the factor shared by the series and the continued fraction.
inline double gamma_prefactor(double a, double x) {
  return std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// P(a, x) by its series, for x < a + 1 (Numerical Recipes 3rd ed., eq. 6.2.5).
inline double gamma_p_series(double a, double x) {
  double ap = a;
  double term = 1.0 / a;
  double sum = term;
  for (int n = 0; n < gamma_max_iterations; ++n) {
    ap += 1.0;
    term *= x / ap;
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * gamma_epsilon) break;
  }
  return sum * gamma_prefactor(a, x);
}

// Q(a, x) = 1 - P(a, x) by Legendre's continued fraction, evaluated by the modified Lentz method, for x >= a + 1
// (Numerical Recipes 3rd ed., eq. 6.2.7 and section 5.2).
inline double gamma_q_continued_fraction(double a, double x) {
  constexpr double tiny = 1e-300;
  double b = x + 1.0 - a;
  double c = 1.0 / tiny;
  double d = 1.0 / b;
  double h = d;
  for (int i = 1; i < gamma_max_iterations; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < gamma_epsilon) break;
  }
  return gamma_prefactor(a, x) * h;
}

}  // namespace size_math

// The standard normal's quantile, Phi^-1(p) for p in (0, 1) (-inf at 0, +inf at 1): Acklam's rational
// approximation (P. J. Acklam, "An algorithm for computing the inverse normal cumulative distribution function",
// 2003; relative error below 1.15e-9) refined by one step of Halley's method on erfc, as Acklam proposes, to
// about 1e-15. Throws std::invalid_argument outside [0, 1].
inline double standard_normal_quantile(double p) {
  if (!(p >= 0.0 && p <= 1.0)) {
    throw std::invalid_argument("standard_normal_quantile: p must be within [0, 1] (got " + format_number(p) + ")");
  }
  if (p == 0.0) return -size_math::infinity;
  if (p == 1.0) return size_math::infinity;
  // The upper half by symmetry: 1 - p is exact for p >= 1/2, and the lower tail keeps its relative precision.
  if (p > 0.5) return -standard_normal_quantile(1.0 - p);
  double x = size_math::acklam_lower_half(p);
  // One Halley step on Phi(x) - p (Acklam's refinement): e = Phi(x) - p, u = e sqrt(2 pi) exp(x^2 / 2).
  const double e = size_math::standard_normal_cdf(x) - p;
  const double u = e * std::sqrt(2.0 * size_math::pi) * std::exp(0.5 * x * x);
  if (std::isfinite(u)) x -= u / (1.0 + 0.5 * x * u);
  return x;
}

// The regularized lower incomplete gamma function P(a, x) = gamma(a, x) / Gamma(a), a > 0, x >= 0: its series below
// x = a + 1 and Legendre's continued fraction (modified Lentz) above, as Numerical Recipes (Press et al., 3rd ed.,
// 2007, section 6.2) computes it, to about 1e-14.
inline double regularized_gamma_p(double a, double x) {
  if (!(a > 0.0 && std::isfinite(a)) || !(x >= 0.0)) {
    throw std::invalid_argument("regularized_gamma_p: needs a finite a > 0 and x >= 0 (got a = " + format_number(a) +
                                ", x = " + format_number(x) + ")");
  }
  if (x == 0.0) return 0.0;
  if (x == size_math::infinity) return 1.0;
  return x < a + 1.0 ? size_math::gamma_p_series(a, x) : 1.0 - size_math::gamma_q_continued_fraction(a, x);
}

}  // namespace terawatt
