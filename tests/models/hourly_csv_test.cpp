#include "models/base/hourly_csv.hpp"

#include "models/base/iso8601.hpp"
#include "models/facility/climate.hpp"
#include "tests/models/series_file_error.hpp"
#include "tests/models/temp_file.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using terawatt::CsvColumn;
using terawatt::Dimension;
using terawatt::parse_iso8601_utc;
using terawatt::read_hourly_csv;
using terawatt::read_hourly_csv_header;
using terawatt::read_hourly_csv_table;
using terawatt::read_weather_csv;
using terawatt::SeriesFileError;
using terawatt::testing::series_file_error;
using terawatt::testing::TempFile;

namespace {

const double jan1 = parse_iso8601_utc("2024-01-01T00:00:00Z");
constexpr double hour_s = 3600.0;
const std::vector<CsvColumn> intensity{{"carbon_intensity", Dimension::carbon_intensity}};

// "time,carbon_intensity [g/kWh]" then `hours` rows from Jan 1 00:00 with values 100, 101, ...
std::string intensity_csv(int hours) {
  std::string text = "time,carbon_intensity [g/kWh]\n";
  for (int h = 0; h < hours; ++h) {
    text += terawatt::format_iso8601_utc(jan1 + h * hour_s) + "," + std::to_string(100 + h) + "\n";
  }
  return text;
}

// The SeriesFileError message from reading `text` for the first `hours` of 2024, or "" when it reads.
std::string error_of(const std::string& text, const std::vector<CsvColumn>& columns = intensity, double hours = 3.0) {
  return series_file_error(text, "series.csv", [&columns, hours](const std::string& path) {
    read_hourly_csv(path, columns, jan1, jan1 + hours * hour_s);
  });
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("an hourly CSV reads into SI step series in request order", "[hourly_csv]") {
  const TempFile file(
      "# grid and weather for a test\n"
      "\n"
      "time,note [1],carbon_intensity [g/kWh],dry_bulb [F]\r\n"
      "2024-01-01T00:00:00Z,7,400,32\r\n"
      "# a comment between rows\n"
      "2024-01-01T01:00:00Z,8,350.5,50\n"
      "2024-01-01T03:00:00+01:00,9,300,212\n",
      "series.csv");
  const std::vector<terawatt::StepSeries> series = read_hourly_csv(
      file.path(), {{"dry_bulb", Dimension::temperature}, intensity.front()}, jan1, jan1 + 3.0 * hour_s);
  REQUIRE(series.size() == 2);
  CHECK(series[0].start_epoch_s() == jan1);
  CHECK(series[0].step_s() == hour_s);
  CHECK(series[0].size() == 3);
  CHECK(series[0].values()[0] == Approx(0.0).margin(1e-12));
  CHECK(series[0].values()[1] == Approx(10.0));
  CHECK(series[0].values()[2] == Approx(100.0));
  CHECK(series[1].values()[0] == Approx(400e-3 / 3.6e6));  // g/kWh -> kg/J
  CHECK(series[1].values()[1] == Approx(350.5e-3 / 3.6e6));
}

TEST_CASE("an hourly CSV reports header and row lines", "[hourly_csv]") {
  const TempFile file("# comment\ntime,carbon_intensity [g/kWh]\n\n2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,2\n",
                      "series.csv");
  const auto table = read_hourly_csv_table(file.path(), intensity, jan1, jan1 + 2.0 * hour_s);
  CHECK(table.header_line == 2);
  CHECK(table.row_lines == std::vector<std::size_t>{4, 5});
  const auto header = read_hourly_csv_header(file.path());
  CHECK(header.line == 2);
  CHECK(header.column_names == std::vector<std::string>{"time", "carbon_intensity"});
}

TEST_CASE("a gap in the hours names the line and both times", "[hourly_csv]") {
  const std::string message = error_of(
      "time,carbon_intensity [g/kWh]\n"
      "2024-01-01T00:00:00Z,1\n"
      "2024-01-01T01:00:00Z,1\n"
      "2024-01-01T04:00:00Z,1\n");
  CHECK(message.rfind(":4: ", 0) == 0);
  CHECK(contains(message, "2024-01-01T04:00:00Z is 3 h after 2024-01-01T01:00:00Z on line 3"));
  CHECK(contains(message, "2 missing hour"));
  CHECK(contains(message, "expected increasing times exactly 1 h apart"));
}

TEST_CASE("a duplicated hour names the line and both times", "[hourly_csv]") {
  const std::string message = error_of(
      "time,carbon_intensity [g/kWh]\n"
      "2024-01-01T00:00:00Z,1\n"
      "2024-01-01T01:00:00Z,1\n"
      "2024-01-01T01:00:00Z,2\n");
  CHECK(message.rfind(":4: ", 0) == 0);
  CHECK(contains(message, "2024-01-01T01:00:00Z duplicates 2024-01-01T01:00:00Z on line 3"));
}

TEST_CASE("unsorted hours name the line and both times", "[hourly_csv]") {
  const std::string message = error_of(
      "time,carbon_intensity [g/kWh]\n"
      "2024-01-01T01:00:00Z,1\n"
      "2024-01-01T00:00:00Z,1\n"
      "2024-01-01T02:00:00Z,1\n");
  CHECK(message.rfind(":3: ", 0) == 0);
  CHECK(contains(message, "2024-01-01T00:00:00Z is before 2024-01-01T01:00:00Z on line 2"));
  CHECK(contains(message, "not sorted"));
}

TEST_CASE("times off the hourly grid are refused", "[hourly_csv]") {
  const std::string message = error_of(
      "time,carbon_intensity [g/kWh]\n"
      "2024-01-01T00:00:00Z,1\n"
      "2024-01-01T00:30:00Z,1\n");
  CHECK(message.rfind(":3: ", 0) == 0);
  CHECK(contains(message, "1800 s after"));
}

TEST_CASE("NaN, infinity, garbage and empty values name the line and column", "[hourly_csv]") {
  const std::string head = "time,carbon_intensity [g/kWh]\n2024-01-01T00:00:00Z,1\n";
  for (const std::string bad : {"nan", "NaN", "inf", "-inf", "12abc", "1,5", "0x10", "1e999"}) {
    INFO(bad);
    const std::string message = error_of(head + "2024-01-01T01:00:00Z," + bad + "\n2024-01-01T02:00:00Z,1\n");
    CHECK(message.rfind(":3: ", 0) == 0);
    // "1,5" splits into one field too many, the others are not numbers.
    CHECK((contains(message, "column 'carbon_intensity'") || contains(message, "fields")));
  }
  const std::string empty = error_of(head + "2024-01-01T01:00:00Z,\n2024-01-01T02:00:00Z,1\n");
  CHECK(empty.rfind(":3: ", 0) == 0);
  CHECK(contains(empty, "column 'carbon_intensity': empty value (expected a number in g/kWh)"));
  const std::string nan = error_of(head + "2024-01-01T01:00:00Z,nan\n2024-01-01T02:00:00Z,1\n");
  CHECK(contains(nan, "column 'carbon_intensity': 'nan' is not a number"));
}

TEST_CASE("a unit of the wrong dimension names the header line", "[hourly_csv]") {
  const std::string message = error_of("time,carbon_intensity [kWh]\n2024-01-01T00:00:00Z,1\n");
  CHECK(message.rfind(":1: ", 0) == 0);
  CHECK(contains(message, "column 'carbon_intensity' has unit 'kWh', a energy, not a carbon intensity"));
  CHECK(contains(message, "g/kWh"));
}

TEST_CASE("a missing or unknown unit names the header line", "[hourly_csv]") {
  const std::string missing = error_of("# lead comment\ntime,carbon_intensity\n2024-01-01T00:00:00Z,1\n");
  CHECK(missing.rfind(":2: ", 0) == 0);
  CHECK(contains(missing, "column 'carbon_intensity' has no unit"));
  const std::string empty = error_of("time,carbon_intensity []\n2024-01-01T00:00:00Z,1\n");
  CHECK(contains(empty, "has no unit"));
  const std::string unknown = error_of("time,carbon_intensity [gCO2/MWh]\n2024-01-01T00:00:00Z,1\n");
  CHECK(unknown.rfind(":1: ", 0) == 0);
  CHECK(contains(unknown, "unknown unit 'gCO2/MWh'"));
}

TEST_CASE("a missing column names the header line and lists what was found", "[hourly_csv]") {
  const std::string message = error_of("time,co2 [g/kWh]\n2024-01-01T00:00:00Z,1\n");
  CHECK(message.rfind(":1: ", 0) == 0);
  CHECK(contains(message, "header has no column 'carbon_intensity' (found: time, co2)"));
}

TEST_CASE("malformed headers are refused", "[hourly_csv]") {
  CHECK(contains(error_of("when,carbon_intensity [g/kWh]\n"),
                 ":1: the first header field is not 'time' (expected a header such as"));
  CHECK(contains(error_of("time,carbon_intensity [g/kWh],carbon_intensity [g/kWh]\n"), "twice"));
  CHECK(contains(error_of("time,carbon_intensity [g/kWh\n"), "malformed"));
  CHECK(contains(error_of("time,,carbon_intensity [g/kWh]\n"), "empty column name"));
  CHECK(contains(error_of("# only a comment\n\n"), ": the file has no header"));
}

TEST_CASE("too few hours say which hours the file has and which the run needs", "[hourly_csv]") {
  const std::string message = error_of(intensity_csv(2), intensity, 3.0);
  CHECK(message ==
        ": 2 hours from 2024-01-01T00:00:00Z to 2024-01-01T02:00:00Z do not cover the run "
        "2024-01-01T00:00:00Z..2024-01-01T03:00:00Z (expected hourly rows from at most 2024-01-01T00:00:00Z to at "
        "least 2024-01-01T02:00:00Z)");
  // A file that starts too late fails the same way.
  const TempFile late(intensity_csv(10), "series.csv");
  CHECK_THROWS_AS(read_hourly_csv(late.path(), intensity, jan1 - hour_s, jan1 + hour_s), SeriesFileError);
  CHECK(contains(error_of("time,carbon_intensity [g/kWh]\n# no rows\n"), "no data rows after the header on line 1"));
  CHECK(error_of(intensity_csv(3), intensity, 3.0).empty());
}

TEST_CASE("rows with the wrong field count, bad times and missing files are refused", "[hourly_csv]") {
  const std::string fields = error_of("time,carbon_intensity [g/kWh]\n2024-01-01T00:00:00Z,1,2\n");
  CHECK(fields.rfind(":2: has 3 fields but the header on line 1 has 2", 0) == 0);
  const std::string zone = error_of("time,carbon_intensity [g/kWh]\n2024-01-01T00:00:00,1\n");
  CHECK(zone.rfind(":2: time: ", 0) == 0);
  CHECK(contains(zone, "has no time zone"));
  CHECK_THROWS_WITH(read_hourly_csv("/nonexistent/terawatt/grid.csv", intensity, jan1, jan1 + hour_s),
                    Catch::Contains("/nonexistent/terawatt/grid.csv: cannot open"));
}

TEST_CASE("values outside a column's physical range name the line", "[hourly_csv]") {
  const std::vector<CsvColumn> bounded{{"carbon_intensity", Dimension::carbon_intensity, 0.0, 2.0 / 3.6e6}};
  const std::string message =
      error_of("time,carbon_intensity [g/kWh]\n2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,-5\n", bounded, 2.0);
  CHECK(message.rfind(":3: column 'carbon_intensity': value -5 g/kWh is outside the physical range 0..2000 g/kWh", 0) ==
        0);
}

TEST_CASE("a weather CSV reads dry bulb with wet bulb or relative humidity", "[hourly_csv][climate]") {
  const TempFile wet("time,dry_bulb [C],wet_bulb [C]\n2024-01-01T00:00:00Z,30,22\n2024-01-01T01:00:00Z,20,20\n",
                     "series.csv");
  const auto from_wet = read_weather_csv(wet.path(), jan1, jan1 + 2.0 * hour_s);
  CHECK(from_wet.dry_bulb_c.values() == std::vector<double>{30.0, 20.0});
  CHECK(from_wet.wet_bulb_c.values() == std::vector<double>{22.0, 20.0});

  const TempFile humid(
      "time,relative_humidity [%],dry_bulb [K]\n2024-01-01T00:00:00Z,50,303.15\n"
      "2024-01-01T01:00:00Z,100,293.15\n",
      "series.csv");
  const auto from_rh = read_weather_csv(humid.path(), jan1, jan1 + 2.0 * hour_s);
  CHECK(from_rh.dry_bulb_c.values()[0] == Approx(30.0));
  CHECK(from_rh.wet_bulb_c.values()[0] == Approx(22.0).margin(0.1));  // ASHRAE chart: 30 C, 50 % -> 22.0 C
  CHECK(from_rh.wet_bulb_c.values()[1] == Approx(20.0).margin(1e-6));
}

TEST_CASE("weather CSV defects name the file and line", "[hourly_csv][climate]") {
  const auto weather_error = [](const std::string& text) {
    return series_file_error(text, "series.csv",
                             [](const std::string& path) { read_weather_csv(path, jan1, jan1 + 2.0 * hour_s); });
  };
  CHECK(weather_error("time,dry_bulb [C]\n2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,1\n")
            .rfind(":1: header has neither 'wet_bulb' nor 'relative_humidity'", 0) == 0);
  CHECK(weather_error("time,dry_bulb [C],wet_bulb [C]\n2024-01-01T00:00:00Z,20,15\n2024-01-01T01:00:00Z,20,25\n")
            .rfind(":3: wet bulb 25.00 C is above the dry bulb 20.00 C", 0) == 0);
  // Fahrenheit figures under a Celsius label fall outside the recorded extremes.
  CHECK(contains(
      weather_error("time,dry_bulb [C],wet_bulb [C]\n2024-01-01T00:00:00Z,95,70\n2024-01-01T01:00:00Z,20,15\n"),
      ":2: column 'dry_bulb': value 95 C is outside the physical range -90..60 C"));
  CHECK(contains(weather_error("time,dry_bulb [C],relative_humidity [%]\n2024-01-01T00:00:00Z,20,50\n"
                               "2024-01-01T01:00:00Z,20,150\n"),
                 ":3: column 'relative_humidity': value 150 % is outside the physical range 0..100 %"));
  CHECK(contains(weather_error("time,dry_bulb [C],relative_humidity [W]\n2024-01-01T00:00:00Z,20,50\n"),
                 ":1: column 'relative_humidity' has unit 'W', a power, not a dimensionless number"));
}
