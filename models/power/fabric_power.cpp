#include "models/power/fabric_power.hpp"

#include <algorithm>
#include <cmath>

namespace terawatt {
namespace {

constexpr double bits_per_byte = 8.0;
// The fat tree's port: 400 Gb/s InfiniBand NDR, the DGX H100's and the Quantum-2 switch's.
constexpr double port_bits_per_s = 400e9;
// NVIDIA Quantum-2 QM9700, 64 ports of 400 Gb/s: 747 W with passive cables, so without optics (the NVIDIA figure as
// a GPU cloud's product page quotes it; docs/references.md, "Network fabric").
constexpr double switch_w = 747.0;
constexpr double switch_ports = 64.0;
// In two tiers a server's port uses three switch ports: its leaf's port down, one of that leaf's ports up, a spine's
// port down. NVIDIA's DGX SuperPOD H100 has 48 switches (32 leaf, 16 spine) for 127 servers of 8 ports: 3.02 each.
// Each link on the way (server to leaf, leaf to spine) has a transceiver at each end, half of an 800 Gb/s twin-port
// OSFP module of 15 W (NVIDIA MMA4Z00-NS, multimode SR8).
constexpr double transceiver_end_w = 15.0 / 2.0;

}  // namespace

int fat_tree_tiers(double server_ports) {
  int tiers = 1;
  double connected = switch_ports;  // one switch
  while (connected < server_ports) {
    ++tiers;
    connected = 2.0 * std::pow(switch_ports / 2.0, tiers);
  }
  return tiers;
}

// At least two tiers: a cluster small enough for one switch is costed as a slice of a larger fabric, as clusters are
// built.
double default_fabric_floor_w(double injection_bytes_per_s, double servers) {
  const double ports_per_server = injection_bytes_per_s * bits_per_byte / port_bits_per_s;
  const double tiers = std::max(2, fat_tree_tiers(ports_per_server * servers));
  const double per_server_port_w = (2.0 * tiers - 1.0) * switch_w / switch_ports + 2.0 * tiers * transceiver_end_w;
  return ports_per_server * per_server_port_w;
}

}  // namespace terawatt
