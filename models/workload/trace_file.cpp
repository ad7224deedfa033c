#include "models/workload/trace_file.hpp"

#include "models/base/input_file.hpp"
#include "models/base/iso8601.hpp"
#include "models/base/nearest_name.hpp"
#include "models/base/text_fields.hpp"
#include "models/base/units.hpp"

#include <cerrno>
#include <cstring>

namespace terawatt {
namespace {

// "2024-01-01": the date part of an ISO 8601 time, after which a zone may follow the time.
constexpr std::size_t iso_date_chars = 10;

// Whether an ISO 8601 time names its zone: 'Z' or a signed offset after the date.
bool has_zone(std::string_view text) {
  text = trim(text);
  return text.size() > iso_date_chars && text.substr(iso_date_chars).find_first_of("Z+-") != std::string_view::npos;
}

// Whether `text` begins like an ISO 8601 date ("2024-"), so that its error says what is wrong with the date.
bool looks_like_date(std::string_view text) {
  text = trim(text);
  if (text.size() < 5 || text[4] != '-') return false;
  for (std::size_t i = 0; i < 4; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

}  // namespace

TraceLines::TraceLines(std::string path, char comment) : path_(std::move(path)), comment_(comment) {
  const std::string problem = input_file_problem(path_, max_data_file_bytes, "trace");
  if (!problem.empty()) throw TraceFileError(path_ + ": " + problem);
  in_.open(path_, std::ios::binary);
  if (!in_) throw TraceFileError(path_ + ": cannot open the trace: " + std::string(std::strerror(errno)));
}

bool TraceLines::next(std::string& line) {
  while (std::getline(in_, line)) {
    ++number_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!trim(line).empty() && line.front() != comment_) return true;
  }
  return false;
}

void TraceLines::fail(const std::string& problem) const {
  throw TraceFileError(path_ + ":" + std::to_string(number_) + ": " + problem);
}

std::vector<std::size_t> column_indices(const TraceLines& lines, const std::vector<std::string_view>& header,
                                        const std::vector<std::string>& wanted) {
  std::vector<std::string> names;
  for (const auto field : header) names.emplace_back(trim(field));
  std::vector<std::size_t> indices;
  for (const auto& name : wanted) {
    std::size_t at = 0;
    while (at < names.size() && names[at] != name) ++at;
    if (at == names.size()) {
      // The header's own names are not listed: a path to some other file would print that file's first line.
      const std::string near = nearest_name(name, names);
      lines.fail("the header has no column '" + excerpt(name) + "'" +
                 (near.empty() ? std::string() : " (did you mean '" + excerpt(near) + "'?)") +
                 " (expected a first line naming the trace's columns, separated by commas)");
    }
    indices.push_back(at);
  }
  return indices;
}

double trace_epoch_s(std::string_view text, std::optional<double> utc_offset_h) {
  if (has_zone(text)) return parse_iso8601_utc(text);
  if (!utc_offset_h) {
    parse_iso8601_at_offset(text, 0.0);  // a malformed time says what is wrong with it first
    throw TimeError("'" + excerpt(text) +
                    "' has no time zone (expected a zone such as Z or +02:00, or the trace's utc_offset)");
  }
  return parse_iso8601_at_offset(text, *utc_offset_h);
}

double trace_offset_s(std::string_view text, double start_epoch_s, std::optional<double> utc_offset_h) {
  if (!looks_like_date(text)) {
    try {
      return parse_number(trim(text));
    } catch (const UnitError&) {
      throw TimeError("'" + excerpt(text) +
                      "' is neither seconds nor an ISO 8601 time (expected e.g. 12.5 or 2024-01-01T00:00:00Z)");
    }
  }
  return trace_epoch_s(text, utc_offset_h) - start_epoch_s;
}

}  // namespace terawatt
