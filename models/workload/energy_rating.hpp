#pragma once
// A 1-5 star energy rating per task from energy per query, in the spirit of Hugging Face's AI Energy Score (2025;
// SEED.md S11): five stars for the most frugal, one for the most energy-hungry. Pure model: no engine, no I/O.
//
// This is NOT the AI Energy Score. Its stars are relative to its own leaderboard: the GPU energy range of the
// models benchmarked for a task (on one H100, with its datasets) is split into five equal 20 % intervals, so a
// model's stars change when the leaderboard does, and cannot be computed for a simulated service. Its thresholds
// are not reproduced here. Instead each task has a fixed, published anchor, and the bands are fixed on a log scale
// around it:
//   - the anchor is the middle of the 3-star band: a query costing what the published reference costs gets 3 stars;
//   - each band spans a factor `band_ratio` (default sqrt(10): two stars per decade, an assumption); the four
//     edges lie at anchor x r^-1.5, r^-0.5, r^0.5, r^1.5, so 3 stars covers anchor / 1.78 .. anchor x 1.78 and
//     5 stars everything below anchor / 5.6;
//   - a band includes its lower edge: energy exactly on an edge gets the fewer stars.
// Why half a decade: the published spreads within a task are of that order: Power Hungry Processing's image
// generation has a standard deviation of 3.31 Wh about its 2.907 Wh mean and its least efficient model (SDXL,
// 11.5 Wh) sits 4x above the mean (docs/references.md RC-27); Delavande's seven video models span 800x, about 2.9
// decades, which these bands spread over all five ratings (RC-31).
// An anchor's scope (what hardware, which components, how many tokens) is part of its definition: rate a query only
// against the anchor with the same scope, which `TaskEnergyAnchor` states.

#include <array>
#include <optional>
#include <string_view>
#include <vector>

namespace terawatt {

enum class RatedTask {
  text_classification,
  summarization,
  text_generation,
  image_captioning,
  chat_query,
  image_generation,
  video_generation,
};

struct TaskEnergyAnchor {
  RatedTask task;
  std::string_view name;      // "text_generation", ...
  double reference_energy_j;  // the published energy of one reference query
  std::string_view query;     // what one reference query is
  std::string_view scope;     // what the energy includes
  std::string_view source;
};

// Every task once, in declaration order.
const std::vector<TaskEnergyAnchor>& task_energy_anchors();
const TaskEnergyAnchor& task_energy_anchor(RatedTask task);
std::optional<RatedTask> find_rated_task(std::string_view name);

inline constexpr double default_star_band_ratio = 3.1622776601683795;  // sqrt(10); assumption, see above

// Edges between 5|4, 4|3, 3|2 and 2|1 stars, increasing. Throws std::invalid_argument for a non-positive anchor
// or a ratio not above 1.
std::array<double, 4> star_band_edges_j(double anchor_j, double band_ratio = default_star_band_ratio);

// Stars for one query's energy. Throws std::invalid_argument for negative or non-finite energy.
int energy_stars(double energy_per_query_j, double anchor_j, double band_ratio = default_star_band_ratio);
int energy_stars(RatedTask task, double energy_per_query_j, double band_ratio = default_star_band_ratio);

}  // namespace terawatt
