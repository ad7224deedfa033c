#pragma once
// The accelerator power model of a cluster's devices, as the scenario configures it (TDP and idle from the
// catalog, power cap, measured compute power). The loader (run lengths, validation) and the platform (host power)
// both use it, so they cannot disagree.

#include "models/power/accelerator_power.hpp"
#include "sim/scenario/scenario.hpp"

#include <optional>

namespace terawatt {

// `cap_override`: a job's own power cap in place of the cluster's.
AcceleratorPowerModel accelerator_power_model(const Cluster& cluster,
                                              std::optional<double> cap_override = std::nullopt);

}  // namespace terawatt
