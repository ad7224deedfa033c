// The keys of the two workload types that hold servers for a known time without an engine model of their work:
// offline batch inference (`type: offline_inference`) and servers at a given power (`type: given_power`). Declared
// like every other section (sim/scenario/scenario_schema.hpp); the README's reference is generated from them.
#include "sim/scenario/scenario_schema.hpp"

namespace terawatt {
namespace {
constexpr Dimension none = Dimension::dimensionless;
}

const SectionSpec& offline_inference_section() {
  static const SectionSpec section{
      "workloads[] (type: offline_inference)",
      "An offline batch inference job: a fixed number of requests (a dataset of prompts), all available at its start, "
      "run by its replicas in full batches as fast as they allow; it ends when the last request is done and reports "
      "its completion time, energy and energy per request (README, offline batch inference). `model` and `request` "
      "are those of a service; `replicas` takes `accelerators`, `count` and `max_batch`.",
      {
          {"name", ValueType::name, none, "", false, "Identifier of the workload."},
          {"type", ValueType::name, none, "", false, "`offline_inference`."},
          {"cluster", ValueType::name, none, "", true, "The cluster it runs on. May be omitted when there is one."},
          {"modality", ValueType::name, none, "", false, "`text`, `image` or `video`, as for a service."},
          {"model", ValueType::text, none, "", false, "The model served (see `workloads[].model`)."},
          {"request", ValueType::text, none, "", false, "One request (see `workloads[].request`)."},
          {"requests", ValueType::number, none, "", true,
           "Requests to run, a whole number, e.g. `1e6` prompts. They are dealt evenly over the replicas. Give this "
           "or `dataset_tokens`."},
          {"dataset_tokens", ValueType::number, none, "", true,
           "Text: the dataset's size as prompt tokens in all, e.g. `2e9`: requests = dataset_tokens / "
           "`request.prompt_tokens`, rounded up."},
          {"replicas", ValueType::text, none, "", true,
           "`accelerators`, `count` (absent: as many as the cluster holds) and `max_batch` (see "
           "`workloads[].replicas`). Absent: all defaults."},
          {"measured_power", ValueType::text, none, "", true,
           "Measured phase powers imposed on the model's, as for a service (see `workloads[].measured_power`)."},
          {"start", ValueType::quantity, Dimension::time, "0 s", false,
           "When it is submitted, after the scenario start; it then takes its servers, waiting if others hold them."},
      }};
  return section;
}

const SectionSpec& given_power_section() {
  static const SectionSpec section{
      "workloads[] (type: given_power)",
      "Servers drawing a given IT power, as fleet estimates describe a cluster, with no model of their work: a "
      "measured total `power`, or `load_factor` x their nameplate power (accelerators at TDP plus the host at full "
      "load). The power is split between accelerators and hosts along the server's curves (README, a cluster at a "
      "given power); PUE, emissions and water follow as for any load.",
      {
          {"name", ValueType::name, none, "", false, "Identifier of the workload."},
          {"type", ValueType::name, none, "", false, "`given_power`."},
          {"cluster", ValueType::name, none, "", true, "The cluster it runs on. May be omitted when there is one."},
          {"servers", ValueType::count, none, "", true,
           "Servers it holds, whole hosts. Absent: every server of the cluster."},
          {"power", ValueType::quantity, Dimension::power, "", true,
           "Measured IT power of those servers together, e.g. `1.2 MW`, at most their nameplate. Give this or "
           "`load_factor`."},
          {"load_factor", ValueType::fraction, none, "", true,
           "IT power as a share of the servers' nameplate power, e.g. `0.6`."},
          {"start", ValueType::quantity, Dimension::time, "0 s", false,
           "When it takes its servers, after the scenario start (waiting if others hold them)."},
          {"duration", ValueType::quantity, Dimension::time, "", true,
           "How long it holds them. Absent: until the scenario's horizon (a `scenario.duration` is then required)."},
      }};
  return section;
}

}  // namespace terawatt
