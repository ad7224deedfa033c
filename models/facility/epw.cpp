#include "models/facility/epw.hpp"

#include "models/base/civil_calendar.hpp"
#include "models/base/hourly_csv.hpp"
#include "models/base/input_file.hpp"
#include "models/base/number_text.hpp"
#include "models/base/text_fields.hpp"
#include "models/base/units.hpp"
#include "models/facility/psychrometrics.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <fstream>
#include <string_view>
#include <utility>

namespace terawatt {

namespace {

// The eight header records, in the order EnergyPlus requires them.
constexpr std::array<std::string_view, 8> header_keywords = {"LOCATION",
                                                             "DESIGN CONDITIONS",
                                                             "TYPICAL/EXTREME PERIODS",
                                                             "GROUND TEMPERATURES",
                                                             "HOLIDAYS/DAYLIGHT SAVINGS",
                                                             "COMMENTS 1",
                                                             "COMMENTS 2",
                                                             "DATA PERIODS"};

constexpr std::size_t fields_per_row = 35;
constexpr std::size_t location_fields = 10;

// Field positions in a data row (EnergyPlus Auxiliary Programs, "Data Field Descriptions").
constexpr std::size_t field_month = 1;
constexpr std::size_t field_day = 2;
constexpr std::size_t field_hour = 3;
constexpr std::size_t field_minute = 4;
constexpr std::size_t field_dry_bulb = 6;
constexpr std::size_t field_dew_point = 7;
constexpr std::size_t field_relative_humidity = 8;
constexpr std::size_t field_pressure = 9;
constexpr std::size_t field_global_horizontal = 13;

// A measured quantity: EnergyPlus's missing marker and its valid range (values outside are treated as missing by
// EnergyPlus; here they are errors, since this model cannot fill gaps).
struct FieldSpec {
  std::size_t index;
  const char* name;
  const char* unit;
  double missing;
  double min;
  double max;
};
constexpr FieldSpec dry_bulb_spec{field_dry_bulb, "dry bulb", "C", 99.9, -70.0, 70.0};
constexpr FieldSpec dew_point_spec{field_dew_point, "dew point", "C", 99.9, -70.0, 70.0};
constexpr FieldSpec humidity_spec{field_relative_humidity, "relative humidity", "%", 999.0, 0.0, 110.0};
constexpr FieldSpec pressure_spec{field_pressure, "station pressure", "Pa", 999999.0, 31000.0, 120000.0};
// Radiation is never negative; 1500 Wh/m2 in an hour is this model's sanity bound, above the solar constant
// (1361 W/m2), which no horizontal surface exceeds for a whole hour. 9999 is EnergyPlus's missing marker.
constexpr FieldSpec global_horizontal_spec{
    field_global_horizontal, "global horizontal radiation", "Wh/m2", 9999.0, 0.0, 1500.0};

// EPW writers pad fields ("DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31"), so keywords and numbers are read trimmed.
std::vector<std::string_view> trimmed_fields(std::string_view line) {
  std::vector<std::string_view> fields = split_commas(line);
  for (std::string_view& field : fields) field = trim(field);
  return fields;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

class EpwParser {
 public:
  explicit EpwParser(const std::string& path) : path_(path) {}

  EpwTypicalYear parse() {
    const std::string problem = input_file_problem(path_, max_data_file_bytes, "file");
    if (!problem.empty()) throw SeriesFileError(path_ + ": " + problem);
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw SeriesFileError(path_ + ": cannot open the file (expected a readable EnergyPlus EPW file)");
    EpwTypicalYear out;
    read_header(in, out);
    read_rows(in);
    out.dry_bulb_c = to_utc_hour_of_year(dry_bulb_, out.utc_offset_h);
    out.wet_bulb_c = to_utc_hour_of_year(wet_bulb_, out.utc_offset_h);
    out.global_horizontal_w_per_m2 = to_utc_hour_of_year(global_horizontal_, out.utc_offset_h);
    return out;
  }

 private:
  // The 8 header records, in their fixed order: the location and time zone, and the data period.
  void read_header(std::ifstream& in, EpwTypicalYear& out) {
    std::string line;
    for (std::size_t h = 0; h < header_keywords.size(); ++h) {
      if (!next_line(in, line)) {
        throw SeriesFileError(path_ + ": ends after " + std::to_string(line_number_) +
                              " lines (expected 8 header lines starting with LOCATION, then 8760 hourly rows)");
      }
      const std::vector<std::string_view> fields = trimmed_fields(line);
      if (upper(fields[0]) != header_keywords[h]) {
        // Not echoed: a path to some other file would otherwise print that file's first line.
        fail("is not the " + std::string(header_keywords[h]) + " header record (expected a line starting with '" +
             std::string(header_keywords[h]) + "': EPW header records come in a fixed order)");
      }
      if (h == 0) parse_location(fields, out);
      if (h == header_keywords.size() - 1) check_data_periods(fields);
    }
  }

  // The hourly rows, one year of them in calendar order; blank lines only at the end.
  void read_rows(std::ifstream& in) {
    dry_bulb_.reserve(hours_per_typical_year);
    wet_bulb_.reserve(hours_per_typical_year);
    global_horizontal_.reserve(hours_per_typical_year);
    std::string line;
    std::size_t rows = 0;
    std::size_t blank_line = 0;  // a blank line is fine at the end of the file, not between rows
    while (next_line(in, line)) {
      if (trim(line).empty()) {
        if (blank_line == 0) blank_line = line_number_;
        continue;
      }
      if (blank_line != 0) {
        throw SeriesFileError(path_ + ":" + std::to_string(blank_line) +
                              ": blank line inside the data (expected an "
                              "hourly row of " +
                              std::to_string(fields_per_row) + " fields)");
      }
      if (finished_) fail("row after Dec 31 hour 24 (expected exactly one year of hourly rows)");
      read_row(line);
      ++rows;
    }
    if (!finished_) {
      throw SeriesFileError(path_ + ": " + std::to_string(rows) +
                            " hourly rows end before Dec 31 hour 24 (expected 8760 rows, or 8784 with Feb 29)");
    }
  }

  void read_row(const std::string& line) {
    const std::vector<std::string_view> fields = trimmed_fields(line);
    if (fields.size() != fields_per_row && !(fields.size() == fields_per_row + 1 && fields.back().empty())) {
      fail("has " + std::to_string(fields.size()) + " fields (expected " + std::to_string(fields_per_row) +
           " per hourly row)");
    }
    const int month = integer_field(fields, field_month, "month");
    const int day = integer_field(fields, field_day, "day");
    const int hour = integer_field(fields, field_hour, "hour");
    const int minute = integer_field(fields, field_minute, "minute");
    if (minute < 0 || minute > 60) fail("minute " + std::to_string(minute) + " (expected 0-60)");
    check_date(month, day, hour);
    const double dry = measured_field(fields, dry_bulb_spec);
    const double dew = measured_field(fields, dew_point_spec);
    // Air cannot hold more water than at saturation, where the dew point equals the dry bulb. Both are rounded to
    // 0.1 C in a file, and rounding keeps their order, so a measured row never has the dew point above.
    if (dew > dry) {
      fail("dew point " + format_number(dew) + " C is above the dry bulb " + format_number(dry) +
           " C (expected a dew point at most the dry bulb: air holds at most saturation)");
    }
    measured_field(fields, humidity_spec);  // validated for markers and range; the dew point carries humidity
    const double pressure = measured_field(fields, pressure_spec);
    const double global_horizontal = measured_field(fields, global_horizontal_spec);
    if (!(month == 2 && day == 29)) {
      dry_bulb_.push_back(dry);
      wet_bulb_.push_back(wet_bulb_from_dew_point_c(dry, dew, pressure));
      // Wh/m2 over the hour ending at the row's time, which is the hour's mean irradiance in W/m2.
      global_horizontal_.push_back(global_horizontal);
    }
    advance_hour();
  }

  // Feb 29 may follow Feb 28 hour 24 once; the expected date then continues from it.
  void check_date(int month, int day, int hour) {
    const bool leap_day_start = expected_month_ == 3 && expected_day_ == 1 && expected_hour_ == 1 && month == 2 &&
                                day == 29 && hour == 1 && !saw_leap_day_;
    if (leap_day_start) {
      expected_month_ = 2;
      expected_day_ = 29;
      saw_leap_day_ = true;
    }
    if (month != expected_month_ || day != expected_day_ || hour != expected_hour_) {
      fail("is month " + std::to_string(month) + " day " + std::to_string(day) + " hour " + std::to_string(hour) +
           " (expected month " + std::to_string(expected_month_) + " day " + std::to_string(expected_day_) + " hour " +
           std::to_string(expected_hour_) + ": hourly rows 1-24 of every day in calendar order)");
    }
  }

  void advance_hour() {
    ++expected_hour_;
    if (expected_hour_ <= 24) return;
    expected_hour_ = 1;
    ++expected_day_;
    const int length = expected_month_ == 2 && saw_leap_day_ ? 29 : common_year_month_days[expected_month_ - 1];
    if (expected_day_ > length) {
      expected_day_ = 1;
      ++expected_month_;
      if (expected_month_ > 12) finished_ = true;
    }
  }

  bool next_line(std::ifstream& in, std::string& line) {
    if (!std::getline(in, line)) return false;
    ++line_number_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_number_ == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    return true;
  }

  [[noreturn]] void fail(const std::string& problem) const {
    throw SeriesFileError(path_ + ":" + std::to_string(line_number_) + ": " + problem);
  }

  double number(std::string_view text, const std::string& what, const std::string& expected) const {
    try {
      return parse_number(text);
    } catch (const UnitError& e) {
      fail(what + ": " + e.what() + " (expected " + expected + ")");
    }
  }

  void parse_location(const std::vector<std::string_view>& fields, EpwTypicalYear& out) const {
    if (fields.size() != location_fields) {
      fail("LOCATION has " + std::to_string(fields.size()) + " fields (expected " + std::to_string(location_fields) +
           ": LOCATION, city, state, country, source, WMO, latitude, longitude, time zone, elevation)");
    }
    out.location = std::string(fields[1]) + ", " + std::string(fields[2]) + ", " + std::string(fields[3]);
    out.latitude_deg = ranged(fields[6], "latitude", -90.0, 90.0, "degrees north");
    out.longitude_deg = ranged(fields[7], "longitude", -180.0, 180.0, "degrees east");
    out.utc_offset_h = ranged(fields[8], "time zone", -12.0, 14.0, "hours from UTC");
    // EnergyPlus accepts elevations from -1000 m up to 9999.9 m.
    out.elevation_m = ranged(fields[9], "elevation", -1000.0, 9999.9, "m");
  }

  double ranged(std::string_view text, const std::string& what, double min, double max, const std::string& unit) const {
    const std::string expected = "a number from " + format_number(min) + " to " + format_number(max) + " " + unit;
    const double value = number(text, "LOCATION " + what, expected);
    if (value < min || value > max) fail("LOCATION " + what + " " + excerpt(text) + " (expected " + expected + ")");
    return value;
  }

  void check_data_periods(const std::vector<std::string_view>& fields) const {
    if (fields.size() < 3) fail("DATA PERIODS is incomplete (expected 'DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31')");
    const double periods = number(fields[1], "DATA PERIODS count", "1");
    const double per_hour = number(fields[2], "DATA PERIODS records per hour", "1");
    if (periods != 1.0) {
      fail("DATA PERIODS has " + excerpt(fields[1]) + " periods (expected 1: one continuous year)");
    }
    if (per_hour != 1.0) {
      fail("DATA PERIODS has " + excerpt(fields[2]) + " records per hour (expected 1: hourly data)");
    }
  }

  int integer_field(const std::vector<std::string_view>& fields, std::size_t index, const std::string& name) const {
    const double value = number(fields[index], name, "a whole number");
    if (value != std::floor(value) || std::fabs(value) > 1e6) {
      fail(name + " '" + excerpt(fields[index]) + "' is not a whole number");
    }
    return static_cast<int>(value);
  }

  double measured_field(const std::vector<std::string_view>& fields, const FieldSpec& spec) const {
    const std::string name(spec.name);
    const std::string range = format_number(spec.min) + ".." + format_number(spec.max) + " " + spec.unit;
    if (fields[spec.index].empty()) fail(name + " is empty (expected a value in " + range + ")");
    const double value = number(fields[spec.index], name, "a value in " + range);
    if (value >= spec.missing) {
      fail(name + " is the missing-value marker " + excerpt(fields[spec.index]) + " (expected a measured value in " +
           range + ": fill the gap before using the file)");
    }
    if (value < spec.min || value > spec.max) {
      fail(name + " " + excerpt(fields[spec.index]) + " " + spec.unit + " is out of range (expected " + range + ")");
    }
    return value;
  }

  // Local-standard-time hour of year -> UTC hour of year. Local = UTC + offset, so UTC hour u spans local
  // [u + offset, u + offset + 1), which overlaps at most two local hours.
  static std::vector<double> to_utc_hour_of_year(const std::vector<double>& local, double utc_offset_h) {
    const auto n = static_cast<std::int64_t>(local.size());
    const double whole = std::floor(utc_offset_h);
    const double fraction = utc_offset_h - whole;
    const auto shift = static_cast<std::int64_t>(whole);
    std::vector<double> utc(local.size());
    for (std::int64_t u = 0; u < n; ++u) {
      const std::int64_t first = ((u + shift) % n + n) % n;
      const std::int64_t second = (first + 1) % n;
      utc[static_cast<std::size_t>(u)] = (1.0 - fraction) * local[static_cast<std::size_t>(first)] +
                                         fraction * local[static_cast<std::size_t>(second)];
    }
    return utc;
  }

  const std::string& path_;
  std::vector<double> dry_bulb_;
  std::vector<double> wet_bulb_;
  std::vector<double> global_horizontal_;
  int expected_month_ = 1;
  int expected_day_ = 1;
  int expected_hour_ = 1;
  bool finished_ = false;
  bool saw_leap_day_ = false;
  std::size_t line_number_ = 0;
};

}  // namespace

EpwTypicalYear read_epw_typical_year(const std::string& path) {
  return EpwParser(path).parse();
}

WeatherSeries read_epw(const std::string& path, double start_epoch_s, double end_epoch_s) {
  const EpwTypicalYear year = read_epw_typical_year(path);
  return {typical_year_over_span(year.dry_bulb_c, start_epoch_s, end_epoch_s),
          typical_year_over_span(year.wet_bulb_c, start_epoch_s, end_epoch_s)};
}

}  // namespace terawatt
