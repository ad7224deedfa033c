// Hardware catalog: accelerators and the servers that hold them.
//
// Every value carries its provenance in `source`. Figures taken from
// shared/reference/FIGURES.md are cited by section; figures that FIGURES.md
// lacks (peak FLOP/s, HBM, some idle powers) are labelled "vendor datasheet"
// or "assumption" so a reader can tell published facts from engineering
// choices.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

struct AcceleratorSpec {
  std::string name;         // catalog key, lower-case with dashes, e.g. "a100-sxm4-80gb"
  std::string description;  // e.g. "NVIDIA A100 SXM4 80 GB"
  double tdp_w = 0.0;       // board power limit
  double idle_w = 0.0;      // power at 0% utilisation, at the board
  double peak_flop_per_s = 0.0;  // dense BF16/FP16 tensor peak (no sparsity)
  // Datasheet "GB" is taken as 1e9 bytes; the parts are really GiB-sized, and
  // the 7% gap is below the precision of anything this number feeds.
  double hbm_capacity_bytes = 0.0;
  double hbm_bandwidth_bytes_per_s = 0.0;
  std::string source;  // citations for each field
  // Bandwidth of one accelerator over its server's own interconnect (NVLink, or PCIe without it), both directions
  // together as datasheets quote it. None: no published figure in the catalog.
  std::optional<double> interconnect_bytes_per_s;
};

struct ServerSpec {
  std::string name;         // e.g. "dgx-h100"
  std::string accelerator;  // catalog key of its accelerators
  int accelerators_per_server = 0;
  double max_power_w = 0.0;  // nameplate maximum
  std::string source;

  // Host overhead (CPU, DRAM, NICs, fans, PSU losses) at full load, derived as
  // nameplate max minus the accelerators' TDP. Throws std::logic_error if the
  // accelerator key is not in the catalog (a catalog bug, not a user error).
  double host_overhead_w() const;
};

const std::vector<AcceleratorSpec>& accelerator_catalog();
const std::vector<ServerSpec>& server_catalog();

// nullptr if unknown; exact, case-sensitive match on name.
const AcceleratorSpec* find_accelerator(std::string_view name);
const ServerSpec* find_server(std::string_view name);

// Default host overhead per server for a server of `accelerators_per_server`
// of `accelerator` when the scenario gives none:
// - if a catalog server uses this accelerator (matched by name; the first in
//   catalog order wins), its host_overhead_w() scaled by
//   accelerators_per_server / its count;
// - otherwise the mean per-accelerator overhead of the catalog's servers times
//   accelerators_per_server (an assumption: see catalog.cpp).
// Throws std::invalid_argument if accelerators_per_server < 1.
double default_host_overhead_w(const AcceleratorSpec& accelerator, int accelerators_per_server);

// Human-readable table for `terawatt catalog`: accelerators (name, TDP, idle,
// peak TFLOP/s, HBM GB, TB/s) and servers, each followed by its source line.
std::string format_catalog();

}  // namespace terawatt
