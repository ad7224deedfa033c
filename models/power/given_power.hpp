#pragma once
// A server drawing a given IT power, as fleet estimates describe a cluster: a measured total, or nameplate power times
// a load factor. The power is split between the accelerators and the host along the server's own curves, so that the
// output's accelerator share stays meaningful and the total is exactly the power given. Pure model: no engine, no I/O.
//
// The server's IT power at accelerator load L in [0, 1] (the share of the accelerators' dynamic range, as
// models/power/server_power.hpp defines it) is linear: IT(L) = a (idle + (TDP - idle) L) + host(L), host(L) linear
// between the host's idle and loaded points (models/power/host_power.hpp). A given power P splits as:
//  - IT(0) <= P <= IT(1): the load L with IT(L) = P, each part at that load;
//  - P < IT(0) (a measurement below the modelled idle floor): both idle parts scaled by P / IT(0), keeping their ratio;
//  - P > IT(1) (above the modelled nameplate): the accelerators at their board power, the host the rest.
// The accelerators' power cap is not applied: a measured power already includes whatever cap the cluster ran under.

namespace terawatt {

class AcceleratorPowerModel;
struct HostPowerCurve;

struct PowerSplit {
  double accelerators_w = 0.0;  // all the server's accelerators together
  double host_w = 0.0;          // its host: CPUs, memory, NICs, fans, PSU losses
};

// Nameplate IT power of a server: its accelerators at board power (TDP) and its host at full load.
double server_nameplate_w(double accelerators, const AcceleratorPowerModel& accelerator, const HostPowerCurve& host);

// Throws std::invalid_argument for a negative or non-finite power, or no accelerators.
PowerSplit split_server_power(double it_w, double accelerators, const AcceleratorPowerModel& accelerator,
                              const HostPowerCurve& host);

}  // namespace terawatt
