// The command line end to end: --set overrides, usage errors, the output file, SimGrid settings.

#include "cli_harness.hpp"

#include <catch2/catch.hpp>

using namespace cli_test;

// ---- --set overrides: validated like the file, located at the override

TEST_CASE("override --set: unknown key with a suggestion", "[cli][set]") {
  check_override_rejected("clusters.h100-pod.servrs=3",
                          "clusters.h100-pod.servrs: unknown key (did you mean 'servers'?)");
}

TEST_CASE("override --set: unknown key in the middle of the path", "[cli][set]") {
  check_override_rejected("scenario.nme.x=3", "scenario.nme: unknown key (did you mean 'name'?)");
}

TEST_CASE("override --set: a catalog name's beginning suggests the name, not a near spelling", "[cli][set]") {
  // 'h100' is two edits from 'b200': the catalog name it begins is the one meant.
  check_override_rejected("clusters.h100-pod.accelerator=h100",
                          "clusters.h100-pod.accelerator: unknown accelerator 'h100' (did you mean 'h100-sxm'?)");
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
  check_override_rejected("clusters.h100-pod.servers",
                          "expected key.path=value in one argument, e.g. --set clusters.h100-pod.servers=VALUE");
}

TEST_CASE("override --set: a space for the '=' gets the argument it meant", "[cli][set]") {
  // Boost alone would only say "too many positional options have been specified on the command line".
  check_rejected(base_yaml,
                 "--set scenario.duration: expected key.path=value in one argument, e.g. --set "
                 "scenario.duration=2d",
                 {"--set", "scenario.duration", "2d"});
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

TEST_CASE("output: -o in a folder that does not exist is refused before the run", "[cli][output]") {
  TempDir dir;
  dir.write("base.yaml", base_yaml);
  const Outcome outcome = run_in(dir, {"run", "base.yaml", "-o", "no-such-folder/out.h5"});
  CHECK(outcome.status == 2);
  // Refused before the run, not when HDF5 fails to create no-such-folder/out.h5.partial after it.
  CHECK(outcome.err ==
        "terawatt: -o no-such-folder/out.h5: the folder 'no-such-folder' does not exist (expected an "
        "existing folder: create it first)\n");
  CHECK(!fs::exists(dir / "no-such-folder"));
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
  // SimGrid's notice of the setting ("[xbt_cfg/INFO] Configuration change") is not an error: --quiet hides it.
  CHECK(outcome.err.empty());
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

TEST_CASE("command line: a Slurm sweep into a folder whose name holds a space is refused and writes nothing", "[cli]") {
  TempDir dir;
  const std::string sweep = std::string(TERAWATT_SOURCE_DIR) + "/scenarios/sweeps/quickstart-facility.yaml";
  const Outcome outcome = run_in(dir, {"sweep", sweep, "--slurm", "-o", "a b"});
  INFO(outcome.err);
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.err, Catch::Contains("contains white space, which an #SBATCH line cannot hold"));
  CHECK_FALSE(fs::exists(dir.path() / "a b"));
}
