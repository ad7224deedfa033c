#include "models/workload/training_cost.hpp"

#include <stdexcept>

namespace terawatt {

double training_flops(double parameters, double tokens) {
  if (!(parameters > 0.0) || !(tokens > 0.0)) {
    throw std::invalid_argument("parameters and tokens must be positive");
  }
  constexpr double flops_per_parameter_token = 6.0;
  return flops_per_parameter_token * parameters * tokens;
}

double training_duration_s(double flops, double accelerators, double peak_flop_per_s, double mfu) {
  if (!(flops > 0.0) || !(accelerators > 0.0) || !(peak_flop_per_s > 0.0) || !(mfu > 0.0 && mfu <= 1.0)) {
    throw std::invalid_argument("training duration needs positive FLOPs, accelerators, peak and an MFU in (0, 1]");
  }
  return flops / (accelerators * peak_flop_per_s * mfu);
}

}  // namespace terawatt
