#pragma once
// Rank correlation among sampled inputs, after Iman and Conover (1982, "A distribution-free approach to inducing rank
// correlation among input variables", Communications in Statistics B 11(3); docs/references.md K): the values of
// each input (a column) are re-paired across the samples (rows) so that the inputs' rank correlations approach a
// target, while every column keeps exactly its values. A Latin hypercube stays one: each input still has one sample
// in each of its strata.
//
// Method: van der Waerden scores Phi^-1(i / (N + 1)), i = 1..N, a seeded random permutation of them per column (R);
// with T = corr(R) = Q Q^T and the target C = P P^T (Cholesky), R* = R (P Q^-1)^T has correlation C exactly; each
// column of the samples is then ordered as R*'s column ranks. The result's rank (Spearman) correlation is close to C,
// not equal: scores are normal, ranks uniform, and N is finite (about 0.05 at N = 200).

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace terawatt {

// `samples[s][k]`: input k of sample s. `target`: k x k, symmetric, unit diagonal, off-diagonal in (-1, 1), positive
// definite (std::invalid_argument otherwise, saying which). The same seed gives the same result on every machine
// (the permutations are Fisher-Yates on std::mt19937_64, written out here).
std::vector<std::vector<double>> with_rank_correlation(const std::vector<std::vector<double>>& samples,
                                                       const Eigen::MatrixXd& target, std::uint64_t seed);

// Spearman's rank correlation of two equally long series (ties at their mean rank); NaN when either is constant.
double spearman_correlation(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace terawatt
