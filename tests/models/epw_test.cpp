#include "models/facility/epw.hpp"

#include "models/base/hourly_csv.hpp"
#include "models/base/iso8601.hpp"
#include "models/facility/psychrometrics.hpp"
#include "tests/models/series_file_error.hpp"
#include "tests/models/temp_file.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

using terawatt::parse_iso8601_utc;
using terawatt::read_epw;
using terawatt::read_epw_typical_year;
using terawatt::testing::series_file_error;
using terawatt::testing::TempFile;

namespace {

constexpr int month_lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
constexpr double station_pressure_pa = 98000.0;

// Dry bulb of local hour-of-year row i: a ramp, so every row is distinct and a shift shows.
double ramp_dry_bulb(std::size_t i) {
  return -20.0 + 0.005 * static_cast<double>(i);
}

// One EPW data row; the 25 fields after pressure (radiation, wind, sky, ...) are zeros as in a sparse file.
std::string row(int year, int month, int day, int hour, double dry, double dew, double rh, double pressure) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, "%d,%d,%d,%d,60,A7A7A7A7*0?9?9?9?9?9?9?9,%.3f,%.3f,%.0f,%.0f", year, month, day,
                hour, dry, dew, rh, pressure);
  std::string text = buffer;
  for (int f = 0; f < 25; ++f) text += ",0";
  return text + "\n";
}

struct EpwOptions {
  std::string time_zone = "-6.0";
  bool leap = false;
  // Called with the row index and the row text, may rewrite it (to corrupt one row).
  std::function<std::string(std::size_t, const std::string&)> edit_row;
  std::function<std::string(int, const std::string&)> edit_header;  // header line number 1-8
};

std::string synthetic_epw(const EpwOptions& options = {}) {
  std::vector<std::string> header = {
      "LOCATION,Testville,IA,USA,Synthetic TMY,999999,41.53,-93.65," + options.time_zone + ",294.0\n",
      "DESIGN CONDITIONS,0\n",
      "TYPICAL/EXTREME PERIODS,0\n",
      "GROUND TEMPERATURES,0\n",
      "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0\n",
      "COMMENTS 1,written by epw_test.cpp\n",
      "COMMENTS 2,ramp of dry bulb\n",
      "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31\n"};
  std::string text;
  for (int h = 0; h < 8; ++h) text += options.edit_header ? options.edit_header(h + 1, header[h]) : header[h];
  std::size_t i = 0;
  std::size_t typical = 0;
  for (int month = 1; month <= 12; ++month) {
    const int days = month == 2 && options.leap ? 29 : month_lengths[month - 1];
    for (int day = 1; day <= days; ++day) {
      for (int hour = 1; hour <= 24; ++hour) {
        const bool leap_day = month == 2 && day == 29;
        // Feb 29 rows carry a marker value (still valid) so a test can see they are dropped.
        const double dry = leap_day ? 45.5 : ramp_dry_bulb(typical);
        std::string line = row(1990 + month, month, day, hour, dry, dry - 5.0, 70.0, station_pressure_pa);
        if (options.edit_row) line = options.edit_row(i, line);
        text += line;
        ++i;
        if (!leap_day) ++typical;
      }
    }
  }
  return text;
}

std::string error_of(const std::string& text) {
  return series_file_error(text, "site.epw", read_epw_typical_year);
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Line number in the file of data row i (8 header lines first).
std::string line_of_row(std::size_t i) {
  return ":" + std::to_string(i + 9) + ": ";
}

}  // namespace

TEST_CASE("a valid EPW reads as a typical year moved from local standard time to UTC", "[epw]") {
  const TempFile file(synthetic_epw(), "site.epw");
  const terawatt::EpwTypicalYear year = read_epw_typical_year(file.path());
  CHECK(year.location == "Testville, IA, USA");
  CHECK(year.latitude_deg == 41.53);
  CHECK(year.longitude_deg == -93.65);
  CHECK(year.utc_offset_h == -6.0);
  CHECK(year.elevation_m == 294.0);
  REQUIRE(year.dry_bulb_c.size() == 8760);
  REQUIRE(year.wet_bulb_c.size() == 8760);
  // UTC 06:00-07:00 on Jan 1 is local 00:00-01:00, the EPW's first row (hour 1).
  CHECK(year.dry_bulb_c[6] == Approx(ramp_dry_bulb(0)));
  CHECK(year.dry_bulb_c[100] == Approx(ramp_dry_bulb(94)));
  // UTC 00:00 on Jan 1 is 18:00 local on Dec 31 of the typical year: the year wraps.
  CHECK(year.dry_bulb_c[0] == Approx(ramp_dry_bulb(8754)));
  // Wet bulb from dry bulb, dew point and the station pressure.
  CHECK(year.wet_bulb_c[6] ==
        Approx(terawatt::wet_bulb_from_dew_point_c(ramp_dry_bulb(0), ramp_dry_bulb(0) - 5.0, station_pressure_pa)));
  for (std::size_t h = 0; h < 8760; ++h) CHECK(year.wet_bulb_c[h] < year.dry_bulb_c[h]);
}

TEST_CASE("an EPW is laid over the run whatever its own years", "[epw]") {
  const TempFile file(synthetic_epw(), "site.epw");
  const double start = parse_iso8601_utc("2031-01-01T00:00:00Z");
  const terawatt::WeatherSeries weather = read_epw(file.path(), start, start + 48 * 3600.0);
  CHECK(weather.dry_bulb_c.size() == 48);
  CHECK(weather.dry_bulb_c.at(parse_iso8601_utc("2031-01-01T06:30:00Z")) == Approx(ramp_dry_bulb(0)));
  CHECK(weather.dry_bulb_c.at(parse_iso8601_utc("2031-01-02T06:30:00Z")) == Approx(ramp_dry_bulb(24)));
  CHECK(weather.wet_bulb_c.covers(start, start + 48 * 3600.0));
}

TEST_CASE("a leap-year EPW drops Feb 29", "[epw]") {
  EpwOptions options;
  options.leap = true;
  const TempFile file(synthetic_epw(options), "site.epw");
  const terawatt::EpwTypicalYear year = read_epw_typical_year(file.path());
  REQUIRE(year.dry_bulb_c.size() == 8760);
  for (double t : year.dry_bulb_c) CHECK(t != 45.5);
  CHECK(year.dry_bulb_c[std::size_t{59} * 24 + 6] == Approx(ramp_dry_bulb(std::size_t{59} * 24)));  // Mar 1 local 00:00
}

TEST_CASE("a fractional time zone averages the two local hours it overlaps", "[epw]") {
  EpwOptions options;
  options.time_zone = "5.5";
  const TempFile file(synthetic_epw(options), "site.epw");
  const terawatt::EpwTypicalYear year = read_epw_typical_year(file.path());
  // UTC hour 0 spans local 05:30-06:30: half of row 5 and half of row 6.
  CHECK(year.dry_bulb_c[0] == Approx(0.5 * (ramp_dry_bulb(5) + ramp_dry_bulb(6))));
}

TEST_CASE("a short EPW row names its line", "[epw]") {
  EpwOptions options;
  options.edit_row = [](std::size_t i, const std::string& line) {
    return i == 100 ? line.substr(0, line.find(",0,0")) + "\n" : line;
  };
  const std::string message = error_of(synthetic_epw(options));
  CHECK(message.rfind(line_of_row(100) + "has 10 fields (expected 35 per hourly row)", 0) == 0);
}

TEST_CASE("a broken hour sequence names its line", "[epw]") {
  EpwOptions options;
  options.edit_row = [](std::size_t i, const std::string& line) {
    // Row 50 is Jan 3 hour 3; write hour 4 instead, so the hour 3 row is missing.
    return i == 50 ? row(1991, 1, 3, 4, 0.0, -5.0, 70.0, station_pressure_pa) : line;
  };
  const std::string message = error_of(synthetic_epw(options));
  CHECK(message.rfind(line_of_row(50) + "is month 1 day 3 hour 4 (expected month 1 day 3 hour 3", 0) == 0);
  // A Feb 29 in a file that is otherwise a non-leap year, placed where Mar 1 belongs, is fine only once; Feb 30 is
  // never fine.
  EpwOptions feb30;
  feb30.edit_row = [](std::size_t i, const std::string& line) {
    return i == std::size_t{59} * 24 ? row(1992, 2, 30, 1, 0.0, -5.0, 70.0, station_pressure_pa) : line;
  };
  CHECK(contains(error_of(synthetic_epw(feb30)), "is month 2 day 30 hour 1 (expected month 3 day 1 hour 1"));
}

TEST_CASE("missing-value markers name their line and field", "[epw]") {
  const auto with = [](std::size_t at, double dry, double dew, double rh, double pressure) {
    EpwOptions options;
    options.edit_row = [=](std::size_t i, const std::string& line) {
      return i == at ? row(1991, 1, 9, 9, dry, dew, rh, pressure) : line;
    };
    return error_of(synthetic_epw(options));
  };
  // Row 200 is Jan 9 hour 9.
  const std::string dry = with(200, 99.9, -5.0, 70.0, station_pressure_pa);
  CHECK(dry.rfind(line_of_row(200) + "dry bulb is the missing-value marker 99.900", 0) == 0);
  CHECK(contains(with(200, 1.0, 99.9, 70.0, station_pressure_pa), "dew point is the missing-value marker"));
  CHECK(contains(with(200, 1.0, -5.0, 999.0, station_pressure_pa), "relative humidity is the missing-value marker"));
  const std::string pressure = with(200, 1.0, -5.0, 70.0, 999999.0);
  CHECK(pressure.rfind(line_of_row(200) + "station pressure is the missing-value marker", 0) == 0);
  CHECK(contains(with(200, 1.0, -5.0, 70.0, 20000.0), "station pressure 20000 Pa is out of range"));
  CHECK(contains(with(200, -75.0, -80.0, 70.0, station_pressure_pa), "dry bulb -75.000 C is out of range"));
}

TEST_CASE("an EPW row whose dew point is above its dry bulb is refused at its line", "[epw]") {
  // Row 200 (Jan 9 hour 9) at 10 C dry bulb with a 12 C dew point: supersaturated air, which no station measures.
  EpwOptions options;
  options.edit_row = [](std::size_t i, const std::string& line) {
    return i == 200 ? row(1991, 1, 9, 9, 10.0, 12.0, 70.0, station_pressure_pa) : line;
  };
  const std::string error = error_of(synthetic_epw(options));
  CHECK(error.rfind(line_of_row(200) + "dew point 12 C is above the dry bulb 10 C", 0) == 0);
  // Saturated air, dew point equal to the dry bulb, is physical and read.
  options.edit_row = [](std::size_t i, const std::string& line) {
    return i == 200 ? row(1991, 1, 9, 9, 10.0, 10.0, 100.0, station_pressure_pa) : line;
  };
  CHECK(error_of(synthetic_epw(options)).empty());
}

TEST_CASE("an EPW with too few or too many rows is refused", "[epw]") {
  const std::string full = synthetic_epw();
  // Cut after 8000 data rows.
  std::size_t cut = 0;
  for (int n = 0; n < 8 + 8000; ++n) cut = full.find('\n', cut) + 1;
  CHECK(contains(error_of(full.substr(0, cut)), ": 8000 hourly rows end before Dec 31 hour 24 (expected 8760"));
  const std::string extra = error_of(full + row(1991, 1, 1, 1, 0.0, -5.0, 70.0, station_pressure_pa));
  CHECK(contains(extra, ":8769: row after Dec 31 hour 24"));
  CHECK(error_of(full + "\n\n").empty());  // trailing blank lines are harmless
  CHECK(contains(error_of("LOCATION,x,y,z,s,1,0,0,0,0\n"), "ends after 1 lines"));
}

TEST_CASE("EPW header defects name their line", "[epw]") {
  const auto with_header = [](int at, const std::string& replacement) {
    EpwOptions options;
    options.edit_header = [=](int line, const std::string& text) { return line == at ? replacement : text; };
    return error_of(synthetic_epw(options));
  };
  CHECK(with_header(1, "LOCATION,Testville,IA,USA,x,1,41.5,-93.6,-6\n")
            .rfind(":1: LOCATION has 9 fields (expected 10", 0) == 0);
  CHECK(with_header(1, "LOCATION,Testville,IA,USA,x,1,41.5,-93.6,20,294\n")
            .rfind(":1: LOCATION time zone 20 (expected a number from -12 to 14 hours from UTC)", 0) == 0);
  CHECK(with_header(1, "LOCATION,Testville,IA,USA,x,1,north,-93.6,-6,294\n").rfind(":1: LOCATION latitude: ", 0) == 0);
  CHECK(with_header(2, "COMMENTS 1,out of order\n")
            .rfind(":2: is not the DESIGN CONDITIONS header record (expected "
                   "a line starting with 'DESIGN CONDITIONS'",
                   0) == 0);
  CHECK(with_header(8, "DATA PERIODS,1,4,Data,Sunday, 1/ 1,12/31\n")
            .rfind(":8: DATA PERIODS has 4 records per hour (expected 1: hourly data)", 0) == 0);
  CHECK_THROWS_WITH(read_epw_typical_year("/nonexistent/terawatt/site.epw"), Catch::Contains("cannot open"));
}
