#pragma once
// Power of a server's host: everything but the accelerators (CPUs, DRAM, NICs, NVSwitches, fans, PSU losses), as a
// function of how hard the accelerators work. Pure model: no engine, no I/O.
//
// The curve is linear between two sourced points:
//  - loaded: the host at the accelerators' full load. Fans, PSU losses and the data pipeline that feeds the
//    accelerators all rise with the heat and work of the accelerators, so the host draws most here.
//  - idle: the host with idle accelerators.
// Linear in load is the server power model of Fan, Weber & Barroso (2007): server power is close to linear in
// utilisation between an idle floor and its busy peak (docs/references.md). The load that drives it is the
// accelerators' share of their dynamic range, (P - P_idle) / (TDP - P_idle): the host follows what the accelerators
// do, not a CPU utilisation the simulator does not model.

namespace terawatt {

struct HostPowerCurve {
  double idle_w = 0.0;    // host power with the accelerators idle
  double loaded_w = 0.0;  // host power with the accelerators at their full board power (TDP)

  // A host whose power does not depend on load (a study's measured overhead).
  static HostPowerCurve constant(double power_w) { return {power_w, power_w}; }

  // Throws std::invalid_argument unless 0 <= idle_w <= loaded_w and both are finite.
  void validate() const;

  // idle + (loaded - idle) x load, with load clamped to [0, 1].
  double power_w(double accelerator_load) const;

  // The same curve for `factor` times the hardware (grouped hosts, servers of another size).
  HostPowerCurve scaled(double factor) const { return {idle_w * factor, loaded_w * factor}; }

  bool is_constant() const { return idle_w == loaded_w; }
};

}  // namespace terawatt
