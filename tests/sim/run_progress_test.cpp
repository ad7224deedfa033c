// What a run prints about its progress (sim/record/run_progress.hpp): a terminal line with the time left, rewritten
// twice a second; log lines at each tenth once the run has taken ten seconds; nothing when quiet.
#include "sim/record/run_progress.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

namespace {
constexpr double kDay = 86400.0;
}

TEST_CASE("a terminal shows simulated time, speed and the wall time left, twice a second at most") {
  RunProgress progress(ProgressStyle::terminal, 2.0 * kDay);
  // A quarter of the run in 4 s: 12 s left.
  CHECK(progress.update(0.5 * kDay, 4.0) ==
        "\r  simulated 0.50 d of 2.00 d (25 %), 1.08e+04 x real time, about 12 s left   ");
  CHECK(progress.update(0.6 * kDay, 4.3).empty());
  CHECK(progress.update(1.0 * kDay, 8.0) ==
        "\r  simulated 1.00 d of 2.00 d (50 %), 1.08e+04 x real time, about 8 s left   ");
  CHECK(progress.finish() == "\n");
  CHECK(progress.finish().empty());
}

TEST_CASE("a log gets a line at each tenth once the run has taken ten seconds") {
  RunProgress progress(ProgressStyle::log, 10.0 * kDay);
  CHECK(progress.update(2.5 * kDay, 5.0).empty());  // short so far: nothing
  CHECK(progress.update(3.5 * kDay, 12.0) ==
        "terawatt: simulated 3.50 d of 10.00 d (35 %), 2.52e+04 x real time, about 22 s left\n");
  CHECK(progress.update(3.9 * kDay, 13.0).empty());  // same tenth
  CHECK(progress.update(4.0 * kDay, 14.0) ==
        "terawatt: simulated 4.00 d of 10.00 d (40 %), 2.47e+04 x real time, about 21 s left\n");
  CHECK(progress.update(10.0 * kDay, 35.0).empty());  // the end says itself
  CHECK(progress.finish().empty());                   // log lines end with their own newline
}

TEST_CASE("a run without a horizon logs a line a minute, without a fraction or time left") {
  RunProgress progress(ProgressStyle::log, std::nullopt);
  CHECK(progress.update(1.0 * kDay, 20.0) == "terawatt: simulated 1.00 d, 4.32e+03 x real time\n");
  CHECK(progress.update(2.0 * kDay, 50.0).empty());
  CHECK(progress.update(4.0 * kDay, 81.0) == "terawatt: simulated 4.00 d, 4.27e+03 x real time\n");
}

TEST_CASE("a quiet run shows nothing") {
  RunProgress progress(ProgressStyle::none, kDay);
  CHECK(progress.update(0.5 * kDay, 100.0).empty());
  CHECK(progress.finish().empty());
}

TEST_CASE("wall time left reads in seconds, minutes or hours") {
  CHECK(RunProgress::wall_span(42.0) == "42 s");
  CHECK(RunProgress::wall_span(420.0) == "7 min");
  CHECK(RunProgress::wall_span(5400.0) == "1.5 h");
}
