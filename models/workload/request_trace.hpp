#pragma once
// Inference request traces in the CSV layouts of public datasets: one request per line, its arrival time and, where
// the dataset has them, its input (prompt) and output token counts, found by column name. Named formats give the
// columns of known datasets; any other layout is read through an explicit column mapping.
//
//   terawatt:  time                                         (seconds after the scenario start)
//   azure:     TIMESTAMP, ContextTokens, GeneratedTokens    (Azure LLM inference traces 2023 and 2024)
//   burstgpt:  Timestamp, Request tokens, Response tokens   (BurstGPT)
//
// Fields are plain (split at commas, no quoting), as in those datasets; lines starting with '#' are comments.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

// The header names of the columns a request trace is read from; no token column: the trace has no sizes.
struct RequestTraceColumns {
  std::string time;
  std::optional<std::string> input_tokens;
  std::optional<std::string> output_tokens;
};

// The named formats, in the order of request_trace_format_names().
const std::vector<std::string>& request_trace_format_names();
// The columns of a named format; none for an unknown name.
std::optional<RequestTraceColumns> request_trace_format(std::string_view name);

struct RequestTraceOptions {
  RequestTraceColumns columns;
  double start_epoch_s = 0.0;          // scenario start: ISO 8601 times become seconds after it
  std::optional<double> utc_offset_h;  // the zone of zone-less ISO 8601 times; none: such times are errors
};

// Arrival times in seconds after the scenario start (non-decreasing, >= 0) and, per request in the same order, the
// token counts of each mapped token column (empty when the column is not mapped).
struct RequestTrace {
  std::vector<double> arrival_s;
  std::vector<double> input_tokens;
  std::vector<double> output_tokens;
};

// Reads a trace; throws TraceFileError (models/workload/trace_file.hpp) naming the file, the line and the column for
// a missing column, a time that is neither seconds nor ISO 8601, a zone-less time without an offset, a time before
// the scenario start or going backwards, and a token count that is not a finite number >= 0.
RequestTrace read_request_trace(const std::string& path, const RequestTraceOptions& options);

// Mean and percentiles of a sample (nearest-rank percentiles: the smallest value with at least p % of the sample at
// or below it). All zero for an empty sample.
struct SampleSummary {
  double mean = 0.0;
  double p50 = 0.0;
  double p90 = 0.0;
  double p99 = 0.0;
};
SampleSummary summarise(std::vector<double> values);

}  // namespace terawatt
