// The terawatt program end to end (docs/design.md section 4, Errors, and section 8, CLI): every malformed scenario and
// every bad command line ends with a one-line message and exit code 2, never a crash or a hang, and leaves no
// output file behind (neither OUT.h5 nor OUT.h5.partial). A scenario message reads
//   file:line:col: key.path: problem (expected ...)
// and a --set override's reads `--set key.path=value: key.path: problem`.
//
// Each malformed scenario is the valid base below with one thing changed, run as
//   terawatt run bad.yaml -o out.h5 --quiet
// in a fresh temporary directory, so that the message starts with "bad.yaml:line:col:" exactly.

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Lines 1-15: everything but the workloads. Line and column numbers in the expectations below refer to this text.
const std::string base_sections =
    "scenario:\n"                        //  1
    "  name: base\n"                     //  2
    "  start: 2024-06-01T00:00:00Z\n"    //  3
    "  duration: 1 d\n"                  //  4
    "  sample_interval: 1 h\n"           //  5
    "sites:\n"                           //  6
    "  - name: iowa\n"                   //  7
    "    pue: 1.1\n"                     //  8
    "    carbon_intensity: 352 g/kWh\n"  //  9
    "clusters:\n"                        // 10
    "  - name: h100-pod\n"               // 11
    "    site: iowa\n"                   // 12
    "    accelerator: h100-sxm\n"        // 13
    "    servers: 4\n"                   // 14
    "    accelerators_per_server: 8\n";  // 15

// Lines 16-22: one training job on half the cluster, about 4.4 simulated hours.
const std::string base_workloads =
    "workloads:\n"             // 16
    "  - name: llm\n"          // 17
    "    type: training\n"     // 18
    "    cluster: h100-pod\n"  // 19
    "    flops: 1e20 FLOP\n"   // 20
    "    accelerators: 16\n"   // 21
    "    mfu: 40 %\n";         // 22

// The valid base scenario: it runs in well under 0.1 s.
const std::string base_yaml = base_sections + base_workloads;

// `yaml` (the base by default) with `from`, which must occur exactly once, replaced by `to`.
std::string edit(const std::string& from, const std::string& to, const std::string& yaml = base_yaml) {
  const auto at = yaml.find(from);
  if (at == std::string::npos || yaml.find(from, at + 1) != std::string::npos) {
    throw std::logic_error("edit: '" + from + "' does not occur exactly once in the scenario");
  }
  std::string result = yaml;
  result.replace(at, from.size(), to);
  return result;
}

// `text` with `line` inserted after it: a key added without moving the lines before it.
std::string add_after(const std::string& text, const std::string& line) {
  return edit(text, text + line);
}

// A fresh directory under the system temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "terawatt-cli-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
  }

 private:
  fs::path path_;
};

std::string shell_quoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Outcome {
  int status = -1;  // exit code; 128 + signal number when killed, 124 when it ran past the time limit
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs the terawatt binary with `args` in directory `cwd`, under a 10 s limit so that a hang fails instead of
// blocking the suite. stderr goes to a file beside the scenario.
Outcome run_terawatt(const std::vector<std::string>& args, const fs::path& cwd, const fs::path& stderr_file) {
  std::string command = "cd " + shell_quoted(cwd.string()) + " && exec timeout 10 " + shell_quoted(TERAWATT_BINARY);
  for (const auto& arg : args) command += " " + shell_quoted(arg);
  command += " 2>" + shell_quoted(stderr_file.string()) + " </dev/null";
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) outcome.out.append(buffer, n);
  const int status = pclose(pipe);
  if (WIFEXITED(status)) outcome.status = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) outcome.status = 128 + WTERMSIG(status);
  outcome.err = read_file(stderr_file);
  return outcome;
}

// Runs `terawatt <args>` in a directory of its own.
Outcome run_in(const TempDir& dir, const std::vector<std::string>& args) {
  return run_terawatt(args, dir.path(), dir / "stderr.txt");
}

void check_no_output(const TempDir& dir, const std::string& name = "out.h5") {
  CHECK_FALSE(fs::exists(dir / name));
  CHECK_FALSE(fs::exists(dir / (name + ".partial")));
}

// `yaml` saved as bad.yaml and run: it must be refused with exit 2, a message that starts with `message_start`
// (file:line:col: key.path: problem), nothing on stdout and no output file.
// Files besides bad.yaml (name, text) are written into the directory first.
void check_rejected_in(const TempDir& dir, const std::string& yaml, const std::string& message_start,
                       const std::vector<std::string>& extra_args = {},
                       const std::vector<std::pair<std::string, std::string>>& files = {}) {
  dir.write("bad.yaml", yaml);
  for (const auto& [name, text] : files) dir.write(name, text);
  std::vector<std::string> args{"run", "bad.yaml", "-o", "out.h5", "--quiet"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  const Outcome outcome = run_in(dir, args);
  INFO("bad.yaml:\n" << yaml << "\nstderr:\n" << outcome.err);
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.err, Catch::StartsWith(message_start));
  CHECK(outcome.err.find('\n') == outcome.err.size() - 1);  // one line
  CHECK(outcome.out.empty());
  check_no_output(dir);
}

void check_rejected(const std::string& yaml, const std::string& message_start,
                    const std::vector<std::string>& extra_args = {},
                    const std::vector<std::pair<std::string, std::string>>& files = {}) {
  TempDir dir;
  check_rejected_in(dir, yaml, message_start, extra_args, files);
}

// The valid base with one `--set` override that must be refused: the message starts with `--set <override>: `.
void check_override_rejected(const std::string& override_text, const std::string& problem_start) {
  check_rejected(base_yaml, "--set " + override_text + ": " + problem_start, {"--set", override_text});
}

}  // namespace

// One TEST_CASE per malformed scenario: (what is wrong, YAML, start of the expected message).
#define MALFORMED(what, yaml, message_start)                   \
  TEST_CASE("malformed scenario: " what, "[cli][malformed]") { \
    check_rejected(yaml, message_start);                       \
  }

// ---- The file as a whole

MALFORMED("YAML syntax error", edit("    pue: 1.1\n", "    pue: 1.1: 2\n"),
          "bad.yaml:8:13: YAML syntax error: illegal map value")
MALFORMED("empty file", "",
          "bad.yaml: the file is empty (expected keys: scenario, sites, clusters, workloads, projection)")
MALFORMED("only a comment", "# nothing here yet\n",
          "bad.yaml: the file is empty (expected keys: scenario, sites, clusters, workloads, projection)")
MALFORMED("top level is a list, not a mapping", "- scenario\n- sites\n",
          "bad.yaml:1:1: expected a mapping with keys: scenario, sites, clusters, workloads, projection")
MALFORMED("a second YAML document", base_yaml + "---\nscenario:\n  name: other\n",
          "bad.yaml:24:1: a second YAML document (after '---') would be ignored (expected one scenario per file)")
MALFORMED("nesting too deep for the parser",
          edit("  name: base\n", "  name: " + std::string(600, '[') + std::string(600, ']') + "\n"),
          "bad.yaml:2:1209: YAML nesting deeper than")

// ---- Keys

MALFORMED("unknown top-level key, with a suggestion", edit("sites:\n", "site:\n"),
          "bad.yaml:6:1: site: unknown key (did you mean 'sites'?) "
          "(expected one of: scenario, sites, clusters, workloads, projection)")
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
          "here, 33.6 kW")
MALFORMED("network latency of 1e300 s",
          add_after("    accelerators_per_server: 8\n", "    network: {latency: 1e300 s}\n"),
          "bad.yaml:16:24: clusters.h100-pod.network.latency: 1e+300 s is implausibly long for a cluster's fabric "
          "(expected at most 1 s")
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
          "100000000 simulated hosts, more than the 100000 one run can hold")
MALFORMED("accelerator count that overflows",
          edit("    servers: 4\n    accelerators_per_server: 8\n",
               "    servers: 1000000000000000000\n    accelerators_per_server: 1000\n"),
          "bad.yaml:15:30: clusters.h100-pod.accelerators_per_server: servers x accelerators_per_server is too large")

// ---- Workloads

MALFORMED("workload on an unknown cluster", edit("    cluster: h100-pod\n", "    cluster: a100-pod\n"),
          "bad.yaml:19:14: workloads.llm.cluster: no cluster named 'a100-pod' (did you mean 'h100-pod'?)")
MALFORMED("unknown workload type", edit("    type: training\n", "    type: trainng\n"),
          "bad.yaml:18:11: workloads.llm.type: unknown workload type 'trainng' (did you mean 'training'?) "
          "(expected: training or inference)")
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
MALFORMED("no duration and a job that would run for ages",
          edit("  duration: 1 d\n", "", edit("    flops: 1e20 FLOP\n", "    flops: 1e35 FLOP\n")),
          "bad.yaml:2:3: scenario.duration: missing, and the workloads may run until 1.58e+19 s "
          "(workload 'llm' alone takes 1.58e+19 s), more than 1e8 samples")

// ---- --set overrides: validated like the file, located at the override

TEST_CASE("override --set: unknown key with a suggestion", "[cli][set]") {
  check_override_rejected("clusters.h100-pod.servrs=3",
                          "clusters.h100-pod.servrs: unknown key (did you mean 'servers'?)");
}

TEST_CASE("override --set: unknown key in the middle of the path", "[cli][set]") {
  check_override_rejected("scenario.nme.x=3", "scenario.nme: unknown key (did you mean 'name'?)");
}

TEST_CASE("override --set: element name not found", "[cli][set]") {
  check_override_rejected("clusters.nope.servers=3",
                          "clusters.nope: no element named 'nope' (expected one of: h100-pod)");
}

TEST_CASE("override --set: bad value", "[cli][set]") {
  check_override_rejected(
      "clusters.h100-pod.servers=abc",
      "clusters.h100-pod.servers: 'abc' is not a whole number (expected a non-negative whole number)");
}

TEST_CASE("override --set: value with the wrong dimension", "[cli][set]") {
  check_override_rejected("clusters.h100-pod.network.bandwidth=1 W",
                          "clusters.h100-pod.network.bandwidth: '1 W' has unit 'W' which is a power, not a data rate");
}

TEST_CASE("override --set: missing '='", "[cli][set]") {
  check_override_rejected("clusters.h100-pod.servers", "expected key.path=value, e.g. clusters.dc1.servers=64");
}

TEST_CASE("override --set: a whole list element", "[cli][set]") {
  check_override_rejected("clusters.h100-pod=3", "clusters.h100-pod: cannot replace a whole list element");
}

TEST_CASE("override --seed: not a whole number", "[cli][set]") {
  TempDir dir;
  dir.write("base.yaml", base_yaml);
  const Outcome outcome = run_in(dir, {"run", "base.yaml", "-o", "out.h5", "--quiet", "--seed", "abc"});
  INFO(outcome.err);
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.err, Catch::StartsWith("--seed abc: 'abc' is not a whole number"));
  check_no_output(dir);
}

TEST_CASE("override --set: a valid override turns a refused scenario into a run", "[cli][set]") {
  TempDir dir;
  dir.write("base.yaml", edit("  duration: 1 d\n", "", base_sections));  // no workloads, no duration: refused
  const Outcome refused = run_in(dir, {"run", "base.yaml", "-o", "out.h5", "--quiet"});
  CHECK(refused.status == 2);
  check_no_output(dir);

  const Outcome outcome = run_in(dir, {"run", "base.yaml", "-o", "out.h5", "--set", "scenario.duration=1 h"});
  INFO(outcome.err);
  CHECK(outcome.status == 0);
  CHECK_THAT(outcome.out, Catch::Contains("1 h simulated"));
  CHECK(fs::exists(dir / "out.h5"));
  CHECK_FALSE(fs::exists(dir / "out.h5.partial"));
}

TEST_CASE("override --set: a key under an empty section", "[cli][set]") {
  TempDir dir;
  dir.write("base.yaml", add_after("    accelerators_per_server: 8\n", "    network:\n"));
  const Outcome outcome = run_in(
      dir, {"run", "base.yaml", "-o", "out.h5", "--quiet", "--set", "clusters.h100-pod.network.bandwidth=100 GB/s"});
  INFO(outcome.err);
  CHECK(outcome.status == 0);
  CHECK(fs::exists(dir / "out.h5"));
}

// ---- The command line

TEST_CASE("command line: --help lists the commands", "[cli]") {
  TempDir dir;
  const Outcome outcome = run_in(dir, {"--help"});
  CHECK(outcome.status == 0);
  CHECK_THAT(outcome.out, Catch::Contains("  run SCENARIO.yaml"));
  CHECK_THAT(outcome.out, Catch::Contains("catalog"));
}

TEST_CASE("command line: --version", "[cli]") {
  TempDir dir;
  const Outcome outcome = run_in(dir, {"--version"});
  CHECK(outcome.status == 0);
  CHECK_THAT(outcome.out, Catch::StartsWith("terawatt "));
}

TEST_CASE("command line: no command", "[cli]") {
  TempDir dir;
  const Outcome outcome = run_in(dir, {});
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.err, Catch::StartsWith("terawatt: missing command"));
}

TEST_CASE("command line: unknown command", "[cli]") {
  TempDir dir;
  const Outcome outcome = run_in(dir, {"frobnicate"});
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.err, Catch::StartsWith("terawatt: unknown command 'frobnicate'"));
  CHECK(outcome.out.empty());
}

TEST_CASE("command line: run without a scenario", "[cli]") {
  TempDir dir;
  const Outcome outcome = run_in(dir, {"run"});
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.err, Catch::StartsWith("terawatt: run: missing the scenario file"));
}

TEST_CASE("command line: run with two scenarios", "[cli]") {
  TempDir dir;
  const Outcome outcome = run_in(dir, {"run", "a.yaml", "b.yaml"});
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.err, Catch::StartsWith("terawatt: run: "));
}

TEST_CASE("command line: nonexistent scenario file", "[cli]") {
  TempDir dir;
  const Outcome outcome = run_in(dir, {"run", "missing/nope.yaml", "-o", "out.h5"});
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.err, Catch::StartsWith("missing/nope.yaml: cannot open the scenario file"));
  check_no_output(dir);
}

TEST_CASE("command line: unknown option", "[cli]") {
  TempDir dir;
  dir.write("base.yaml", base_yaml);
  const Outcome outcome = run_in(dir, {"run", "base.yaml", "-o", "out.h5", "--frobnicate"});
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.err, Catch::StartsWith("terawatt: run: unrecognised option '--frobnicate'"));
  check_no_output(dir);
}

TEST_CASE("output: -o naming the scenario itself is refused and the scenario is untouched", "[cli][output]") {
  TempDir dir;
  dir.write("base.yaml", base_yaml);
  const Outcome outcome = run_in(dir, {"run", "base.yaml", "-o", "base.yaml"});
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.err, Catch::StartsWith("terawatt: -o base.yaml: 'base.yaml' is an input of this run"));
  CHECK(read_file(dir / "base.yaml") == base_yaml);
  CHECK(!fs::exists(dir / "base.yaml.partial"));
}

TEST_CASE("output: an empty -o is refused", "[cli][output]") {
  TempDir dir;
  dir.write("base.yaml", base_yaml);
  const Outcome outcome = run_in(dir, {"run", "base.yaml", "-o", ""});
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.err, Catch::StartsWith("terawatt: run: -o: the output path is empty"));
  CHECK(!fs::exists(dir / "base.h5"));
}

TEST_CASE("output: a directory as -o is refused", "[cli][output]") {
  TempDir dir;
  dir.write("base.yaml", base_yaml);
  fs::create_directory(dir / "results");
  const Outcome outcome = run_in(dir, {"run", "base.yaml", "-o", "results"});
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.err, Catch::StartsWith("terawatt: -o results: 'results' is a directory"));
  CHECK(fs::is_empty(dir / "results"));
}

TEST_CASE("output: a file that is not a terawatt output is replaced only with --force", "[cli][output]") {
  TempDir dir;
  dir.write("base.yaml", base_yaml);
  dir.write("notes.h5", "my notes\n");
  const Outcome refused = run_in(dir, {"run", "base.yaml", "-o", "notes.h5", "--quiet"});
  CHECK(refused.status == 2);
  CHECK_THAT(refused.err, Catch::Contains("exists and is not a terawatt output; refusing to replace it"));
  CHECK(read_file(dir / "notes.h5") == "my notes\n");
  const Outcome forced = run_in(dir, {"run", "base.yaml", "-o", "notes.h5", "--quiet", "--force"});
  CHECK(forced.status == 0);
  CHECK(read_file(dir / "notes.h5").substr(1, 3) == "HDF");
  // An earlier terawatt output is replaced without --force: reruns stay one command.
  const Outcome again = run_in(dir, {"run", "base.yaml", "-o", "notes.h5", "--quiet"});
  CHECK(again.status == 0);
}

TEST_CASE("output: a symbolic link planted at OUT.h5.partial is removed, never written through", "[cli][output]") {
  TempDir dir;
  dir.write("base.yaml", base_yaml);
  dir.write("target.txt", "keep me\n");
  fs::create_symlink("target.txt", dir / "out.h5.partial");
  const Outcome outcome = run_in(dir, {"run", "base.yaml", "-o", "out.h5", "--quiet"});
  CHECK(outcome.status == 0);
  CHECK(read_file(dir / "target.txt") == "keep me\n");
  CHECK(fs::exists(dir / "out.h5"));
  CHECK(!fs::exists(fs::symlink_status(dir / "out.h5.partial")));
}

TEST_CASE("command line: option without its value", "[cli]") {
  TempDir dir;
  dir.write("base.yaml", base_yaml);
  const Outcome outcome = run_in(dir, {"run", "base.yaml", "-o"});
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.err, Catch::Contains("'--output'"));
}

TEST_CASE("command line: unexpected argument to catalog", "[cli]") {
  TempDir dir;
  const Outcome outcome = run_in(dir, {"catalog", "extra"});
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.err, Catch::StartsWith("terawatt: catalog: unexpected argument 'extra'"));
}

TEST_CASE("command line: output in a nonexistent directory is a runtime failure", "[cli]") {
  TempDir dir;
  dir.write("base.yaml", base_yaml);
  const std::string output = (dir / "no-such-dir" / "out.h5").string();
  const Outcome outcome = run_in(dir, {"run", "base.yaml", "-o", output, "--quiet"});
  CHECK(outcome.status == 1);
  CHECK_THAT(outcome.err, Catch::StartsWith("terawatt: error: "));
  CHECK_THAT(outcome.err, Catch::Contains(output));
  CHECK_FALSE(fs::exists(dir / "no-such-dir"));
  check_no_output(dir);
}

TEST_CASE("command line: catalog lists the accelerators", "[cli]") {
  TempDir dir;
  const Outcome outcome = run_in(dir, {"catalog"});
  CHECK(outcome.status == 0);
  CHECK_THAT(outcome.out, Catch::Contains("h100-sxm"));
}

TEST_CASE("command line: keys prints the scenario reference as Markdown", "[cli]") {
  TempDir dir;
  const Outcome outcome = run_in(dir, {"keys"});
  CHECK(outcome.status == 0);
  CHECK_THAT(outcome.out, Catch::Contains("| key | type and units | default | meaning |\n|---|---|---|---|\n"));
  CHECK_THAT(outcome.out, Catch::Contains("| `sample_interval` | time ("));
}

TEST_CASE("command line: quickstart runs quietly and commits its output", "[cli]") {
  TempDir dir;
  const std::string output = (dir / "q.h5").string();
  const Outcome outcome = run_terawatt({"run", "scenarios/quickstart.yaml", "-o", output, "--quiet"},
                                       TERAWATT_SOURCE_DIR, dir / "stderr.txt");
  INFO(outcome.err);
  CHECK(outcome.status == 0);
  CHECK(outcome.out.empty());
  CHECK(fs::exists(output));
  CHECK_FALSE(fs::exists(output + ".partial"));
}

TEST_CASE("command line: SimGrid options pass through", "[cli]") {
  TempDir dir;
  dir.write("base.yaml", base_yaml);
  const Outcome outcome = run_in(dir, {"run", "base.yaml", "-o", "out.h5", "--quiet", "--cfg=network/model:CM02"});
  INFO(outcome.err);
  CHECK(outcome.status == 0);
  CHECK(outcome.out.empty());
  CHECK(fs::exists(dir / "out.h5"));
}

// boost::program_options reads "-1" as the unsigned 4294967295; a count of parallel jobs is digits only.
TEST_CASE("command line: --jobs of sweep and validate must be a whole number of at least 1", "[cli]") {
  TempDir dir;
  for (const std::string command : {"sweep", "validate"}) {
    for (const std::string jobs : {"-1", "0", "1.5", "x"}) {
      const Outcome outcome = run_in(dir, {command, "any.yaml", "--jobs=" + jobs});
      INFO(command << " --jobs=" << jobs << "\n" << outcome.err);
      CHECK(outcome.status == 2);
      CHECK_THAT(outcome.err, Catch::StartsWith("terawatt " + command + ": --jobs " + jobs +
                                                ": expected a whole number of at least 1"));
      CHECK(outcome.out.empty());
    }
  }
  // Nothing written: the directory holds only the captured stderr.
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
}

// SimGrid aborts on a malformed --cfg or --log setting; the program checks their syntax first.
TEST_CASE("command line: malformed SimGrid settings are usage errors", "[cli]") {
  TempDir dir;
  dir.write("base.yaml", base_yaml);
  for (const auto& [arg, message_start] : std::initializer_list<std::pair<std::string, std::string>>{
           {"--cfg=network/model", "terawatt: run: --cfg: 'network/model' is not a SimGrid setting"},
           {"--log=bogus", "terawatt: run: --log: 'bogus' is not a SimGrid log setting"},
           {"--log=root.bogus:1", "terawatt: run: --log: 'root.bogus:1' has unknown option 'bogus'"},
           {"--log=root.thres:loud", "terawatt: run: --log: 'root.thres:loud' has unknown level 'loud'"},
       }) {
    const Outcome outcome = run_in(dir, {"run", "base.yaml", "-o", "out.h5", "--quiet", arg});
    INFO(arg << "\n" << outcome.err);
    CHECK(outcome.status == 2);
    CHECK_THAT(outcome.err, Catch::StartsWith(message_start));
    check_no_output(dir);
  }
}

// SimGrid aborts (or crashes) inside the engine on these values, which its own syntax allows; the program refuses
// them before it reads the scenario, in one line.
TEST_CASE("command line: SimGrid settings the engine would abort on are usage errors", "[cli]") {
  TempDir dir;
  dir.write("base.yaml", base_yaml);
  for (const auto& [arg, message] : std::initializer_list<std::pair<std::string, std::string>>{
           {"--cfg=network/model:NOPE",
            "terawatt: run: --cfg: 'network/model:NOPE': 'NOPE' is not a valid network/model "
            "(expected one of: LV08, CM02, SMPI, IB)"},
           {"--cfg=network/model:Constant",
            "terawatt: run: --cfg: 'network/model:Constant': 'Constant' is not a valid network/model"},
           {"--cfg=cpu/optim:bogus",
            "terawatt: run: --cfg: 'cpu/optim:bogus': 'bogus' is not a valid cpu/optim (expected one of: Lazy, Full, "
            "TI)"},
           {"--cfg=contexts/factory:bogus",
            "terawatt: run: --cfg: 'contexts/factory:bogus': 'bogus' is not a valid contexts/factory "
            "(expected one of: raw, ucontext, boost, thread)"},
           {"--cfg=contexts/stack-size:-1",
            "terawatt: run: --cfg: 'contexts/stack-size:-1': '-1' is not a valid contexts/stack-size "
            "(expected a whole number of KiB from 64 to 2097151)"},
           {"--cfg=contexts/stack-size:4", "terawatt: run: --cfg: 'contexts/stack-size:4': '4' is not a valid"},
           {"--cfg=network/TCP-gamma:-1", "terawatt: run: --cfg: 'network/TCP-gamma:-1': '-1' is not a valid"},
           {"--cfg=network/model:help", "terawatt: run: --cfg: 'network/model:help': 'help' is not a valid"},
           {"--cfg=bogus/key:1",
            "terawatt: run: --cfg: 'bogus/key' is not a setting terawatt passes to SimGrid (expected one of: "
            "network/model, network/optim, cpu/optim,"},
           {"--log=root.app:file:no-such-dir/x.log",
            "terawatt: run: --log: 'root.app:file:no-such-dir/x.log': cannot write the log file: "
            "the directory 'no-such-dir' does not exist"},
           {"--log=root.app:file:.",
            "terawatt: run: --log: 'root.app:file:.': cannot write the log file: '.' is a "
            "directory"},
           {"--log=root.app:rollfile:1:x.log",
            "terawatt: run: --log: 'root.app:rollfile:1:x.log' has appender 'rollfile:1:x.log' "
            "(expected stdout, stderr or file:PATH)"},
           {"--log=root.fmt:%q", "terawatt: run: --log: 'root.fmt:%q' has an invalid layout '%q'"},
           {"--log=root.fmt:50%", "terawatt: run: --log: 'root.fmt:50%' has an invalid layout '50%'"},
       }) {
    const Outcome outcome = run_in(dir, {"run", "base.yaml", "-o", "out.h5", "--quiet", arg});
    INFO(arg << "\n" << outcome.err);
    CHECK(outcome.status == 2);
    CHECK_THAT(outcome.err, Catch::StartsWith(message));
    CHECK(outcome.err.find('\n') == outcome.err.size() - 1);  // one line
    check_no_output(dir);
  }
}

// The accepted settings are ones the engine runs with: each is tried on the base scenario (a training job whose
// all-reduce crosses the network).
TEST_CASE("command line: every accepted SimGrid setting runs", "[cli]") {
  TempDir dir;
  dir.write("base.yaml", base_yaml);
  for (const std::string arg :
       {"--cfg=network/model:LV08", "--cfg=network/model:SMPI", "--cfg=network/model:IB", "--cfg=network/optim:Full",
        "--cfg=cpu/optim:TI", "--cfg=contexts/factory:thread", "--cfg=contexts/factory:ucontext",
        "--cfg=contexts/factory:boost", "--cfg=contexts/stack-size:64", "--cfg=contexts/guard-size:0",
        "--cfg=network/crosstraffic:no network/TCP-gamma:4194304", "--log=root.thres:critical",
        "--log=root.fmt:[%10.3r]%e%m%n root.app:file:engine.log"}) {
    const Outcome outcome = run_in(dir, {"run", "base.yaml", "-o", "out.h5", "--quiet", arg});
    INFO(arg << "\n" << outcome.err);
    CHECK(outcome.status == 0);
    CHECK(fs::exists(dir / "out.h5"));
  }
}

// ---- Inference services (a second workload, lines 23-29)

const std::string service_lines =
    "  - name: svc\n"                                                                                // 23
    "    type: inference\n"                                                                          // 24
    "    modality: text\n"                                                                           // 25
    "    model: {parameters: 175e9, layers: 96, hidden_size: 12288, kv_heads: 96, head_dim: 128}\n"  // 26
    "    request: {prompt_tokens: 400, output_tokens: 300}\n"                                        // 27
    "    arrivals: {requests_per_day: 1e6}\n"                                                        // 28
    "    replicas: {accelerators: 8}\n";                                                             // 29
const std::string service_yaml = base_yaml + service_lines;

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

// ---- Inputs that would hang or exhaust memory, and files whose content must not be echoed. Each is refused
// before simulated time starts: the 10 s limit of run_terawatt turns a hang into a failure.

MALFORMED("a lone comma (yaml-cpp 0.7 loops on it, allocating)", ",",
          "bad.yaml:1:1: YAML syntax error: ',' outside a list or mapping in brackets (expected 'key: value' lines)")
MALFORMED("a comma after a complete document", "# a comment\n\"x\",\n",
          "bad.yaml:2:4: YAML syntax error: ',' outside a list or mapping in brackets")

namespace {

// Runs `terawatt run <scenario>` in `dir` and checks the refusal: exit 2, one line starting with `message_start`,
// nothing on stdout and no output file.
void check_scenario_path_rejected(const TempDir& dir, const std::string& scenario, const std::string& message_start) {
  const Outcome outcome = run_in(dir, {"run", scenario, "-o", "out.h5", "--quiet"});
  INFO("stderr:\n" << outcome.err);
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.err, Catch::StartsWith(message_start));
  CHECK(outcome.err.find('\n') == outcome.err.size() - 1);
  CHECK(outcome.out.empty());
  check_no_output(dir);
}

// Lines of a password file: content that must never appear in a message.
const std::string passwd_like = "root:x:0:0:root:/root:/bin/bash\nsecret:$6$saltsalt$hashhashhash:19000:0:99999:7:::\n";

}  // namespace

TEST_CASE("command line: a FIFO as the scenario is refused instead of blocking", "[cli][inputs]") {
  TempDir dir;
  REQUIRE(mkfifo((dir / "pipe.yaml").c_str(), 0600) == 0);
  check_scenario_path_rejected(dir, "pipe.yaml", "pipe.yaml: is a FIFO (named pipe) (expected a regular file)");
}

TEST_CASE("command line: a link to /dev/zero as the scenario is refused instead of read forever", "[cli][inputs]") {
  TempDir dir;
  fs::create_symlink("/dev/zero", dir / "zero.yaml");
  check_scenario_path_rejected(dir, "zero.yaml", "zero.yaml: is a character device (expected a regular file)");
}

TEST_CASE("command line: a directory as the scenario is refused as a directory", "[cli][inputs]") {
  TempDir dir;
  fs::create_directory(dir / "dir.yaml");
  check_scenario_path_rejected(dir, "dir.yaml", "dir.yaml: is a directory (expected a regular file)");
}

TEST_CASE("command line: a scenario over 16 MiB is refused before it is read", "[cli][inputs]") {
  TempDir dir;
  dir.write("huge.yaml", "");
  fs::resize_file(dir / "huge.yaml", (std::uintmax_t{16} << 20) + 1);  // sparse: no disk used
  check_scenario_path_rejected(dir, "huge.yaml",
                               "huge.yaml: is 16777217 bytes, more than the 16 MiB an input may have");
}

TEST_CASE("command line: a password file as the scenario is refused without printing its content", "[cli][inputs]") {
  TempDir dir;
  dir.write("passwd", passwd_like);
  check_scenario_path_rejected(dir, "passwd", "passwd:");
  const std::string err = read_file(dir / "stderr.txt");
  CHECK(err.find("root:x") == std::string::npos);
  CHECK(err.find("saltsalt") == std::string::npos);
}

namespace {

// The password lines saved as the weather file `name` of the base: refused with a message starting with
// "<the key>: ./<name>:1: <problem_start>", and no part of the file in it.
void check_password_weather_rejected(const std::string& name, const std::string& problem_start) {
  TempDir dir;
  dir.write(name, passwd_like);
  check_rejected_in(dir, edit("    pue: 1.1\n", "    facility: {preset: hyperscale, weather_file: " + name + "}\n"),
                    "bad.yaml:8:50: sites.iowa.facility.weather_file: ./" + name + ":1: " + problem_start);
  CHECK(read_file(dir / "stderr.txt").find("root") == std::string::npos);
}

}  // namespace

TEST_CASE("inputs: a password file as the weather file is refused without printing its content", "[cli][inputs]") {
  check_password_weather_rejected(
      "weather.csv", "the first header field is not 'time' (expected a header such as 'time,dry_bulb [C]'");
}

TEST_CASE("inputs: a password file as an EPW weather file is refused without printing its content", "[cli][inputs]") {
  check_password_weather_rejected("weather.epw",
                                  "is not the LOCATION header record (expected a line starting with 'LOCATION'");
}

TEST_CASE("inputs: a FIFO as the grid file is refused instead of blocking", "[cli][inputs]") {
  TempDir dir;
  REQUIRE(mkfifo((dir / "grid.csv").c_str(), 0600) == 0);
  check_rejected_in(
      dir, edit("    carbon_intensity: 352 g/kWh\n", "    grid: {file: grid.csv}\n"),
      "bad.yaml:9:18: sites.iowa.grid.file: ./grid.csv: is a FIFO (named pipe) (expected a regular file)");
}

TEST_CASE("inputs: a link to /dev/zero as the weather file is refused instead of read forever", "[cli][inputs]") {
  TempDir dir;
  fs::create_symlink("/dev/zero", dir / "zero.csv");
  check_rejected_in(dir, edit("    pue: 1.1\n", "    facility: {preset: hyperscale, weather_file: zero.csv}\n"),
                    "bad.yaml:8:50: sites.iowa.facility.weather_file: ./zero.csv: is a character device (expected a "
                    "regular file)");
}

TEST_CASE("inputs: a weather file over 256 MiB is refused before it is read", "[cli][inputs]") {
  TempDir dir;
  dir.write("huge.csv", "");
  fs::resize_file(dir / "huge.csv", (std::uintmax_t{256} << 20) + 1);  // sparse: no disk used
  check_rejected_in(dir, edit("    pue: 1.1\n", "    facility: {preset: hyperscale, weather_file: huge.csv}\n"),
                    "bad.yaml:8:50: sites.iowa.facility.weather_file: ./huge.csv: is 268435457 bytes, more than the "
                    "256 MiB an input may have");
}

TEST_CASE("inputs: a FIFO as the arrival trace is refused instead of blocking", "[cli][inputs]") {
  TempDir dir;
  REQUIRE(mkfifo((dir / "arrivals.csv").c_str(), 0600) == 0);
  check_rejected_in(dir, edit("requests_per_day: 1e6", "trace: arrivals.csv", service_yaml),
                    "bad.yaml:28:23: workloads.svc.arrivals.trace: " + (dir / "arrivals.csv").string() +
                        ": is a FIFO (named pipe) (expected a regular file)");
}

TEST_CASE("inputs: a password file as the arrival trace is refused without printing its content", "[cli][inputs]") {
  TempDir dir;
  dir.write("arrivals.csv", passwd_like);
  check_rejected_in(dir, edit("requests_per_day: 1e6", "trace: arrivals.csv", service_yaml),
                    "bad.yaml:28:23: workloads.svc.arrivals.trace: " + (dir / "arrivals.csv").string() +
                        ":1: is not the header 'time' (expected 'time' on the first line)");
  CHECK(read_file(dir / "stderr.txt").find("root") == std::string::npos);
}

// ---- Limits on the work a scenario implies, each refused before simulated time starts.

MALFORMED("1e12 servers at 1e6 per host: a million hosts",
          edit("    servers: 4\n    accelerators_per_server: 8\n",
               "    servers: 1e12\n    servers_per_host: 1e6\n    accelerators_per_server: 8\n",
               edit("    accelerators: 16\n", "    accelerators: 8000000\n")),
          "bad.yaml:14:14: clusters.h100-pod.servers: 1000000000000 servers at 1000000 per host bring the scenario "
          "to 1000000 simulated hosts, more than the 100000 one run can hold (expected fewer hosts: set "
          "servers_per_host")
// 16 accelerators failing at 1/(1 us) each, restarting after 1 us: 86400 s / (1 us / 16 + 1 us) = 8.132e10.
MALFORMED("an mtbf of 1 us: about 8e10 failures in a day",
          add_after("    mfu: 40 %\n", "    mtbf: 1 us\n    restart_delay: 1 us\n"),
          "bad.yaml:23:11: workloads.llm.mtbf: 1e-06 s per accelerator on 16 accelerators with a restart_delay of "
          "1e-06 s means about 8.132e+10 failures over 8.64e+04 s, more than 1e+05 (expected a longer mtbf")
// 86400 s / 1 us = 8.64e10 intervals, times 1 + 4 replicas (32 accelerators / 8).
MALFORMED("a control interval of 1 us at request fidelity",
          edit("{accelerators: 8}\n", "{accelerators: 8}\n    fidelity: request\n    control_interval: 1 us\n",
               service_yaml),
          "bad.yaml:31:23: workloads.svc.control_interval: 1e-06 s over the run makes 8.64e+10 control intervals x "
          "(1 + 4 replicas at request fidelity) = 4.32e+11 wake-ups, more than 1e+09 (expected a control interval "
          "of at least 0.000432 s, or fidelity: batch or fluid)")
MALFORMED("a control interval of 1 us at fluid fidelity",
          edit("{accelerators: 8}\n", "{accelerators: 8}\n    fidelity: fluid\n    control_interval: 1 us\n",
               service_yaml),
          "bad.yaml:31:23: workloads.svc.control_interval: 1e-06 s over the run makes 8.64e+10 control intervals = "
          "8.64e+10 wake-ups, more than 1e+09 (expected a control interval of at least 8.64e-05 s)")
// 1e5 yr x 8760 h/yr = 8.76e8 hourly values; 1e6 hours are 114.2 years of 8760 h.
MALFORMED("a 100000-year duration with weather",
          edit("  duration: 1 d\n  sample_interval: 1 h\n", "  duration: 100000 yr\n  sample_interval: 1 yr\n",
               edit("    pue: 1.1\n", "    facility: {preset: hyperscale, climate: iowa}\n")),
          "bad.yaml:8:24: sites.iowa.facility.preset: a time-varying input holds one value per hour of the run: "
          "scenario.duration makes 8.76e+08 hours, more than 1e+06 (expected a duration of at most 114.2 years")
MALFORMED("a deferrable deadline beyond the horizon",
          add_after("    mfu: 40 %\n", "    deferrable: {deadline: 1000000 yr, policy: forecast}\n"),
          "bad.yaml:23:28: workloads.llm.deferrable.deadline: 3.154e+13 s after the job's start at 0 s ends after "
          "the run's horizon of 8.64e+04 s (expected a deadline of at most 8.64e+04 s, or a longer scenario.duration)")
MALFORMED("a sub-nanosecond duration", edit("  duration: 1 d\n", "  duration: 1e-10 s\n"),
          "bad.yaml:4:13: scenario.duration: 1e-10 s is shorter than 1 us, the finest time a run resolves")
MALFORMED("a sample interval under 1 us",
          edit("  duration: 1 d\n  sample_interval: 1 h\n", "  duration: 1 ms\n  sample_interval: 1e-7 s\n"),
          "bad.yaml:5:20: scenario.sample_interval: 1e-07 s is shorter than 1 us, the finest time a run resolves")

// A replica woke at the boundary k x 0.2 s and computed the next boundary from floor(t / 0.2), which for some k is
// k - 1 (0.2 is not exact in binary): the next boundary was the clock itself and the replica spun without
// advancing time (between 3 h and 6 h of simulated time here). 6 h at 0.2 s is 108,000 intervals, a fraction of a
// second of work.
TEST_CASE("command line: a request-fidelity service with a 0.2 s control interval runs to its horizon", "[cli]") {
  TempDir dir;
  dir.write("svc.yaml", edit("  duration: 1 d\n", "  duration: 6 h\n",
                             edit("{accelerators: 8}\n",
                                  "{accelerators: 8}\n    fidelity: request\n"
                                  "    control_interval: 0.2 s\n",
                                  edit("requests_per_day: 1e6", "requests_per_day: 1e3", service_yaml))));
  const Outcome outcome = run_in(dir, {"run", "svc.yaml", "-o", "out.h5", "--quiet"});
  INFO("stderr:\n" << outcome.err);
  CHECK(outcome.status == 0);
  CHECK(fs::exists(dir / "out.h5"));
}
