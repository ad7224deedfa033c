#include "sim/scenario_schema.hpp"

#include <sstream>
#include <stdexcept>

namespace terawatt {

const KeySpec& SectionSpec::key(std::string_view name) const {
  for (const auto& spec : keys) {
    if (spec.key == name) return spec;
  }
  throw std::logic_error("scenario schema: section '" + std::string(path) + "' declares no key '" +
                         std::string(name) + "'");
}

std::vector<std::string> SectionSpec::key_names() const {
  std::vector<std::string> names;
  for (const auto& spec : keys) names.emplace_back(spec.key);
  return names;
}

namespace {
constexpr Dimension none = Dimension::dimensionless;
}

const SectionSpec& scenario_section() {
  static const SectionSpec section{
      "scenario",
      "What is simulated, from when, for how long.",
      {
          {"name", ValueType::name, none, "", false, "Identifier of the scenario, written to the output."},
          {"description", ValueType::text, none, "", true, "Free text, written to the output. Absent: empty."},
          {"start", ValueType::timestamp, none, "2024-01-01T00:00:00Z", false,
           "Start of simulated time, ISO 8601 with a zone (`Z` for UTC). Anchors the output's CF time axis."},
          {"duration", ValueType::quantity, Dimension::time, "", true,
           "Simulated horizon. Absent: until every workload has finished (then at least one workload is "
           "required). Work still running at the horizon is cut there and reported unfinished."},
          {"sample_interval", ValueType::quantity, Dimension::time, "1 min", false,
           "Interval of the time series. Each value is the exact interval average (interval energy / length)."},
          {"seed", ValueType::count, none, "1", false,
           "Seed of every random stream (none are used by the training model yet); `--seed` overrides it."},
      }};
  return section;
}

const SectionSpec& site_section() {
  static const SectionSpec section{
      "sites[]",
      "Facilities: where clusters are housed, with their cooling overhead and grid.",
      {
          {"name", ValueType::name, none, "", false, "Identifier of the site."},
          {"pue", ValueType::number, none, "1.56", false,
           "Power usage effectiveness, facility / IT power, >= 1. Default: Uptime Institute 2024 industry "
           "average (FIGURES.md RC-60); hyperscalers report 1.09-1.14."},
          {"carbon_intensity", ValueType::quantity, Dimension::carbon_intensity, "", false,
           "Grid carbon intensity, location-based average, e.g. `0.429 kg/kWh` (US 2020, Patterson et al. "
           "2021) or `57 g/kWh` (France). See FIGURES.md section G."},
      }};
  return section;
}

const SectionSpec& cluster_section() {
  static const SectionSpec section{
      "clusters[]",
      "Groups of identical GPU servers at one site, one SimGrid zone each.",
      {
          {"name", ValueType::name, none, "", false, "Identifier of the cluster."},
          {"site", ValueType::name, none, "", true, "The site that houses it. May be omitted when there is one site."},
          {"accelerator", ValueType::name, none, "", false, "Accelerator model from the catalog (`terawatt catalog`)."},
          {"servers", ValueType::count, none, "", false, "Number of servers."},
          {"accelerators_per_server", ValueType::count, none, "8", false,
           "Accelerators in one server (8 in DGX/HGX systems)."},
          {"servers_per_host", ValueType::count, none, "1", false,
           "Identical servers that one simulated host stands for. Power and speed scale by it; jobs then "
           "occupy whole hosts. Use it to simulate very large fleets with fewer hosts; `servers` must be a "
           "multiple of it."},
          {"power_cap", ValueType::quantity, Dimension::power, "", true,
           "Board power limit per accelerator (nvidia-smi -pl). Absent: the TDP. Lowers compute power by the "
           "cap and compute speed by the cube root of the dynamic-power ratio (see README, power model)."},
          {"server_overhead", ValueType::quantity, Dimension::power, "", true,
           "Power of one server besides its accelerators: CPUs, DRAM, NICs, fans, PSU losses. Absent: the "
           "catalog server's nameplate maximum minus its accelerators' TDP, e.g. DGX H100 10.2 kW - 8 x "
           "700 W = 4.6 kW (an upper bound; set a measured value when you have one)."},
          {"network", ValueType::text, none, "", true, "The cluster fabric, a mapping (see `clusters[].network`)."},
      }};
  return section;
}

const SectionSpec& network_section() {
  static const SectionSpec section{
      "clusters[].network",
      "The fabric between servers of a cluster: one private link per server into a non-blocking switch (a "
      "full-bisection fat tree seen from the servers).",
      {
          {"bandwidth", ValueType::quantity, Dimension::data_rate, "400 GB/s", false,
           "Injection bandwidth of one server. Default: DGX H100, 8 x 400 Gb/s InfiniBand NDR ports (NVIDIA "
           "DGX H100 datasheet)."},
          {"latency", ValueType::quantity, Dimension::time, "2 us", false,
           "One-way latency server to server. Default: assumption of about 0.6 us per switch hop (NVIDIA "
           "Quantum-2 datasheet class) over three hops of a fat tree, plus NIC time."},
      }};
  return section;
}

const SectionSpec& workload_section() {
  static const SectionSpec section{
      "workloads[]",
      "Work run on clusters. One type for now: `training`, a data-parallel job on whole servers.",
      {
          {"name", ValueType::name, none, "", false, "Identifier of the workload."},
          {"type", ValueType::name, none, "", false, "`training`."},
          {"cluster", ValueType::name, none, "", true, "The cluster it runs on. May be omitted when there is one."},
          {"flops", ValueType::quantity, Dimension::flop, "", true,
           "Total training compute, e.g. `3.14e23 FLOP`. Give either this or `parameters` and `tokens`."},
          {"parameters", ValueType::number, none, "", true, "Model parameters N; with `tokens`, FLOPs = 6 N D."},
          {"tokens", ValueType::number, none, "", true, "Training tokens D."},
          {"accelerators", ValueType::count, none, "", true,
           "Accelerators the job occupies: whole servers (and whole hosts). Absent: the whole cluster."},
          {"mfu", ValueType::fraction, none, "", true,
           "Model FLOP utilisation: achieved / peak dense FLOP/s, e.g. `0.4` or `40 %`. Give this or "
           "`achieved_flop_rate`."},
          {"achieved_flop_rate", ValueType::quantity, Dimension::flop_rate, "", true,
           "Achieved FLOP/s per accelerator, e.g. `24.6 TFLOP/s` (GPT-3 on V100, FIGURES.md RC-01)."},
          {"start", ValueType::quantity, Dimension::time, "0 s", false,
           "Submission time after the scenario start. A job waits (FIFO) until enough servers are free."},
      }};
  return section;
}

const std::vector<std::string>& top_level_keys() {
  static const std::vector<std::string> keys{"scenario", "sites", "clusters", "workloads"};
  return keys;
}

namespace {

std::string type_text(const KeySpec& spec) {
  switch (spec.type) {
    case ValueType::text: return "text";
    case ValueType::name: return "name";
    case ValueType::quantity:
      return std::string(dimension_name(spec.dimension)) + " (" + accepted_units(spec.dimension) + ")";
    case ValueType::number: return "number";
    case ValueType::count: return "integer >= 0";
    case ValueType::timestamp: return "ISO 8601 time";
    case ValueType::fraction: return "fraction (0-1 or %)";
  }
  return "";
}

void section_markdown(std::ostringstream& out, const SectionSpec& section) {
  out << "#### `" << section.path << "`\n\n" << section.doc << "\n\n";
  out << "| key | type and units | default | meaning |\n|---|---|---|---|\n";
  for (const auto& spec : section.keys) {
    std::string default_text = spec.default_text.empty()
                                   ? (spec.optional ? std::string("(none)") : std::string("**required**"))
                                   : "`" + std::string(spec.default_text) + "`";
    out << "| `" << spec.key << "` | " << type_text(spec) << " | " << default_text << " | " << spec.doc << " |\n";
  }
  out << "\n";
}

}  // namespace

std::string scenario_reference_markdown() {
  std::ostringstream out;
  for (const auto* section :
       {&scenario_section(), &site_section(), &cluster_section(), &network_section(), &workload_section()}) {
    section_markdown(out, *section);
  }
  return out.str();
}

}  // namespace terawatt
