#include "models/workload/job_trace.hpp"

#include "models/base/iso8601.hpp"
#include "models/base/number_text.hpp"
#include "models/base/text_fields.hpp"
#include "models/base/units.hpp"
#include "models/workload/trace_file.hpp"

#include <cctype>
#include <cmath>
#include <stdexcept>

namespace terawatt {
namespace {

// The Standard Workload Format has 18 fields per job (swf.html, "The Standard Workload Format").
constexpr std::size_t swf_fields = 18;
// 1-based SWF fields read.
constexpr std::size_t swf_submit = 2;
constexpr std::size_t swf_run_time = 4;
constexpr std::size_t swf_allocated_processors = 5;
constexpr std::size_t swf_requested_processors = 8;

// The fields of `line` between `separator`s, untrimmed (a trailing separator adds an empty field).
std::vector<std::string_view> split_at(std::string_view line, char separator) {
  std::vector<std::string_view> fields;
  for (std::size_t begin = 0;;) {
    const std::size_t end = line.find(separator, begin);
    fields.push_back(line.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin));
    if (end == std::string_view::npos) return fields;
    begin = end + 1;
  }
}

// The fields of `line` between runs of whitespace.
std::vector<std::string_view> split_whitespace(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t at = 0;
  while (at < line.size()) {
    while (at < line.size() && std::isspace(static_cast<unsigned char>(line[at])) != 0) ++at;
    const std::size_t begin = at;
    while (at < line.size() && std::isspace(static_cast<unsigned char>(line[at])) == 0) ++at;
    if (at > begin) fields.push_back(line.substr(begin, at - begin));
  }
  return fields;
}

// A number of a trace field; a malformed one fails naming the field.
double number_field(const TraceLines& lines, std::string_view text, const std::string& field) {
  try {
    return parse_number(trim(text));
  } catch (const UnitError&) {
    lines.fail(field + ": '" + excerpt(text) + "' is not a number");
  }
}

// A count of a trace field (integral, >= 0); a malformed one fails naming the field.
std::int64_t count_field(const TraceLines& lines, std::string_view text, const std::string& field) {
  try {
    return parse_count(trim(text));
  } catch (const UnitError&) {
    lines.fail(field + ": '" + excerpt(text) + "' is not a count (expected an integer >= 0)");
  }
}

// One SWF line: the job that ran, or the reason it is skipped.
std::optional<TraceJob> swf_job(const TraceLines& lines, const std::vector<std::string_view>& fields,
                                std::string& skip_reason) {
  const auto field = [&](std::size_t number, const char* name) {
    return number_field(lines, fields[number - 1], "field " + std::to_string(number) + " (" + name + ")");
  };
  TraceJob job{std::string(fields[0]), lines.line_number(), field(swf_submit, "submit time"),
               field(swf_run_time, "run time"), 0};
  double processors = field(swf_allocated_processors, "allocated processors");
  if (processors < 0.0) processors = field(swf_requested_processors, "requested processors");
  if (!(job.run_s > 0.0)) {
    skip_reason = "with no run time (-1 or 0: never ran)";
  } else if (!(processors > 0.0)) {
    skip_reason = "with no processor count (-1)";
  } else if (job.submit_s < 0.0) {
    skip_reason = "with no submit time (-1)";
  } else if (processors != std::floor(processors)) {
    lines.fail("field 5 (allocated processors): " + format_number(processors) + " is not a whole number");
  } else {
    job.accelerators = static_cast<std::int64_t>(processors);
    return job;
  }
  return std::nullopt;
}

// The columns of a sacct export that the reader uses; a column not in the header is absent.
struct SacctColumns {
  std::size_t job_id = 0;
  std::size_t submit = 0;
  std::size_t elapsed = 0;
  std::optional<std::size_t> alloc_tres;
  std::optional<std::size_t> nodes;
  std::optional<std::size_t> state;
};

SacctColumns sacct_columns(const TraceLines& lines, const std::vector<std::string_view>& header) {
  const std::vector<std::size_t> at = column_indices(lines, header, {"JobID", "Submit", "Elapsed"});
  SacctColumns columns{at[0], at[1], at[2], std::nullopt, std::nullopt, std::nullopt};
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string_view name = trim(header[i]);
    if (name == "AllocTRES") columns.alloc_tres = i;
    if (name == "NNodes") columns.nodes = i;
    if (name == "State") columns.state = i;
  }
  if (!columns.alloc_tres && !columns.nodes) {
    lines.fail(
        "the header has neither AllocTRES nor NNodes (expected sacct --parsable2 "
        "--format=JobID,Submit,Elapsed,AllocTRES,NNodes,State)");
  }
  return columns;
}

// Accelerators of a job: the gres/gpu count of its AllocTRES (the typed gres/gpu:<type> counts added up when the
// untyped total is missing), else its nodes (AllocTRES node=, else NNodes) x accelerators per node.
std::int64_t sacct_accelerators(const TraceLines& lines, const std::vector<std::string_view>& fields,
                                const SacctColumns& columns, std::int64_t accelerators_per_node) {
  std::optional<std::int64_t> gpus;
  std::int64_t typed_gpus = 0;
  std::optional<std::int64_t> nodes;
  if (columns.alloc_tres) {
    for (const auto entry : split_at(trim(fields[*columns.alloc_tres]), ',')) {
      const std::size_t equals = entry.find('=');
      if (equals == std::string_view::npos) continue;
      const std::string_view key = entry.substr(0, equals);
      const std::string_view value = entry.substr(equals + 1);
      if (key == "gres/gpu") gpus = count_field(lines, value, "AllocTRES gres/gpu");
      if (key.rfind("gres/gpu:", 0) == 0) typed_gpus += count_field(lines, value, "AllocTRES " + std::string(key));
      if (key == "node") nodes = count_field(lines, value, "AllocTRES node");
    }
  }
  if (!gpus && typed_gpus > 0) gpus = typed_gpus;
  if (gpus) return *gpus;
  if (!nodes && columns.nodes) nodes = count_field(lines, fields[*columns.nodes], "NNodes");
  if (!nodes || *nodes <= 0) {
    lines.fail(
        "column AllocTRES: no gres/gpu and no node count (expected gres/gpu=N or node=N, or the column "
        "NNodes)");
  }
  return *nodes * accelerators_per_node;
}

// One sacct line: the job that ran, or the reason it is skipped.
std::optional<TraceJob> sacct_job(const TraceLines& lines, const std::vector<std::string_view>& fields,
                                  const SacctColumns& columns, const SacctOptions& options, std::string& skip_reason) {
  TraceJob job;
  job.id = std::string(trim(fields[columns.job_id]));
  job.line = lines.line_number();
  const std::string_view state = columns.state ? trim(fields[*columns.state]) : std::string_view();
  if (job.id.find('.') != std::string::npos) {
    skip_reason = "job steps (JobID with a '.'; their job is a line of its own)";
    return std::nullopt;
  }
  if (state.rfind("PENDING", 0) == 0 || state.rfind("RUNNING", 0) == 0) {
    skip_reason = "still " + std::string(state.substr(0, 7)) + " (not finished)";
    return std::nullopt;
  }
  try {
    job.run_s = slurm_duration_s(std::string(fields[columns.elapsed]));
  } catch (const std::invalid_argument& e) {
    lines.fail(std::string("column Elapsed: ") + e.what());
  }
  if (!(job.run_s > 0.0)) {
    skip_reason = "with no run time (Elapsed 00:00:00: never ran)";
    return std::nullopt;
  }
  try {
    job.submit_s = trace_epoch_s(fields[columns.submit], options.utc_offset_h) - options.start_epoch_s;
  } catch (const TimeError& e) {
    lines.fail(std::string("column Submit: ") + e.what());
  }
  if (job.submit_s < 0.0) {
    lines.fail("column Submit: '" + excerpt(fields[columns.submit]) + "' is before scenario.start " +
               format_iso8601_utc(options.start_epoch_s) +
               " (expected a scenario that starts by the first submission)");
  }
  job.accelerators = sacct_accelerators(lines, fields, columns, options.accelerators_per_node);
  if (job.accelerators <= 0) {
    skip_reason = "with no accelerators (gres/gpu=0)";
    return std::nullopt;
  }
  return job;
}

}  // namespace

JobTrace read_swf_trace(const std::string& path) {
  TraceLines lines(path, ';');
  JobTrace trace;
  std::string line;
  while (lines.next(line)) {
    const std::vector<std::string_view> fields = split_whitespace(line);
    if (fields.size() != swf_fields) {
      lines.fail("has " + std::to_string(fields.size()) +
                 " fields (expected the 18 whitespace-separated fields of the Standard Workload Format, -1 for "
                 "unknown)");
    }
    std::string skip_reason;
    if (auto job = swf_job(lines, fields, skip_reason)) {
      trace.jobs.push_back(std::move(*job));
    } else {
      ++trace.skipped[skip_reason];
    }
  }
  return trace;
}

JobTrace read_sacct_trace(const std::string& path, const SacctOptions& options) {
  TraceLines lines(path, '#');
  std::string line;
  if (!lines.next(line)) {
    throw TraceFileError(path + ": empty trace (expected the header line of sacct --parsable2, then one job per line)");
  }
  const std::vector<std::string_view> header = split_at(line, '|');
  const SacctColumns columns = sacct_columns(lines, header);
  JobTrace trace;
  while (lines.next(line)) {
    const std::vector<std::string_view> fields = split_at(line, '|');
    if (fields.size() != header.size()) {
      lines.fail("has " + std::to_string(fields.size()) + " '|'-separated fields (expected " +
                 std::to_string(header.size()) + ", as in the header)");
    }
    std::string skip_reason;
    if (auto job = sacct_job(lines, fields, columns, options, skip_reason)) {
      trace.jobs.push_back(std::move(*job));
    } else {
      ++trace.skipped[skip_reason];
    }
  }
  return trace;
}

double slurm_duration_s(const std::string& text) {
  const auto bad = [&text]() -> std::invalid_argument {
    return std::invalid_argument("'" + excerpt(text) + "' is not a Slurm duration (expected [D-]HH:MM:SS)");
  };
  std::string_view rest = trim(text);
  double days = 0.0;
  if (const auto dash = rest.find('-'); dash != std::string_view::npos) {
    try {
      days = static_cast<double>(parse_count(rest.substr(0, dash)));
    } catch (const UnitError&) {
      throw bad();
    }
    rest.remove_prefix(dash + 1);
  }
  const std::vector<std::string_view> parts = split_at(rest, ':');
  if (parts.size() != 3) throw bad();
  double seconds = 0.0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].size() != 2 || !std::isdigit(static_cast<unsigned char>(parts[i][0])) ||
        !std::isdigit(static_cast<unsigned char>(parts[i][1]))) {
      throw bad();
    }
    const int value = (parts[i][0] - '0') * 10 + (parts[i][1] - '0');
    if (i > 0 && value > 59) throw bad();
    seconds = seconds * 60.0 + value;
  }
  return days * 86400.0 + seconds;
}

}  // namespace terawatt
