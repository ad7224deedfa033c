#include "sim/scenario/scenario_schema.hpp"

#include <stdexcept>

namespace terawatt {

const KeySpec& SectionSpec::key(std::string_view name) const {
  for (const auto& spec : keys) {
    if (spec.key == name) return spec;
  }
  throw std::logic_error("scenario schema: section '" + std::string(path) + "' declares no key '" + std::string(name) +
                         "'");
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
           "Seed of every random stream (training failures use one per workload); `--seed` overrides it."},
          {"correlations", ValueType::text, none, "", true,
           "Rank correlations between values given as distributions, a list of `{inputs: [PATH, PATH], rank: R}` "
           "with R in (-1, 1): `--samples` draws those inputs with these Spearman correlations (Iman and Conover "
           "1982; README, Uncertainty). Absent: every input independent."},
      }};
  return section;
}

const SectionSpec& site_section() {
  static const SectionSpec section{
      "sites[]",
      "Facilities: where clusters are housed, with their cooling overhead and their grid.",
      {
          {"name", ValueType::name, none, "", false, "Identifier of the site."},
          {"pue", ValueType::number, none, "", true,
           "Constant power usage effectiveness, facility / IT power, from 1 to 5 (reported PUEs run from 1.09 to "
           "2.5, docs/references.md F). Absent: 1.56, the Uptime Institute "
           "2024 industry average (docs/references.md RC-60), unless `facility` models the cooling plant instead."},
          {"wue", ValueType::quantity, Dimension::water_intensity, "", true,
           "With a constant PUE: on-site water per IT energy. Absent: 0.55 L/kWh, the US average of Li et al. "
           "2023 (docs/references.md RC-61). With `facility` the plant computes it."},
          {"carbon_intensity", ValueType::quantity, Dimension::carbon_intensity, "", true,
           "Constant grid carbon intensity, location-based, e.g. `0.429 kg/kWh` (US 2020, Patterson et al. "
           "2021) or `57 g/kWh` (France); shorthand for `grid.carbon_intensity`. docs/references.md G. Every "
           "carbon intensity of a site is at most 5000 g/kWh (the dirtiest grids emit about 1000-1200)."},
          {"facility", ValueType::text, none, "", true,
           "A cooling plant whose PUE follows load and weather, a mapping (see `sites[].facility`)."},
          {"grid", ValueType::text, none, "", true,
           "The grid in more detail: region preset, daily and seasonal profile, hourly file, marginal and "
           "market-based intensities, water (see `sites[].grid`)."},
          {"solar", ValueType::text, none, "", true, "On-site photovoltaics, a mapping (see `sites[].solar`)."},
          {"battery", ValueType::text, none, "", true, "A battery, a mapping (see `sites[].battery`)."},
          {"connection", ValueType::text, none, "", true,
           "The grid connection's limit, prices and demand-response events (see `sites[].connection`)."},
      }};
  return section;
}

const SectionSpec& facility_section() {
  static const SectionSpec section{
      "sites[].facility",
      "A cooling plant model (models/facility/cooling_plant.hpp) evaluated every sample interval on the interval-mean "
      "IT "
      "power and weather: PUE is an output and rises at low load and in hot weather. Needs `scenario.duration`.",
      {
          {"preset", ValueType::name, none, "", false,
           "Facility class: `hyperscale`, `colocation`, `enterprise` or `liquid-cooled-ai` (`terawatt catalog`)."},
          {"capacity", ValueType::quantity, Dimension::power, "", true,
           "Design IT capacity, at least the nameplate IT power of the site's clusters (accelerators at TDP plus "
           "their hosts loaded, and their fabric); fixed losses scale with it. Absent: that nameplate power."},
          {"climate", ValueType::name, none, "", true,
           "Synthetic weather from a climate preset (`terawatt catalog`), seeded by `scenario.seed` and the site "
           "name. Give this or `weather_file`."},
          {"weather_file", ValueType::text, none, "", true,
           "Hourly weather: EnergyPlus `.epw` (a typical year, laid over the run) or CSV with `time`, "
           "`dry_bulb [C]` and `wet_bulb [C]` or `relative_humidity [%]`. Relative to the scenario file."},
      }};
  return section;
}

const SectionSpec& grid_section() {
  static const SectionSpec section{
      "sites[].grid",
      "The electricity a site draws. Emissions are the integral of facility power x intensity; a series is "
      "averaged exactly over each sample interval.",
      {
          {"region", ValueType::name, none, "", true,
           "Region preset with its published intensity, year and source (`terawatt catalog`)."},
          {"carbon_intensity", ValueType::quantity, Dimension::carbon_intensity, "", true,
           "Annual mean location-based intensity; overrides the region's."},
          {"daily_amplitude", ValueType::real, none, "0", false,
           "Daily cycle around the mean, as a fraction (e.g. `0.08`; Dodge et al. found diurnal variation "
           "changes job emissions by up to 8 %)."},
          {"daily_minimum_hour", ValueType::real, none, "13", false, "Local hour of the cleanest electricity."},
          {"seasonal_amplitude", ValueType::real, none, "0", false, "Seasonal cycle around the mean, as a fraction."},
          {"seasonal_peak_month", ValueType::real, none, "1", false, "Month of the dirtiest electricity, 1-12."},
          {"utc_offset", ValueType::real, none, "", true,
           "Local standard time of the grid in hours (e.g. `-6`). Absent: the facility climate's, else 0. Also the "
           "zone of `file`'s times that state none (required then)."},
          {"file", ValueType::text, none, "", true,
           "Hourly CSV with `time` and `carbon_intensity [g/kWh]` (any carbon-intensity unit), covering the run; "
           "replaces the mean and profile. Relative to the scenario file. Other forms: `format`, `columns`."},
          {"format", ValueType::name, none, "", true,
           "Form of `file`: `terawatt` (the default, above), `electricity_maps` (Electricity Maps' hourly CSV: "
           "`Datetime (UTC)` and `Carbon Intensity gCO\u2082eq/kWh (LCA)` or `(direct)`) or `entsoe_generation` "
           "(ENTSO-E's actual generation per production type in MW, weighted by `emission_factors`). README, "
           "Real grid data."},
          {"basis", ValueType::name, none, "", true,
           "`electricity_maps`: `lca` (lifecycle, Electricity Maps' headline figure and the basis of the "
           "ENTSO-E factors) or `direct` (combustion only, as GHG Protocol Scope 2 reports). Absent: `lca`."},
          {"columns", ValueType::text, none, "", true,
           "Column mapping of `file`, names as its header writes them: `{time: NAME, carbon_intensity: NAME}` "
           "(see `sites[].grid.columns`). Absent: the format's."},
          {"units", ValueType::text, none, "", true,
           "Units of mapped columns whose header has no `[unit]`: `{carbon_intensity: g/kWh}`."},
          {"emission_factors", ValueType::text, none, "", true,
           "`entsoe_generation`: carbon intensity per production type, `{Fossil Gas: 450 g/kWh}`, before the "
           "built-in IPCC AR5 lifecycle medians (docs/references.md G, emission factors)."},
          {"marginal_intensity", ValueType::quantity, Dimension::carbon_intensity, "", true,
           "Constant marginal intensity for consequential emissions, reported beside the location-based ones."},
          {"marginal_file", ValueType::text, none, "", true,
           "Hourly CSV with `time` and `marginal_intensity [g/kWh]`."},
          {"market_intensity", ValueType::quantity, Dimension::carbon_intensity, "", true,
           "Market-based intensity (after contracts and certificates). Absent: the region's net figure if any."},
          {"water_intensity", ValueType::quantity, Dimension::water_intensity, "", true,
           "Off-site water of electricity generation (EWIF). Absent: the region's if published, else 0."},
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
          {"accelerator", ValueType::name, none, "", true,
           "Accelerator model from the catalog (`terawatt catalog`). May be omitted when `server` is given."},
          {"server", ValueType::name, none, "", true,
           "Server from the catalog (`terawatt catalog`: DGX systems, generic PCIe and TPU servers, cloud "
           "instances): its accelerator, its accelerators per server and its host power. Absent: the first catalog "
           "server that holds `accelerator`."},
          {"servers", ValueType::count, none, "", false, "Number of servers."},
          {"accelerators_per_server", ValueType::count, none, "", true,
           "Accelerators in one server. Absent: the catalog server's (8 in DGX/HGX systems and the cloud instances "
           "built on them, 4 on a TPU board); another count scales its host per accelerator."},
          {"servers_per_host", ValueType::count, none, "1", false,
           "Identical servers that one simulated host stands for. Power and speed scale by it; jobs then "
           "occupy whole hosts. Use it to simulate very large fleets with fewer hosts; `servers` must be a "
           "multiple of it."},
          {"power_cap", ValueType::quantity, Dimension::power, "", true,
           "Board power limit per accelerator (nvidia-smi -pl). Absent: the TDP. A phase of work that draws more "
           "than the cap is clipped to it and its clock falls by the cube root of the dynamic-power ratio, which "
           "slows its clock-bound share; a phase that draws less is unchanged (see README, power model)."},
          {"server_overhead", ValueType::quantity, Dimension::power, "", true,
           "Measured power of one server besides its accelerators (CPUs, DRAM, NICs, fans, PSU losses), constant "
           "whatever the load, e.g. a study's figure. Absent: the host curve below. Not with `host_idle_power` or "
           "`host_loaded_power`."},
          {"host_idle_power", ValueType::quantity, Dimension::power, "", true,
           "Host power of one server (all but its accelerators) while its accelerators idle; host power is linear "
           "in the accelerators' load up to `host_loaded_power` (README, power model). Absent: the catalog "
           "server's (`terawatt catalog`), e.g. DGX H100 1.4 kW, scaled per accelerator."},
          {"host_loaded_power", ValueType::quantity, Dimension::power, "", true,
           "Host power of one server with its accelerators at full power (TDP). Absent: the catalog server's, e.g. "
           "DGX H100 2.8 kW (its 8.4 kW measured peak less 8 x 700 W; Latif et al. 2025), scaled per accelerator."},
          {"compute_power", ValueType::quantity, Dimension::power, "", true,
           "Measured power of one accelerator running compute-bound work (training) at full clock, e.g. a "
           "study's figure; between idle and the TDP. A power cap below it clips it. Absent: idle + 0.86 x "
           "(TDP - idle) (README, power model)."},
          {"network", ValueType::text, none, "", true, "The cluster fabric, a mapping (see `clusters[].network`)."},
          {"embodied", ValueType::text, none, "", true,
           "Embodied carbon of the hardware, a mapping (see `clusters[].embodied`). Absent: not counted."},
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
           "Injection bandwidth of one server. Default: its catalog server's compute network adapters where the "
           "catalog has them (DGX-1 V100 4 x 100 Gb/s, 50 GB/s; DGX A100 8 x 200 Gb/s, 200 GB/s; DGX H100, H200 and "
           "B200 8 x 400 Gb/s; the cloud instances as the DGX of their GPU), else the DGX H100's 8 x 400 Gb/s "
           "InfiniBand NDR ports (NVIDIA DGX H100 datasheet)."},
          {"latency", ValueType::quantity, Dimension::time, "2 us", false,
           "One-way latency server to server. Default: assumption of about 0.6 us per switch hop (NVIDIA "
           "Quantum-2 datasheet class) over three hops of a fat tree, plus NIC time. At most 1 s."},
          {"intra_server_bandwidth", ValueType::quantity, Dimension::data_rate, "", true,
           "Bandwidth of one accelerator over the server's own interconnect, both directions together as "
           "datasheets quote it; the all-reduce among a server's accelerators runs on it, on no network link. "
           "Absent: the catalog's figure (`terawatt catalog`), e.g. H100 SXM 900 GB/s (NVLink 4, NVIDIA H100 "
           "datasheet)."},
          {"fabric_power", ValueType::quantity, Dimension::power, "", true,
           "Power of the fabric's switches and transceivers per server, drawn whatever the servers do (busy, idle "
           "or off): a switch's ports and its optics draw nearly as much idle as at line rate. It counts in the "
           "cluster's IT power (`network_power`), in no workload's. 0 leaves the fabric out. Absent: the smallest "
           "non-blocking fat tree of NVIDIA Quantum-2 switches (747 W, 64 ports of 400 Gb/s) that connects the "
           "cluster's ports, with 15 W twin-port optics: 65 W per 400 Gb/s of `bandwidth` in two tiers (up to 2,048 "
           "ports; 520 W a server for the default, as NVIDIA's DGX SuperPOD H100), 103 W in three (up to 65,536) "
           "(docs/references.md, Network fabric)."},
          {"traffic_pj_per_bit", ValueType::number, none, "", true,
           "Energy of each bit sent between servers, in picojoules, above `fabric_power`: the part of the switches' "
           "power that follows traffic. It counts in the cluster's IT power and in the workload that sent the bits. "
           "0 leaves it out. Absent: 0, as measured switches show only negligible power-load proportionality (Nokia "
           "Bell Labs 2013; docs/references.md, Network fabric)."},
      }};
  return section;
}

const SectionSpec& workload_section() {
  static const SectionSpec section{
      "workloads[]",
      "Work run on clusters: `training`, a data-parallel job on whole servers (keys below), `inference`, a "
      "service (see `workloads[] (type: inference)`), `training_trace`, a recorded job mix (see `workloads[] "
      "(type: training_trace)`), `offline_inference`, a fixed number of requests run as fast as replicas allow, or "
      "`given_power`, servers at a measured or nameplate-based power (see their sections).",
      {
          {"name", ValueType::name, none, "", false, "Identifier of the workload."},
          {"type", ValueType::name, none, "", false,
           "`training`, `inference`, `training_trace`, `offline_inference` or `given_power`."},
          {"cluster", ValueType::name, none, "", true, "The cluster it runs on. May be omitted when there is one."},
          {"flops", ValueType::quantity, Dimension::flop, "", true,
           "Total training compute, e.g. `3.14e23 FLOP`. Give this, or `parameters` and `tokens`, or the job's run as "
           "a time: `accelerator_hours`, `run_time`, or `tokens` with `tokens_per_second`."},
          {"parameters", ValueType::number, none, "", true, "Model parameters N; with `tokens`, FLOPs = 6 N D."},
          {"tokens", ValueType::number, none, "", true, "Training tokens D."},
          {"accelerators", ValueType::count, none, "", true,
           "Accelerators the job occupies: whole servers (and whole hosts). Absent: the whole cluster."},
          {"mfu", ValueType::fraction, none, "", true,
           "Model FLOP utilisation: achieved / peak dense FLOP/s, e.g. `0.4` or `40 %`. Give this or "
           "`achieved_flop_rate`."},
          {"achieved_flop_rate", ValueType::quantity, Dimension::flop_rate, "", true,
           "Achieved FLOP/s per accelerator, e.g. `24.6 TFLOP/s` (GPT-3 on V100, docs/references.md RC-01)."},
          {"accelerator_hours", ValueType::quantity, Dimension::time, "", true,
           "The job's run as accelerator-hours at full speed, e.g. `3.55e6 h` as a model card reports GPU-hours; "
           "its wall time is that over `accelerators`. With `flops` (or `parameters` and `tokens`) it gives the mfu, "
           "else no mfu is needed."},
          {"run_time", ValueType::quantity, Dimension::time, "", true,
           "The job's wall-clock run at full speed on its `accelerators`, e.g. `14.8 d`: another form of "
           "`accelerator_hours`."},
          {"tokens_per_second", ValueType::number, none, "", true,
           "The whole job's measured training throughput in tokens per second; with `tokens` it gives the run "
           "(tokens / tokens_per_second), and with `parameters` too the mfu of 6 N D FLOPs over it."},
          {"precision", ValueType::name, none, "bf16", false,
           "The number format whose dense peak `mfu` and `achieved_flop_rate` refer to: `bf16`, `fp16`, `fp8`, "
           "`fp4`, `tf32`, `fp32` or `fp64`, each the accelerator's catalog figure (`terawatt catalog`). FP8 runs at "
           "twice the 16-bit peak on H100, so an mfu of 0.3 at fp8 is as fast as 0.6 at bf16."},
          {"power_cap", ValueType::quantity, Dimension::power, "", true,
           "Board power limit per accelerator while the job runs, in place of the cluster's: its servers switch to "
           "it when the job starts and back when it ends (README, power model). Absent: the cluster's."},
          {"start", ValueType::quantity, Dimension::time, "0 s", false,
           "Submission time after the scenario start. A job queues until enough servers are free: first come, "
           "first served, with EASY backfilling of later jobs that cannot delay the first (README, training)."},
          {"deferrable", ValueType::text, none, "", true,
           "Carbon-aware: the job may wait for low-carbon hours, a mapping (see `workloads[].deferrable`)."},
          {"flexibility", ValueType::text, none, "", true,
           "The site controller may pause or cap it to meet the grid connection's limit, a mapping (see "
           "`workloads[].flexibility`)."},
          {"checkpoint_interval", ValueType::quantity, Dimension::time, "", true,
           "Compute time between checkpoints: after each such segment (not after the last) every server writes "
           "a checkpoint for `checkpoint_write_time` at the checkpoint power (15 % of TDP). Absent: none."},
          {"checkpoint_write_time", ValueType::quantity, Dimension::time, "", true,
           "Time to write one checkpoint. Required with `checkpoint_interval`; no default."},
          {"mtbf", ValueType::quantity, Dimension::time, "", true,
           "Mean time between failures of ONE accelerator; the job fails at random (seeded, exponential) at rate "
           "accelerators / mtbf and loses the work since its last checkpoint. E.g. Llama 3 (Dubey et al. 2024, "
           "not among the published figures of docs/references.md): 419 unexpected interruptions in 54 days on 16,384 "
           "H100 give 16,384 x 54 d / 419 "
           "= about 5.8 yr. Absent: no failures."},
          {"restart_delay", ValueType::quantity, Dimension::time, "", true,
           "Time the job holds its servers idle after a failure before it redoes the lost work. Required with "
           "`mtbf`."},
          {"global_batch", ValueType::number, none, "", true,
           "Tokens per optimizer step, e.g. 4e6 (Llama 2, docs/references.md RC-05 source). With `parameters` and "
           "`tokens` "
           "it turns on the data-parallel gradient all-reduce of every step over the cluster network (README, "
           "training). Absent: communication is not modelled."},
          {"tensor_parallel", ValueType::count, none, "1", false,
           "Accelerators that split each layer; with `pipeline_parallel` they divide the gradient each accelerator "
           "all-reduces, and the data-parallel degree is accelerators / (tensor x pipeline)."},
          {"pipeline_parallel", ValueType::count, none, "1", false, "Pipeline stages (see `tensor_parallel`)."},
          {"gradient_bytes", ValueType::number, none, "2", false,
           "Bytes of one gradient value in the all-reduce (2: BF16, as mixed-precision training reduces them)."},
          {"communication_overlap", ValueType::fraction, none, "0.8", false,
           "Share of each step's all-reduce hidden behind the backward pass, at most the step's compute time. "
           "0.8: assumption (frameworks overlap bucketed all-reduces with backward; no figure in docs/references.md)."},
      }};
  return section;
}

const SectionSpec& deferrable_section() {
  static const SectionSpec section{
      "workloads[].deferrable",
      "A carbon-aware job: it waits before joining the queue for low-carbon hours of its site's grid, and starts "
      "at once when waiting longer would miss its deadline. The grid series is taken as a perfect forecast.",
      {
          {"deadline", ValueType::quantity, Dimension::time, "", false,
           "The job must end within this time of its submission."},
          {"policy", ValueType::name, none, "forecast", false,
           "`forecast`: start where the mean intensity over the run is lowest; `threshold`: start at the first "
           "hour at or below `threshold`."},
          {"threshold", ValueType::quantity, Dimension::carbon_intensity, "", true, "For the threshold policy."},
      }};
  return section;
}

const std::vector<std::string>& top_level_keys() {
  static const std::vector<std::string> keys{"scenario", "catalog",   "hardware",  "sites",
                                             "clusters", "workloads", "projection"};
  return keys;
}

}  // namespace terawatt
