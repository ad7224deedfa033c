#include "models/base/hourly_csv.hpp"

#include "models/base/csv_line.hpp"
#include "models/base/hour_start.hpp"
#include "models/base/input_file.hpp"
#include "models/base/iso8601.hpp"
#include "models/base/number_text.hpp"
#include "models/base/text_fields.hpp"

#include <cmath>
#include <fstream>
#include <string_view>
#include <utility>

namespace terawatt {

namespace {

constexpr double seconds_per_hour = 3600.0;

// Reads lines, skipping blank and '#' comment lines, and tracking 1-based line numbers. Also strips a UTF-8 byte
// order mark and Windows line ends, which spreadsheet exports add and which are not worth an error.
class LineReader {
 public:
  explicit LineReader(const std::string& path) : path_(path), in_(open_checked(path)) {
    if (!in_) throw SeriesFileError(path + ": cannot open the file (expected a readable hourly CSV file)");
  }

  bool next(std::string& line) {
    while (std::getline(in_, line)) {
      ++line_number_;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line_number_ == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
      const std::string_view content = trim(line);
      if (content.empty() || content.front() == '#') continue;
      return true;
    }
    if (in_.bad()) throw SeriesFileError(path_ + ": read error after line " + std::to_string(line_number_));
    return false;
  }

  std::size_t line_number() const { return line_number_; }

 private:
  static std::ifstream open_checked(const std::string& path) {
    const std::string problem = input_file_problem(path, max_data_file_bytes, "file");
    if (!problem.empty()) throw SeriesFileError(path + ": " + problem);
    return std::ifstream(path, std::ios::binary);
  }

  const std::string& path_;
  std::ifstream in_;
  std::size_t line_number_ = 0;
};

struct HeaderField {
  std::string text;  // the whole field, trimmed
  std::string name;
  std::string unit;  // empty when the field has no [unit]
  bool has_unit = false;
};

struct Header {
  std::size_t line = 0;
  std::vector<HeaderField> fields;
  std::size_t time_index = 0;
};

// The fields of one line, or an error naming it.
std::vector<std::string> line_fields(const std::string& where, const std::string& line) {
  try {
    return split_csv_line(line);
  } catch (const CsvLineError& e) {
    throw SeriesFileError(where + e.what());
  }
}

// The time column: "time" first by default (a file in terawatt's own form), else the layout's, anywhere.
std::size_t find_time_column(const Header& header, const HourlyCsvLayout& layout, const std::string& where) {
  if (layout.time_column == "time") {
    if (header.fields.front().name == "time") return 0;
    // Not echoed: a path to some other file would otherwise print that file's first line.
    throw SeriesFileError(where +
                          "the first header field is not 'time' (expected a header such as "
                          "'time,dry_bulb [C]': the first column holds ISO 8601 times)");
  }
  std::string found;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const HeaderField& field = header.fields[i];
    if (field.text == layout.time_column || field.name == layout.time_column) return i;
    found += (found.empty() ? "" : ", ") + excerpt(field.name);
  }
  throw SeriesFileError(where + "header has no time column '" + excerpt(layout.time_column) + "' (found: " + found +
                        ") (expected the column of the hours' times)");
}

Header parse_header(LineReader& reader, const std::string& path, const HourlyCsvLayout& layout) {
  std::string line;
  if (!reader.next(line)) {
    throw SeriesFileError(path + ": the file has no header (expected a first line such as 'time,dry_bulb [C]')");
  }
  Header header;
  header.line = reader.line_number();
  const std::string where = path + ":" + std::to_string(header.line) + ": ";
  for (const std::string& raw : line_fields(where, line)) {
    const std::string_view field = trim(raw);
    HeaderField parsed;
    parsed.text = std::string(field);
    const std::size_t open = field.find('[');
    if (open == std::string_view::npos) {
      if (field.find(']') != std::string_view::npos) {
        throw SeriesFileError(where + "header field '" + excerpt(field) +
                              "' has ']' without '[' (expected 'name [unit]')");
      }
      parsed.name = std::string(field);
    } else {
      if (field.back() != ']' || field.find('[', open + 1) != std::string_view::npos) {
        throw SeriesFileError(where + "header field '" + excerpt(field) +
                              "' is malformed (expected 'name [unit]' with the unit last)");
      }
      parsed.name = std::string(trim(field.substr(0, open)));
      parsed.unit = std::string(trim(field.substr(open + 1, field.size() - open - 2)));
      parsed.has_unit = true;
    }
    if (parsed.name.empty()) {
      throw SeriesFileError(where + "header has an empty column name (expected 'time,<name> [<unit>],...')");
    }
    for (const HeaderField& earlier : header.fields) {
      if (earlier.name == parsed.name) {
        throw SeriesFileError(where + "header names column '" + excerpt(parsed.name) +
                              "' twice (expected each column once)");
      }
    }
    header.fields.push_back(std::move(parsed));
  }
  header.time_index = find_time_column(header, layout, where);
  return header;
}

// How to turn a column's text into SI.
struct ColumnReader {
  std::size_t field_index = 0;
  std::string name;
  std::string unit;
  double factor = 1.0;
  double offset = 0.0;
  double min_si = 0.0;
  double max_si = 0.0;
  std::string zero_text;
};

std::string expected_column(const CsvColumn& column) {
  const std::string units =
      column.dimension == Dimension::dimensionless ? std::string("1, %") : accepted_units(column.dimension);
  const std::string& name = column.header.empty() ? column.name : column.header;
  return "(expected a column '" + name + " [<unit>]' with a unit of " + std::string(dimension_name(column.dimension)) +
         ": " + units + ")";
}

// The unit of a column's values: the header's bracketed unit or the one the caller states; when both are given they
// must be the same unit.
std::string column_unit(const HeaderField& field, const CsvColumn& column, const std::string& where,
                        const std::string& label) {
  const bool in_header = field.has_unit && !field.unit.empty();
  if (in_header && !column.unit.empty()) {
    const UnitSpec* stated = find_unit(column.unit);
    const UnitSpec* written = find_unit(field.unit);
    if (field.unit != column.unit && (stated == nullptr || written == nullptr || stated != written)) {
      throw SeriesFileError(where + "column '" + label + "' has unit '" + excerpt(field.unit) +
                            "' in its header, but the unit stated for it is '" + excerpt(column.unit) +
                            "' (expected the same unit, or no stated unit)");
    }
  }
  if (in_header) return field.unit;
  if (column.unit.empty()) {
    throw SeriesFileError(where + "column '" + label + "' has no unit " + expected_column(column));
  }
  return column.unit;
}

ColumnReader bind_column(const Header& header, const CsvColumn& column, const std::string& path) {
  const std::string where = path + ":" + std::to_string(header.line) + ": ";
  const std::string& wanted = column.header.empty() ? column.name : column.header;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const HeaderField& field = header.fields[i];
    if (i == header.time_index || (field.name != wanted && field.text != wanted)) continue;
    ColumnReader reader;
    reader.field_index = i;
    reader.name = wanted;
    reader.unit = column_unit(field, column, where, wanted);
    reader.min_si = column.min_si;
    reader.max_si = column.max_si;
    reader.zero_text = column.zero_text;
    if (column.dimension == Dimension::dimensionless && reader.unit == "1") return reader;
    const UnitSpec* spec = find_unit(reader.unit);
    if (spec == nullptr) {
      throw SeriesFileError(where + "column '" + wanted + "' has unknown unit '" + excerpt(reader.unit) + "' " +
                            expected_column(column));
    }
    if (spec->dimension != column.dimension) {
      throw SeriesFileError(where + "column '" + wanted + "' has unit '" + excerpt(reader.unit) + "', a " +
                            std::string(dimension_name(spec->dimension)) + ", not a " +
                            std::string(dimension_name(column.dimension)) + " " + expected_column(column));
    }
    reader.factor = spec->factor_to_si;
    reader.offset = spec->offset_to_si;
    return reader;
  }
  std::string found;
  for (const HeaderField& field : header.fields) found += (found.empty() ? "" : ", ") + excerpt(field.name);
  throw SeriesFileError(where + "header has no column '" + wanted + "' (found: " + found + ") " +
                        expected_column(column));
}

double in_file_unit(const ColumnReader& column, double si) {
  return (si - column.offset) / column.factor;
}

// Rows are exactly one hour apart, in increasing order.
void check_hourly_step(const std::string& where, double time, double previous_time, std::size_t previous_line) {
  const std::string now = format_iso8601_utc(time);
  const std::string before = format_iso8601_utc(previous_time);
  const std::string on_line = " on line " + std::to_string(previous_line);
  const std::string spacing = "(expected increasing times exactly 1 h apart)";
  const double step = time - previous_time;
  if (step == 0.0) {
    throw SeriesFileError(where + "time " + now + " duplicates " + before + on_line + " " + spacing);
  }
  if (step < 0.0) {
    throw SeriesFileError(where + "time " + now + " is before " + before + on_line + ": rows are not sorted " +
                          spacing);
  }
  if (step != seconds_per_hour) {
    const double hours = step / seconds_per_hour;
    const bool whole_hours = hours == std::floor(hours);
    throw SeriesFileError(
        where + "time " + now + " is " + (whole_hours ? format_number(hours) + " h" : format_number(step) + " s") +
        " after " + before + on_line +
        (whole_hours ? ": a gap of " + format_number(hours - 1.0) + " missing hour(s) " : ": not on the hourly grid ") +
        spacing);
  }
}

// One value of a bound column in SI units, checked to be a finite number within the column's physical range.
double column_value(const std::string& where, const ColumnReader& column, const std::vector<std::string>& fields) {
  const std::string_view text = trim(fields[column.field_index]);
  const std::string column_where = where + "column '" + column.name + "': ";
  if (!column.zero_text.empty() && text == column.zero_text) return 0.0;
  if (text.empty()) {
    throw SeriesFileError(column_where + "empty value (expected a number in " + column.unit + ")");
  }
  double number = 0.0;
  try {
    number = parse_number(text);
  } catch (const UnitError& e) {
    throw SeriesFileError(column_where + e.what() + " (expected a finite number in " + column.unit + ")");
  }
  const double si = number * column.factor + column.offset;
  if (!std::isfinite(si)) {
    throw SeriesFileError(column_where + "value '" + excerpt(text) +
                          "' overflows once converted (expected "
                          "a finite number in " +
                          column.unit + ")");
  }
  if (si < column.min_si || si > column.max_si) {
    throw SeriesFileError(column_where + "value " + excerpt(text) + " " + column.unit +
                          " is outside the physical range " + format_number(in_file_unit(column, column.min_si)) +
                          ".." + format_number(in_file_unit(column, column.max_si)) + " " + column.unit +
                          " (expected a value in range: is the unit right?)");
  }
  return si;
}

}  // namespace

HourlyCsvHeader read_hourly_csv_header(const std::string& path, const HourlyCsvLayout& layout) {
  LineReader reader(path);
  const Header header = parse_header(reader, path, layout);
  HourlyCsvHeader out;
  out.line = header.line;
  for (const HeaderField& field : header.fields) out.column_names.push_back(field.name);
  return out;
}

HourlyCsvTable read_hourly_csv_table(const std::string& path, const std::vector<CsvColumn>& columns,
                                     double required_start_epoch_s, double required_end_epoch_s,
                                     const HourlyCsvLayout& layout) {
  if (!(required_start_epoch_s < required_end_epoch_s)) {
    throw std::invalid_argument("read_hourly_csv: the required span must have start < end");
  }
  LineReader reader(path);
  const Header header = parse_header(reader, path, layout);
  std::vector<ColumnReader> bound;
  bound.reserve(columns.size());
  for (const CsvColumn& column : columns) bound.push_back(bind_column(header, column, path));

  std::vector<std::vector<double>> values(columns.size());
  std::vector<std::size_t> row_lines;
  double first_time = 0.0;
  double previous_time = 0.0;
  std::size_t previous_line = 0;

  std::string line;
  while (reader.next(line)) {
    const std::size_t line_number = reader.line_number();
    const std::string where = path + ":" + std::to_string(line_number) + ": ";
    const std::vector<std::string> fields = line_fields(where, line);
    if (fields.size() != header.fields.size()) {
      throw SeriesFileError(where + "has " + std::to_string(fields.size()) + " fields but the header on line " +
                            std::to_string(header.line) + " has " + std::to_string(header.fields.size()) +
                            " (expected one value per column)");
    }

    double time = 0.0;
    try {
      time = parse_hour_start(fields[header.time_index], layout.utc_offset_h);
    } catch (const TimeError& e) {
      throw SeriesFileError(where + "time: " + e.what());
    }
    if (!row_lines.empty()) {
      check_hourly_step(where, time, previous_time, previous_line);
    } else {
      first_time = time;
    }

    for (std::size_t c = 0; c < bound.size(); ++c) values[c].push_back(column_value(where, bound[c], fields));
    row_lines.push_back(line_number);
    previous_time = time;
    previous_line = line_number;
  }

  if (row_lines.empty()) {
    throw SeriesFileError(path + ": no data rows after the header on line " + std::to_string(header.line) +
                          " (expected hourly rows covering " + format_iso8601_utc(required_start_epoch_s) + ".." +
                          format_iso8601_utc(required_end_epoch_s) + ")");
  }
  const double end_time = previous_time + seconds_per_hour;
  if (first_time > required_start_epoch_s || end_time < required_end_epoch_s) {
    throw SeriesFileError(path + ": " + std::to_string(row_lines.size()) + " hours from " +
                          format_iso8601_utc(first_time) + " to " + format_iso8601_utc(end_time) +
                          " do not cover the run " + format_iso8601_utc(required_start_epoch_s) + ".." +
                          format_iso8601_utc(required_end_epoch_s) + " (expected hourly rows from at most " +
                          format_iso8601_utc(required_start_epoch_s) + " to at least " +
                          format_iso8601_utc(required_end_epoch_s - seconds_per_hour) + ")");
  }

  HourlyCsvTable table;
  table.header_line = header.line;
  table.row_lines = std::move(row_lines);
  table.series.reserve(columns.size());
  for (std::vector<double>& column_values : values) {
    table.series.emplace_back(first_time, seconds_per_hour, std::move(column_values));
  }
  return table;
}

std::vector<StepSeries> read_hourly_csv(const std::string& path, const std::vector<CsvColumn>& columns,
                                        double required_start_epoch_s, double required_end_epoch_s,
                                        const HourlyCsvLayout& layout) {
  return read_hourly_csv_table(path, columns, required_start_epoch_s, required_end_epoch_s, layout).series;
}

}  // namespace terawatt
