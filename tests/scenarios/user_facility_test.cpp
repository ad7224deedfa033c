// User facility presets end to end: `hardware.facilities` in a scenario and in catalog files, a site naming one,
// `terawatt catalog facilities`, the resolved scenario, and `--catalog` on `sweep` and on a projection. Every
// malformed entry is refused with exit 2 and file:line:col: key.

#include "cli_harness.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace cli_test;

namespace {

// The base with `hardware: facilities:` (lines 6 and 7) and `entries` (from line 8) inserted before `sites`.
std::string with_facilities(const std::string& entries, const std::string& yaml = base_yaml) {
  return edit("sites:\n", "hardware:\n  facilities:\n" + entries + "sites:\n", yaml);
}

const std::string hall =
    "    - name: hall\n"             //  8
    "      based_on: enterprise\n";  //  9

// The base with its constant PUE replaced by a 1 MW plant of `preset` in Iowa's climate.
std::string on_plant(const std::string& preset, const std::string& yaml = base_yaml) {
  return edit("    pue: 1.1\n", "    facility: {preset: " + preset + ", capacity: 1 MW, climate: iowa}\n", yaml);
}

// The facility energy of site iowa in kWh, from the summary table ("iowa  237 kWh  5.12 MWh ...").
double facility_kwh(const std::string& summary) {
  const std::regex row(R"(\niowa +[0-9.]+ [kMG]?Wh +([0-9.]+) ([kMG]?)Wh)");
  std::smatch match;
  REQUIRE(std::regex_search(summary, match, row));
  const std::string prefix = match[2];
  const double scale = prefix == "k" ? 1.0 : prefix == "M" ? 1e3 : prefix == "G" ? 1e6 : 1e-3;
  return std::stod(match[1]) * scale;
}

}  // namespace

MALFORMED("facilities: based_on an unknown preset", with_facilities("    - name: hall\n      based_on: enterprize\n"),
          "bad.yaml:9:17: hardware.facilities.hall.based_on: unknown facility preset 'enterprize' (did you mean "
          "'enterprise'?)")
MALFORMED("facilities: a preset without based_on", with_facilities("    - name: hall\n"),
          "bad.yaml:8:7: hardware.facilities.hall.based_on: missing: a facility preset starts from another")
MALFORMED("facilities: a name that shadows a built-in preset without based_on it",
          with_facilities("    - name: hyperscale\n      based_on: enterprise\n"),
          "bad.yaml:8:13: hardware.facilities.hyperscale.name: 'hyperscale' is already a facility preset (expected a "
          "new name, or based_on: hyperscale to change it)")
MALFORMED("facilities: a Carnot fraction above 1", with_facilities(hall + "      chiller: {carnot_efficiency: 1.5}\n"),
          "bad.yaml:10:36: hardware.facilities.hall.chiller.carnot_efficiency: 1.5 must be within 0..1")
MALFORMED("facilities: an unknown plant key with a suggestion",
          with_facilities(hall + "      chiller: {carnot_eficiency: 0.5}\n"),
          "bad.yaml:10:17: hardware.facilities.hall.chiller.carnot_eficiency: unknown key (did you mean "
          "'carnot_efficiency'?)")
MALFORMED("facilities: an unknown heat rejection",
          with_facilities(hall + "      chiller: {heat_rejection: evaporative}\n"),
          "bad.yaml:10:33: hardware.facilities.hall.chiller.heat_rejection: unknown value 'evaporative' (expected one "
          "of: cooling_tower, air_cooled)")
MALFORMED("facilities: an economiser band upside down",
          with_facilities(hall + "      economiser: {type: water_side, full_free_cooling_below_c: 20, "
                                 "no_free_cooling_above_c: 10}\n"),
          "bad.yaml:10:94: hardware.facilities.hall.economiser.no_free_cooling_above_c: 10 must exceed "
          "economiser.full_free_cooling_below_c")
MALFORMED("facilities: a base value that no longer holds is reported at the entry",
          with_facilities(hall + "      economiser: {type: water_side}\n"),
          "bad.yaml:8:7: hardware.facilities.hall.economiser.no_free_cooling_above_c: 0 must exceed "
          "economiser.full_free_cooling_below_c (a value kept from the base preset")
MALFORMED("facilities: a negative pump exponent in the cold-plate loop",
          with_facilities("    - name: hall\n      based_on: liquid-cooled-ai\n"
                          "      liquid_cooling: {pumps: {exponent: -2}}\n"),
          "bad.yaml:10:42: hardware.facilities.hall.liquid_cooling.pumps.exponent: -2 must be a finite number > 0")
MALFORMED("facilities: a published PUE below 1", with_facilities(hall + "      published_pue: 0.9\n"),
          "bad.yaml:10:22: hardware.facilities.hall.published_pue: 0.9 is outside 1 to 5")
MALFORMED("facilities: an unknown typical climate", with_facilities(hall + "      typical_climate: iowaa\n"),
          "bad.yaml:10:24: hardware.facilities.hall.typical_climate: unknown climate 'iowaa' (did you mean 'iowa'?)")
MALFORMED("facilities: a plant group that is not a mapping", with_facilities(hall + "      chiller: 5\n"),
          "bad.yaml:10:16: hardware.facilities.hall.chiller: expected a mapping of keys")
MALFORMED("facilities: a site naming an unknown preset lists the user's", on_plant("hal", with_facilities(hall)),
          "bad.yaml:12:24: sites.iowa.facility.preset: unknown facility preset 'hal' (did you mean 'hall'?)")

TEST_CASE("user facility: a catalog file's errors name the file, line and key", "[cli][facility]") {
  TempDir dir;
  const std::string catalog = "facilities:\n  - name: hall\n    based_on: enterprise\n    pumps: {exponent: 0}\n";
  check_rejected_in(dir, base_yaml, "mine.yaml:4:23: facilities.hall.pumps.exponent: 0 must be a finite number > 0",
                    {"--catalog", "mine.yaml"}, {{"mine.yaml", catalog}});
}

// A preset that changes nothing runs exactly as its base; one that adds 10 % of the 1 MW capacity as fixed load
// (lighting, other_fixed_w_per_w_capacity 0.02 -> 0.12) adds at least 0.1 MW x 24 h = 2,400 kWh of facility energy,
// and at most half as much again for cooling that heat (the enterprise chillers' COP is above 2 in Iowa in June).
// Tolerance: the summary prints 3 significant digits, 10 kWh at this size.
TEST_CASE("user facility: a preset's fixed load raises the facility energy by that load", "[cli][facility]") {
  TempDir dir;
  const std::string presets =
      "    - name: same\n      based_on: enterprise\n"
      "    - name: lossy\n      based_on: enterprise\n"
      "      other_fixed_w_per_w_capacity: 0.12\n";
  std::vector<double> kwh;
  for (const char* preset : {"enterprise", "same", "lossy"}) {
    dir.write("run.yaml", on_plant(preset, with_facilities(presets)));
    const Outcome outcome = run_in(dir, {"run", "run.yaml", "-o", std::string(preset) + ".h5"});
    INFO(outcome.err);
    REQUIRE(outcome.status == 0);
    kwh.push_back(facility_kwh(outcome.out));
  }
  CHECK(kwh[1] == kwh[0]);
  const double added_load_kwh = 0.10 * 1000.0 * 24.0;
  const double print_tolerance_kwh = 10.0;
  CHECK(kwh[2] - kwh[0] >= added_load_kwh - print_tolerance_kwh);
  CHECK(kwh[2] - kwh[0] <= 1.5 * added_load_kwh);
}

TEST_CASE("user facility: the resolved scenario carries the preset and re-runs without the catalog file",
          "[cli][facility]") {
  TempDir dir;
  dir.write("mine.yaml",
            "facilities:\n  - name: cool-hall\n    based_on: hyperscale\n    chiller: {carnot_efficiency: 0.6}\n"
            "    published_pue: 1.12\n    source: a test\n");
  dir.write("run.yaml", on_plant("cool-hall"));
  const Outcome first = run_in(dir, {"run", "run.yaml", "-o", "first.h5", "--catalog", "mine.yaml"});
  INFO(first.err);
  REQUIRE(first.status == 0);
  const Outcome listed = run_in(dir, {"catalog", "facilities", "--catalog", "mine.yaml"});
  CHECK(listed.status == 0);
  CHECK_THAT(listed.out, Catch::Contains("cool-hall") && Catch::Contains("a test") && Catch::Contains("hyperscale"));
  const Outcome json = run_in(dir, {"catalog", "facilities", "--json", "--catalog", "mine.yaml"});
  CHECK_THAT(json.out, Catch::Contains("\"name\": \"cool-hall\"") && Catch::Contains("\"published_annual_pue\": 1.12"));
  // `terawatt run` of the resolved scenario, which the output embeds: the same facility energy, no catalog file.
  // Read with Debian's python3-h5py, as tests/scenarios/trace_replay_check.py does.
  const std::string dump =
      "/usr/bin/python3 -c \"import h5py,sys; a=h5py.File(sys.argv[1]).attrs['scenario_resolved'];"
      " open(sys.argv[2],'w').write(a if isinstance(a,str) else a.decode())\" " +
      shell_quoted((dir / "first.h5").string()) + " " + shell_quoted((dir / "resolved.yaml").string());
  REQUIRE(std::system(dump.c_str()) == 0);
  CHECK_THAT(read_file(dir / "resolved.yaml"),
             Catch::Contains("cool-hall") && Catch::Contains("carnot_efficiency: 0.6"));
  const Outcome again = run_in(dir, {"run", "resolved.yaml", "-o", "again.h5"});
  INFO(again.err);
  REQUIRE(again.status == 0);
  CHECK(facility_kwh(again.out) == facility_kwh(first.out));
}
