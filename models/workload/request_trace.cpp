#include "models/workload/request_trace.hpp"

#include "models/base/csv_line.hpp"
#include "models/base/iso8601.hpp"
#include "models/base/number_text.hpp"
#include "models/base/text_fields.hpp"
#include "models/base/units.hpp"
#include "models/workload/trace_file.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace terawatt {
namespace {

// One field of a data line, by column index; a short line fails naming the column.
std::string_view field_of(const TraceLines& lines, const std::vector<std::string_view>& fields, std::size_t index,
                          const std::string& column) {
  if (index >= fields.size()) {
    lines.fail("has " + std::to_string(fields.size()) + " fields, too few for column '" + excerpt(column) +
               "' (expected " + std::to_string(index + 1) + " or more, as in the header)");
  }
  return trim(fields[index]);
}

// A token count: a finite number >= 0.
double token_count(const TraceLines& lines, std::string_view text, const std::string& column) {
  double value = -1.0;
  try {
    value = parse_number(text);
  } catch (const UnitError&) {
  }
  if (!(value >= 0.0) || !std::isfinite(value)) {
    lines.fail("column '" + excerpt(column) + "': '" + excerpt(text) +
               "' is not a token count (expected a finite number >= 0)");
  }
  return value;
}

// The arrival of one line, after the scenario start and not before the previous one.
double arrival_time(const TraceLines& lines, std::string_view text, const RequestTraceOptions& options,
                    const std::vector<double>& before) {
  const std::string& column = options.columns.time;
  double offset_s = 0.0;
  try {
    offset_s = trace_offset_s(text, options.start_epoch_s, options.utc_offset_h);
  } catch (const TimeError& e) {
    lines.fail("column '" + excerpt(column) + "': " + e.what());
  }
  if (!std::isfinite(offset_s) || offset_s < 0.0) {
    lines.fail("column '" + excerpt(column) + "': '" + excerpt(text) + "' is " + format_number(-offset_s) +
               " s before the scenario start (expected arrivals at or after scenario.start " +
               format_iso8601_utc(options.start_epoch_s) + ": set scenario.start to the trace's first time)");
  }
  if (!before.empty() && offset_s < before.back()) {
    lines.fail("column '" + excerpt(column) + "': time goes backwards: '" + excerpt(text) + "' is " +
               format_number(offset_s) + " s after the start, before the previous " + format_number(before.back()) +
               " s (expected non-decreasing times)");
  }
  return offset_s;
}

// The fields of one line of the trace, RFC 4180 quoting undone (models/base/csv_line.hpp); a malformed quote fails at
// the line.
std::vector<std::string> split_quoted(const TraceLines& lines, const std::string& line) {
  try {
    return split_csv_line(line);
  } catch (const CsvLineError& e) {
    lines.fail(e.what());
  }
}

}  // namespace

const std::vector<std::string>& request_trace_format_names() {
  static const std::vector<std::string> names{"terawatt", "azure", "burstgpt"};
  return names;
}

std::optional<RequestTraceColumns> request_trace_format(std::string_view name) {
  if (name == "terawatt") return RequestTraceColumns{"time", std::nullopt, std::nullopt};
  // Azure LLM inference traces (Patel et al. 2024, github.com/Azure/AzurePublicDataset): AzureLLMInferenceTrace_*.csv.
  if (name == "azure") return RequestTraceColumns{"TIMESTAMP", "ContextTokens", "GeneratedTokens"};
  // BurstGPT (Wang et al. 2024, github.com/HPMLL/BurstGPT): BurstGPT_*.csv.
  if (name == "burstgpt") return RequestTraceColumns{"Timestamp", "Request tokens", "Response tokens"};
  return std::nullopt;
}

RequestTrace read_request_trace(const std::string& path, const RequestTraceOptions& options) {
  TraceLines lines(path, '#');
  std::string line;
  if (!lines.next(line)) {
    throw TraceFileError(path + ": empty trace (expected a header naming the column '" + options.columns.time +
                         "', then one request per line)");
  }
  std::vector<std::string> wanted{options.columns.time};
  for (const auto& column : {options.columns.input_tokens, options.columns.output_tokens}) {
    if (column) wanted.push_back(*column);
  }
  const std::vector<std::string> header = split_quoted(lines, line);
  const std::vector<std::size_t> at =
      column_indices(lines, std::vector<std::string_view>(header.begin(), header.end()), wanted);
  RequestTrace trace;
  while (lines.next(line)) {
    const std::vector<std::string> cells = split_quoted(lines, line);
    const std::vector<std::string_view> fields(cells.begin(), cells.end());
    const std::string_view time = field_of(lines, fields, at[0], wanted[0]);
    trace.arrival_s.push_back(arrival_time(lines, time, options, trace.arrival_s));
    std::size_t next = 1;
    if (options.columns.input_tokens) {
      trace.input_tokens.push_back(token_count(lines, field_of(lines, fields, at[next], wanted[next]), wanted[next]));
      ++next;
    }
    if (options.columns.output_tokens) {
      trace.output_tokens.push_back(token_count(lines, field_of(lines, fields, at[next], wanted[next]), wanted[next]));
    }
  }
  return trace;
}

SampleSummary summarise(std::vector<double> values) {
  SampleSummary summary;
  if (values.empty()) return summary;
  std::sort(values.begin(), values.end());
  const auto nearest_rank = [&values](double percent) {
    const double rank = std::ceil(percent / 100.0 * static_cast<double>(values.size()));
    return values[static_cast<std::size_t>(std::max(rank, 1.0)) - 1];
  };
  summary.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  summary.p50 = nearest_rank(50.0);
  summary.p90 = nearest_rank(90.0);
  summary.p99 = nearest_rank(99.0);
  return summary;
}

}  // namespace terawatt
