// Malformed scenarios end to end: each is the valid base of cli_harness.hpp with one thing changed, refused with
// exit code 2 and a one-line located message, leaving no output file.

#include "cli_harness.hpp"

#include <catch2/catch.hpp>

using namespace cli_test;

// ---- The file as a whole

MALFORMED("YAML syntax error", edit("    pue: 1.1\n", "    pue: 1.1: 2\n"),
          "bad.yaml:8:13: YAML syntax error: illegal map value")
MALFORMED(
    "empty file", "",
    "bad.yaml: the file is empty (expected keys: scenario, catalog, hardware, sites, clusters, workloads, projection)")
MALFORMED(
    "only a comment", "# nothing here yet\n",
    "bad.yaml: the file is empty (expected keys: scenario, catalog, hardware, sites, clusters, workloads, projection)")
MALFORMED(
    "top level is a list, not a mapping", "- scenario\n- sites\n",
    "bad.yaml:1:1: expected a mapping with keys: scenario, catalog, hardware, sites, clusters, workloads, projection")
MALFORMED("a second YAML document", base_yaml + "---\nscenario:\n  name: other\n",
          "bad.yaml:24:1: a second YAML document (after '---') would be ignored (expected one scenario per file)")
MALFORMED("nesting too deep for the parser",
          edit("  name: base\n", "  name: " + std::string(600, '[') + std::string(600, ']') + "\n"),
          "bad.yaml:2:1209: YAML nesting deeper than")

// ---- Keys

MALFORMED("unknown top-level key, with a suggestion", edit("sites:\n", "site:\n"),
          "bad.yaml:6:1: site: unknown key (did you mean 'sites'?) "
          "(expected one of: scenario, catalog, hardware, sites, clusters, workloads, projection)")
MALFORMED("typo in a nested key: duraton", edit("  duration: 1 d\n", "  duraton: 1 d\n"),
          "bad.yaml:4:3: scenario.duraton: unknown key (did you mean 'duration'?) (expected one of: name,")
MALFORMED("duplicate key", add_after("    servers: 4\n", "    servers: 8\n"),
          "bad.yaml:15:5: clusters.h100-pod.servers: duplicate key (first given at line 14)")
MALFORMED("a key that is not a plain name", "? [scenario, sites]\n: 1\n", "bad.yaml:1:3: keys must be plain names")
MALFORMED("missing required key: scenario.name", edit("  name: base\n", ""),
          "bad.yaml:2:3: scenario.name: missing required key (expected a name of letters, digits,")
MALFORMED("missing carbon intensity: no constant, region or file", edit("    carbon_intensity: 352 g/kWh\n", ""),
          "bad.yaml:7:5: sites.iowa.carbon_intensity: missing: the grid's carbon intensity is needed for emissions "
          "(expected carbon_intensity, grid.region, grid.carbon_intensity or grid.file)")
MALFORMED("missing required key: servers", edit("    servers: 4\n", ""),
          "bad.yaml:11:5: clusters.h100-pod.servers: missing required key (expected an integer >= 0)")
MALFORMED("a list where a mapping is expected",
          add_after("    accelerators_per_server: 8\n", "    network: [400 GB/s]\n"),
          "bad.yaml:16:14: clusters.h100-pod.network: expected a mapping of keys, found a list")
MALFORMED("a mapping where a list is expected",
          edit("  - name: iowa\n    pue: 1.1\n    carbon_intensity: 352 g/kWh\n",
               "  name: iowa\n  pue: 1.1\n  carbon_intensity: 352 g/kWh\n"),
          "bad.yaml:7:3: sites: expected a list of mappings, found a mapping")
MALFORMED("a list element that is a bare word", edit("  - name: h100-pod\n", "  - h100-pod\n  - name: h100-pod\n"),
          "bad.yaml:11:5: clusters.0: expected a mapping of keys, found 'h100-pod'")
MALFORMED("name with a space and a '!'", edit("  name: base\n", "  name: bad name!\n"),
          "bad.yaml:2:9: scenario.name: 'bad name!' is not a valid name")

// ---- Values: units and numbers

MALFORMED("wrong dimension: duration 5 kW", edit("  duration: 1 d\n", "  duration: 5 kW\n"),
          "bad.yaml:4:13: scenario.duration: '5 kW' has unit 'kW' which is a power, not a time "
          "(expected one of: us, ms, s, min, h, d, wk, yr)")
MALFORMED("missing unit: duration 5", edit("  duration: 1 d\n", "  duration: 5\n"),
          "bad.yaml:4:13: scenario.duration: '5' is missing a unit (expected one of: us, ms, s, min, h, d, wk, yr)")
MALFORMED("unit in the wrong case, with a suggestion", edit("  duration: 1 d\n", "  duration: 1 D\n"),
          "bad.yaml:4:13: scenario.duration: '1 D' has unknown unit 'D' (expected one of: us, ms, s, min, h, d, wk, "
          "yr); units are case-sensitive: did you mean 'd'?")
MALFORMED("count with trailing garbage: servers 12abc", edit("    servers: 4\n", "    servers: 12abc\n"),
          "bad.yaml:14:14: clusters.h100-pod.servers: '12abc' is not a whole number "
          "(expected a non-negative whole number)")
MALFORMED("number with trailing garbage: pue 1.2x", edit("    pue: 1.1\n", "    pue: 1.2x\n"),
          "bad.yaml:8:10: sites.iowa.pue: '1.2x' is not a number (expected a plain number")
MALFORMED("negative count: servers -3", edit("    servers: 4\n", "    servers: -3\n"),
          "bad.yaml:14:14: clusters.h100-pod.servers: '-3' is negative (expected a non-negative whole number)")
MALFORMED("fractional count: servers 2.5", edit("    servers: 4\n", "    servers: 2.5\n"),
          "bad.yaml:14:14: clusters.h100-pod.servers: '2.5' is not a whole number "
          "(expected a non-negative whole number)")
MALFORMED("zero servers", edit("    servers: 4\n", "    servers: 0\n"),
          "bad.yaml:14:14: clusters.h100-pod.servers: must be at least 1")
MALFORMED("negative carbon intensity", edit("    carbon_intensity: 352 g/kWh\n", "    carbon_intensity: -5 g/kWh\n"),
          "bad.yaml:9:23: sites.iowa.carbon_intensity: '-5 g/kWh' is negative (expected a value >= 0)")
MALFORMED("PUE below 1", edit("    pue: 1.1\n", "    pue: 0.9\n"), "bad.yaml:8:10: sites.iowa.pue: PUE must be >= 1")
MALFORMED("PUE of 1e308, far above any facility's", edit("    pue: 1.1\n", "    pue: 1e308\n"),
          "bad.yaml:8:10: sites.iowa.pue: 1e+308 is implausibly high (expected at most 5: reported PUEs run from "
          "1.09 to 2.5)")
MALFORMED("carbon intensity far above the dirtiest grid's (a unit mistake)",
          edit("    carbon_intensity: 352 g/kWh\n", "    carbon_intensity: 352 kg/kWh\n"),
          "bad.yaml:9:23: sites.iowa.carbon_intensity: 3.52e+05 g/kWh is implausibly high (expected at most 5000 "
          "g/kWh")
MALFORMED("marginal carbon intensity that overflows into the thousands of tonnes",
          add_after("    carbon_intensity: 352 g/kWh\n", "    grid: {marginal_intensity: 1e300 g/kWh}\n"),
          "bad.yaml:10:32: sites.iowa.grid.marginal_intensity: 1e+300 g/kWh is implausibly high")
TEST_CASE("malformed scenario: a grid file with a negative carbon intensity", "[cli][malformed]") {
  std::string csv = "time,carbon_intensity [g/kWh]\n";
  for (int day = 1; day <= 2; ++day) {
    for (int hour = 0; hour < 24; ++hour) {
      char line[64];
      std::snprintf(line, sizeof line, "2024-06-%02dT%02d:00:00Z,%d\n", day, hour, day == 1 && hour == 5 ? -100 : 352);
      csv += line;
    }
  }
  // Line 7 of the file is 05:00 on the first day.
  check_rejected(edit("    carbon_intensity: 352 g/kWh\n", "    grid: {file: grid.csv}\n"),
                 "bad.yaml:9:18: sites.iowa.grid.file: ./grid.csv:7: column 'carbon_intensity': value -100 g/kWh is "
                 "outside the physical range 0..5000 g/kWh",
                 {}, {{"grid.csv", csv}});
}
MALFORMED("facility capacity below the IT it houses",
          edit("    pue: 1.1\n", "    facility: {preset: hyperscale, climate: iowa, capacity: 1 kW}\n"),
          "bad.yaml:8:61: sites.iowa.facility.capacity: 1 kW is below the nameplate IT power of the clusters housed "
          "here, 35.68 kW")
MALFORMED("network latency of 1e300 s",
          add_after("    accelerators_per_server: 8\n", "    network: {latency: 1e300 s}\n"),
          "bad.yaml:16:24: clusters.h100-pod.network.latency: 1e+300 s is implausibly long for a cluster's fabric "
          "(expected at most 1 s")
MALFORMED("a fabric's power in an energy unit",
          add_after("    accelerators_per_server: 8\n", "    network: {fabric_power: 520 Wh}\n"),
          "bad.yaml:16:29: clusters.h100-pod.network.fabric_power: '520 Wh' has unit 'Wh' which is an energy, not a "
          "power")
MALFORMED("a negative energy per bit of traffic",
          add_after("    accelerators_per_server: 8\n", "    network: {traffic_pj_per_bit: -5}\n"),
          "bad.yaml:16:35: clusters.h100-pod.network.traffic_pj_per_bit: -5 is negative (expected a number >= 0)")
MALFORMED("a projection section in a simulation scenario",
          base_yaml + "projection: {first_year: 2024, last_year: 2030}\n",
          "bad.yaml:6:1: sites: a simulation section beside projection, which belongs to projection files")
TEST_CASE("malformed scenario: a projection key set on a simulation scenario", "[cli][malformed]") {
  check_override_rejected("projection.first_year=2024", "projection: belongs to projection files");
}
MALFORMED("timestamp without a time zone", edit("  start: 2024-06-01T00:00:00Z\n", "  start: 2024-06-01T00:00:00\n"),
          "bad.yaml:3:10: scenario.start: '2024-06-01T00:00:00' has no time zone: append Z for UTC")
MALFORMED("invalid date: 2023-02-30", edit("  start: 2024-06-01T00:00:00Z\n", "  start: 2023-02-30\n"),
          "bad.yaml:3:10: scenario.start: '2023-02-30' has day 30 but 2023-02 has 28 days")
MALFORMED("sample_interval giving more than 1e8 samples", edit("  sample_interval: 1 h\n", "  sample_interval: 1 us\n"),
          "bad.yaml:5:20: scenario.sample_interval: gives more than 1e8 samples over the duration")

// ---- Sites and clusters

MALFORMED(
    "a constant PUE and a cooling plant at once",
    add_after("    pue: 1.1\n", "    facility: {preset: hyperscale, climate: iowa}\n"),
    "bad.yaml:8:10: sites.iowa.pue: conflicts with facility (expected a constant PUE or a cooling plant, not both)")
MALFORMED("unknown facility preset, with a suggestion",
          edit("    pue: 1.1\n", "    facility: {preset: hyperscal, climate: iowa}\n"),
          "bad.yaml:8:24: sites.iowa.facility.preset: unknown facility preset 'hyperscal' (did you mean 'hyperscale'?)")
MALFORMED("unknown climate, with a suggestion",
          edit("    pue: 1.1\n", "    facility: {preset: hyperscale, climate: iwoa}\n"),
          "bad.yaml:8:45: sites.iowa.facility.climate: unknown climate 'iwoa' (did you mean 'iowa'?)")
MALFORMED("a weather file that does not exist",
          edit("    pue: 1.1\n", "    facility: {preset: hyperscale, weather_file: nowhere.epw}\n"),
          "bad.yaml:8:50: sites.iowa.facility.weather_file: ")
MALFORMED("a grid file that does not exist",
          edit("    carbon_intensity: 352 g/kWh\n", "    grid: {file: nowhere.csv}\n"),
          "bad.yaml:9:18: sites.iowa.grid.file: ./nowhere.csv: cannot open the file")
MALFORMED("a daily grid profile without a duration",
          edit("  duration: 1 d\n", "",
               edit("    carbon_intensity: 352 g/kWh\n",
                    "    grid: {carbon_intensity: 352 g/kWh, daily_amplitude: 0.1}\n")),
          "bad.yaml:8:58: sites.iowa.grid.daily_amplitude: a time-varying input needs scenario.duration")
MALFORMED("unknown grid region, with a suggestion",
          edit("    carbon_intensity: 352 g/kWh\n", "    grid: {region: iwoa}\n"),
          "bad.yaml:9:20: sites.iowa.grid.region: unknown grid region 'iwoa' (did you mean 'iowa'?)")
MALFORMED("a deferrable job whose deadline is shorter than its run", base_yaml + "    deferrable: {deadline: 1 h}\n",
          "bad.yaml:23:28: workloads.llm.deferrable.deadline: is shorter than the job's run")
MALFORMED("the threshold policy without a threshold",
          base_yaml + "    deferrable: {deadline: 2 d, policy: threshold}\n",
          "bad.yaml:23:17: workloads.llm.deferrable.threshold: missing: the threshold policy needs it")
MALFORMED("embodied carbon without a lifetime",
          add_after("    accelerators_per_server: 8\n", "    embodied: {per_accelerator: 150 kg}\n"),
          "bad.yaml:16:15: clusters.h100-pod.embodied.lifetime: missing required key (expected time")
MALFORMED("unknown accelerator, with a suggestion: h100-sxn",
          edit("    accelerator: h100-sxm\n", "    accelerator: h100-sxn\n"),
          "bad.yaml:13:18: clusters.h100-pod.accelerator: unknown accelerator 'h100-sxn' (did you mean 'h100-sxm'?)")
MALFORMED("unknown catalog server, with a suggestion: dgx-h10",
          add_after("    accelerator: h100-sxm\n", "    server: dgx-h10\n"),
          "bad.yaml:14:13: clusters.h100-pod.server: unknown server 'dgx-h10' (did you mean 'dgx-h100'?)")
MALFORMED("a catalog server whose accelerator is not the cluster's",
          add_after("    accelerator: h100-sxm\n", "    server: dgx-a100\n"),
          "bad.yaml:13:18: clusters.h100-pod.accelerator: 'h100-sxm' is not the accelerator of server 'dgx-a100'")
MALFORMED(
    "a cluster with neither accelerator nor server", edit("    accelerator: h100-sxm\n", ""),
    "bad.yaml:11:5: clusters.h100-pod.accelerator: missing: a cluster needs its accelerator or its catalog server")
MALFORMED("host idle power above host loaded power", add_after("    servers: 4\n", "    host_idle_power: 3 kW\n"),
          "bad.yaml:15:22: clusters.h100-pod.host_idle_power: host idle power 3000 W exceeds host loaded power 2800 W")
MALFORMED("server_overhead with a host curve",
          add_after("    servers: 4\n", "    server_overhead: 1 kW\n    host_loaded_power: 3 kW\n"),
          "bad.yaml:16:24: clusters.h100-pod.host_loaded_power: conflicts with server_overhead")
MALFORMED("cluster on an unknown site", edit("    site: iowa\n", "    site: ohio\n"),
          "bad.yaml:12:11: clusters.h100-pod.site: no site named 'ohio' (expected one of: iowa)")
MALFORMED("duplicate cluster names",
          add_after("    accelerators_per_server: 8\n",
                    "  - name: h100-pod\n    accelerator: h100-sxm\n    servers: 2\n"),
          "bad.yaml:16:11: clusters.1.name: duplicate name 'h100-pod' (expected names unique within clusters)")
MALFORMED("power_cap above the TDP", add_after("    servers: 4\n", "    power_cap: 800 W\n"),
          "bad.yaml:15:16: clusters.h100-pod.power_cap: exceeds the h100-sxm TDP of 700 W (expected at most the TDP)")
MALFORMED("power_cap not above idle power", add_after("    servers: 4\n", "    power_cap: 50 W\n"),
          "bad.yaml:15:16: clusters.h100-pod.power_cap: is not above the h100-sxm idle power of 70 W")
MALFORMED("servers not a multiple of servers_per_host", add_after("    servers: 4\n", "    servers_per_host: 3\n"),
          "bad.yaml:15:23: clusters.h100-pod.servers_per_host: servers (4) is not a multiple of it")
MALFORMED("more simulated hosts than one run can hold", edit("    servers: 4\n", "    servers: 100000000\n"),
          "bad.yaml:14:14: clusters.h100-pod.servers: 100000000 servers at 1 per host bring the scenario to "
          "100000000 simulated hosts, more than the 1000000 one run can hold")
MALFORMED("accelerator count that overflows",
          edit("    servers: 4\n    accelerators_per_server: 8\n",
               "    servers: 1000000000000000000\n    accelerators_per_server: 1000\n"),
          "bad.yaml:15:30: clusters.h100-pod.accelerators_per_server: servers x accelerators_per_server is too large")

// ---- Workloads

MALFORMED("workload on an unknown cluster", edit("    cluster: h100-pod\n", "    cluster: a100-pod\n"),
          "bad.yaml:19:14: workloads.llm.cluster: no cluster named 'a100-pod' (did you mean 'h100-pod'?)")
MALFORMED("unknown workload type", edit("    type: training\n", "    type: trainng\n"),
          "bad.yaml:18:11: workloads.llm.type: unknown workload type 'trainng' (did you mean 'training'?) "
          "(expected one of: training, inference, training_trace, offline_inference, given_power)")
MALFORMED("workload with both flops and parameters", add_after("    flops: 1e20 FLOP\n", "    parameters: 7e9\n"),
          "bad.yaml:21:17: workloads.llm.parameters: conflicts with flops "
          "(expected either flops, or parameters and tokens)")
MALFORMED("parameters without tokens", edit("    flops: 1e20 FLOP\n", "    parameters: 7e9\n"),
          "bad.yaml:17:5: workloads.llm.tokens: missing required key: parameters and tokens go together")
MALFORMED("workload missing both mfu and achieved_flop_rate", edit("    mfu: 40 %\n", ""),
          "bad.yaml:17:5: workloads.llm.mfu: missing required key (expected mfu or achieved_flop_rate)")
MALFORMED("mfu above 1: 140 %", edit("    mfu: 40 %\n", "    mfu: 140 %\n"),
          "bad.yaml:22:10: workloads.llm.mfu: '140 %' is outside (0, 1]")
MALFORMED("achieved_flop_rate above the accelerator peak",
          edit("    mfu: 40 %\n", "    achieved_flop_rate: 2000 TFLOP/s\n"),
          "bad.yaml:22:25: workloads.llm.achieved_flop_rate: exceeds the h100-sxm peak of 989 TFLOP/s "
          "(expected at most the peak)")
MALFORMED("accelerators not a multiple of accelerators_per_server",
          edit("    accelerators: 16\n", "    accelerators: 12\n"),
          "bad.yaml:21:19: workloads.llm.accelerators: 12 does not fill whole hosts (expected a positive multiple of 8")
MALFORMED("job larger than its cluster", edit("    accelerators: 16\n", "    accelerators: 64\n"),
          "bad.yaml:21:19: workloads.llm.accelerators: 64 exceeds the 32 accelerators of cluster 'h100-pod'")
MALFORMED("no workloads and no duration", edit("  duration: 1 d\n", "", base_sections),
          "bad.yaml:2:3: scenario.duration: missing: without workloads the run has no natural end")
// 2e25 FLOP on 16 H100 at 40 %: about 100 years, 3.2e9 one-second samples.
MALFORMED("no duration and a job that would run for ages",
          edit("  duration: 1 d\n", "",
               edit("  sample_interval: 1 h\n", "  sample_interval: 1 s\n",
                    edit("    flops: 1e20 FLOP\n", "    flops: 2e25 FLOP\n"))),
          "bad.yaml:2:3: scenario.duration: missing, and the workloads may run until 3.16e+09 s "
          "(workload 'llm' alone takes 3.16e+09 s), more than 1e8 samples")

// ---- Inference services (a second workload, lines 23-29)

MALFORMED("inference model that does not fit its replica", edit("{accelerators: 8}", "{accelerators: 1}", service_yaml),
          "bad.yaml:29:30: workloads.svc.replicas.accelerators: the model does not fit a replica of 1 x h100-sxm: "
          "weights alone (350.0 GB) exceed the 80.0 GB of HBM on 1 accelerator")
MALFORMED("inference batch of 0", edit("{accelerators: 8}", "{accelerators: 8, max_batch: 0}", service_yaml),
          "bad.yaml:29:44: workloads.svc.replicas.max_batch: must be at least 1")
MALFORMED("inference negative rate", edit("requests_per_day: 1e6", "requests_per_day: -5", service_yaml),
          "bad.yaml:28:34: workloads.svc.arrivals.requests_per_day: is negative (expected a value >= 0)")
MALFORMED("inference unknown modality", edit("modality: text", "modality: txt", service_yaml),
          "bad.yaml:25:15: workloads.svc.modality: unknown modality 'txt' (did you mean 'text'?)")
MALFORMED("inference without a duration", edit("  duration: 1 d\n", "", service_yaml), "bad.yaml:23:")
MALFORMED(
    "inference standby without its power",
    edit("{accelerators: 8}", "{accelerators: 8, scaled_down: standby}", service_yaml),
    "bad.yaml:29:15: workloads.svc.replicas.standby_power: missing: standby needs the power of a suspended server")
// users x queries_per_user_per_day overflows a double (1e300 x 1e300): refused at the key, not an uncaught exception.
MALFORMED("inference demand beyond the largest number",
          edit("requests_per_day: 1e6", "users: 1e300, queries_per_user_per_day: 1e300", service_yaml),
          "bad.yaml:28:23: workloads.svc.arrivals.users: users x queries_per_user_per_day = 1e+300 x 1e+300 requests "
          "a day is beyond the largest number (expected a finite demand)")

// ---- YAML aliases that make a cycle: a node that contains an alias to itself

MALFORMED("an alias inside the list it names", add_after("  name: base\n", "  description: &d [*d]\n"),
          "bad.yaml:3:20: the alias '*d' refers to a node that contains it, a cycle (expected an alias to an anchor "
          "defined before and outside it)")

// A value by region whose region value is the mapping itself made the projection reader recurse until the stack
// overflowed (a segmentation fault).
TEST_CASE("command line: a cyclic alias in a projection file is a located error", "[cli][malformed]") {
  TempDir dir;
  dir.write("bad.yaml",
            "scenario: {name: p}\n"
            "projection:\n"
            "  first_year: 2022\n"
            "  last_year: 2023\n"
            "  cases: [{name: base}]\n"
            "  regions:\n"
            "    - {name: us, climate: virginia, carbon_intensity: 350 g/kWh}\n"
            "  segments:\n"
            "    - name: cpu\n"
            "      kind: conventional\n"
            "      facility: enterprise\n"
            "      utilisation: 30 %\n"
            "      installed: &i {us: *i}\n"
            "      history_growth: 5 %\n"
            "      lifetime: 4 yr\n"
            "      generations:\n"
            "        - {name: volume, idle_power: 100 W, max_power: 400 W}\n");
  const Outcome outcome = run_in(dir, {"run", "bad.yaml", "-o", "out.h5", "--quiet"});
  INFO(outcome.err);
  CHECK(outcome.status == 2);
  CHECK(outcome.err ==
        "bad.yaml:13:26: the alias '*i' refers to a node that contains it, a cycle (expected an "
        "alias to an anchor defined before and outside it)\n");
  check_no_output(dir);
}

// An alias to a finished node is ordinary YAML and stays accepted.
TEST_CASE("command line: an alias to an earlier node is accepted", "[cli]") {
  TempDir dir;
  dir.write("base.yaml", edit("  name: base\n", "  name: &n base\n  description: *n\n"));
  const Outcome outcome = run_in(dir, {"run", "base.yaml", "-o", "out.h5", "--quiet"});
  INFO(outcome.err);
  CHECK(outcome.status == 0);
}
