// The README's references are generated from, or checked against, the code, so that docs cannot drift.

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
}  // namespace

TEST_CASE("README's scenario reference is the one the schema generates") {
  // Regenerate with `terawatt keys` and paste between the markers.
  const std::string text = readme();
  const std::string begin = "<!-- BEGIN terawatt keys -->\n";
  const std::string end = "<!-- END terawatt keys -->";
  const auto first = text.find(begin);
  const auto last = text.find(end);
  REQUIRE(first != std::string::npos);
  REQUIRE(last != std::string::npos);
  CHECK(text.substr(first + begin.size(), last - first - begin.size()) == scenario_reference_markdown());
}

TEST_CASE("README's output reference lists every time-series variable with its units") {
  const std::string text = readme();
  for (const auto& variable : Sampler::variables(true, true)) {
    INFO(variable.name);
    CHECK(text.find("| `" + variable.name + "` | time, " + variable.dimension + " | " + variable.units + " |") !=
          std::string::npos);
  }
}
