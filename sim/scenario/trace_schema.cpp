// The keys of trace imports, declared once like every other section (sim/scenario/scenario_schema.hpp): a service's
// request trace (`workloads[].arrivals.trace` as a mapping, with its `columns`) and a training-job trace
// (`workloads[]` with `type: training_trace`). Readers: sim/scenario/inference_arrivals_reader.cpp and
// sim/scenario/training_trace_reader.cpp; parsers: models/workload/request_trace.hpp and job_trace.hpp.
#include "sim/scenario/scenario_schema.hpp"

namespace terawatt {
namespace {
constexpr Dimension none = Dimension::dimensionless;
}

const SectionSpec& inference_trace_section() {
  static const SectionSpec section{
      "workloads[].arrivals.trace",
      "A request trace in a public dataset's CSV layout (README, inference, traces): one request per line, its "
      "arrival and, where the trace has them, its input and output tokens. Times are seconds after the scenario "
      "start, or ISO 8601 times at or after `scenario.start`; non-decreasing.",
      {
          {"file", ValueType::text, none, "", false, "The CSV file, relative to the scenario."},
          {"format", ValueType::name, none, "", true,
           "Named columns: `terawatt` (`time`), `azure` (`TIMESTAMP`, `ContextTokens`, `GeneratedTokens`: the Azure "
           "LLM inference traces) or `burstgpt` (`Timestamp`, `Request tokens`, `Response tokens`). Give this or "
           "`columns`. Absent with no `columns`: `terawatt`."},
          {"columns", ValueType::text, none, "", true,
           "The header names of the columns, a mapping (see `workloads[].arrivals.trace.columns`)."},
          {"utc_offset", ValueType::real, none, "", true,
           "Hours from UTC of the trace's zone-less ISO 8601 times, e.g. `0` or `-8`. Absent: zone-less times are "
           "refused (times with `Z` or an offset need none)."},
      }};
  return section;
}

const SectionSpec& inference_trace_columns_section() {
  static const SectionSpec section{
      "workloads[].arrivals.trace.columns",
      "Which header column holds what, for a trace whose layout no `format` names.",
      {
          {"time", ValueType::text, none, "", false, "Arrival time: seconds, or ISO 8601."},
          {"input_tokens", ValueType::text, none, "", true,
           "Input (prompt) tokens per request. Absent: the trace has no input sizes."},
          {"output_tokens", ValueType::text, none, "", true,
           "Output (generated) tokens per request. Absent: the trace has no output sizes."},
      }};
  return section;
}

const SectionSpec& training_trace_section() {
  static const SectionSpec section{
      "workloads[] (type: training_trace)",
      "A cluster's recorded job mix replayed: one training job per job that ran in a batch-system trace (README, "
      "training, job traces), submitted at its submit time after the scenario start, on its accelerators (rounded "
      "up to whole hosts), running for its recorded run time.",
      {
          {"name", ValueType::name, none, "", false, "Identifier of the trace; its jobs are named `<name>-<job id>`."},
          {"type", ValueType::name, none, "", false, "`training_trace`."},
          {"cluster", ValueType::name, none, "", true, "The cluster it runs on. May be omitted when there is one."},
          {"file", ValueType::text, none, "", false, "The trace file, relative to the scenario."},
          {"format", ValueType::name, none, "", false,
           "`swf` (Standard Workload Format of the Parallel Workloads Archive: submit time, run time, allocated "
           "processors taken as accelerators) or `sacct` (Slurm `sacct --parsable2` with JobID, Submit, Elapsed and "
           "AllocTRES or NNodes)."},
          {"utc_offset", ValueType::real, none, "", true,
           "sacct: hours from UTC of the zone-less Submit times (Slurm writes the controller's local time). Absent: "
           "zone-less times are refused."},
          {"mfu", ValueType::fraction, none, "0.4", false,
           "Model FLOP utilisation the jobs are given, which sets only the FLOPs they report (run time and power "
           "follow the trace): FLOPs = run time x accelerators x peak x mfu. 0.4: within the published 20-50 % of "
           "large training runs (docs/references.md E)."},
      }};
  return section;
}

}  // namespace terawatt
