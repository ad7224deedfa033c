// Inputs that would hang, exhaust memory or leak a file's content, and limits on the work a scenario implies:
// each is refused before simulated time starts.

#include "cli_harness.hpp"

#include <catch2/catch.hpp>

using namespace cli_test;

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
                        ":1: the header has no column 'time' (expected a first line naming the trace's columns, "
                        "separated by commas)");
  CHECK(read_file(dir / "stderr.txt").find("root") == std::string::npos);
}

// ---- Limits on the work a scenario implies, each refused before simulated time starts.

MALFORMED("1e13 servers at 1e6 per host: ten million hosts",
          edit("    servers: 4\n    accelerators_per_server: 8\n",
               "    servers: 1e13\n    servers_per_host: 1e6\n    accelerators_per_server: 8\n",
               edit("    accelerators: 16\n", "    accelerators: 8000000\n")),
          "bad.yaml:14:14: clusters.h100-pod.servers: 10000000000000 servers at 1000000 per host bring the scenario "
          "to 10000000 simulated hosts, more than the 1000000 one run can hold (expected fewer hosts: set "
          "servers_per_host")
// 16 accelerators failing at 1/(1 us) each, restarting after 1 us: 86400 s / (1 us / 16 + 1 us) = 8.132e10.
MALFORMED("an mtbf of 1 us: about 8e10 failures in a day",
          add_after("    mfu: 40 %\n", "    mtbf: 1 us\n    restart_delay: 1 us\n"),
          "bad.yaml:23:11: workloads.llm.mtbf: 1e-06 s per accelerator on 16 accelerators with a restart_delay of "
          "1e-06 s means about 8.132e+10 failures over 8.64e+04 s, more than 1e+05 (expected a longer mtbf")
// 86400 s / 1 us = 8.64e10 intervals: the driver wakes once per interval at every fidelity (request fidelity's
// replicas have no actors of their own).
MALFORMED("a control interval of 1 us at request fidelity",
          edit("{accelerators: 8}\n", "{accelerators: 8}\n    fidelity: request\n    control_interval: 1 us\n",
               service_yaml),
          "bad.yaml:31:23: workloads.svc.control_interval: 1e-06 s over the run makes 8.64e+10 control intervals, "
          "more than 1e+09 (expected a control interval of at least 8.64e-05 s)")
MALFORMED("a control interval of 1 us at fluid fidelity",
          edit("{accelerators: 8}\n", "{accelerators: 8}\n    fidelity: fluid\n    control_interval: 1 us\n",
               service_yaml),
          "bad.yaml:31:23: workloads.svc.control_interval: 1e-06 s over the run makes 8.64e+10 control intervals, "
          "more than 1e+09 (expected a control interval of at least 8.64e-05 s)")
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

// ---- Values that parse but mean a job that never ends or a demand no population makes.

// 1e308 FLOP on 16 H100 at 40 %: about 1.6e287 years.
MALFORMED("flops of 1e308: a job of 1e287 years", edit("flops: 1e20 FLOP", "flops: 1e308 FLOP"),
          "bad.yaml:20:12: workloads.llm.flops: 1e+308 FLOP at an mfu of 0.4 on 16 h100-sxm means a run of ")
MALFORMED("an mfu of 1e-320 %: the rate is what is wrong", edit("mfu: 40 %", "mfu: 1e-320 %"),
          "bad.yaml:22:10: workloads.llm.mfu: 1e+20 FLOP at an mfu of ")
MALFORMED("parameters and tokens making infinite FLOPs",
          edit("    flops: 1e20 FLOP\n", "    parameters: 7e9\n    tokens: 1e300\n"),
          "bad.yaml:21:13: workloads.llm.tokens: inf FLOP at an mfu of 0.4 on 16 h100-sxm means a run of inf yr, "
          "more than 1000 yr")
MALFORMED("1e300 users: a demand no population makes",
          edit("{requests_per_day: 1e6}", "{users: 1e300, queries_per_user_per_day: 10}", service_yaml),
          "bad.yaml:28:23: workloads.svc.arrivals.users: 1e+301 requests a day is more than 1e+13, over a thousand "
          "for every person on Earth")
MALFORMED("1e14 requests a day", edit("{requests_per_day: 1e6}", "{requests_per_day: 1e14}", service_yaml),
          "bad.yaml:28:34: workloads.svc.arrivals.requests_per_day: 1e+14 requests a day is more than 1e+13")

namespace {

// The base scenario with 1 ms samples over its day and 200 more jobs queued behind the first: 8.64e7 rows of 220
// values (2 cluster, 17 site and 201 workload series), 1.9e10 values, past the 1e10 one output may hold.
std::string millisecond_samples_of_many_jobs() {
  std::string yaml = edit("  sample_interval: 1 h\n", "  sample_interval: 1 ms\n");
  for (int i = 0; i < 200; ++i) {
    yaml += "  - {name: queued-" + std::to_string(i) +
            ", type: training, cluster: h100-pod, flops: 1e18 FLOP, accelerators: 16, mfu: 40 %}\n";
  }
  return yaml;
}

}  // namespace

MALFORMED("1 ms samples of 201 jobs over a day: an output of 1e10+ values", millisecond_samples_of_many_jobs(),
          "bad.yaml:5:20: scenario.sample_interval: 0.001 s gives 8.64e+07 samples of 221 values each, 1.909e+10 "
          "values (153.4 GB before compression), more than 1e+10")
