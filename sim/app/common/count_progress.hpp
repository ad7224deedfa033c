#pragma once
// Progress of work counted in items (validation cases, a projection's simulations): on a terminal, one line
// rewritten as items finish, with the wall time left at the pace so far; in a log (stderr not a terminal), a line at
// each tenth once the work has taken ten seconds (the thresholds of sim/record/run_progress.hpp). Pure: the caller
// passes the clock and prints what it gets.

#include "sim/record/run_progress.hpp"

#include <cstddef>
#include <string>

namespace terawatt {

// How a command shows progress on its stderr: none when quiet, a rewritten line on a terminal, else log lines.
ProgressStyle stderr_progress_style(bool quiet);

class CountProgress {
 public:
  // `what` names the items in the plural ("cases").
  CountProgress(ProgressStyle style, std::size_t total, std::string what)
      : style_(style), total_(total), what_(std::move(what)) {}

  // The text to print when the `done`-th item (1-based) has finished after `wall_s`, its name `last`; "" for none.
  std::string finished(std::size_t done, double wall_s, const std::string& last);
  // The text that ends the progress: on a terminal, it erases the line, so that what follows starts clean.
  std::string finish();

 private:
  ProgressStyle style_;
  std::size_t total_;
  std::string what_;
  int logged_tenths_ = 0;
  std::size_t shown_width_ = 0;
};

}  // namespace terawatt
