#pragma once
// Strict reader of hourly CSV series (weather, grid carbon and water intensity). A silently misread file would skew
// a whole year of results, so every defect is an error that names the file and line, says what is wrong and what
// was expected: gaps, duplicated or unsorted times, NaN and garbage numbers, missing or wrong units, too few hours.
//
// Format:
//   # comment lines and blank lines are skipped anywhere
//   time,dry_bulb [C],relative_humidity [%]
//   2024-01-01T00:00:00Z,3.5,81
//   2024-01-01T01:00:00Z,3.1,83
// The first column is "time" (ISO 8601 with a zone, models/base/iso8601.hpp). Every other header field is
// "<name> [<unit>]" with a unit of models/base/units.hpp; a dimensionless column may also use "[1]". Row i's values
// hold over [time_i, time_i + 1 h). Fields are plain: no quoting, no thousands separators.

#include "models/base/step_series.hpp"
#include "models/base/units.hpp"

#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace terawatt {

// what(): "path:line: problem (expected ...)", or "path: problem" when no single line is at fault.
struct SeriesFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A column to read, e.g. {"carbon_intensity", Dimension::carbon_intensity}. Values outside [min_si, max_si] (in SI
// units, after conversion) are an error naming the line; the defaults accept any finite value.
struct CsvColumn {
  std::string name;
  Dimension dimension;
  double min_si = -std::numeric_limits<double>::infinity();
  double max_si = std::numeric_limits<double>::infinity();
};

// Header: "time,<name> [<unit>],..." — each requested column must appear with a unit of its dimension; extra columns
// are ignored. Rows: strictly increasing times exactly 3600 s apart, strict numbers. The series must cover
// [required_start_epoch_s, required_end_epoch_s), else
//   "path: N hours from <first> to <end of last> do not cover the run <start>..<end>".
// Returns one StepSeries per requested column (SI values, units.hpp), in request order, spanning the whole file.
// Throws SeriesFileError for any defect in the file; std::invalid_argument if required_start >= required_end.
std::vector<StepSeries> read_hourly_csv(const std::string& path, const std::vector<CsvColumn>& columns,
                                        double required_start_epoch_s, double required_end_epoch_s);

// The same, with the line numbers, so callers can name the line of a defect that spans columns (a wet bulb above
// its dry bulb, say).
struct HourlyCsvTable {
  std::vector<StepSeries> series;      // one per requested column, in request order
  std::size_t header_line = 0;         // 1-based
  std::vector<std::size_t> row_lines;  // 1-based line of each hourly value
};
HourlyCsvTable read_hourly_csv_table(const std::string& path, const std::vector<CsvColumn>& columns,
                                     double required_start_epoch_s, double required_end_epoch_s);

// Only the header: its line and the column names (units stripped), so a caller can choose among alternative
// columns (a weather file with either wet bulb or relative humidity) before reading. Throws SeriesFileError.
struct HourlyCsvHeader {
  std::size_t line = 0;
  std::vector<std::string> column_names;  // including "time"
};
HourlyCsvHeader read_hourly_csv_header(const std::string& path);

}  // namespace terawatt
