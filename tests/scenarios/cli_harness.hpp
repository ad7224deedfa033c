#pragma once
// The terawatt program end to end (docs/design.md section 4, Errors, and section 8, CLI): every malformed scenario and
// every bad command line ends with a one-line message and exit code 2, never a crash or a hang, and leaves no
// output file behind (neither OUT.h5 nor OUT.h5.partial). A scenario message reads
//   file:line:col: key.path: problem (expected ...)
// and a --set override's reads `--set key.path=value: key.path: problem`.
//
// Each malformed scenario is the valid base below with one thing changed, run as
//   terawatt run bad.yaml -o out.h5 --quiet
// in a fresh temporary directory, so that the message starts with "bad.yaml:line:col:" exactly.
//
// This header is the harness the CLI test files share: the base scenario, a temporary directory, the program
// run with a time limit, and the checks of a refusal.

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

namespace cli_test {

// Lines 1-15: everything but the workloads. Line and column numbers in the expectations below refer to this text.
inline const std::string base_sections =
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
inline const std::string base_workloads =
    "workloads:\n"             // 16
    "  - name: llm\n"          // 17
    "    type: training\n"     // 18
    "    cluster: h100-pod\n"  // 19
    "    flops: 1e20 FLOP\n"   // 20
    "    accelerators: 16\n"   // 21
    "    mfu: 40 %\n";         // 22

// The valid base scenario: it runs in well under 0.1 s.
inline const std::string base_yaml = base_sections + base_workloads;

// Lines 23-29: an inference service appended to the base.
inline const std::string service_lines =
    "  - name: svc\n"                                                                                // 23
    "    type: inference\n"                                                                          // 24
    "    modality: text\n"                                                                           // 25
    "    model: {parameters: 175e9, layers: 96, hidden_size: 12288, kv_heads: 96, head_dim: 128}\n"  // 26
    "    request: {prompt_tokens: 400, output_tokens: 300}\n"                                        // 27
    "    arrivals: {requests_per_day: 1e6}\n"                                                        // 28
    "    replicas: {accelerators: 8}\n";                                                             // 29
inline const std::string service_yaml = base_yaml + service_lines;

// `yaml` (the base by default) with `from`, which must occur exactly once, replaced by `to`.
inline std::string edit(const std::string& from, const std::string& to, const std::string& yaml = base_yaml) {
  const auto at = yaml.find(from);
  if (at == std::string::npos || yaml.find(from, at + 1) != std::string::npos) {
    throw std::logic_error("edit: '" + from + "' does not occur exactly once in the scenario");
  }
  std::string result = yaml;
  result.replace(at, from.size(), to);
  return result;
}

// `text` with `line` inserted after it: a key added without moving the lines before it.
inline std::string add_after(const std::string& text, const std::string& line) {
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

inline std::string shell_quoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

inline std::string read_file(const fs::path& path) {
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
inline Outcome run_terawatt(const std::vector<std::string>& args, const fs::path& cwd, const fs::path& stderr_file) {
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
inline Outcome run_in(const TempDir& dir, const std::vector<std::string>& args) {
  return run_terawatt(args, dir.path(), dir / "stderr.txt");
}

inline void check_no_output(const TempDir& dir, const std::string& name = "out.h5") {
  CHECK_FALSE(fs::exists(dir / name));
  CHECK_FALSE(fs::exists(dir / (name + ".partial")));
}

// `yaml` saved as bad.yaml and run: it must be refused with exit 2, a message that starts with `message_start`
// (file:line:col: key.path: problem), nothing on stdout and no output file.
// Files besides bad.yaml (name, text) are written into the directory first.
inline void check_rejected_in(const TempDir& dir, const std::string& yaml, const std::string& message_start,
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

inline void check_rejected(const std::string& yaml, const std::string& message_start,
                           const std::vector<std::string>& extra_args = {},
                           const std::vector<std::pair<std::string, std::string>>& files = {}) {
  TempDir dir;
  check_rejected_in(dir, yaml, message_start, extra_args, files);
}

// The valid base with one `--set` override that must be refused: the message starts with `--set <override>: `.
inline void check_override_rejected(const std::string& override_text, const std::string& problem_start) {
  check_rejected(base_yaml, "--set " + override_text + ": " + problem_start, {"--set", override_text});
}

}  // namespace cli_test

// One TEST_CASE per malformed scenario: (what is wrong, YAML, start of the expected message).
#define MALFORMED(what, yaml, message_start)                   \
  TEST_CASE("malformed scenario: " what, "[cli][malformed]") { \
    check_rejected(yaml, message_start);                       \
  }
