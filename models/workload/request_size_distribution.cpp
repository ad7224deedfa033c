#include "models/workload/request_size_distribution.hpp"

#include "models/base/number_text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <utility>

namespace terawatt {
namespace {

using size_math::infinity;
using size_math::standard_normal_cdf;

// Uniform on the open interval (0, 1) with 53 random bits: ((x >> 11) + 1/2) 2^-53. Never 0 or 1, so that an
// inversion never returns an infinite value.
double open_uniform01(std::mt19937_64& stream) {
  return (static_cast<double>(stream() >> 11) + 0.5) * 0x1.0p-53;
}

bool is_whole(double x) {
  return std::isfinite(x) && std::floor(x) == x;
}

// Throws "<parameter>: must be <requirement> (got <value>)" unless ok.
void require(bool ok, const std::string& parameter, const std::string& requirement, double value) {
  if (!ok) throw SizeDistributionError(parameter, "must be " + requirement + " (got " + format_number(value) + ")");
}

void check_mean_cv(double mean, double cv) {
  require(std::isfinite(mean) && mean > 0.0, "mean", "a finite number > 0", mean);
  require(std::isfinite(cv) && cv >= 0.0, "cv", "a finite number >= 0", cv);
}

// Edges: at least two, finite, >= 0, increasing. Weights: one per bin, finite, >= 0, not all zero.
void check_histogram(const std::vector<double>& edges, const std::vector<double>& weights) {
  if (edges.size() < 2) {
    throw SizeDistributionError("edges", "needs at least two bin edges (got " + std::to_string(edges.size()) + ")");
  }
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const std::string name = "edges[" + std::to_string(i) + "]";
    require(std::isfinite(edges[i]) && edges[i] >= 0.0, name, "a finite size >= 0", edges[i]);
    if (i > 0) require(edges[i] > edges[i - 1], name, "greater than the edge before it", edges[i]);
  }
  if (weights.size() != edges.size() - 1) {
    throw SizeDistributionError("weights", "needs one weight per bin, " + std::to_string(edges.size() - 1) + " for " +
                                               std::to_string(edges.size()) + " edges (got " +
                                               std::to_string(weights.size()) + ")");
  }
  for (std::size_t i = 0; i < weights.size(); ++i) {
    require(std::isfinite(weights[i]) && weights[i] >= 0.0, "weights[" + std::to_string(i) + "]",
            "a finite number >= 0", weights[i]);
  }
  if (std::none_of(weights.begin(), weights.end(), [](double w) { return w > 0.0; })) {
    throw SizeDistributionError("weights", "must not all be zero");
  }
}

// The x with P(a, x) = p, p in (0, 1): a bracket [x / 2, x] found by doubling and halving, then bisection to the
// last bit. P is increasing in x, so the bisection cannot miss.
double gamma_p_inverse(double a, double p) {
  double hi = std::max(a, 1.0);
  while (regularized_gamma_p(a, hi) < p) hi *= 2.0;
  double lo = 0.5 * hi;
  while (lo > 1e-300 && regularized_gamma_p(a, lo) > p) {
    hi = lo;
    lo *= 0.5;
  }
  if (!(lo > 1e-300)) lo = 0.0;
  for (int i = 0; i < 2000; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    (regularized_gamma_p(a, mid) < p ? lo : hi) = mid;
  }
  return hi;
}

// A standard gamma variate of shape k by Marsaglia and Tsang ("A simple method for generating gamma variables",
// ACM TOMS 26(3), 2000): a transformed normal, accepted by a squeeze or its log test. Shapes below 1 use their
// boost: G(k) = G(k + 1) U^(1/k). The normal is drawn by inversion, to stay portable.
double standard_gamma(double k, std::mt19937_64& stream) {
  if (k < 1.0) {
    const double boosted = standard_gamma(k + 1.0, stream);
    return boosted * std::pow(open_uniform01(stream), 1.0 / k);
  }
  const double d = k - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x = 0.0;
    double v = 0.0;
    do {
      x = standard_normal_quantile(open_uniform01(stream));
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = open_uniform01(stream);
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

// The explicit part of the rounding sum in SizeDistribution::whole_mean: n = 1 .. 65,536.
constexpr double whole_terms = 65536.0;

constexpr std::array<std::pair<SizeKind, std::string_view>, 4> kind_names{{
    {SizeKind::fixed, "fixed"},
    {SizeKind::lognormal, "lognormal"},
    {SizeKind::gamma, "gamma"},
    {SizeKind::histogram, "histogram"},
}};

}  // namespace

// The law of a draw before clamps and rounding, one class per kind, so that the distribution itself holds no
// branch on its kind. cdf and partial_mean are called with a finite x > 0 only.
class SizeLaw {
 public:
  virtual ~SizeLaw() = default;
  virtual double quantile(double p) const = 0;      // p in [0, 1]
  virtual double cdf(double x) const = 0;           // P(X <= x)
  virtual double partial_mean(double x) const = 0;  // E[X; X <= x]
  // By inversion of one uniform unless a kind knows better.
  virtual double draw(std::mt19937_64& stream) const { return quantile(open_uniform01(stream)); }
};

namespace {

// A fixed value (also a lognormal or gamma of cv 0): draws no random numbers.
class FixedLaw final : public SizeLaw {
 public:
  explicit FixedLaw(double value) : value_(value) {}
  double quantile(double) const override { return value_; }
  double cdf(double x) const override { return x >= value_ ? 1.0 : 0.0; }
  double partial_mean(double x) const override { return x >= value_ ? value_ : 0.0; }
  double draw(std::mt19937_64&) const override { return value_; }

 private:
  double value_;
};

class LognormalLaw final : public SizeLaw {
 public:
  LognormalLaw(LognormalParameters p, double mean) : p_(p), mean_(mean) {}
  double quantile(double p) const override { return std::exp(p_.mu + p_.sigma * standard_normal_quantile(p)); }
  double cdf(double x) const override { return standard_normal_cdf((std::log(x) - p_.mu) / p_.sigma); }
  // E[X; X <= x] = mean Phi((ln x - mu - sigma^2) / sigma).
  double partial_mean(double x) const override {
    return mean_ * standard_normal_cdf((std::log(x) - p_.mu - p_.sigma * p_.sigma) / p_.sigma);
  }

 private:
  LognormalParameters p_;
  double mean_;
};

class GammaLaw final : public SizeLaw {
 public:
  GammaLaw(GammaParameters p, double mean) : p_(p), mean_(mean) {}
  double quantile(double p) const override {
    if (p <= 0.0) return 0.0;
    if (p >= 1.0) return infinity;
    return p_.scale * gamma_p_inverse(p_.shape, p);
  }
  double cdf(double x) const override { return regularized_gamma_p(p_.shape, x / p_.scale); }
  // t f_k(t) = k f_(k+1)(t) for the standard gamma densities, so E[X; X <= x] = mean P(k + 1, x / theta).
  double partial_mean(double x) const override { return mean_ * regularized_gamma_p(p_.shape + 1.0, x / p_.scale); }
  double draw(std::mt19937_64& stream) const override { return p_.scale * standard_gamma(p_.shape, stream); }

 private:
  GammaParameters p_;
  double mean_;
};

// Edges and weights already checked; the distribution function is piecewise linear.
class HistogramLaw final : public SizeLaw {
 public:
  HistogramLaw(std::vector<double> edges, const std::vector<double>& weights)
      : edges_(std::move(edges)), cumulative_(edges_.size(), 0.0) {
    double running = 0.0;
    for (std::size_t i = 0; i < weights.size(); ++i) cumulative_[i + 1] = running += weights[i];
    for (double& c : cumulative_) c /= running;
    cumulative_.back() = 1.0;
  }
  double share(std::size_t bin) const { return cumulative_[bin + 1] - cumulative_[bin]; }
  // The bin where the cumulative share first exceeds p (a bin of zero weight is never chosen), then linear inside
  // it; p = 1: the upper edge of the last bin with weight.
  double quantile(double p) const override {
    const auto above = std::upper_bound(cumulative_.begin(), cumulative_.end(), p);
    if (above == cumulative_.end()) {
      return edges_[static_cast<std::size_t>(std::lower_bound(cumulative_.begin(), cumulative_.end(), 1.0) -
                                             cumulative_.begin())];
    }
    const auto i = static_cast<std::size_t>(above - cumulative_.begin() - 1);
    return edges_[i] + (p - cumulative_[i]) / share(i) * (edges_[i + 1] - edges_[i]);
  }
  double cdf(double x) const override {
    if (x <= edges_.front()) return 0.0;
    if (x >= edges_.back()) return 1.0;
    const auto i = static_cast<std::size_t>(std::upper_bound(edges_.begin(), edges_.end(), x) - edges_.begin() - 1);
    return cumulative_[i] + share(i) * (x - edges_[i]) / (edges_[i + 1] - edges_[i]);
  }
  // Each bin below x contributes its share of [e_i, min(x, e_i+1)] times the middle of that span.
  double partial_mean(double x) const override {
    double sum = 0.0;
    for (std::size_t i = 0; i + 1 < edges_.size() && edges_[i] < x; ++i) {
      const double top = std::min(x, edges_[i + 1]);
      sum += share(i) * (top - edges_[i]) / (edges_[i + 1] - edges_[i]) * 0.5 * (edges_[i] + top);
    }
    return sum;
  }

 private:
  std::vector<double> edges_;
  std::vector<double> cumulative_;  // cumulative_[i]: the share of the weight in bins 0 .. i - 1
};

}  // namespace

std::string_view size_kind_name(SizeKind kind) {
  for (const auto& [k, name] : kind_names) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<SizeKind> find_size_kind(std::string_view name) {
  for (const auto& [kind, n] : kind_names) {
    if (n == name) return kind;
  }
  return std::nullopt;
}

LognormalParameters lognormal_from_mean_cv(double mean, double cv) {
  check_mean_cv(mean, cv);
  const double sigma2 = std::log1p(cv * cv);
  return {std::log(mean) - 0.5 * sigma2, std::sqrt(sigma2)};
}

GammaParameters gamma_from_mean_cv(double mean, double cv) {
  check_mean_cv(mean, cv);
  return {1.0 / (cv * cv), mean * cv * cv};
}

SizeDistribution::SizeDistribution(SizeKind kind, const SizeLimits& limits) : kind_(kind), limits_(limits) {}

SizeDistribution SizeDistribution::fixed(double value, const SizeLimits& limits) {
  require(std::isfinite(value) && value >= (limits.integer ? 1.0 : 0.0) && value > 0.0, "value",
          limits.integer ? "a finite number >= 1 for a whole quantity" : "a finite number > 0", value);
  SizeDistribution d(SizeKind::fixed, limits);
  d.stated_mean_ = value;
  d.finish_construction(std::make_shared<FixedLaw>(value), "fixed " + format_number(value));
  return d;
}

SizeDistribution SizeDistribution::lognormal(double mean, double cv, const SizeLimits& limits) {
  SizeDistribution d(SizeKind::lognormal, limits);
  d.lognormal_ = lognormal_from_mean_cv(mean, cv);
  d.stated_mean_ = mean;
  d.stated_cv_ = cv;
  d.finish_construction(cv > 0.0 ? std::shared_ptr<const SizeLaw>(std::make_shared<LognormalLaw>(d.lognormal_, mean))
                                 : std::make_shared<FixedLaw>(mean),
                        "lognormal, mean " + format_number(mean) + ", cv " + format_number(cv));
  return d;
}

SizeDistribution SizeDistribution::gamma(double mean, double cv, const SizeLimits& limits) {
  SizeDistribution d(SizeKind::gamma, limits);
  d.gamma_ = gamma_from_mean_cv(mean, cv);
  d.stated_mean_ = mean;
  d.stated_cv_ = cv;
  d.finish_construction(cv > 0.0 ? std::shared_ptr<const SizeLaw>(std::make_shared<GammaLaw>(d.gamma_, mean))
                                 : std::make_shared<FixedLaw>(mean),
                        "gamma, mean " + format_number(mean) + ", cv " + format_number(cv));
  return d;
}

SizeDistribution SizeDistribution::histogram(std::vector<double> edges, std::vector<double> weights,
                                             const SizeLimits& limits) {
  check_histogram(edges, weights);
  SizeDistribution d(SizeKind::histogram, limits);
  auto law = std::make_shared<HistogramLaw>(edges, weights);
  double second_moment = 0.0;  // a bin uniform on [a, b]: mean (a + b) / 2, second moment (a^2 + ab + b^2) / 3
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double a = edges[i];
    const double b = edges[i + 1];
    d.stated_mean_ += law->share(i) * 0.5 * (a + b);
    second_moment += law->share(i) * (a * a + a * b + b * b) / 3.0;
  }
  d.stated_cv_ = std::sqrt(std::max(0.0, second_moment - d.stated_mean_ * d.stated_mean_)) / d.stated_mean_;
  const std::string text = "histogram, " + std::to_string(weights.size()) + " bins over [" +
                           format_number(edges.front()) + ", " + format_number(edges.back()) + "], mean " +
                           format_number(d.stated_mean_);
  d.edges_ = std::move(edges);
  d.weights_ = std::move(weights);
  d.finish_construction(std::move(law), text);
  return d;
}

void SizeDistribution::finish_construction(std::shared_ptr<const SizeLaw> law, std::string law_text) {
  const bool whole = limits_.integer;
  if (limits_.min) {
    const double min = *limits_.min;
    require(std::isfinite(min) && min >= 0.0 && (!whole || is_whole(min)), "min",
            whole ? "a whole number >= 0 for a whole quantity" : "a finite number >= 0", min);
  }
  if (limits_.max) {
    const double max = *limits_.max;
    require(std::isfinite(max) && max > 0.0 && (!whole || (is_whole(max) && max >= 1.0)), "max",
            whole ? "a whole number >= 1 for a whole quantity" : "a finite number > 0", max);
  }
  if (limits_.min && limits_.max) {
    require(*limits_.min <= *limits_.max, "min", "at most max = " + format_number(*limits_.max), *limits_.min);
  }
  if (whole && (kind_ == SizeKind::lognormal || kind_ == SizeKind::gamma)) {
    require(stated_mean_ >= 1.0, "mean", "a number >= 1 for a whole quantity", stated_mean_);
  }
  law_ = std::move(law);
  law_text_ = std::move(law_text);
  // A fixed value is its own mean, once clamped and rounded; the sums below assume a continuous law.
  if (stated_cv_ == 0.0) {
    mean_ = finish(stated_mean_);
  } else {
    mean_ = whole ? whole_mean() : clamped_law_mean(limits_.min.value_or(0.0), limits_.max.value_or(infinity));
  }
}

double SizeDistribution::law_cdf(double x) const {
  if (!(x > 0.0)) return 0.0;
  return x == infinity ? 1.0 : law_->cdf(x);
}

double SizeDistribution::law_partial_mean(double x) const {
  if (!(x > 0.0)) return 0.0;
  return x == infinity ? stated_mean_ : law_->partial_mean(x);
}

double SizeDistribution::finish(double x) const {
  if (limits_.min) x = std::max(x, *limits_.min);
  if (limits_.max) x = std::min(x, *limits_.max);
  return limits_.integer ? std::max(1.0, std::round(x)) : x;
}

// E[clamp(X, lo, hi)] = lo F(lo) + (E[X; X <= hi] - E[X; X <= lo]) + hi (1 - F(hi)), for 0 <= lo <= hi <= inf.
double SizeDistribution::clamped_law_mean(double lo, double hi) const {
  if (hi <= lo) return hi;
  const double above = hi == infinity ? 0.0 : hi * (1.0 - law_cdf(hi));
  return lo * law_cdf(lo) + (law_partial_mean(hi) - law_partial_mean(lo)) + above;
}

// Y = clamp(X, lo, hi); a draw is Z = max(1, round(Y)), and round(y) >= n + 1 exactly when y >= n + 1/2, so
// E[Z] = 1 + sum_{n >= 1} P(Y >= n + 1/2). Terms up to n = 65,536 (or until they fall below 1e-12) are summed; the
// rest, sum_{n >= N} P(Y >= n + 1/2), is the midpoint rule for the integral of P(Y >= t) over [N, inf), which is
// E[Y] - E[min(Y, N)]. P(Y >= t) decreases, so that rule errs by at most P(Y >= N) <= E[Y] / N.
double SizeDistribution::whole_mean() const {
  const double lo = limits_.min.value_or(0.0);
  const double hi = limits_.max.value_or(infinity);
  double sum = 1.0;
  double n = 1.0;
  for (; n <= whole_terms; n += 1.0) {
    const double t = n + 0.5;
    if (t > hi) return sum;  // lo and hi are whole: nothing is drawn above hi
    const double survival = t <= lo ? 1.0 : 1.0 - law_cdf(t);
    if (survival < 1e-12) break;
    sum += survival;
  }
  return sum + (clamped_law_mean(lo, hi) - clamped_law_mean(lo, std::min(hi, n)));
}

double SizeDistribution::draw(std::mt19937_64& stream) const {
  return finish(law_->draw(stream));
}

double SizeDistribution::quantile(double p) const {
  if (!(p >= 0.0 && p <= 1.0)) {
    throw std::invalid_argument("quantile: p must be within [0, 1] (got " + format_number(p) + ")");
  }
  return finish(law_->quantile(p));
}

std::vector<double> SizeDistribution::quantiles(const std::vector<double>& ps) const {
  std::vector<double> out;
  out.reserve(ps.size());
  for (double p : ps) out.push_back(quantile(p));
  return out;
}

std::string SizeDistribution::describe() const {
  std::string text = law_text_;
  if (limits_.min) text += ", min " + format_number(*limits_.min);
  if (limits_.max) text += ", max " + format_number(*limits_.max);
  if (limits_.integer) text += ", whole";
  return text;
}

}  // namespace terawatt
