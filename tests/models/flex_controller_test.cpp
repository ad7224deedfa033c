#include "models/supply/flex_controller.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

TEST_CASE("flex controller: curtails in order until the import fits", "[supply]") {
  // 10 MW facility at PUE 1.25 against an 8 MW limit with 1 MW of PV: 1 MW short.
  const FlexForecast forecast{10e6, 1.25, 1e6, 0.0, 0.0, 8e6};
  const std::vector<FlexMember> members{{0.5e6, false}, {0.5e6, false}, {2e6, false}};
  const FlexPlan plan = plan_curtailment(forecast, members);
  CHECK(plan.curtailed == std::vector<bool>{true, true, false});
  CHECK(plan.shortfall_w == 0.0);
}

TEST_CASE("flex controller: reports what no curtailment covers", "[supply]") {
  const FlexForecast forecast{10e6, 1.0, 0.0, 0.5e6, 0.5e6, 8e6};
  const FlexPlan plan = plan_curtailment(forecast, {{0.5e6, false}});
  CHECK(plan.curtailed == std::vector<bool>{true});
  CHECK(plan.shortfall_w == Approx(1e6));
}

TEST_CASE("flex controller: restores the last curtailed first, only whole", "[supply]") {
  // 7 MW with both members curtailed, 8 MW limit: 1 MW of headroom.
  const FlexForecast forecast{7e6, 1.0, 0.0, 0.0, 0.0, 8e6};
  FlexPlan plan = plan_curtailment(forecast, {{0.5e6, true}, {0.8e6, true}});
  CHECK(plan.curtailed == std::vector<bool>{true, false});
  // The last does not fit: neither returns, though the first alone would.
  plan = plan_curtailment(forecast, {{0.5e6, true}, {1.5e6, true}});
  CHECK(plan.curtailed == std::vector<bool>{true, true});
  plan = plan_curtailment(forecast, {{0.4e6, true}, {0.5e6, true}});
  CHECK(plan.curtailed == std::vector<bool>{false, false});
}

TEST_CASE("flex controller: a restore counts only the battery power it can sustain for an hour", "[supply]") {
  // 9 MW facility with the member paused, 8 MW limit: the battery's 2 MW for this interval covers the 1 MW gap and
  // would leave room for the member's 0.8 MW, but it can sustain only 1.5 MW for an hour.
  const std::vector<FlexMember> paused{{0.8e6, true}};
  FlexPlan plan = plan_curtailment({9e6, 1.0, 0.0, 2e6, 1.5e6, 8e6}, paused);
  CHECK(plan.curtailed == std::vector<bool>{true});
  plan = plan_curtailment({9e6, 1.0, 0.0, 2e6, 2e6, 8e6}, paused);
  CHECK(plan.curtailed == std::vector<bool>{false});
  // Curtailing counts the interval's battery power: no member is curtailed while it covers the gap.
  plan = plan_curtailment({9.8e6, 1.0, 0.0, 2e6, 0.5e6, 8e6}, {{0.8e6, false}});
  CHECK(plan.curtailed == std::vector<bool>{false});
}
