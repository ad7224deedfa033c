#include "sim/app/common/count_progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace terawatt {

ProgressStyle stderr_progress_style(bool quiet) {
  if (quiet) return ProgressStyle::none;
  return isatty(STDERR_FILENO) != 0 ? ProgressStyle::terminal : ProgressStyle::log;
}

std::string CountProgress::finished(std::size_t done, double wall_s, const std::string& last) {
  if (style_ == ProgressStyle::none || total_ == 0) return "";
  std::string line =
      std::to_string(done) + " of " + std::to_string(total_) + " " + what_ + " done (last: " + last + ")";
  line +=
      RunProgress::time_left(wall_s, static_cast<double>(done), static_cast<double>(total_ - std::min(done, total_)));
  if (style_ == ProgressStyle::terminal) {
    std::string text = "\r  " + line;
    const std::size_t width = text.size();
    if (width < shown_width_) text += std::string(shown_width_ - width, ' ');  // over what a longer line left
    shown_width_ = std::max(shown_width_, width);
    return text;
  }
  if (wall_s < progress_log_after_s) return "";
  const int tenths = static_cast<int>(std::floor(10.0 * static_cast<double>(done) / static_cast<double>(total_)));
  if (tenths <= logged_tenths_ || done >= total_) return "";
  logged_tenths_ = tenths;
  return "terawatt: " + line + "\n";
}

std::string CountProgress::finish() {
  if (shown_width_ == 0) return "";
  std::string blank = "\r" + std::string(shown_width_, ' ') + "\r";
  shown_width_ = 0;
  return blank;
}

}  // namespace terawatt
