#include "sim/scenario/cluster_power.hpp"

namespace terawatt {

AcceleratorPowerModel accelerator_power_model(const Cluster& cluster, std::optional<double> cap_override) {
  AcceleratorPowerParams params;
  params.tdp_w = cluster.accelerator.tdp_w;
  params.idle_w = cluster.accelerator.idle_w;
  params.power_cap_w = cap_override ? cap_override : cluster.power_cap_w;
  params.measured_compute_w = cluster.compute_power_w;
  // The accelerator's measured phase powers, where its catalog entry gives them, replace the default shares of TDP.
  const AcceleratorSpec& a = cluster.accelerator;
  if (a.checkpoint_power_w) params.intensities.checkpoint_fraction_of_tdp = *a.checkpoint_power_w / a.tdp_w;
  if (a.communication_power_w) params.intensities.communication_fraction_of_tdp = *a.communication_power_w / a.tdp_w;
  return AcceleratorPowerModel(params);
}

}  // namespace terawatt
