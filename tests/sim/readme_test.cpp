// The README's references are generated from, or checked against, the code, so that docs cannot drift.

#include "sim/record/output_reference.hpp"
#include "sim/record/sampler.hpp"
#include "sim/scenario/scenario_schema.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace terawatt;

namespace {
std::string readme() {
  std::ifstream in(std::string(TERAWATT_SOURCE_DIR) + "/README.md");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The README's text between `<!-- BEGIN name -->` and `<!-- END name -->`.
std::string generated_block(const std::string& name) {
  const std::string text = readme();
  const std::string begin = "<!-- BEGIN " + name + " -->\n";
  const auto first = text.find(begin);
  const auto last = text.find("<!-- END " + name + " -->");
  REQUIRE(first != std::string::npos);
  REQUIRE(last != std::string::npos);
  return text.substr(first + begin.size(), last - first - begin.size());
}
}  // namespace

TEST_CASE("README's scenario reference is the one the schema generates") {
  // Regenerate with `terawatt keys` and paste between the markers.
  CHECK(generated_block("terawatt keys") == scenario_reference_markdown());
}

TEST_CASE("README's output reference is the one the variable declarations generate") {
  // Regenerate with `terawatt outputs` and paste between the markers.
  CHECK(generated_block("terawatt outputs") == output_reference_markdown());
}

TEST_CASE("The summary reference lists every /summary variable a run writes") {
  const std::string table = summary_reference_markdown();
  for (const char* name : {"it_energy", "mean_pue", "workload_energy", "modality", "energy_per_request"}) {
    INFO(name);
    CHECK(table.find(std::string("| `") + name + "` |") != std::string::npos);
  }
  CHECK(table.find("flags: 0 text, 1 image, 2 video") != std::string::npos);
}

TEST_CASE("The time-series reference lists every variable of a row with its dimension and units") {
  const std::string table = timeseries_reference_markdown();
  for (const auto& variable : Sampler::all_variables()) {
    INFO(variable.name);
    CHECK(table.find("| `" + variable.name + "` | time, " + variable.dimension + " | " + variable.units + " | " +
                     variable.long_name) != std::string::npos);
  }
}
