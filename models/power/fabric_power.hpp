#pragma once
// Power of a cluster's network fabric: the switches and optical transceivers between its servers. The servers' own
// network adapters are in their host power (models/power/host_power.hpp). Two parts:
//  - a floor per server that does not follow traffic: a switch's ports and a transceiver draw nearly the same power
//    idle as at line rate, so the fabric draws it whatever the servers do, busy, idle or off;
//  - energy per bit carried between servers, for the part that does follow traffic.
// Defaults and their sources: docs/references.md, "Network fabric".

namespace terawatt {

struct FabricPower {
  double floor_w_per_server = 0.0;
  double traffic_pj_per_bit = 0.0;

  double floor_w(double servers) const { return floor_w_per_server * servers; }
  double traffic_energy_j(double bytes) const {
    constexpr double joules_per_pj = 1e-12;
    constexpr double bits_per_byte = 8.0;
    return traffic_pj_per_bit * joules_per_pj * bits_per_byte * bytes;
  }
};

// Tiers of the smallest non-blocking fat tree of 64-port switches that connects `server_ports` ports: n tiers of
// k-port switches connect 2 (k / 2)^n ports, 2,048 in two tiers, 65,536 in three (Al-Fares et al. 2008).
int fat_tree_tiers(double server_ports);

// The floor of one of `servers` servers whose injection bandwidth is `injection_bytes_per_s`, in the non-blocking fat
// tree of 64-port 400 Gb/s switches that connects them all (two tiers: the topology of NVIDIA's DGX SuperPOD compute
// fabric). In n tiers each 400 Gb/s port of a server uses 2n - 1 switch ports (one down at its leaf, then one up and
// one down at each tier above), each a 64th of a switch's power without optics, and n links of two transceiver ends.
double default_fabric_floor_w(double injection_bytes_per_s, double servers);

// The default energy per bit above the floor: none. Nokia Bell Labs (2013) measured five network systems of several
// vendors and found "only negligible signs of power-load proportionality", and no vendor publishes a switch's extra
// energy per bit over its idle power; `traffic_pj_per_bit` states one where a measurement gives it.
inline constexpr double default_traffic_pj_per_bit = 0.0;

}  // namespace terawatt
