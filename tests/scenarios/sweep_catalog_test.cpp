// `--catalog` beyond `terawatt run` of a simulation: a sweep passes its catalog files, as absolute paths, to every
// point's run (local pool, Slurm array task and the sbatch script), and a projection's generations and facilities
// may name the catalog's.

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

TEST_CASE("run --catalog: a projection's generations and facilities may name the catalog's", "[cli][catalog]") {
  TempDir dir;
  dir.write("mine.yaml", catalog_text);
  dir.write("fleet.yaml",
            "scenario: {name: fleet}\n"
            "projection:\n"
            "  first_year: 2024\n"
            "  last_year: 2025\n"
            "  cases: [{name: base}]\n"
            "  regions: [{name: us, climate: iowa, carbon_intensity: 400 g/kWh}]\n"
            "  segments:\n"
            "    - {name: ai, kind: training, facility: lossy, utilisation: 50 %, installed: 100, history_growth: 0,\n"
            "       lifetime: 5 yr, generations: [{name: mine, server: my-box}]}\n"
            "  representative: {weeks: 1, duration: 1 d}\n");
  const Outcome without = run_in(dir, {"run", "fleet.yaml"});
  CHECK(without.status == 2);
  CHECK_THAT(without.err, Catch::Contains("unknown facility preset 'lossy'") || Catch::Contains("my-box"));
  check_no_output(dir, "fleet.h5");
  const Outcome with = run_in(dir, {"run", "fleet.yaml", "--catalog", "mine.yaml"});
  INFO(with.out << with.err);
  REQUIRE(with.status == 0);
  CHECK_THAT(with.out, Catch::Contains("8 x my-gpu"));
  CHECK_THAT(with.out, Catch::Contains("8.00"));  // the catalog server's 8 kW nameplate
}
