#include "models/workload/energy_rating.hpp"

#include <cmath>
#include <stdexcept>

namespace terawatt {
namespace {

constexpr double kJoulePerWattHour = 3600.0;
// Power Hungry Processing reports kWh per 1,000 inferences, which is Wh per inference.
constexpr double kJoulePerKwhPer1000 = kJoulePerWattHour;

constexpr std::string_view kPhpScope =
    "whole 8 x A100-SXM4-80GB node measured by CodeCarbon (GPU + CPU + RAM), no batching, no PUE";
constexpr std::string_view kPhpSource =
    "Luccioni, Jernite & Strubell 2024, Power Hungry Processing, Table 2 mean (docs/references.md RC-27)";

std::vector<TaskEnergyAnchor> build_anchors() {
  return {
      {RatedTask::text_classification, "text_classification", 0.002 * kJoulePerKwhPer1000,
       "one classification of one input", kPhpScope, kPhpSource},
      {RatedTask::summarization, "summarization", 0.049 * kJoulePerKwhPer1000, "one summary of one input", kPhpScope,
       kPhpSource},
      {RatedTask::text_generation, "text_generation", 0.047 * kJoulePerKwhPer1000, "one generation of 10 new tokens",
       kPhpScope, kPhpSource},
      {RatedTask::image_captioning, "image_captioning", 0.063 * kJoulePerKwhPer1000, "one caption of one image",
       kPhpScope, kPhpSource},
      {RatedTask::chat_query, "chat_query", 0.3 * kJoulePerWattHour,
       "one chatbot answer of about 500 output tokens from a 100B-active-parameter model",
       "facility energy: DGX H100 share per GPU (1,275 W) x 0.7 x PUE 1.2",
       "Epoch AI (J. You, 7 Feb 2025), ~0.3 Wh per GPT-4o query (docs/references.md RC-23)"},
      {RatedTask::image_generation, "image_generation", 2.907 * kJoulePerKwhPer1000, "one image", kPhpScope,
       kPhpSource},
      {RatedTask::video_generation, "video_generation", 90.5 * kJoulePerWattHour,
       "one clip of 81 frames at 720 x 1280, 50 steps (WAN2.1-T2V-1.3B, ~5 s of video)",
       "one H100 SXM measured by CodeCarbon (GPU + CPU + RAM), no PUE",
       "Delavande, Pierrard & Luccioni 2025, Table 4, WAN2.1-T2V-1.3B total (docs/references.md RC-31)"},
  };
}

}  // namespace

const std::vector<TaskEnergyAnchor>& task_energy_anchors() {
  static const std::vector<TaskEnergyAnchor> anchors = build_anchors();
  return anchors;
}

const TaskEnergyAnchor& task_energy_anchor(RatedTask task) {
  for (const TaskEnergyAnchor& a : task_energy_anchors()) {
    if (a.task == task) return a;
  }
  throw std::logic_error("rated task without an anchor");  // a table bug, not a user error
}

std::optional<RatedTask> find_rated_task(std::string_view name) {
  for (const TaskEnergyAnchor& a : task_energy_anchors()) {
    if (a.name == name) return a.task;
  }
  return std::nullopt;
}

std::array<double, 4> star_band_edges_j(double anchor_j, double band_ratio) {
  if (!(anchor_j > 0.0) || !std::isfinite(anchor_j)) throw std::invalid_argument("rating anchor must be positive");
  if (!(band_ratio > 1.0) || !std::isfinite(band_ratio)) {
    throw std::invalid_argument("rating band ratio must be above 1");
  }
  return {anchor_j * std::pow(band_ratio, -1.5), anchor_j * std::pow(band_ratio, -0.5),
          anchor_j * std::pow(band_ratio, 0.5), anchor_j * std::pow(band_ratio, 1.5)};
}

int energy_stars(double energy_per_query_j, double anchor_j, double band_ratio) {
  if (!(energy_per_query_j >= 0.0) || !std::isfinite(energy_per_query_j)) {
    throw std::invalid_argument("energy per query must be finite and non-negative");
  }
  const std::array<double, 4> edges = star_band_edges_j(anchor_j, band_ratio);
  int stars = 5;
  for (double edge : edges) {
    if (energy_per_query_j >= edge) --stars;
  }
  return stars;
}

int energy_stars(RatedTask task, double energy_per_query_j, double band_ratio) {
  return energy_stars(energy_per_query_j, task_energy_anchor(task).reference_energy_j, band_ratio);
}

}  // namespace terawatt
