// The keys of user-defined hardware: a scenario's `hardware` section and the catalog files it or `--catalog` names
// (sim/scenario/hardware_reader.hpp). Declared once here, like every other section (scenario_schema.hpp).
#include "sim/scenario/scenario_schema.hpp"

namespace terawatt {
namespace {
constexpr Dimension none = Dimension::dimensionless;
}

const SectionSpec& hardware_section() {
  static const SectionSpec section{
      "hardware",
      "Accelerators and servers declared by the scenario, beside the built-in catalog (`terawatt catalog`). A catalog "
      "file (top-level `catalog: FILE` or `terawatt run --catalog FILE`) holds the same two lists. Order: built-in, "
      "the scenario's catalog files, `--catalog` files, then this section; each may use the entries before it. A "
      "name already taken is an error unless the entry says `based_on` that same name, which changes it.",
      {
          {"accelerators", ValueType::text, none, "", true, "A list of accelerators (see `hardware.accelerators[]`)."},
          {"servers", ValueType::text, none, "", true, "A list of servers (see `hardware.servers[]`)."},
      }};
  return section;
}

const SectionSpec& hardware_accelerator_section() {
  static const SectionSpec section{
      "hardware.accelerators[]",
      "An accelerator. A new one needs `tdp`, `idle_power`, `peak.bf16`, `memory` and `memory_bandwidth`; with "
      "`based_on` every key is optional and replaces the base's value. Checked by the rules of the built-in entries.",
      {
          {"name", ValueType::name, none, "", false, "Identifier that clusters name in `accelerator`."},
          {"based_on", ValueType::name, none, "", true,
           "An accelerator declared before (built-in or user) whose values this one starts from."},
          {"description", ValueType::text, none, "", true, "Free text. Absent: the base's, else the name."},
          {"tdp", ValueType::quantity, Dimension::power, "", true, "Board power limit (TDP)."},
          {"idle_power", ValueType::quantity, Dimension::power, "", true, "Power at 0 % utilisation; below the TDP."},
          {"peak", ValueType::text, none, "", true,
           "Dense peak FLOP/s by precision (see `hardware.accelerators[].peak`)."},
          {"memory", ValueType::quantity, Dimension::data_size, "", true, "Device memory (HBM or GDDR), e.g. `80 GB`."},
          {"memory_bandwidth", ValueType::quantity, Dimension::data_rate, "", true,
           "Device memory bandwidth, e.g. `3.35 TB/s`."},
          {"interconnect_bandwidth", ValueType::quantity, Dimension::data_rate, "", true,
           "Bandwidth of one accelerator over its server's interconnect, both directions together (NVLink 4: "
           "`900 GB/s`). Absent: none, unless the base has one."},
          {"compute_power", ValueType::quantity, Dimension::power, "", true,
           "Measured power in compute-bound work at full clock; a cluster's `compute_power` replaces it. Absent: "
           "idle + 0.86 x (TDP - idle) (README, power model)."},
          {"checkpoint_power", ValueType::quantity, Dimension::power, "", true,
           "Power while writing a checkpoint. Absent: 15 % of TDP (README, power model)."},
          {"communication_power", ValueType::quantity, Dimension::power, "", true,
           "Power during exposed gradient all-reduce. Absent: TDP / 4.1 (README, power model)."},
          {"source", ValueType::text, none, "", true,
           "Where the figures come from, listed by `terawatt catalog`. Absent: the file and line of the entry."},
      }};
  return section;
}

const SectionSpec& hardware_peak_section() {
  static const SectionSpec section{
      "hardware.accelerators[].peak",
      "Dense peak FLOP/s (halve a datasheet's figure \"with sparsity\"). Only `bf16` drives the simulation (MFU, "
      "inference roofline); the others are listed and kept with the output.",
      {
          {"bf16", ValueType::quantity, Dimension::flop_rate, "", true,
           "16-bit tensor peak (BF16, or FP16 on parts without BF16), e.g. `989 TFLOP/s`."},
          {"fp64", ValueType::quantity, Dimension::flop_rate, "", true,
           "FP64 peak (tensor or matrix where the part has one)."},
          {"fp32", ValueType::quantity, Dimension::flop_rate, "", true, "FP32 peak, not tensor."},
          {"tf32", ValueType::quantity, Dimension::flop_rate, "", true, "TF32 tensor peak."},
          {"fp8", ValueType::quantity, Dimension::flop_rate, "", true, "FP8 tensor peak."},
          {"fp4", ValueType::quantity, Dimension::flop_rate, "", true, "FP4 tensor peak."},
      }};
  return section;
}

const SectionSpec& hardware_server_section() {
  static const SectionSpec section{
      "hardware.servers[]",
      "A server: its accelerators and its host (all but the accelerators). A new one needs `accelerator`, "
      "`accelerators_per_server` and either both host powers or `max_power`; with `based_on` every key is optional.",
      {
          {"name", ValueType::name, none, "", false, "Identifier that clusters name in `server`."},
          {"based_on", ValueType::name, none, "", true, "A server declared before whose values this one starts from."},
          {"accelerator", ValueType::name, none, "", true, "Its accelerator, built-in or declared before."},
          {"accelerators_per_server", ValueType::count, none, "", true,
           "Accelerators in one server. Changed on a `based_on` server without host powers, the host scales per "
           "accelerator."},
          {"max_power", ValueType::quantity, Dimension::power, "", true,
           "Nameplate maximum; at least the accelerators at TDP plus the host loaded. Alone, it sets the host as for "
           "a DGX: loaded = max_power x 8.4/10.2 - accelerators x TDP, idle = half of that (README, power model). "
           "Absent: accelerators x TDP + host loaded power."},
          {"host_idle_power", ValueType::quantity, Dimension::power, "", true, "Host power with idle accelerators."},
          {"host_loaded_power", ValueType::quantity, Dimension::power, "", true,
           "Host power with the accelerators at TDP; at least `host_idle_power`."},
          {"source", ValueType::text, none, "", true, "Where the figures come from. Absent: the file and line."},
      }};
  return section;
}

}  // namespace terawatt
