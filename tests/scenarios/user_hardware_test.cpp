// User-defined hardware end to end: the `hardware` section, catalog files (`catalog:` and `--catalog`) and
// `terawatt catalog`'s filters and JSON. Every malformed entry is refused with exit 2 and file:line:col: key.

#include "cli_harness.hpp"

#include <catch2/catch.hpp>

using namespace cli_test;

namespace {

// The base with a `hardware` section of `entries` inserted before `sites`: `hardware:` is line 6, the entries follow.
std::string with_hardware(const std::string& entries) {
  return edit("sites:\n", "hardware:\n" + entries + "sites:\n");
}

const std::string my_gpu =
    "  accelerators:\n"           //  7
    "    - name: my-gpu\n"        //  8
    "      based_on: h100-sxm\n"  //  9
    "      tdp: 600 W\n";         // 10

}  // namespace

MALFORMED("hardware: a new accelerator without its tdp",
          with_hardware("  accelerators:\n    - name: new-gpu\n      idle_power: 50 W\n"),
          "bad.yaml:8:7: hardware.accelerators.new-gpu.tdp: missing: a new accelerator needs it")
MALFORMED("hardware: idle power above the TDP", with_hardware(my_gpu + "      idle_power: 650 W\n"),
          "bad.yaml:11:19: hardware.accelerators.my-gpu.idle_power: 650 W is not below the TDP of 600 W")
MALFORMED("hardware: a peak with the wrong dimension", with_hardware(my_gpu + "      peak: {fp8: 5 kW}\n"),
          "bad.yaml:11:19: hardware.accelerators.my-gpu.peak.fp8: '5 kW' has unit 'kW' which is a power")
MALFORMED("hardware: an unknown key with a suggestion", with_hardware(my_gpu + "      memroy: 80 GB\n"),
          "bad.yaml:11:7: hardware.accelerators.my-gpu.memroy: unknown key (did you mean 'memory'?)")
MALFORMED("hardware: based_on an unknown accelerator",
          with_hardware("  accelerators:\n    - name: x\n      based_on: h100-sxn\n"),
          "bad.yaml:9:17: hardware.accelerators.x.based_on: unknown accelerator 'h100-sxn' (did you mean 'h100-sxm'?)")
MALFORMED("hardware: a name that shadows a built-in one without based_on",
          with_hardware("  accelerators:\n    - name: h100-sxm\n      tdp: 600 W\n"),
          "bad.yaml:8:13: hardware.accelerators.h100-sxm.name: 'h100-sxm' is already an accelerator of the catalog "
          "(expected a new name, or based_on: h100-sxm to change it)")
MALFORMED("hardware: a compute power above the TDP", with_hardware(my_gpu + "      compute_power: 700 W\n"),
          "bad.yaml:11:22: hardware.accelerators.my-gpu.compute_power: 700 W is outside the range")
MALFORMED("hardware: a server whose nameplate cannot hold its accelerators",
          with_hardware("  servers:\n    - name: box\n      accelerator: h100-sxm\n      accelerators_per_server: 8\n"
                        "      host_idle_power: 1 kW\n      host_loaded_power: 2 kW\n      max_power: 5 kW\n"),
          "bad.yaml:13:18: hardware.servers.box.max_power: 5000 W cannot hold 8 x h100-sxm")
MALFORMED("hardware: a server without host power",
          with_hardware("  servers:\n    - name: box\n      accelerator: h100-sxm\n      accelerators_per_server: 8\n"),
          "bad.yaml:8:7: hardware.servers.box.host_idle_power: missing: a new server needs its host power")
MALFORMED("hardware: accelerators is not a list", with_hardware("  accelerators: {name: x}\n"),
          "bad.yaml:7:17: hardware.accelerators: expected a list of mappings, found a mapping")
TEST_CASE("user hardware: a cluster on a user accelerator without a server needs its host", "[cli][hardware]") {
  const std::string yaml = edit("    accelerator: h100-sxm\n", "    accelerator: my-gpu\n", with_hardware(my_gpu));
  check_rejected(yaml, "bad.yaml:16:5: clusters.h100-pod.host_idle_power: missing: no server of the catalog holds");
}

TEST_CASE("user hardware: a catalog file's errors name the file, line and key", "[cli][hardware]") {
  TempDir dir;
  const std::string catalog = "accelerators:\n  - name: my-gpu\n    based_on: h100-sxm\n    tdp: -5 W\n";
  check_rejected_in(dir, base_yaml, "mine.yaml:4:10: accelerators.my-gpu.tdp: '-5 W' is negative",
                    {"--catalog", "mine.yaml"}, {{"mine.yaml", catalog}});
  check_rejected_in(dir, "catalog: nowhere.yaml\n" + base_yaml, "bad.yaml:1:10: catalog: '");
}

TEST_CASE("user hardware: a scenario runs on a user accelerator and server from a catalog file", "[cli][hardware]") {
  TempDir dir;
  dir.write("mine.yaml",
            "accelerators:\n  - name: my-gpu\n    based_on: h100-sxm\n    tdp: 600 W\n"
            "servers:\n  - name: my-box\n    accelerator: my-gpu\n    accelerators_per_server: 8\n"
            "    max_power: 8 kW\n    source: a test\n");
  dir.write("run.yaml", "catalog: mine.yaml\n" + edit("    accelerator: h100-sxm\n", "    server: my-box\n"));
  const Outcome outcome = run_in(dir, {"run", "run.yaml", "-o", "out.h5", "--quiet"});
  INFO(outcome.err);
  CHECK(outcome.status == 0);
  const Outcome listed = run_in(dir, {"catalog", "servers", "--catalog", "mine.yaml"});
  CHECK(listed.status == 0);
  CHECK_THAT(listed.out, Catch::Contains("my-box") && Catch::Contains("a test"));
  CHECK_THAT(listed.out, !Catch::Contains("Accelerators"));
}

TEST_CASE("catalog --json lists every kind with units and a filter lists one kind", "[cli][hardware]") {
  TempDir dir;
  const Outcome json = run_in(dir, {"catalog", "--json"});
  CHECK(json.status == 0);
  for (const char* kind : {"\"accelerators\"", "\"servers\"", "\"facilities\"", "\"climates\"", "\"grids\"",
                           "\"units_by_suffix\"", "\"tdp_w\": 700", "\"gaudi3\""}) {
    CHECK_THAT(json.out, Catch::Contains(kind));
  }
  const Outcome grids = run_in(dir, {"catalog", "grids", "--json"});
  CHECK_THAT(grids.out, Catch::Contains("\"grids\"") && !Catch::Contains("\"accelerators\""));
}
