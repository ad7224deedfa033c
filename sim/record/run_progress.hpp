#pragma once
// What a run says about its progress while it simulates: on a terminal, one line rewritten twice a second with the
// simulated time, the speed and the wall time left; in a log (stderr not a terminal), a line at every tenth of the
// run once it has taken ten seconds, so that short runs print nothing and a batch job's log shows where it is.
// Pure: the caller passes the clocks and prints what it gets.

#include <optional>
#include <string>

namespace terawatt {

enum class ProgressStyle { none, terminal, log };

// A log gets progress lines only once the work has taken this long: shorter work needs none (runs, and the counted
// work of sim/app/common/count_progress.hpp).
inline constexpr double progress_log_after_s = 10.0;

class RunProgress {
 public:
  // `duration_s`: the scenario's horizon; none when the run ends with its work (no fraction, no time left).
  RunProgress(ProgressStyle style, std::optional<double> duration_s) : style_(style), duration_s_(duration_s) {}

  // Whether it shows anything: a caller may skip reading the clock otherwise.
  bool active() const { return style_ != ProgressStyle::none; }
  // The text to print now (empty: nothing) at `simulated_s` of simulated time after `wall_s` of wall time.
  std::string update(double simulated_s, double wall_s);
  // The text that ends the progress when the run ends (a newline after a terminal line).
  std::string finish();

  // A wall-time span for people: "42 s", "7 min", "1.5 h".
  static std::string wall_span(double seconds);
  // ", about 12 s left" at the pace so far: `done` of the work took `wall_s`, `left` remains (in the same unit as
  // `done`: simulated seconds, points, cases); "" when nothing is done yet or nothing is left.
  static std::string time_left(double wall_s, double done, double left);

 private:
  std::string line(double simulated_s, double wall_s) const;

  ProgressStyle style_;
  std::optional<double> duration_s_;
  double last_wall_s_ = -1.0;
  int logged_tenths_ = 0;
  bool shown_ = false;
};

}  // namespace terawatt
