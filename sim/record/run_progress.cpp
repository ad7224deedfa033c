#include "sim/record/run_progress.hpp"

#include <cmath>
#include <cstdio>

namespace terawatt {
namespace {

// A terminal line is rewritten at most this often.
constexpr double kTerminalPeriodS = 0.5;
// Without a horizon, a log gets a line this often.
constexpr double kLogPeriodWithoutHorizonS = 60.0;

std::string format(const char* pattern, double a, double b, double c) {
  char text[160];
  std::snprintf(text, sizeof text, pattern, a, b, c);
  return text;
}

}  // namespace

std::string RunProgress::wall_span(double seconds) {
  if (seconds < 90.0) return format("%.0f s", seconds, 0, 0);
  if (seconds < 90.0 * 60.0) return format("%.0f min", seconds / 60.0, 0, 0);
  return format("%.1f h", seconds / 3600.0, 0, 0);
}

std::string RunProgress::time_left(double wall_s, double done, double left) {
  if (!(done > 0.0) || !(left > 0.0)) return "";
  return ", about " + wall_span(wall_s * left / done) + " left";
}

std::string RunProgress::line(double simulated_s, double wall_s) const {
  const double speedup = wall_s > 0.0 ? simulated_s / wall_s : 0.0;
  if (!duration_s_) return format("simulated %.2f d, %.3g x real time", simulated_s / 86400.0, speedup, 0);
  const double fraction = *duration_s_ > 0.0 ? simulated_s / *duration_s_ : 1.0;
  std::string text =
      format("simulated %.2f d of %.2f d (%.0f %%)", simulated_s / 86400.0, *duration_s_ / 86400.0, 100.0 * fraction);
  text += format(", %.3g x real time", speedup, 0, 0);
  return text + time_left(wall_s, simulated_s, *duration_s_ - simulated_s);
}

std::string RunProgress::update(double simulated_s, double wall_s) {
  switch (style_) {
    case ProgressStyle::none:
      return "";
    case ProgressStyle::terminal:
      if (last_wall_s_ >= 0.0 && wall_s - last_wall_s_ < kTerminalPeriodS) return "";
      last_wall_s_ = wall_s;
      shown_ = true;
      return "\r  " + line(simulated_s, wall_s) + "   ";
    case ProgressStyle::log:
      if (wall_s < progress_log_after_s) return "";
      if (duration_s_ && *duration_s_ > 0.0) {
        const int tenths = static_cast<int>(std::floor(10.0 * simulated_s / *duration_s_));
        if (tenths <= logged_tenths_ || tenths >= 10) return "";
        logged_tenths_ = tenths;
      } else {
        if (last_wall_s_ >= 0.0 && wall_s - last_wall_s_ < kLogPeriodWithoutHorizonS) return "";
        last_wall_s_ = wall_s;
      }
      return "terawatt: " + line(simulated_s, wall_s) + "\n";
  }
  return "";
}

std::string RunProgress::finish() {
  if (!shown_) return "";
  shown_ = false;
  return "\n";
}

}  // namespace terawatt
