#include "sim/scenario/projection_schema.hpp"

#include <algorithm>

namespace terawatt {
namespace {
constexpr Dimension none = Dimension::dimensionless;
// Said once, in every key that accepts it.
#define TERAWATT_VARYING " May vary by region, case and year (README, Projections: varying inputs)."
}  // namespace

const SectionSpec& projection_section() {
  static const SectionSpec section{
      "projection",
      "A fleet projection instead of a simulation: installed servers by segment, generation (vintage) and region "
      "from shipments and lifetimes, times the annual mean power per server that representative clusters measure "
      "in the simulator (README, Projections). A document with `projection` has no `sites`, `clusters` or "
      "`workloads`; `scenario` gives its name, description, seed and correlations; top-level `catalog` and "
      "`hardware` add hardware and facility presets as in a simulation.",
      {
          {"first_year", ValueType::count, none, "", false,
           "First projected year; the installed base is stated for it."},
          {"last_year", ValueType::count, none, "", false, "Last projected year, at least `first_year`."},
          {"cases", ValueType::text, none, "", false,
           "The variants, a list (see `projection.cases[]`), e.g. low, base and high as in IEA Electricity 2024 "
           "(docs/references.md RC-41), plus any user-defined case."},
          {"regions", ValueType::text, none, "", false, "Where the fleet is, a list (see `projection.regions[]`)."},
          {"segments", ValueType::text, none, "", false,
           "Kinds of servers, a list (see `projection.segments[]`): AI training, AI inference, conventional "
           "compute, storage, network."},
          {"crypto", ValueType::text, none, "", true,
           "Crypto mining as a given electricity series, a mapping (see `projection.crypto`). Absent: none."},
          {"representative", ValueType::text, none, "", true,
           "How the representative clusters are simulated, a mapping (see `projection.representative`)."},
      }};
  return section;
}

const SectionSpec& projection_case_section() {
  static const SectionSpec section{
      "projection.cases[]",
      "A variant of the projection. A varying input keyed by case is looked up for the case, then for the case it "
      "is `like`, and so on, so a user-defined case states only what differs.",
      {
          {"name", ValueType::name, none, "", false, "Identifier of the case (`low`, `base`, `high`, ...)."},
          {"like", ValueType::name, none, "", true,
           "An earlier case whose values this one takes where it has none of its own. Absent: none."},
          {"description", ValueType::text, none, "", true, "Free text, e.g. the assumptions the case stands for."},
      }};
  return section;
}

const SectionSpec& projection_region_section() {
  static const SectionSpec section{
      "projection.regions[]",
      "A region of the projection: the climate its representative facilities are simulated in and its grid.",
      {
          {"name", ValueType::name, none, "", false, "Identifier of the region (`us`, `eu`, `china`, ...)."},
          {"climate", ValueType::name, none, "", false,
           "Climate preset (`terawatt catalog`) of the representative facilities' synthetic weather."},
          {"grid", ValueType::name, none, "", true,
           "Grid region preset (`terawatt catalog`) whose intensity is the default of `carbon_intensity`."},
          {"carbon_intensity", ValueType::quantity, Dimension::carbon_intensity, "", true,
           "Location-based grid intensity." TERAWATT_VARYING " Absent: the `grid` preset's; one of the two is "
           "required."},
      }};
  return section;
}

namespace {
// The keys of a demand-driven segment (sim/scenario/projection_demand_reader.hpp).
std::vector<KeySpec> projection_demand_keys() {
  return {
      {"training_compute", ValueType::quantity, Dimension::flop, "", true,
       "Training: the FLOP of all training runs in a year, all regions (`5e27 FLOP`). Makes the segment "
       "demand-driven: its fleet is every year what delivers this at `utilisation` and `mfu` (README, "
       "Projections: demand-driven segments)." TERAWATT_VARYING " Absent: shipments drive the fleet."},
      {"mfu", ValueType::fraction, none, "40 %", false,
       "Training with `training_compute`: model FLOP / peak FLOP while busy. Default: Llama 3 405B's 38-43 % "
       "BF16 MFU on H100 (Dubey et al. 2024), rounded (docs/references.md M)."},
      {"requests_per_day", ValueType::number, none, "", true,
       "Inference: mean requests a day of the segment's `request`, all regions. Makes the segment demand-driven, "
       "as `training_compute`." TERAWATT_VARYING " Absent: shipments drive the fleet."},
      {"images_per_day", ValueType::number, none, "", true,
       "Image inference, instead of `requests_per_day`: images generated a day, all regions; requests = images / "
       "the request's `images`." TERAWATT_VARYING},
      {"video_minutes_per_day", ValueType::number, none, "", true,
       "Video inference, instead of `requests_per_day`: minutes of video generated a day, all regions; requests = "
       "minutes / the request's clip length." TERAWATT_VARYING},
      {"tokens_per_day", ValueType::number, none, "", true,
       "Inference, instead of `requests_per_day`: tokens processed a day (prompt + output, as providers "
       "report them), all regions; requests = tokens / the request's prompt + output tokens." TERAWATT_VARYING},
      {"demand_share", ValueType::number, none, "1", false,
       "Demand-driven: the region's weight in the demand, normalised over the regions (a mapping by "
       "region)." TERAWATT_VARYING},
  };
}
}  // namespace

const SectionSpec& projection_segment_section() {
  static const SectionSpec section = [] {
    SectionSpec spec{
        "projection.segments[]",
        "A segment of the fleet: its installed base, shipments, lifetime, generations and how its servers are used "
        "and housed.",
        {
            {"name", ValueType::name, none, "", false,
             "Identifier of the segment (`ai-training`, `conventional`, ...)."},
            {"kind", ValueType::name, none, "", false,
             "`training` or `inference` (accelerated servers, measured on representative clusters in the simulator), "
             "`conventional`, `storage` or `network` (servers without accelerators, a linear utilisation power "
             "model)."},
            {"facility", ValueType::name, none, "", false,
             "Facility preset that houses it (`terawatt catalog`): the cooling plant of the representative sites."},
            {"utilisation", ValueType::fraction, none, "", false,
             "Mean utilisation: training, the busy fraction of the representative clusters' servers; inference, the "
             "mean demand of the representative service over its replicas' capacity at a full batch; without "
             "accelerators, u in the linear server model." TERAWATT_VARYING " Each distinct value of an accelerated "
             "segment is a representative cluster of its own, so a trajectory is best given in whole years."},
            {"power", ValueType::name, none, "simulated", false,
             "`simulated`: power per server as measured on the representative clusters (idle time, daily load "
             "shape, cooling); `nameplate`: the server's maximum power x utilisation, as de Vries 2023 "
             "(docs/references.md "
             "RC-40). May vary by case (a mapping by case)."},
            {"pue", ValueType::number, none, "simulated", false,
             "Facility / IT energy: a number from 1 to 5, or `simulated` for the cooling plant of `facility` in the "
             "region's "
             "climate at the segment's load." TERAWATT_VARYING},
            {"installed", ValueType::number, none, "", true,
             "Servers installed in `first_year`, all vintages (e.g. a mapping by region)." TERAWATT_VARYING
             " Required unless the segment is demand-driven; there it is checked against the fleet its demand needs in "
             "`first_year` (a warning beyond 25 %)."},
            {"history_growth", ValueType::real, none, "", false,
             "Annual growth of shipments up to `first_year` (`15 %`); with the lifetime it sets the vintages of the "
             "installed base." TERAWATT_VARYING},
            {"growth", ValueType::real, none, "0", false,
             "Annual growth of shipments after `first_year` (`-5 %` to `100 %`)." TERAWATT_VARYING},
            {"shipments", ValueType::number, none, "", true,
             "Servers shipped per year after `first_year`, a table by year (interpolated); replaces "
             "`growth`." TERAWATT_VARYING},
            {"sourced_until", ValueType::count, none, "", true,
             "The last year the segment's growth or shipments were sourced or calibrated for. A projection past it "
             "warns, on stderr and in the output's `warnings` attribute, how much the segment's electricity grows "
             "beyond it in each case: compounding rates past their sources is not a forecast. Absent: no check."},
            {"lifetime", ValueType::quantity, Dimension::time, "", false,
             "Service life (`5 yr`): every server retires after it, or the Weibull scale with `weibull_shape`."},
            {"weibull_shape", ValueType::number, none, "", true,
             "Shape k of a Weibull survival curve of scale `lifetime` (models/fleet/fleet_stock_flow.hpp). Absent: a "
             "fixed "
             "lifetime."},
            {"generations", ValueType::text, none, "", false,
             "Server generations shipped, a list (see `projection.segments[].generations[]`)."},
            {"modality", ValueType::name, none, "text", false,
             "Inference: `text`, `image` or `video`, what the representative service generates, as "
             "`workloads[].modality`. An image or video segment states its `model` and `request`."},
            {"model", ValueType::text, none, "", true,
             "Inference: the model the representative service serves, a mapping as `workloads[].model`. Absent (text): "
             "the architecture of Llama 2 70B (`{parameters: 70e9, layers: 80, hidden_size: 8192, kv_heads: 8, "
             "head_dim: 128}`, Touvron et al. 2023; an assumption for a fleet's mix of models)."},
            {"request", ValueType::text, none, "", true,
             "Inference: its mean request, a mapping as `workloads[].request`. Absent (text): `{prompt_tokens: 1000, "
             "output_tokens: 300}` (assumption: a chat turn with some context)."},
            {"replica_accelerators", ValueType::count, none, "", true,
             "Inference: accelerators of one replica (tensor parallel). Absent: one server's."},
        }};
    const std::vector<KeySpec> demand = projection_demand_keys();
    const auto installed =
        std::find_if(spec.keys.begin(), spec.keys.end(), [](const KeySpec& key) { return key.key == "installed"; });
    spec.keys.insert(installed + 1, demand.begin(), demand.end());
    return spec;
  }();
  return section;
}

const SectionSpec& projection_generation_section() {
  static const SectionSpec section{
      "projection.segments[].generations[]",
      "A server generation: accelerated (a catalog server, or an accelerator with a host) or not (idle and maximum "
      "power). A vintage's servers are its year's mix of generations by `share`.",
      {
          {"name", ValueType::name, none, "", false, "Identifier of the generation (`a100`, `h100`, `cpu-2022`)."},
          {"server", ValueType::name, none, "", true,
           "Catalog server (`dgx-a100`, `dgx-h100`, ...): its accelerator, count and nameplate maximum power."},
          {"accelerator", ValueType::name, none, "", true,
           "Catalog accelerator, instead of `server`, with `accelerators_per_server` and `server_overhead`."},
          {"accelerators_per_server", ValueType::count, none, "", true,
           "With `accelerator`. Absent: the catalog server's, else 8."},
          {"server_overhead", ValueType::quantity, Dimension::power, "", true,
           "Measured host power besides the accelerators, constant. Absent: the catalog server's host curve, idle to "
           "loaded (`clusters[].host_idle_power`, `clusters[].host_loaded_power`)."},
          {"idle_power", ValueType::quantity, Dimension::power, "", true,
           "Server without accelerators: power at 0 % utilisation."},
          {"max_power", ValueType::quantity, Dimension::power, "", true,
           "Server without accelerators: power at 100 % utilisation. Accelerated: overrides the nameplate maximum "
           "used by `power: nameplate`."},
          {"share", ValueType::number, none, "1", false,
           "Weight of the generation in a year's shipments, normalised over the generations (e.g. a trajectory "
           "`{2022: 1, 2024: 0}`)." TERAWATT_VARYING},
      }};
  return section;
}

const SectionSpec& projection_crypto_section() {
  static const SectionSpec section{
      "projection.crypto",
      "Crypto mining, a given series (not simulated): its electricity, split over regions.",
      {
          {"electricity", ValueType::quantity, Dimension::energy, "", false,
           "Final electricity of all regions in a year (`110 TWh`)." TERAWATT_VARYING},
          {"share", ValueType::number, none, "1", false,
           "Weight of a region, normalised over the regions (a mapping by region)." TERAWATT_VARYING},
      }};
  return section;
}

const SectionSpec& projection_representative_section() {
  static const SectionSpec section{
      "projection.representative",
      "The representative clusters: one per accelerated segment, generation, region and utilisation, side by side "
      "in one engine per season week, each engine in a child process of its own. Training clusters run a job "
      "a day for utilisation x 24 h; inference clusters serve the segment's model as a fluid `type: inference` "
      "service (README, Projections).",
      {
          {"weeks", ValueType::count, none, "4", false,
           "Representative weeks, spread evenly over `first_year` from mid-January (4: one per season)."},
          {"duration", ValueType::quantity, Dimension::time, "1 wk", false,
           "Length of each representative run; whole days keep the daily load shape whole."},
          {"sample_interval", ValueType::quantity, Dimension::time, "1 h", false,
           "Sample interval of the representative runs (the cooling plant is evaluated on it)."},
          {"servers", ValueType::count, none, "64", false, "Servers in each representative cluster."},
          {"servers_per_host", ValueType::count, none, "8", false,
           "Servers one simulated host stands for (`clusters[].servers_per_host`)."},
          {"daily_shape", ValueType::name, none, "consumer", false,
           "Daily shape of the inference services' arrivals, in the region's local time: `flat`, `office` or "
           "`consumer` (`workloads[].arrivals`)."},
      }};
  return section;
}

std::vector<const SectionSpec*> projection_sections() {
  return {&projection_section(),
          &projection_case_section(),
          &projection_region_section(),
          &projection_segment_section(),
          &projection_generation_section(),
          &projection_crypto_section(),
          &projection_representative_section()};
}

#undef TERAWATT_VARYING

}  // namespace terawatt
