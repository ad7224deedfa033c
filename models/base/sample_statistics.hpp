#pragma once
// Statistics of a figure over the samples of an uncertainty run (sim/app/uncertainty/): its percentiles, and which
// inputs drive it. Pure functions.
//
// Sensitivity is measured by standardised rank regression coefficients (SRRC; Saltelli et al., "Sensitivity Analysis
// in Practice", 2004, section 1.2.5; docs/references.md K): the samples of every input and of the figure are replaced
// by their ranks, the ranks standardised, and the figure's regressed on the inputs' by least squares. A coefficient
// is the change of the figure's rank, in standard deviations, per standard deviation of the input's rank with the
// others held: its sign says the direction, its square roughly the share of the variance it explains when the
// inputs are independent (as Latin hypercube samples nearly are). The R^2 of the regression says how much of the
// figure's variance a monotonic model explains; below about 0.7 the coefficients say less.

#include <vector>

namespace terawatt {

// The q-quantile (q in [0, 1]) of the finite values, linear between order statistics (Hyndman and Fan's type 7,
// numpy's default); NaN when none is finite.
double sample_quantile(std::vector<double> values, double q);
double sample_mean(const std::vector<double>& values);  // of the finite values; NaN when none

// Ranks 1 .. n, ties given the mean of the ranks they share.
std::vector<double> sample_ranks(const std::vector<double>& values);

struct RankRegression {
  std::vector<double> srrc;  // one per input; NaN for an input that does not vary
  double r2 = 0.0;
};

// `inputs[s][k]`: input k in sample s; `figure[s]`. Samples whose figure is not finite are left out. Every
// coefficient is NaN when the figure does not vary or fewer than inputs + 2 samples remain.
RankRegression rank_regression(const std::vector<std::vector<double>>& inputs, const std::vector<double>& figure);

}  // namespace terawatt
