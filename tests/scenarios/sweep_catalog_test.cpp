// `--catalog` beyond `terawatt run`: a sweep passes its catalog files, as absolute paths, to every point's run (local
// pool, Slurm array task and the sbatch script), and a projection, which names built-in hardware only, refuses it.

#include "cli_harness.hpp"

#include <catch2/catch.hpp>

using namespace cli_test;

namespace {

// A catalog file with a facility preset and an accelerator and server that only it declares.
const std::string catalog_text =
    "accelerators:\n  - name: my-gpu\n    based_on: h100-sxm\n    tdp: 600 W\n"
    "servers:\n  - name: my-box\n    accelerator: my-gpu\n    accelerators_per_server: 8\n    max_power: 8 kW\n"
    "facilities:\n  - name: lossy\n    based_on: enterprise\n    other_fixed_w_per_w_capacity: 0.12\n";

// The base on the catalog's accelerator and on a plant, swept over the built-in preset and the catalog's: 2 points.
void write_sweep(const TempDir& dir) {
  dir.write("mine.yaml", catalog_text);
  const std::string on_gpu = edit("    accelerator: h100-sxm\n", "    accelerator: my-gpu\n");
  dir.write("base.yaml",
            edit("    pue: 1.1\n", "    facility: {preset: enterprise, capacity: 1 MW, climate: iowa}\n", on_gpu));
  dir.write("sweep.yaml",
            "sweep:\n  name: presets\n  scenario: base.yaml\naxes:\n"
            "  - sites.iowa.facility.preset: [enterprise, lossy]\nmetrics:\n  - facility_energy\n");
}

}  // namespace

TEST_CASE("sweep --catalog: every point's run reads the catalog file", "[cli][sweep][catalog]") {
  TempDir dir;
  write_sweep(dir);
  const Outcome without = run_in(dir, {"sweep", "sweep.yaml", "-o", "out", "--plan"});
  CHECK(without.status == 2);
  CHECK_THAT(without.err, Catch::Contains("accelerator") && Catch::Contains("my-gpu"));
  const Outcome local = run_in(dir, {"sweep", "sweep.yaml", "-o", "out", "--jobs", "1", "--catalog", "mine.yaml"});
  INFO(local.out << local.err);
  REQUIRE(local.status == 0);
  std::size_t outputs = 0;
  for (const auto& entry : fs::directory_iterator(dir / "out" / "points")) outputs += entry.path().extension() == ".h5";
  CHECK(outputs == 2);
}

TEST_CASE("sweep --catalog: a Slurm array task and the sbatch script carry the absolute path",
          "[cli][sweep][catalog]") {
  TempDir dir;
  write_sweep(dir);
  const Outcome task = run_in(dir, {"sweep", "sweep.yaml", "-o", "array", "--catalog", "mine.yaml", "--index", "1"});
  INFO(task.out << task.err);
  CHECK(task.status == 0);
  const Outcome script = run_in(dir, {"sweep", "sweep.yaml", "-o", "array", "--catalog", "mine.yaml", "--slurm"});
  INFO(script.out << script.err);
  REQUIRE(script.status == 0);
  const std::string absolute = fs::canonical(dir / "mine.yaml").string();
  CHECK_THAT(read_file(dir / "array" / "sweep.sbatch"), Catch::Contains("--catalog " + shell_quoted(absolute)));
}

TEST_CASE("run --catalog: a projection refuses it, naming what it reads instead", "[cli][catalog]") {
  TempDir dir;
  dir.write("mine.yaml", catalog_text);
  const Outcome outcome = run_in(
      dir, {"run", std::string(TERAWATT_SOURCE_DIR) + "/scenarios/iea-2022-2026.yaml", "--catalog", "mine.yaml"});
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.err,
             Catch::StartsWith("terawatt: run: --catalog mine.yaml: a projection names built-in hardware"));
  check_no_output(dir, "iea-2022-2026.h5");
}
