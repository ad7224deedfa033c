#include "models/workload/replica_group_chain.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

namespace terawatt {
namespace {

// The matrices of one solution are made once and reused level by level (assigned in place, products without
// temporaries), so that it neither allocates per level nor puts them on an actor's stack, which a scenario may set
// as small as 64 KiB.
using Matrix = Eigen::MatrixXd;
using RowVector = Eigen::RowVectorXd;
using Vector = Eigen::VectorXd;
// The ratios of every level, kept for the pass outwards, in one buffer.
class RatioStore {
 public:
  RatioStore(std::size_t levels, Eigen::Index size)
      : size_(size), values_(levels * static_cast<std::size_t>(size * size)) {}
  Eigen::Map<Eigen::MatrixXd> operator[](std::size_t level) {
    return {values_.data() + level * static_cast<std::size_t>(size_ * size_), size_, size_};
  }

 private:
  Eigen::Index size_;
  std::vector<double> values_;
};

// The group's rules at one state (N, k): who holds what, and where each transition leads.
class GroupStates {
 public:
  GroupStates(const ReplicaService& service, int replicas, double rate_per_s)
      : service_(service),
        replicas_(replicas),
        rate_per_s_(rate_per_s),
        full_(static_cast<std::int64_t>(replicas) * service.slots) {}

  std::int64_t full() const { return full_; }
  std::int64_t most_busy(std::int64_t n) const { return std::min<std::int64_t>(n, replicas_); }
  // The fewest busy replicas that hold n: none above the full batch, and any waiting request means every one is.
  std::int64_t fewest_busy(std::int64_t n) const {
    if (n == 0) return 0;
    const std::int64_t held = std::min(n, full_);
    return std::max<std::int64_t>(1, (held + service_.slots - 1) / service_.slots);
  }
  std::int64_t deepest_deficit(std::int64_t n, std::int64_t depth) const {
    return std::min(depth, most_busy(n) - fewest_busy(n));
  }
  // The deficit of (n, busy), kept within the phases that level has.
  std::int64_t phase(std::int64_t n, std::int64_t busy, std::int64_t depth) const {
    return std::clamp<std::int64_t>(most_busy(n) - busy, 0, deepest_deficit(n, depth));
  }

  struct Departures {
    double emptying = 0.0;  // per second, from replicas holding exactly one (none while requests wait)
    double other = 0.0;
  };
  Departures departures(std::int64_t n, std::int64_t busy) const {
    const std::int64_t held = std::min(n, full_);
    const std::int64_t q = held / busy;
    const std::int64_t above = held % busy;
    const double at_q = static_cast<double>(busy - above) * throughput(q);
    const double at_next = above == 0 ? 0.0 : static_cast<double>(above) * throughput(q + 1);
    if (q == 1 && n <= full_) return {at_q, at_next};
    return {0.0, at_q + at_next};
  }
  // The busy replicas' power, one accelerator each.
  double busy_power_w(std::int64_t n, std::int64_t busy) const {
    if (busy == 0) return 0.0;
    const std::int64_t held = std::min(n, full_);
    const std::int64_t q = held / busy;
    const std::int64_t above = held % busy;
    return static_cast<double>(busy - above) * power_w(q) +
           (above == 0 ? 0.0 : static_cast<double>(above) * power_w(q + 1));
  }
  double rate_per_s() const { return rate_per_s_; }
  int replicas() const { return replicas_; }
  const ReplicaService& service() const { return service_; }

 private:
  double throughput(std::int64_t n) const { return service_.throughput_per_s(static_cast<double>(n)); }
  double power_w(std::int64_t n) const { return service_.accelerator_power_at(static_cast<double>(n)); }

  const ReplicaService& service_;
  int replicas_;
  double rate_per_s_;
  std::int64_t full_;
};

// Rates of one level's phases: up to the next level, down to the previous, and out in all (within [lo, hi]).
struct LevelRates {
  Matrix up;    // phase -> phase at n + 1
  Matrix down;  // phase -> phase at n - 1
  Vector out;
};

// Fills `rates` (sized depth + 1) with level n's.
void fill_level_rates(LevelRates& rates, const GroupStates& states, std::int64_t n, std::int64_t lo, std::int64_t hi,
                      std::int64_t depth) {
  rates.up.setZero();
  rates.down.setZero();
  rates.out.setZero();
  for (std::int64_t d = 0; d <= depth; ++d) {
    const auto i = static_cast<Eigen::Index>(d);
    if (d > states.deepest_deficit(n, depth)) {
      rates.out(i) = 1.0;  // no state: no flow in or out, kept invertible
      continue;
    }
    const std::int64_t busy = states.most_busy(n) - d;
    if (n < hi) {
      const std::int64_t next = std::min<std::int64_t>(busy + 1, states.replicas());
      rates.up(i, static_cast<Eigen::Index>(states.phase(n + 1, next, depth))) += states.rate_per_s();
      rates.out(i) += states.rate_per_s();
    }
    if (n > lo && busy > 0) {
      const GroupStates::Departures leaving = states.departures(n, busy);
      rates.down(i, static_cast<Eigen::Index>(states.phase(n - 1, busy - 1, depth))) += leaving.emptying;
      rates.down(i, static_cast<Eigen::Index>(states.phase(n - 1, busy, depth))) += leaving.other;
      rates.out(i) += leaving.emptying + leaving.other;
    }
  }
}

struct Solution {
  GroupChainSums sums;
  double deepest_mass = 0.0;  // at the deepest deficit kept
};

// The matrices one solution works with, made once for its phases.
struct Workspace {
  explicit Workspace(Eigen::Index size)
      : near{Matrix(size, size), Matrix(size, size), Vector(size)},
        far{Matrix(size, size), Matrix(size, size), Vector(size)},
        reduced(size, size),
        inverse(size, size),
        lu(size) {}
  LevelRates near;  // the level the reduction has reached
  LevelRates far;   // the next level towards the peak
  Matrix reduced;   // Lambda - R W (from above) or Lambda - S U (from below) at the level reached
  Matrix inverse;
  Eigen::PartialPivLU<Matrix> lu;
};

// Stationary probabilities level by level, reduced from both ends towards the level `peak`, where the mass is largest,
// and then propagated outwards from it, so that every product runs where the probabilities fall and rounding stays
// relative to them: above, pi_{n+1} = pi_n R_n with R_{n-1} = U_{n-1} (Lambda_n - R_n W_{n+1})^-1 from the top;
// below, pi_{n-1} = pi_n S_n with S_{n+1} = W_{n+1} (Lambda_n - S_n U_{n-1})^-1 from the bottom; at the peak,
// pi (Lambda - R W - S U) = 0 with its sum 1.
Solution solve(const GroupStates& states, std::int64_t lo, std::int64_t peak, std::int64_t hi, std::int64_t depth) {
  const auto size = static_cast<Eigen::Index>(depth + 1);
  RatioStore up_ratio(static_cast<std::size_t>(hi - peak), size);    // [n - peak]: pi_{n+1} = pi_n x it
  RatioStore down_ratio(static_cast<std::size_t>(peak - lo), size);  // [n - lo - 1]: pi_{n-1} = pi_n x it
  Workspace w(size);
  Matrix peak_balance(size, size);
  // From the top down to the peak: R_{n-1} = U_{n-1} (Lambda_n - R_n W_{n+1})^-1.
  fill_level_rates(w.near, states, hi, lo, hi, depth);
  w.reduced = w.near.out.asDiagonal();
  for (std::int64_t n = hi; n > peak; --n) {
    fill_level_rates(w.far, states, n - 1, lo, hi, depth);
    w.lu.compute(w.reduced);
    w.inverse = w.lu.inverse();
    Eigen::Map<Matrix> ratio = up_ratio[static_cast<std::size_t>(n - 1 - peak)];
    ratio.noalias() = w.far.up * w.inverse;
    w.reduced = w.far.out.asDiagonal();
    w.reduced.noalias() -= ratio * w.near.down;
    std::swap(w.near, w.far);
  }
  peak_balance = w.reduced;
  // From the bottom up to the peak: S_{n+1} = W_{n+1} (Lambda_n - S_n U_{n-1})^-1.
  fill_level_rates(w.near, states, lo, lo, hi, depth);
  w.reduced = w.near.out.asDiagonal();
  for (std::int64_t n = lo; n < peak; ++n) {
    fill_level_rates(w.far, states, n + 1, lo, hi, depth);
    w.lu.compute(w.reduced);
    w.inverse = w.lu.inverse();
    Eigen::Map<Matrix> ratio = down_ratio[static_cast<std::size_t>(n - lo)];
    ratio.noalias() = w.far.down * w.inverse;
    w.reduced = w.far.out.asDiagonal();
    w.reduced.noalias() -= ratio * w.near.up;
    std::swap(w.near, w.far);
  }
  // Both reductions end at the peak (w.near holds its rates): its balance counts its rates out once.
  peak_balance += w.reduced;
  peak_balance -= w.near.out.asDiagonal();
  peak_balance.transposeInPlace();
  peak_balance.row(0).setOnes();
  Vector rhs = Vector::Zero(size);
  rhs(0) = 1.0;
  const RowVector at_peak = Eigen::FullPivLU<Matrix>(peak_balance).solve(rhs).transpose();

  Solution solution;
  GroupChainSums& sums = solution.sums;
  const auto add_level = [&](std::int64_t n, const RowVector& pi) {
    for (std::int64_t d = 0; d <= states.deepest_deficit(n, depth); ++d) {
      const double p = std::max(0.0, pi(static_cast<Eigen::Index>(d)));
      const std::int64_t busy = states.most_busy(n) - d;
      const std::int64_t held = std::min(n, states.full());
      sums.mass += p;
      sums.held += p * static_cast<double>(held);
      sums.busy += p * static_cast<double>(busy);
      sums.busy_power += p * states.busy_power_w(n, busy);
      sums.waiting += p * static_cast<double>(n - held);
      if (d == depth) solution.deepest_mass += p;
    }
  };
  RowVector pi = at_peak;
  RowVector next(size);
  add_level(peak, pi);
  for (std::int64_t n = peak; n < hi; ++n) {
    next.noalias() = pi * up_ratio[static_cast<std::size_t>(n - peak)];
    pi.swap(next);
    add_level(n + 1, pi);
  }
  if (hi == states.full()) {
    add_full_queue(sums, states.service(), states.replicas(), states.rate_per_s(), std::max(0.0, pi(0)));
  }
  pi = at_peak;
  for (std::int64_t n = peak; n > lo; --n) {
    next.noalias() = pi * down_ratio[static_cast<std::size_t>(n - 1 - lo)];
    pi.swap(next);
    add_level(n - 1, pi);
  }
  return solution;
}

}  // namespace

void add_full_queue(GroupChainSums& sums, const ReplicaService& service, int replicas, double rate_per_s,
                    double weight_full) {
  const double r = replicas;
  const double f = rate_per_s / (r * service.capacity_per_s());
  const double queue_mass = weight_full * f / (1.0 - f);
  const auto full = static_cast<double>(replicas) * service.slots;
  sums.mass += queue_mass;
  sums.held += queue_mass * full;
  sums.busy += queue_mass * r;
  sums.busy_power += queue_mass * r * service.accelerator_power_w[static_cast<std::size_t>(service.slots)];
  sums.waiting += weight_full * f / ((1.0 - f) * (1.0 - f));  // sum_j j f^j = f / (1 - f)^2
}

GroupChainSums group_chain_with_empty_replicas(const ReplicaService& service, int replicas, double rate_per_s,
                                               std::int64_t lo, std::int64_t peak, std::int64_t hi) {
  const GroupStates states(service, replicas, rate_per_s);
  if (replicas < 2 || lo < 0 || peak < lo || hi < peak || hi <= lo || hi > states.full() || !(rate_per_s > 0.0)) {
    throw std::invalid_argument("group chain: needs R >= 2, 0 <= lo <= peak <= hi <= R x B, lo < hi, a positive rate");
  }
  constexpr double negligible = 1e-9;  // of the mass, at the deepest deficit kept
  // A first guess, small enough to be cheap where deficits stay shallow; the doubling makes the result independent
  // of it, to the 1e-9 above.
  constexpr std::int64_t first_depth = 8;
  const std::int64_t deepest = std::min<std::int64_t>(most_group_deficits, replicas - 1);
  std::int64_t depth = std::min(first_depth, deepest);
  for (;;) {
    const Solution solution = solve(states, lo, peak, hi, depth);
    if (depth == deepest || solution.deepest_mass <= negligible * solution.sums.mass) return solution.sums;
    depth = std::min<std::int64_t>(2 * depth, deepest);
  }
}

}  // namespace terawatt
