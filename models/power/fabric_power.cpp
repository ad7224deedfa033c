#include "models/power/fabric_power.hpp"

namespace terawatt {
namespace {

constexpr double bits_per_byte = 8.0;
// The fat tree's port: 400 Gb/s InfiniBand NDR, the DGX H100's and the Quantum-2 switch's.
constexpr double port_bits_per_s = 400e9;
// NVIDIA Quantum-2 QM9700, 64 ports of 400 Gb/s: 747 W with passive cables, so without optics (the NVIDIA figure as
// a GPU cloud's product page quotes it; docs/references.md, "Network fabric").
constexpr double switch_w = 747.0;
constexpr double switch_ports = 64.0;
// A 400 Gb/s port's server uses three switch ports: its leaf's port down, one of that leaf's ports up, a spine's
// port down. NVIDIA's DGX SuperPOD H100 has 48 switches (32 leaf, 16 spine) for 127 servers of 8 ports: 3.02 each.
constexpr double switch_ports_per_server_port = 3.0;
// Each of the two links a server port needs (server to leaf, leaf to spine) has a transceiver at each end: four ends,
// each half of an 800 Gb/s twin-port OSFP module of 15 W (NVIDIA MMA4Z00-NS, multimode SR8).
constexpr double transceiver_ends_per_server_port = 4.0;
constexpr double transceiver_end_w = 15.0 / 2.0;

}  // namespace

double default_fabric_floor_w(double injection_bytes_per_s) {
  const double server_ports = injection_bytes_per_s * bits_per_byte / port_bits_per_s;
  const double per_server_port_w =
      switch_ports_per_server_port * switch_w / switch_ports + transceiver_ends_per_server_port * transceiver_end_w;
  return server_ports * per_server_port_w;
}

// Nokia Bell Labs (2013) measured five network systems of several vendors and found "only negligible signs of
// power-load proportionality"; no vendor publishes the extra energy of a bit over a switch's idle power. So none by
// default; `traffic_pj_per_bit` states one where a measurement gives it.
double default_fabric_joules_per_bit() {
  return 0.0;
}

}  // namespace terawatt
