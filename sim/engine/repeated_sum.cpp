#include "sim/engine/repeated_sum.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

namespace terawatt {
namespace {

constexpr std::int64_t two_52 = std::int64_t{1} << 52;
constexpr std::int64_t two_53 = std::int64_t{1} << 53;

// How many additions of `step` to the positive normal `sum` stay exact steps of round(step / u) * u in the binade
// of `sum` (u its spacing), at most `count`; 0 when the first one already does not (a crossing or a tie).
struct BinadeRun {
  std::int64_t mantissa = 0;   // sum / u, in [2^52, 2^53)
  std::int64_t increment = 0;  // round(step / u)
  double spacing = 0.0;        // u
  std::size_t steps = 0;
};

BinadeRun binade_run(double sum, double step, std::size_t count) {
  BinadeRun run;
  int exponent = 0;
  std::frexp(sum, &exponent);  // sum in [2^(exponent - 1), 2^exponent)
  run.spacing = std::ldexp(1.0, exponent - 53);
  const double quotient = step / run.spacing;                            // exact: a power-of-two scaling
  if (!(std::fabs(quotient) < static_cast<double>(two_53))) return run;  // one addition leaves the binade
  const double rounded = std::nearbyint(quotient);
  const double fraction = quotient - rounded;  // exact, in [-0.5, 0.5]
  if (std::fabs(fraction) == 0.5) return run;  // a tie: the sum's parity decides
  run.mantissa = static_cast<std::int64_t>(sum / run.spacing);
  run.increment = static_cast<std::int64_t>(rounded);
  // After j + 1 additions the exact sum is (mantissa + (j + 1) x increment + fraction) x u; it must stay in
  // [2^52, 2^53) x u, rounding to 2^53 x u at most.
  std::int64_t room = 0;  // how far the mantissa may move in the step's direction
  if (run.increment > 0) {
    room = (two_53 - (fraction < 0.0 ? 0 : 1)) - run.mantissa;
  } else if (run.increment < 0) {
    room = run.mantissa - (two_52 + (fraction < 0.0 ? 1 : 0));
  } else {
    const bool stays = run.mantissa > two_52 || fraction >= 0.0;
    run.steps = stays ? count : 0;
    return run;
  }
  const std::int64_t fit = room < 0 ? 0 : room / (run.increment > 0 ? run.increment : -run.increment);
  run.steps = static_cast<std::uint64_t>(fit) < count ? static_cast<std::size_t>(fit) : count;
  return run;
}

}  // namespace

double repeated_sum(double start, double step, std::size_t count) {
  double sum = start;
  while (count > 0) {
    const double magnitude = std::fabs(sum);
    if (step == 0.0 || !std::isfinite(sum) || !std::isfinite(step) ||
        magnitude < std::numeric_limits<double>::min() * two_53) {
      // Zero steps, non-finite values and sums near the subnormal range: one at a time (rare and short).
      sum += step;
      --count;
      if (step == 0.0) return sum;  // sum + 0 is sum from then on
      continue;
    }
    // Rounding to nearest is symmetric: a negative sum is the mirror of a positive one.
    const double sign = sum < 0.0 ? -1.0 : 1.0;
    const BinadeRun run = binade_run(magnitude, sign * step, count);
    if (run.steps == 0) {
      sum += step;
      --count;
      continue;
    }
    const auto moved = run.mantissa + static_cast<std::int64_t>(run.steps) * run.increment;
    sum = sign * static_cast<double>(moved) * run.spacing;  // moved <= 2^53: exact
    count -= run.steps;
  }
  return sum;
}

}  // namespace terawatt
