// Expert parallelism over two servers with the exchanges' fabric bytes moved by the caller
// (IterationEngine::transfer_fabric_exchanges): the open iteration, and its end at the transfers' time.
#include "iteration_engine_fixture.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

using namespace terawatt;
using namespace terawatt::testing;

namespace {

constexpr double fabric_bytes_per_s = 2 * 50e9;  // two servers of 400 Gb/s
constexpr double latency_s = 2e-6;
constexpr int moe_layers = 32;

// The Mixtral-like MoE on 8 H100 of two servers, its experts spread over them: NVLink within each server, the fabric
// between the two.
IterationEngineConfig two_server_moe() {
  auto c = mixtral_like(8);
  ExpertParallel ep;
  ep.experts_per_token = 2;
  ep.moe_layers = moe_layers;
  ep.servers = 2;
  ep.intra_server_bytes_per_s = 4 * 450e9;
  ep.inter_server_bytes_per_s = fabric_bytes_per_s;
  ep.inter_server_latency_s = latency_s;
  c.expert_parallel = ep;
  return c;
}

// The time an uncontended transfer of the iteration's fabric bytes takes, one crossing of the fabric.
double uncontended_transfer_s(const IterationRecord& iteration) {
  return iteration.exchange_fabric_bytes / fabric_bytes_per_s + latency_s;
}

// Steps the engine until it holds nothing, ending each open iteration after the time `transfer_s` says.
template <typename TransferTime>
Run run_open(IterationEngine& engine, const std::vector<EngineRequest>& requests, TransferTime transfer_s) {
  for (const auto& r : requests) engine.submit(r);
  Run run;
  while (!engine.idle()) {
    const IterationRecord& opened = engine.step();
    REQUIRE(engine.iteration_open());
    CHECK(engine.finished().empty());
    CHECK(std::isinf(engine.next_start_s()));
    run.iterations.push_back(engine.end_open_iteration(transfer_s(opened)));
    CHECK(!engine.iteration_open());
    auto& done = engine.finished();
    run.finished.insert(run.finished.end(), done.begin(), done.end());
    done.clear();
  }
  return run;
}

}  // namespace

TEST_CASE("an all-to-all's legs: the interconnect's, and the fabric's with its latency in every exchange",
          "[iteration]") {
  const ExpertParallel ep = *two_server_moe().expert_parallel;
  const double payload = 2.0 * 10.0 * 2.0 * 4096.0 * 2.0 * moe_layers;  // dispatch and combine of 10 tokens
  const AllToAllLegs legs = all_to_all_legs(ep, 8, 4096, 10.0);
  CHECK(legs.intra_server_s == Approx(payload * 3.0 / 8.0 / (4 * 450e9)).epsilon(1e-12));
  CHECK(legs.fabric_bytes == Approx(payload / 2.0).epsilon(1e-15));
  CHECK(legs.fabric_latency_s == Approx(2 * moe_layers * latency_s).epsilon(1e-15));
  CHECK(legs.fabric_s() == Approx(payload / 2.0 / fabric_bytes_per_s + legs.fabric_latency_s).epsilon(1e-12));
  CHECK(all_to_all_s(ep, 8, 4096, 10.0) == std::max(legs.intra_server_s, legs.fabric_s()));
}

TEST_CASE("iterations whose exchanges the caller moves in the analytic time, or alone, end as the engine's own",
          "[iteration]") {
  const auto c = two_server_moe();
  const std::vector<EngineRequest> requests = same_requests(6, 0.0, 700, 12);
  IterationEngine analytic(c);
  const Run expected = run_all(analytic, requests);
  IterationEngine transferring(c);
  transferring.transfer_fabric_exchanges();
  const Run got = run_open(transferring, requests, uncontended_transfer_s);
  REQUIRE(got.iterations.size() == expected.iterations.size());
  for (std::size_t i = 0; i < got.iterations.size(); ++i) {
    CHECK(got.iterations[i].exchange_fabric_bytes > 0.0);
    CHECK(got.iterations[i].exchange_fabric_bytes == expected.iterations[i].exchange_fabric_bytes);
    CHECK(got.iterations[i].start_s == Approx(expected.iterations[i].start_s).epsilon(1e-12));
    CHECK(got.iterations[i].duration_s == Approx(expected.iterations[i].duration_s).epsilon(1e-12));
  }
  REQUIRE(got.finished.size() == requests.size());
  for (std::size_t i = 0; i < got.finished.size(); ++i) {
    CHECK(got.finished[i].first_token_s == Approx(expected.finished[i].first_token_s).epsilon(1e-12));
    CHECK(got.finished[i].finish_s == Approx(expected.finished[i].finish_s).epsilon(1e-12));
    CHECK(got.finished[i].accelerator_energy_j == Approx(expected.finished[i].accelerator_energy_j).epsilon(1e-12));
  }

  // Ended as transfers that met no other traffic: exactly the engine's own.
  IterationEngine alone(c);
  alone.transfer_fabric_exchanges();
  for (const auto& r : requests) alone.submit(r);
  std::size_t i = 0;
  while (!alone.idle()) {
    alone.step();
    CHECK(alone.exchange_legs().fabric_bytes == expected.iterations.at(i).exchange_fabric_bytes);
    const IterationRecord& ended = alone.end_open_iteration_alone();
    CHECK(ended.duration_s == expected.iterations.at(i).duration_s);
    CHECK(ended.all_to_all_s == expected.iterations.at(i).all_to_all_s);
    ++i;
  }
  CHECK(i == expected.iterations.size());
  CHECK_THROWS_AS(alone.end_open_iteration_alone(), std::logic_error);
}

TEST_CASE("a slower transfer of the exchanges ends the iteration later, at its power all the while", "[iteration]") {
  const auto c = two_server_moe();
  const EngineRequest request{1, 0.0, 2000, 1};
  IterationEngine analytic(c);
  const Run expected = run_all(analytic, {request});
  const IterationRecord& alone = expected.iterations.at(0);
  REQUIRE(alone.all_to_all_s > 0.0);

  // Traffic of others on the links doubles the transfer's time: the fabric leg, the longer, grows by as much.
  IterationEngine slowed(c);
  slowed.transfer_fabric_exchanges();
  double delay_s = 0.0;
  const Run got = run_open(slowed, {request}, [&delay_s](const IterationRecord& opened) {
    delay_s = uncontended_transfer_s(opened);
    return 2.0 * delay_s;
  });
  const IterationRecord& late = got.iterations.at(0);
  CHECK(late.duration_s == Approx(alone.duration_s + delay_s).epsilon(1e-12));
  CHECK(late.all_to_all_s == Approx(alone.all_to_all_s + delay_s).epsilon(1e-12));
  CHECK(late.accelerator_power_w == alone.accelerator_power_w);
  const FinishedRequest& done = got.finished.at(0);
  CHECK(done.first_token_s == Approx(alone.end_s() + delay_s).epsilon(1e-12));
  CHECK(done.accelerator_energy_j ==
        Approx(expected.finished.at(0).accelerator_energy_j + 8 * alone.accelerator_power_w * delay_s).epsilon(1e-12));

  // A transfer far faster than the fabric's leaves the interconnect's leg, the longer then.
  IterationEngine fast(c);
  fast.transfer_fabric_exchanges();
  const Run quick = run_open(fast, {request}, [](const IterationRecord&) { return 0.0; });
  const AllToAllLegs legs = all_to_all_legs(*c.expert_parallel, 8, 4096, 2000.0);
  CHECK(quick.iterations.at(0).all_to_all_s ==
        Approx(std::max(legs.intra_server_s, legs.fabric_latency_s * (2 * moe_layers - 1) / (2 * moe_layers)))
            .epsilon(1e-12));
}

TEST_CASE("an open iteration refuses another step, a second end, and a transfer time that is not one", "[iteration]") {
  auto c = two_server_moe();
  IterationEngine engine(c);
  engine.transfer_fabric_exchanges();
  CHECK_THROWS_AS(engine.end_open_iteration(0.01), std::logic_error);  // nothing open
  engine.submit({1, 0.0, 100, 2});
  engine.step();
  REQUIRE(engine.iteration_open());
  CHECK_THROWS_AS(engine.step(), std::logic_error);
  CHECK_THROWS_AS(engine.end_open_iteration(-1e-3), std::invalid_argument);
  CHECK_THROWS_AS(engine.end_open_iteration(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  CHECK(engine.iteration_open());
  engine.end_open_iteration(1e-3);
  CHECK_THROWS_AS(engine.end_open_iteration(1e-3), std::logic_error);

  // On one server nothing crosses the fabric: the iteration never opens.
  c.expert_parallel->servers = 1;
  IterationEngine one_server(c);
  one_server.transfer_fabric_exchanges();
  one_server.submit({1, 0.0, 100, 2});
  CHECK(one_server.step().exchange_fabric_bytes == 0.0);
  CHECK(!one_server.iteration_open());
}
