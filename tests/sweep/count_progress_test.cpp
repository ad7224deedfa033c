// Progress of counted work (sim/app/common/count_progress.hpp), as `terawatt validate` shows it: a terminal line
// rewritten as items finish and erased at the end; in a log, a line at each tenth once ten seconds have passed.
#include "sim/app/common/count_progress.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

TEST_CASE("a terminal line counts the items done and the time left, and is erased at the end") {
  CountProgress progress(ProgressStyle::terminal, 4, "cases");
  const std::string first = "\r  1 of 4 cases done (last: t5-predicted), about 6 s left";
  CHECK(progress.finished(1, 2.0, "t5-predicted") == first);
  // A shorter line covers what the longer one left, and the last has no time left.
  const std::string second = "\r  2 of 4 cases done (last: t5), about 4 s left";
  CHECK(progress.finished(2, 4.0, "t5") == second + std::string(first.size() - second.size(), ' '));
  const std::string last = "\r  4 of 4 cases done (last: meena)";
  CHECK(progress.finished(4, 8.0, "meena") == last + std::string(first.size() - last.size(), ' '));
  CHECK(progress.finish() == "\r" + std::string(first.size(), ' ') + "\r");
  CHECK(progress.finish().empty());
}

TEST_CASE("a log gets counted progress at each tenth after ten seconds, and nothing at the end") {
  CountProgress progress(ProgressStyle::log, 20, "cases");
  CHECK(progress.finished(3, 5.0, "a").empty());
  CHECK(progress.finished(5, 12.0, "b") == "terawatt: 5 of 20 cases done (last: b), about 36 s left\n");
  CHECK(progress.finished(5, 12.5, "c").empty());
  CHECK(progress.finished(20, 40.0, "d").empty());
  CHECK(progress.finish().empty());
  CountProgress quiet(ProgressStyle::none, 20, "cases");
  CHECK(quiet.finished(10, 60.0, "e").empty());
}
