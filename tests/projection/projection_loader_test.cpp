// Projection scenarios as the loader reads them (sim/scenario/projection_loader.hpp): varying inputs, --set overrides
// through the simulation's mechanism, and malformed inputs located at file:line:col with the key path.

#include "sim/scenario/projection_loader.hpp"
#include "sim/scenario/scenario_error.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

using namespace terawatt;

namespace {

// Line numbers in the expectations below refer to this text.
const std::string base_yaml =
    "scenario: {name: p}\n"                                                                        //  1
    "projection:\n"                                                                                //  2
    "  first_year: 2022\n"                                                                         //  3
    "  last_year: 2024\n"                                                                          //  4
    "  cases: [{name: low}, {name: high}, {name: mine, like: high}]\n"                             //  5
    "  regions:\n"                                                                                 //  6
    "    - {name: us, climate: virginia, carbon_intensity: {2020: 429 g/kWh, 2023: 350 g/kWh}}\n"  //  7
    "    - {name: cn, climate: beijing, grid: china-2022}\n"                                       //  8
    "  segments:\n"                                                                                //  9
    "    - name: ai\n"                                                                             // 10
    "      kind: training\n"                                                                       // 11
    "      facility: hyperscale\n"                                                                 // 12
    "      utilisation: 60 %\n"                                                                    // 13
    "      installed: {us: 1000, cn: 500}\n"                                                       // 14
    "      history_growth: 20 %\n"                                                                 // 15
    "      growth: {low: 10 %, high: 50 %}\n"                                                      // 16
    "      lifetime: 5 yr\n"                                                                       // 17
    "      generations:\n"                                                                         // 18
    "        - {name: h100, server: dgx-h100}\n"                                                   // 19
    "    - name: cpu\n"                                                                            // 20
    "      kind: conventional\n"                                                                   // 21
    "      facility: enterprise\n"                                                                 // 22
    "      utilisation: 30 %\n"                                                                    // 23
    "      pue: 1.5\n"                                                                             // 24
    "      installed: 1e6\n"                                                                       // 25
    "      history_growth: 5 %\n"                                                                  // 26
    "      lifetime: 4 yr\n"                                                                       // 27
    "      weibull_shape: 2\n"                                                                     // 28
    "      generations:\n"                                                                         // 29
    "        - {name: volume, idle_power: 100 W, max_power: 400 W}\n"                              // 30
    "  crypto: {electricity: {2022: 110 TWh, 2026: 160 TWh}, share: {us: 1, cn: 1}}\n";            // 31

std::string edit(const std::string& from, const std::string& to) {
  const auto at = base_yaml.find(from);
  if (at == std::string::npos || base_yaml.find(from, at + 1) != std::string::npos) {
    throw std::logic_error("edit: '" + from + "' does not occur exactly once");
  }
  std::string text = base_yaml;
  text.replace(at, from.size(), to);
  return text;
}

std::string error_of(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  try {
    (void)load_projection_text(yaml, "p.yaml", overrides);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("a projection scenario loads its varying inputs, cases and generations") {
  const ProjectionScenario s = load_projection_text(base_yaml, "p.yaml");
  REQUIRE(s.model.cases.size() == 3);
  CHECK(s.model.cases[2].chain == std::vector<std::string>{"mine", "high"});
  const ProjectionSegment& ai = s.model.segments[0];
  CHECK(ai.growth.at({"us", s.model.cases[2].chain, 2023}) == Approx(0.5));  // mine is like high
  CHECK(ai.installed.at({"cn", s.model.cases[0].chain, 2022}) == 500.0);
  CHECK(std::isnan(ai.pue.at({"us", {"low"}, 2022})));     // default: simulated
  CHECK(s.segments[0].generations[0].max_w == 10200.0);    // DGX H100 nameplate, docs/references.md RC-40
  CHECK(!s.segments[0].generations[0].server_overhead_w);  // none given: the catalog host curve
  CHECK(s.segments[1].generations[0].idle_w == 100.0);
  // 2022 is 2/3 of the way from 2020 to 2023.
  CHECK(s.model.regions[0].carbon_intensity_g_per_kwh.at({"us", {"low"}, 2022}) == Approx(429.0 - 2.0 / 3.0 * 79.0));
  CHECK(s.model.regions[1].carbon_intensity_g_per_kwh.at({"cn", {"low"}, 2022}) == Approx(536.6));
  CHECK(s.model.crypto->electricity_twh.at({"us", {"low"}, 2024}) == Approx(135.0));
  CHECK(s.representative.weeks == 4);
}

TEST_CASE("an override (--set) changes a projection key through the simulation's mechanism") {
  const ProjectionScenario s =
      load_projection_text(base_yaml, "p.yaml", {"projection.segments.ai.growth.low=25%", "projection.last_year=2030"});
  CHECK(s.model.segments[0].growth.at({"us", {"low"}, 2025}) == Approx(0.25));
  CHECK(s.model.last_year == 2030);
  CHECK(s.resolved_yaml.find("25%") != std::string::npos);
  CHECK(error_of(base_yaml, {"projection.segments.ai.growth.low=fast"}) ==
        "--set projection.segments.ai.growth.low=fast: projection.segments.ai.growth.low: 'fast' is not a "
        "dimensionless number (expected a number, optionally followed by %)");
}

TEST_CASE("malformed projection inputs are located at file:line:col with the key path") {
  CHECK(error_of(edit("growth: {low: 10 %, high: 50 %}", "growth: {low: 10 %}")) ==
        "p.yaml:16:15: projection.segments.ai.growth: no value for case 'high' (nor for a case it is like) (expected "
        "an entry for every region: us, cn; or every case: low, high, mine)");
  CHECK(error_of(edit("installed: {us: 1000, cn: 500}", "installed: {us: 1000, china: 500}")) ==
        "p.yaml:14:29: projection.segments.ai.installed.china: not a year, region or case (expected keys that are "
        "all years, all regions (us, cn) or all cases (low, high, mine))");
  CHECK(error_of(edit("kind: training", "kind: trainng")) ==
        "p.yaml:11:13: projection.segments.ai.kind: unknown kind 'trainng' (did you mean 'training'?) (expected one "
        "of: training, inference, conventional, storage, network)");
  CHECK(error_of(edit("pue: 1.5", "pue: 0.9")) ==
        "p.yaml:24:12: projection.segments.cpu.pue: '0.9' is below 1 (expected a PUE >= 1, or simulated)");
  CHECK(error_of(edit("pue: 1.5", "pue: 1e308")) ==
        "p.yaml:24:12: projection.segments.cpu.pue: '1e308' is implausibly high (expected a PUE of at most 5: "
        "reported PUEs run from 1.09 to 2.5, or simulated)");
  CHECK(error_of(edit("server: dgx-h100", "server: dgx-h200x"))
            .rfind("p.yaml:19:32: "
                   "projection.segments.ai.generations.h100.server: "
                   "unknown server 'dgx-h200x'",
                   0) == 0);
  CHECK(error_of(edit("lifetime: 5 yr", "lifetime: 5 yr\n      sourced_until: 2021")) ==
        "p.yaml:18:22: projection.segments.ai.sourced_until: is before first_year 2022 (expected the last year the "
        "growth inputs hold for)");
  CHECK(error_of(edit("lifetime: 5 yr", "lifetime: 5.5 yr"))
            .rfind("p.yaml:17:17: projection.segments.ai.lifetime: "
                   "a fixed lifetime must be",
                   0) == 0);
  CHECK(error_of(edit("lifetime: 5 yr", "lifetim: 5 yr"))
            .rfind("p.yaml:17:7: projection.segments.ai.lifetim: "
                   "unknown key (did you mean 'lifetime'?)",
                   0) == 0);
  CHECK(error_of(edit("{name: mine, like: high}", "{name: mine, like: base}"))
            .rfind("p.yaml:5:57: projection.cases.mine.like: no earlier case 'base'", 0) == 0);
  CHECK(error_of(edit("history_growth: 5 %", "history_growth: -100 %"))
            .rfind("p.yaml:26:23: projection.segments.cpu.history_growth: '-100 %' is -100 % or less", 0) == 0);
  CHECK(error_of(edit("idle_power: 100 W, ", ""))
            .rfind("p.yaml:30:11: projection.segments.cpu.generations.volume.idle_power: missing", 0) == 0);
  CHECK(error_of(edit("utilisation: 60 %", "utilisation: {2022: 60 %, 2024: 120 %}")) ==
        "p.yaml:13:39: projection.segments.ai.utilisation.2024: '120 %' is outside (0, 1] (expected a fraction)");
}

TEST_CASE("only documents with a top-level projection key are projections") {
  CHECK_FALSE(is_projection_file("/nonexistent/file.yaml"));
  CHECK_THROWS_WITH(load_projection_text("scenario: {name: p}\nprojection: {first_year: 2022}\n", "p.yaml"),
                    Catch::StartsWith("p.yaml:2:13: projection.last_year: missing required key"));
  CHECK_THROWS_WITH(load_projection_text(base_yaml + "sites: []\n", "p.yaml"),
                    Catch::StartsWith("p.yaml:32:1: sites: a simulation section beside projection, which belongs to "
                                      "projection files"));
}

TEST_CASE("a projection is told from a simulation scenario by its text") {
  CHECK(is_projection_text(base_yaml));
  CHECK(is_projection_text("projection: {}\n"));
  CHECK_FALSE(is_projection_text("scenario: {name: s}\nsites: []\n"));
  CHECK_FALSE(is_projection_text("- projection\n"));               // a list, not a mapping
  CHECK_FALSE(is_projection_text("scenario: {projection: 1}\n"));  // not at the top level
  CHECK_FALSE(is_projection_text("projection: [\n"));              // a syntax error: the simulation's loader says so
}

TEST_CASE("an inference segment asks the simulation's loader what its replicas serve") {
  const std::string inference = edit("      kind: training\n", "      kind: inference\n");
  const ProjectionScenario s = load_projection_text(inference, "p.yaml");
  const GenerationSetup& h100 = s.segments[0].generations[0];
  CHECK(h100.replicas == 64 * 8 / 8);  // representative.servers x 8 accelerators, a server a replica
  CHECK(h100.replica_capacity_per_s > 0.0);
  CHECK(h100.service.given_yaml.find("layers: 80") != std::string::npos);  // Llama 2 70B by default
  CHECK(h100.service.fidelity == Fidelity::fluid);
  std::string bad_model = inference;
  bad_model.replace(bad_model.find("      lifetime: 5 yr\n"), 0, "      model: {parameters: 70e9, layer: 80}\n");
  CHECK(error_of(bad_model).rfind("p.yaml:17:14: projection.segments.ai.model: generation 'h100': the inference "
                                  "service refuses it: model.layer: unknown key",
                                  0) == 0);
  CHECK(error_of(edit("      weibull_shape: 2\n", "      weibull_shape: 2\n      request: {prompt_tokens: 10}\n")) ==
        "p.yaml:29:16: projection.segments.cpu.request: is for inference segments only");
}

TEST_CASE("a demand-driven segment loads its demand, and each conflict is located at its key") {
  const std::string training =
      edit("      installed: {us: 1000, cn: 500}\n      history_growth: 20 %\n      growth: {low: 10 %, high: 50 %}\n",
           "      training_compute: {2022: 1e26 FLOP, 2024: 4e26 FLOP}\n      mfu: 35 %\n"
           "      demand_share: {us: 3, cn: 1}\n      history_growth: 20 %\n");
  const ProjectionScenario p = load_projection_text(training, "p.yaml", {});
  REQUIRE(p.model.segments[0].demand);
  CHECK(p.segments[0].work_unit == WorkUnit::flop);
  CHECK(p.segments[0].mfu == Approx(0.35));
  CHECK(p.model.segments[0].demand->at({"us", {"low"}, 2023}) == Approx(2.5e26));
  CHECK(p.model.segments[0].demand_share.at({"cn", {"low"}, 2023}) == 1.0);
  CHECK(p.segments[0].installed_location.empty());
  CHECK_FALSE(p.model.segments[1].demand);
  CHECK(p.segments[1].work_unit == WorkUnit::none);
  // Lines 14-16 became lines 14-17 (training_compute, mfu, demand_share, history_growth).
  const auto with = [&](const std::string& from, const std::string& to) {
    std::string text = training;
    text.replace(text.find(from), from.size(), to);
    return text;
  };
  CHECK(error_of(with("      mfu: 35 %\n", "      mfu: 35 %\n      growth: 10 %\n")) ==
        "p.yaml:16:15: projection.segments.ai.growth: conflicts with training_compute: a demand-driven segment ships "
        "what its demand needs");
  CHECK(error_of(with("training_compute: {2022: 1e26 FLOP, 2024: 4e26 FLOP}", "tokens_per_day: 1e12")) ==
        "p.yaml:14:23: projection.segments.ai.tokens_per_day: does not fit a segment of kind training (expected "
        "training_compute for training; requests_per_day for inference, or tokens_per_day for text, images_per_day "
        "for image, video_minutes_per_day for video)");
  CHECK(error_of(with("      mfu: 35 %\n", "      mfu: 35 %\n      requests_per_day: 1e9\n")) ==
        "p.yaml:16:25: projection.segments.ai.requests_per_day: conflicts with training_compute (expected one "
        "demand)");
  CHECK(error_of(with("2024: 4e26 FLOP", "2024: 4e26 W"))
            .rfind("p.yaml:14:49: projection.segments.ai.training_compute."
                   "2024: ",
                   0) == 0);
  CHECK(error_of(edit("pue: 1.5", "pue: 1.5\n      mfu: 40 %")) ==
        "p.yaml:25:12: projection.segments.cpu.mfu: is for training segments with training_compute");
  CHECK(error_of(edit("      installed: 1e6\n", "")) ==
        "p.yaml:20:7: projection.segments.cpu.installed: missing required key (expected the servers installed in "
        "first_year, or a demand: training_compute, requests_per_day, tokens_per_day, images_per_day, "
        "video_minutes_per_day)");
  CHECK(error_of(edit("pue: 1.5", "pue: 1.5\n      demand_share: 1")) ==
        "p.yaml:25:21: projection.segments.cpu.demand_share: needs a demand (training_compute, requests_per_day, "
        "tokens_per_day, images_per_day, video_minutes_per_day)");
}

TEST_CASE("an image or video inference segment's demand is in its own unit, and states its model") {
  const std::string inference = edit("      kind: training\n", "      kind: inference\n      modality: image\n");
  // Lines 11-13 are now kind, modality and facility.
  CHECK(error_of(inference).rfind("p.yaml:10:7: projection.segments.ai.model: missing: an image segment states its "
                                  "model and request",
                                  0) == 0);
  std::string images = edit("      kind: training\n", "      kind: inference\n");
  const std::string growth = "      growth: {low: 10 %, high: 50 %}\n";
  images.replace(images.find(growth), growth.size(), "      images_per_day: 1e8\n");
  CHECK(error_of(images).rfind("p.yaml:16:23: projection.segments.ai.images_per_day: does not fit a segment of kind "
                               "inference and modality text",
                               0) == 0);
}
