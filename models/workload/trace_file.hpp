#pragma once
// What the trace importers share (request traces, models/workload/request_trace.hpp; job traces,
// models/workload/job_trace.hpp): a checked input file read line by line with its line numbers, the columns of a
// header, and trace timestamps, which public datasets write as seconds or as ISO 8601 with or without a zone.

#include <cstddef>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

// what(): "path:line: problem (expected ...)", or "path: problem" for the file as a whole.
struct TraceFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The data lines of a trace: blank lines and lines that start with `comment` are skipped, a trailing '\r' removed.
// The file must be a regular file of at most max_data_file_bytes (models/base/input_file.hpp).
class TraceLines {
 public:
  TraceLines(std::string path, char comment);
  // The next data line, or false at the end of the file.
  bool next(std::string& line);
  // The 1-based number of the line `next` returned last.
  std::size_t line_number() const { return number_; }
  // Throws TraceFileError "path:line: problem".
  [[noreturn]] void fail(const std::string& problem) const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  char comment_;
  std::ifstream in_;
  std::size_t number_ = 0;
};

// Where each wanted column is in a header: `header` split into trimmed names, then each of `wanted` found by its exact
// name. A missing one fails at the header line, suggesting the nearest name there.
std::vector<std::size_t> column_indices(const TraceLines& lines, const std::vector<std::string_view>& header,
                                        const std::vector<std::string>& wanted);

// A timestamp of a trace as seconds since 1970-01-01T00:00:00Z: ISO 8601 (models/base/iso8601.hpp) with a zone, or
// without one when `utc_offset_h` says the zone (local time = UTC + offset). Throws TimeError, naming the text, for a
// malformed time or a zone-less time without an offset.
double trace_epoch_s(std::string_view text, std::optional<double> utc_offset_h);

// A trace time as seconds after `start_epoch_s`: a plain number is already that, anything else is a timestamp
// (trace_epoch_s). Throws TimeError when it is neither.
double trace_offset_s(std::string_view text, double start_epoch_s, std::optional<double> utc_offset_h);

}  // namespace terawatt
