// Hardware catalog: accelerators and the servers that hold them.
//
// Every value carries its provenance in `source`. Figures taken from
// shared/reference/docs/references.md are cited by section; figures that docs/references.md
// lacks (peak FLOP/s, HBM, some idle powers) are labelled "vendor datasheet"
// or "assumption" so a reader can tell published facts from engineering
// choices.
#pragma once

#include "models/power/host_power.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

// Dense peak FLOP/s at precisions other than the 16-bit one the simulator uses (AcceleratorSpec::peak_flop_per_s);
// none where the vendor publishes no figure or the part lacks the format. Informational: listed by `terawatt catalog`
// and kept with the scenario, not used by the models.
struct PrecisionPeaks {
  std::optional<double> fp64_flop_per_s;  // FP64 tensor or matrix peak where the part has one, else its vector peak
  std::optional<double> fp32_flop_per_s;  // FP32 (non-tensor) peak
  std::optional<double> tf32_flop_per_s;  // TF32 tensor peak, dense
  std::optional<double> fp8_flop_per_s;   // FP8 tensor peak, dense
  std::optional<double> fp4_flop_per_s;   // FP4 tensor peak, dense
};

struct AcceleratorSpec {
  std::string name;              // catalog key, lower-case with dashes, e.g. "a100-sxm4-80gb"
  std::string description;       // e.g. "NVIDIA A100 SXM4 80 GB"
  double tdp_w = 0.0;            // board power limit
  double idle_w = 0.0;           // power at 0% utilisation, at the board
  double peak_flop_per_s = 0.0;  // dense BF16/FP16 tensor peak (no sparsity)
  // Datasheet "GB" is taken as 1e9 bytes; the parts are really GiB-sized, and
  // the 7% gap is below the precision of anything this number feeds.
  double hbm_capacity_bytes = 0.0;
  double hbm_bandwidth_bytes_per_s = 0.0;
  std::string source;  // citations for each field
  // Bandwidth of one accelerator over its server's own interconnect (NVLink, or PCIe without it), both directions
  // together as datasheets quote it. None: no published figure in the catalog.
  std::optional<double> interconnect_bytes_per_s = std::nullopt;
  PrecisionPeaks other_peaks = {};
  // Measured power of one accelerator in a phase of work (models/power/accelerator_power.hpp), where a study gives
  // one; none: the phase's default share of the TDP. A cluster's compute_power replaces compute_power_w.
  std::optional<double> compute_power_w = std::nullopt;
  std::optional<double> checkpoint_power_w = std::nullopt;
  std::optional<double> communication_power_w = std::nullopt;
};

// A server: its accelerators and its host (models/power/host_power.hpp). Two kinds of entry:
//  - a vendor system with a published nameplate maximum (DGX): the host curve follows from the nameplate by the rule
//    in catalog.cpp (a node measured at its peak draws 8.4 of its 10.2 kW nameplate; a host idles at half its
//    loaded power);
//  - a generic server for accelerators sold without such a system (PCIe cards, TPU boards): its host is stated
//    directly, with the assumption behind it, and its nameplate is the accelerators' TDP plus the loaded host.
struct ServerSpec {
  std::string name;         // e.g. "dgx-h100"
  std::string accelerator;  // catalog key of its accelerators
  int accelerators_per_server = 0;
  double max_power_w = 0.0;  // nameplate maximum
  HostPowerCurve host;       // host power, idle to loaded
  std::string source;
  // Injection bandwidth of its compute network adapters into the cluster fabric; none where no vendor system states it.
  std::optional<double> fabric_bytes_per_s;

  // The host of a server of `accelerators` of the same kind: this one's, scaled per accelerator (an assumption for
  // other sizes: a host's CPUs, NICs and fans are sized to the accelerators it feeds).
  HostPowerCurve host_for(std::int64_t accelerators) const {
    return host.scaled(static_cast<double>(accelerators) / accelerators_per_server);
  }
};

// The built-in catalog (models/power/hardware_catalog.hpp holds it with the user's entries).
const std::vector<AcceleratorSpec>& accelerator_catalog();
const std::vector<ServerSpec>& server_catalog();

// nullptr if unknown; exact, case-sensitive match on name.
const AcceleratorSpec* find_accelerator(std::string_view name);
const ServerSpec* find_server(std::string_view name);

// The catalog server that holds `accelerator` (the first in catalog order). Every catalog accelerator has one (a
// test keeps it so); throws std::invalid_argument for an accelerator that has none.
const ServerSpec& server_for(const AcceleratorSpec& accelerator);

// The host curve of a server of `accelerators_per_server` of `accelerator` when the scenario gives none: the catalog
// server's, scaled by accelerators_per_server / its count (an assumption for other sizes: a host's CPUs, NICs and fans
// are sized to the accelerators it feeds). Throws std::invalid_argument if accelerators_per_server < 1.
HostPowerCurve default_host_power(const AcceleratorSpec& accelerator, int accelerators_per_server);

// The host of a vendor system of `count` accelerators from its nameplate maximum, by the rule in catalog.cpp (a node
// measured at its peak draws 8.4 of its 10.2 kW nameplate; a host idles at half its loaded power), and that rule in
// words for a source line.
HostPowerCurve host_from_nameplate(double nameplate_w, const AcceleratorSpec& accelerator, int count);
extern const char* const host_from_nameplate_rule;

}  // namespace terawatt
