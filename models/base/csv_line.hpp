#pragma once
// One line of RFC 4180 CSV cut into its fields: a field is plain text up to the next comma, or a quoted field
// ("...") in which commas are text and a doubled quote ("") is one quote. Spreadsheets and the public grid-data
// exports (Electricity Maps, ENTSO-E) quote every field, and their headers hold commas and units; the hourly CSV
// reader (models/base/hourly_csv.hpp) cuts each line with this. A quoted field spans one line only: line breaks
// inside quotes are refused (no hourly series needs them, and a line number then still names one row).
// The writer's side is csv_field (models/base/text_fields.hpp).

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

// what(): the problem and what was expected, without a location (callers prepend file:line).
struct CsvLineError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The fields of `line` (without its line end), unquoted, in order. Plain fields are returned as written (callers
// trim); a quoted field's text is exactly what lies between its quotes, so padding around the quotes is allowed
// and dropped. An empty line is one empty field; a trailing comma adds an empty last field.
// Throws CsvLineError for a quote left open, text after a closing quote, or a quote inside a plain field.
std::vector<std::string> split_csv_line(std::string_view line);

}  // namespace terawatt
