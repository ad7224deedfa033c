// Malformed grid data end to end (README, Real grid data): each is the valid base of cli_harness.hpp with its
// site's grid read from a file in another form, refused with exit code 2 and a one-line message naming the
// scenario's place, the key, and for a defect in the file the file and its line.

#include "cli_harness.hpp"

#include <catch2/catch.hpp>

using namespace cli_test;

namespace {

const std::string site_intensity = "    carbon_intensity: 352 g/kWh\n";

// 24 hours of the base's day (2024-06-01) in Electricity Maps' form; `skip` leaves one hour out.
std::string electricity_maps_csv(int skip = -1) {
  std::string csv =
      "Datetime (UTC),Carbon Intensity gCO\xE2\x82\x82"
      "eq/kWh (direct),Carbon Intensity gCO\xE2\x82\x82"
      "eq/kWh (LCA)\n";
  for (int hour = 0; hour < 24; ++hour) {
    if (hour == skip) continue;
    char line[64];
    std::snprintf(line, sizeof line, "2024-06-01 %02d:00:00,300,350\n", hour);
    csv += line;
  }
  return csv;
}

void check_grid_rejected(const std::string& grid, const std::string& message_start, const std::string& csv) {
  check_rejected(edit(site_intensity, "    grid: " + grid + "\n"), message_start, {}, {{"grid.csv", csv}});
}

}  // namespace

TEST_CASE("malformed grid data: an unknown format, with a suggestion", "[cli][malformed]") {
  check_grid_rejected("{file: grid.csv, format: electricitymaps}",
                      "bad.yaml:9:36: sites.iowa.grid.format: unknown grid file format 'electricitymaps' (did you "
                      "mean 'electricity_maps'?) (expected one of: terawatt, electricity_maps, entsoe_generation)",
                      electricity_maps_csv());
}

TEST_CASE("malformed grid data: a mapped column the file lacks", "[cli][malformed]") {
  check_grid_rejected("{file: grid.csv, columns: {time: when, carbon_intensity: ci}, utc_offset: 0}",
                      "bad.yaml:9:18: sites.iowa.grid.file: ./grid.csv:1: header has no time column 'when'",
                      electricity_maps_csv());
}

TEST_CASE("malformed grid data: a stated unit that is not a carbon intensity", "[cli][malformed]") {
  check_grid_rejected("{file: grid.csv, format: electricity_maps, units: {carbon_intensity: kWh}}",
                      "bad.yaml:9:80: sites.iowa.grid.units.carbon_intensity: 'kWh' is not a unit of carbon "
                      "intensity (expected one of: g/kWh",
                      electricity_maps_csv());
}

TEST_CASE("malformed grid data: a basis that is neither lca nor direct", "[cli][malformed]") {
  check_grid_rejected("{file: grid.csv, format: electricity_maps, basis: lifecycle}",
                      "bad.yaml:9:61: sites.iowa.grid.basis: unknown basis 'lifecycle'", electricity_maps_csv());
}

TEST_CASE("malformed grid data: a production type without an emission factor", "[cli][malformed]") {
  const std::string csv =
      "\"MTU\",\"Nuclear  - Actual Aggregated [MW]\",\"Fusion  - Actual Aggregated [MW]\"\r\n"
      "\"01.06.2024 00:00 - 01.06.2024 01:00 (UTC)\",\"100\",\"5\"\r\n";
  check_grid_rejected("{file: grid.csv, format: entsoe_generation}",
                      "bad.yaml:9:18: sites.iowa.grid.file: ./grid.csv:1: column 'Fusion  - Actual Aggregated': "
                      "production type 'Fusion' has no emission factor",
                      csv);
}

TEST_CASE("malformed grid data: a gap of one hour", "[cli][malformed]") {
  check_grid_rejected("{file: grid.csv, format: electricity_maps}",
                      "bad.yaml:9:18: sites.iowa.grid.file: ./grid.csv:7: time 2024-06-01T06:00:00Z is 2 h after "
                      "2024-06-01T04:00:00Z on line 6: a gap of 1 missing hour(s)",
                      electricity_maps_csv(5));
}

TEST_CASE("malformed grid data: zone-less times without a utc_offset", "[cli][malformed]") {
  // Electricity Maps' layout read through a mapping, which (unlike format: electricity_maps) states no zone.
  check_grid_rejected(
      "{file: grid.csv, columns: {time: Datetime (UTC), carbon_intensity: Carbon Intensity "
      "gCO\xE2\x82\x82"
      "eq/kWh (LCA)}, units: {carbon_intensity: g/kWh}}",
      "bad.yaml:9:18: sites.iowa.grid.file: ./grid.csv:2: time: '2024-06-01 00:00:00' has no time "
      "zone",
      electricity_maps_csv());
}

TEST_CASE("malformed grid data: emission factors for a format without a generation mix", "[cli][malformed]") {
  check_grid_rejected("{file: grid.csv, format: electricity_maps, emission_factors: {Fossil Gas: 450 g/kWh}}",
                      "bad.yaml:9:72: sites.iowa.grid.emission_factors: applies to format entsoe_generation",
                      electricity_maps_csv());
}

TEST_CASE("malformed grid data: a file format without a file", "[cli][malformed]") {
  check_rejected(edit(site_intensity, site_intensity + "    grid: {format: electricity_maps}\n"),
                 "bad.yaml:10:20: sites.iowa.grid.format: describes grid.file, which is absent");
}
