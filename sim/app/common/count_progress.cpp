#include "sim/app/common/count_progress.hpp"

#include <algorithm>
#include <cmath>

namespace terawatt {
namespace {

// A log gets lines only from this much wall time on, as a run's (sim/record/run_progress.cpp).
constexpr double kLogAfterS = 10.0;

}  // namespace

std::string CountProgress::finished(std::size_t done, double wall_s, const std::string& last) {
  if (style_ == ProgressStyle::none || total_ == 0) return "";
  std::string line =
      std::to_string(done) + " of " + std::to_string(total_) + " " + what_ + " done (last: " + last + ")";
  if (done > 0 && done < total_) {
    line += ", about " +
            RunProgress::wall_span(wall_s * static_cast<double>(total_ - done) / static_cast<double>(done)) + " left";
  }
  if (style_ == ProgressStyle::terminal) {
    std::string text = "\r  " + line;
    const std::size_t width = text.size();
    if (width < shown_width_) text += std::string(shown_width_ - width, ' ');  // over what a longer line left
    shown_width_ = std::max(shown_width_, width);
    return text;
  }
  if (wall_s < kLogAfterS) return "";
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
