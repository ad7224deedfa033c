#include "models/fleet/growth_fit.hpp"
#include "models/fleet/fleet_stock_flow.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace terawatt;

namespace {

Eigen::VectorXd years_from_zero(int n) {
  return Eigen::VectorXd::LinSpaced(n, 0.0, static_cast<double>(n - 1));
}

// Multiplicative noise exp(N(0, sigma)), seeded. std::normal_distribution is not bit-identical across standard
// libraries, so the tolerances below are set from the estimators' standard errors, not from one draw.
Eigen::VectorXd with_noise(const Eigen::VectorXd& values, double sigma, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, sigma);
  Eigen::VectorXd noisy = values;
  for (Eigen::Index i = 0; i < noisy.size(); ++i) {
    noisy(i) *= std::exp(noise(rng));
  }
  return noisy;
}

}  // namespace

TEST_CASE("exponential fit recovers a noise-free growth rate within 1e-9") {
  const Eigen::VectorXd t = years_from_zero(12);
  const Eigen::VectorXd values = exponential_series(0, 12, 0, 460.0, 0.147);
  const ExponentialFit fit = fit_exponential(t, values);
  CHECK(std::abs(fit.rate_per_year - 0.147) < 1e-9);
  CHECK(std::abs(fit.initial_value / 460.0 - 1.0) < 1e-9);
  CHECK(fit.rms_log_residual < 1e-9);
}

TEST_CASE("exponential fit recovers a growth rate from seeded noisy data within 0.005 per year") {
  // 2 % log-normal noise on 15 points: the slope's standard error is 0.02 / sqrt(sum (t - mean)^2) = 0.02 /
  // sqrt(280) = 0.0012 per year; 0.005 is about four standard errors.
  const Eigen::VectorXd t = years_from_zero(15);
  for (unsigned seed : {1u, 2u, 3u}) {
    const Eigen::VectorXd values = with_noise(exponential_series(0, 15, 0, 100.0, 0.3), 0.02, seed);
    const ExponentialFit fit = fit_exponential(t, values);
    CHECK(std::abs(fit.rate_per_year - 0.3) < 0.005);
    CHECK(fit.rms_log_residual < 0.05);
  }
}

TEST_CASE("exponential fit reproduces IEA's 2022-2026 base-case growth") {
  // docs/references.md RC-41: 460 TWh in 2022, "just over 800 TWh" in 2026; two points fix the rate ln(800/460)/4.
  Eigen::VectorXd t(2);
  t << 0.0, 4.0;
  Eigen::VectorXd twh(2);
  twh << 460.0, 800.0;
  const ExponentialFit fit = fit_exponential(t, twh);
  CHECK(fit.rate_per_year == Approx(std::log(800.0 / 460.0) / 4.0).epsilon(1e-12));
  CHECK(std::exp(fit.rate_per_year) - 1.0 == Approx(0.148).epsilon(0.01));  // about 15 % a year
}

TEST_CASE("logistic fit recovers ceiling, rate and midpoint from noise-free data") {
  const Eigen::VectorXd t = years_from_zero(21);
  const Eigen::VectorXd values = logistic_series(0, 21, 1000.0, 0.5, 10.0);
  const LogisticFit fit = fit_logistic(t, values);
  CHECK(std::abs(fit.ceiling / 1000.0 - 1.0) < 1e-6);
  CHECK(std::abs(fit.rate_per_year - 0.5) < 1e-6);
  CHECK(std::abs(fit.midpoint_years - 10.0) < 1e-6);
}

TEST_CASE("logistic fit recovers its ceiling from seeded noisy data within 3 %") {
  // 1 % log-normal noise over a series that passes its midpoint and approaches the ceiling (t = 0..20 with the
  // midpoint at 10): the later points constrain K to about 1 %, so 3 % leaves room for the draw.
  const Eigen::VectorXd t = years_from_zero(21);
  for (unsigned seed : {11u, 12u, 13u}) {
    const Eigen::VectorXd values = with_noise(logistic_series(0, 21, 1000.0, 0.5, 10.0), 0.01, seed);
    const LogisticFit fit = fit_logistic(t, values);
    CHECK(std::abs(fit.ceiling / 1000.0 - 1.0) < 0.03);
    CHECK(std::abs(fit.rate_per_year - 0.5) < 0.05);
    CHECK(std::abs(fit.midpoint_years - 10.0) < 0.5);
  }
}

TEST_CASE("growth fits reject unusable series") {
  Eigen::VectorXd t(3);
  t << 0.0, 1.0, 2.0;
  Eigen::VectorXd bad(3);
  bad << 1.0, -2.0, 3.0;
  CHECK_THROWS(fit_exponential(t, bad));
  CHECK_THROWS(fit_exponential(t, Eigen::VectorXd::Ones(2)));
  CHECK_THROWS(fit_exponential(Eigen::VectorXd::Zero(3), Eigen::VectorXd::Ones(3)));
  CHECK_THROWS(fit_logistic(t.head(2), Eigen::VectorXd::Ones(2)));
}
