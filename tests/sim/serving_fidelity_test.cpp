// The inference fidelities as strategies: each fidelity of the scenario gets its own, and they differ where the
// fidelities do.

#include "sim/engine/workloads/serving_fidelity.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

TEST_CASE("Each fidelity gets its own serving strategy") {
  CHECK(dynamic_cast<const RequestServing*>(make_serving_fidelity(Fidelity::request).get()) != nullptr);
  CHECK(dynamic_cast<const BatchServing*>(make_serving_fidelity(Fidelity::batch).get()) != nullptr);
  CHECK(dynamic_cast<const FluidServing*>(make_serving_fidelity(Fidelity::fluid).get()) != nullptr);
  CHECK(dynamic_cast<const IterationServing*>(make_serving_fidelity(Fidelity::iteration).get()) != nullptr);
  CHECK(dynamic_cast<const DisaggregatedServing*>(make_serving_fidelity(Fidelity::iteration, true).get()) != nullptr);
  CHECK(dynamic_cast<const DisaggregatedServing*>(make_serving_fidelity(Fidelity::iteration).get()) == nullptr);
}

TEST_CASE("Request and iteration fidelities resolve percentiles, batch and fluid do not") {
  CHECK(make_serving_fidelity(Fidelity::request)->resolves_percentiles());
  CHECK(make_serving_fidelity(Fidelity::iteration)->resolves_percentiles());
  CHECK_FALSE(make_serving_fidelity(Fidelity::batch)->resolves_percentiles());
  CHECK_FALSE(make_serving_fidelity(Fidelity::fluid)->resolves_percentiles());
}
