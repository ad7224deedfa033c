#include "models/base/nearest_name.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using terawatt::edit_distance;
using terawatt::nearest_name;

TEST_CASE("edit_distance counts insertions, deletions, substitutions", "[nearest_name]") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("duration", "duration") == 0);
  CHECK(edit_distance("duraton", "duration") == 1);
  CHECK(edit_distance("durationn", "duration") == 1);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("flaw", "lawn") == 2);
}

TEST_CASE("edit_distance counts an adjacent transposition as 1", "[nearest_name]") {
  CHECK(edit_distance("ab", "ba") == 1);
  CHECK(edit_distance("duartion", "duration") == 1);
  // Optimal string alignment does not edit a substring twice, so "ca" -> "abc"
  // is 3, not the unrestricted Damerau distance of 2.
  CHECK(edit_distance("ca", "abc") == 3);
}

TEST_CASE("edit_distance is symmetric and case-sensitive", "[nearest_name]") {
  CHECK(edit_distance("pue", "PUE") == 3);
  CHECK(edit_distance("a100-sxm4", "a100-pcie") == edit_distance("a100-pcie", "a100-sxm4"));
}

TEST_CASE("nearest_name suggests close keys", "[nearest_name]") {
  const std::vector<std::string> keys = {"duration", "accelerator", "servers", "pue", "seed"};
  CHECK(nearest_name("duraton", keys) == "duration");
  CHECK(nearest_name("duartion", keys) == "duration");
  CHECK(nearest_name("acelerator", keys) == "accelerator");
  CHECK(nearest_name("accelerater", keys) == "accelerator");
  CHECK(nearest_name("server", keys) == "servers");
  CHECK(nearest_name("peu", keys) == "pue");
}

TEST_CASE("nearest_name is case-insensitive and keeps the candidate's spelling", "[nearest_name]") {
  const std::vector<std::string> keys = {"Duration", "PUE"};
  CHECK(nearest_name("DURATON", keys) == "Duration");
  CHECK(nearest_name("pue", keys) == "PUE");
}

namespace {
// Catalog names, in catalog order.
const std::vector<std::string> names = {
    "v100-sxm2", "a100-sxm4-80gb", "a100-pcie-80gb", "h100-sxm", "h100-pcie", "h200-sxm", "b200"};
}  // namespace

TEST_CASE("nearest_name suggests accelerator names", "[nearest_name]") {
  CHECK(nearest_name("h100-smx", names) == "h100-sxm");
  CHECK(nearest_name("a100-sxm4-80g", names) == "a100-sxm4-80gb");
  CHECK(nearest_name("H100-SXM", names) == "h100-sxm");
  CHECK(nearest_name("b100", names) == "b200");
}

TEST_CASE("nearest_name reads a beginning or the beginnings of words as an abbreviation", "[nearest_name]") {
  // "h100" is two edits from "b200" and five from "h100-sxm": the beginning decides, not the spelling.
  CHECK(nearest_name("h100", names) == "h100-sxm");
  CHECK(nearest_name("H100-PCI", names) == "h100-pcie");
  CHECK(nearest_name("a100-pcie", names) == "a100-pcie-80gb");
  CHECK(nearest_name("a100-80gb", names) == "a100-sxm4-80gb");
  CHECK(nearest_name("dur", {"seed", "duration"}) == "duration");
  // Two characters abbreviate too much: edit distance decides, as for any other name.
  CHECK(nearest_name("h1", names).empty());
  // The same name in another case comes before any abbreviation.
  CHECK(nearest_name("SEED", {"seeds", "seed"}) == "seed");
}

TEST_CASE("nearest_name gives no suggestion for unrelated words", "[nearest_name]") {
  const std::vector<std::string> keys = {"duration", "accelerator", "servers", "pue", "seed"};
  CHECK(nearest_name("banana", keys).empty());
  CHECK(nearest_name("carbon_intensity", keys).empty());
  CHECK(nearest_name("xyz", keys).empty());
  CHECK(nearest_name("", keys).empty());
  CHECK(nearest_name("duration", {}).empty());
  // Within two edits but sharing no character position: not a useful hint.
  CHECK(nearest_name("ab", {"xy"}).empty());
}

TEST_CASE("nearest_name allows more edits for longer names", "[nearest_name]") {
  // A 15-character name gets a limit of 5, so three edits are accepted.
  const std::vector<std::string> keys = {"hourly_grid_carbon"};
  CHECK(nearest_name("hourly_grd_crbn", keys) == "hourly_grid_carbon");
  // Ties go to the earlier candidate.
  CHECK(nearest_name("cat", {"bat", "hat"}) == "bat");
}
