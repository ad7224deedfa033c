#include "models/workload/energy_rating.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

using namespace terawatt;

namespace {
constexpr double kWh = 3600.0;  // J per Wh
}

TEST_CASE("anchors are the published per-query figures, in joules") {
  // Power Hungry Processing's kWh per 1,000 inferences is Wh per inference (docs/references.md RC-27).
  CHECK(task_energy_anchor(RatedTask::text_generation).reference_energy_j == Approx(0.047 * kWh).epsilon(1e-15));
  CHECK(task_energy_anchor(RatedTask::image_generation).reference_energy_j == Approx(2.907 * kWh).epsilon(1e-15));
  CHECK(task_energy_anchor(RatedTask::text_classification).reference_energy_j == Approx(0.002 * kWh).epsilon(1e-15));
  CHECK(task_energy_anchor(RatedTask::chat_query).reference_energy_j == Approx(0.3 * kWh).epsilon(1e-15));  // RC-23
  CHECK(task_energy_anchor(RatedTask::video_generation).reference_energy_j ==
        Approx(90.5 * kWh).epsilon(1e-15));  // RC-31
  for (const TaskEnergyAnchor& a : task_energy_anchors()) {
    CHECK(find_rated_task(a.name) == a.task);
    CHECK_FALSE(a.source.empty());
    CHECK_FALSE(a.scope.empty());
    CHECK_FALSE(a.query.empty());
  }
  CHECK_FALSE(find_rated_task("video").has_value());
}

TEST_CASE("bands are half a decade wide on a log scale, centred on the anchor") {
  const double anchor = 100.0;
  const double r = std::sqrt(10.0);
  const auto edges = star_band_edges_j(anchor);
  CHECK(edges[0] == Approx(anchor / std::pow(r, 1.5)).epsilon(1e-14));
  CHECK(edges[1] == Approx(anchor / std::sqrt(r)).epsilon(1e-14));
  CHECK(edges[2] == Approx(anchor * std::sqrt(r)).epsilon(1e-14));
  CHECK(edges[3] == Approx(anchor * std::pow(r, 1.5)).epsilon(1e-14));
  for (int i = 0; i < 3; ++i) CHECK(edges[i + 1] / edges[i] == Approx(r).epsilon(1e-14));
  CHECK(energy_stars(anchor, anchor) == 3);
  CHECK(energy_stars(anchor * r, anchor) == 2);
  CHECK(energy_stars(anchor / r, anchor) == 4);
  CHECK(energy_stars(anchor * 10, anchor) == 1);
  CHECK(energy_stars(anchor / 10, anchor) == 5);
  CHECK(energy_stars(0.0, anchor) == 5);
  // A band includes its lower edge: energy on an edge gets the fewer stars.
  CHECK(energy_stars(edges[0], anchor) == 4);
  CHECK(energy_stars(edges[3], anchor) == 1);
  CHECK(energy_stars(std::nextafter(edges[3], 0.0), anchor) == 2);
  // Another ratio: a full decade per star.
  CHECK(energy_stars(anchor * 3, anchor, 10.0) == 3);
  CHECK(energy_stars(anchor * 3, anchor) == 2);
}

TEST_CASE("stars never rise with energy") {
  int previous = 5;
  for (double e = 1e-3; e < 1e7; e *= 1.1) {
    const int stars = energy_stars(RatedTask::image_generation, e);
    CHECK(stars <= previous);
    CHECK(stars >= 1);
    CHECK(stars <= 5);
    previous = stars;
  }
}

TEST_CASE("published figures placed on the bands") {
  // These show what the bands do with published numbers; they validate no threshold (none is published).
  // Power Hungry Processing: the least efficient image model, SDXL, 11.49 Wh (RC-27).
  CHECK(energy_stars(RatedTask::image_generation, 11.49 * kWh) == 2);
  // Epoch's spreadsheet variants against its own 0.3 Wh baseline (RC-23).
  CHECK(energy_stars(RatedTask::chat_query, 0.301 * kWh) == 3);
  CHECK(energy_stars(RatedTask::chat_query, 0.06 * kWh) == 4);  // 4o-mini-like
  CHECK(energy_stars(RatedTask::chat_query, 1.30 * kWh) == 2);  // pessimistic
  CHECK(energy_stars(RatedTask::chat_query, 3.91 * kWh) == 1);  // pessimistic + long output
  // Delavande et al. Table 4 totals per clip (RC-31), most to least frugal.
  CHECK(energy_stars(RatedTask::video_generation, 0.14 * kWh) == 5);   // AnimateDiff
  CHECK(energy_stars(RatedTask::video_generation, 3.67 * kWh) == 5);   // LTX-Video
  CHECK(energy_stars(RatedTask::video_generation, 9.67 * kWh) == 5);   // CogVideoX-2B
  CHECK(energy_stars(RatedTask::video_generation, 25.3 * kWh) == 4);   // CogVideoX-5B
  CHECK(energy_stars(RatedTask::video_generation, 52.1 * kWh) == 3);   // Mochi-1
  CHECK(energy_stars(RatedTask::video_generation, 90.5 * kWh) == 3);   // WAN2.1-1.3B (the anchor)
  CHECK(energy_stars(RatedTask::video_generation, 415.1 * kWh) == 2);  // WAN2.1-14B
  CHECK(energy_stars(RatedTask::video_generation, 944.0 * kWh) == 1);  // MIT TR's CogVideoX1.5 outlier
}

TEST_CASE("energy rating rejects impossible inputs") {
  CHECK_THROWS_AS(energy_stars(-1.0, 100.0), std::invalid_argument);
  CHECK_THROWS_AS(energy_stars(1.0, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(energy_stars(1.0, 100.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(energy_stars(std::nan(""), 100.0), std::invalid_argument);
}
