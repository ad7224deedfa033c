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
// hold over [time_i, time_i + 1 h). Lines are RFC 4180 CSV (models/base/csv_line.hpp): a field may be quoted, with
// commas and doubled quotes inside; a UTF-8 byte order mark and CRLF line ends are accepted. Numbers are plain: no
// thousands separators.
//
// Exports of other tools are read through a mapping (HourlyCsvLayout, CsvColumn::header and ::unit): the time
// column's name, the zone of zone-less times, and for each column its name in the file and a stated unit when the
// header carries none in brackets ("Carbon Intensity gCO2eq/kWh (LCA)"). Time forms: models/base/hour_start.hpp.

#include "models/base/step_series.hpp"
#include "models/base/units.hpp"

#include <cstddef>
#include <limits>
#include <optional>
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
  std::string name;  // how messages name the column; also its name in the file unless `header` is given
  Dimension dimension;
  double min_si = -std::numeric_limits<double>::infinity();
  double max_si = std::numeric_limits<double>::infinity();
  // The column's header field in the file, matched against its name without the "[unit]" or against the whole
  // field; empty: `name`.
  std::string header = {};
  // The unit of the values when the header states none in brackets; a header's bracketed unit must agree with it.
  std::string unit = {};
  // A value text that stands for 0 (ENTSO-E writes "n/e", not existing, for a production type absent from an
  // area); empty: none.
  std::string zero_text = {};
};

// Where the times are: the time column's header field ("time" by default, then it must come first), and the zone
// of zone-less times (hours east of UTC; absent: a time must state its zone).
struct HourlyCsvLayout {
  std::string time_column = "time";
  std::optional<double> utc_offset_h;
};

// Header: "time,<name> [<unit>],..." — each requested column must appear with a unit of its dimension; extra columns
// are ignored. Rows: strictly increasing times exactly 3600 s apart, strict numbers. The series must cover
// [required_start_epoch_s, required_end_epoch_s), else
//   "path: N hours from <first> to <end of last> do not cover the run <start>..<end>".
// Returns one StepSeries per requested column (SI values, units.hpp), in request order, spanning the whole file.
// Throws SeriesFileError for any defect in the file; std::invalid_argument if required_start >= required_end.
std::vector<StepSeries> read_hourly_csv(const std::string& path, const std::vector<CsvColumn>& columns,
                                        double required_start_epoch_s, double required_end_epoch_s,
                                        const HourlyCsvLayout& layout = {});

// The same, with the line numbers, so callers can name the line of a defect that spans columns (a wet bulb above
// its dry bulb, say).
struct HourlyCsvTable {
  std::vector<StepSeries> series;      // one per requested column, in request order
  std::size_t header_line = 0;         // 1-based
  std::vector<std::size_t> row_lines;  // 1-based line of each hourly value
};
HourlyCsvTable read_hourly_csv_table(const std::string& path, const std::vector<CsvColumn>& columns,
                                     double required_start_epoch_s, double required_end_epoch_s,
                                     const HourlyCsvLayout& layout = {});

// Only the header: its line and the column names (units stripped), so a caller can choose among alternative
// columns (a weather file with either wet bulb or relative humidity) before reading. Throws SeriesFileError.
struct HourlyCsvHeader {
  std::size_t line = 0;
  std::vector<std::string> column_names;  // including the time column, in file order
};
HourlyCsvHeader read_hourly_csv_header(const std::string& path, const HourlyCsvLayout& layout = {});

}  // namespace terawatt
