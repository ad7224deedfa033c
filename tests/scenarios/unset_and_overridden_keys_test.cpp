// Unsetting a key with --set key=null, and the warning for a key that another overrides to no effect.

#include "cli_harness.hpp"

#include <catch2/catch.hpp>

using namespace cli_test;

TEST_CASE("override --set: key=null unsets a key, so that its default applies", "[cli][set]") {
  TempDir dir;
  dir.write("base.yaml", base_yaml);
  // Without its duration the run lasts until the job ends (about 4.4 h), not the file's 1 d.
  const Outcome unset = run_in(dir, {"run", "base.yaml", "-o", "out.h5", "--set", "scenario.duration=null"});
  INFO(unset.err);
  CHECK(unset.status == 0);
  CHECK_THAT(unset.out, Catch::Contains("4.") && !Catch::Contains("1 d simulated"));
  // A key the file does not give cannot be unset: most likely a typo.
  check_override_rejected("sites.iowa.wue=null", "sites.iowa.wue: there is no such key to unset");
}

TEST_CASE("command line: a key that another overrides, to no effect, gets a located warning", "[cli]") {
  TempDir dir;
  // Line 9 gives the site's intensity; a grid region added after it has an intensity of its own.
  dir.write("base.yaml", add_after("    carbon_intensity: 352 g/kWh\n", "    grid: {region: us-2023}\n"));
  const Outcome outcome = run_in(dir, {"run", "base.yaml", "-o", "out.h5", "--quiet"});
  CHECK(outcome.status == 0);
  CHECK(outcome.err ==
        "terawatt: warning: base.yaml:9:23: sites.iowa.carbon_intensity: replaces grid region 'us-2023''s 350 g/kWh, "
        "so the region's intensity has no effect (the region still gives the market-based and water intensities)\n");
  dir.write("plain.yaml", base_yaml);
  CHECK(run_in(dir, {"run", "plain.yaml", "-o", "plain.h5", "--quiet"}).err.empty());
}
