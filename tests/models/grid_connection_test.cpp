#include "models/supply/grid_connection.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

TEST_CASE("grid connection: events ask for a limit or a reduction below the baseline", "[supply]") {
  DemandResponseEvent limit{0.0, 3600.0, 4e6, std::nullopt, std::nullopt};
  CHECK(limit.limit_given_baseline_w(10e6) == 4e6);
  DemandResponseEvent by_power{0.0, 3600.0, std::nullopt, 2e6, std::nullopt};
  CHECK(by_power.limit_given_baseline_w(10e6) == 8e6);
  DemandResponseEvent by_share{0.0, 3600.0, std::nullopt, std::nullopt, 0.25};
  CHECK(by_share.limit_given_baseline_w(10e6) == 7.5e6);
}

TEST_CASE("grid connection: the event during an interval", "[supply]") {
  GridConnection connection;
  connection.events = {{1000.0, 2000.0, 1.0, std::nullopt, std::nullopt},
                       {5000.0, 6000.0, 2.0, std::nullopt, std::nullopt}};
  CHECK(events_problem(connection.events).empty());
  CHECK(event_during(connection, 0.0, 1000.0) == nullptr);
  CHECK(event_during(connection, 900.0, 1100.0) == connection.events.data());
  CHECK(event_during(connection, 2000.0, 5000.0) == nullptr);
  CHECK(event_during(connection, 5999.0, 7000.0) == &connection.events[1]);
  CHECK(event_during(connection, 6000.0, 7000.0) == nullptr);
}

TEST_CASE("grid connection: malformed events are named", "[supply]") {
  std::vector<DemandResponseEvent> events{{0.0, 10.0, 1.0, std::nullopt, std::nullopt},
                                          {5.0, 20.0, 1.0, std::nullopt, std::nullopt}};
  CHECK(events_problem(events).rfind("events[1]: starts before events[0]", 0) == 0);
  events = {{10.0, 10.0, 1.0, std::nullopt, std::nullopt}};
  CHECK(events_problem(events) == "events[0]: end must come after start");
  events = {{0.0, 10.0, 1.0, 2.0, std::nullopt}};
  CHECK(events_problem(events) == "events[0]: give exactly one of limit and reduction");
  events = {{0.0, 10.0, std::nullopt, std::nullopt, 1.5}};
  CHECK(events_problem(events) == "events[0]: reduction must be in (0 %, 100 %]");
}

TEST_CASE("grid bill: energy, export and the demand charge by month", "[supply]") {
  GridConnection connection;
  connection.energy_price_per_j = TimeVarying(50.0 / 3.6e9);  // 50 per MWh
  connection.export_price_per_j = 20.0 / 3.6e9;
  connection.demand_charge_per_w = 10.0 / 1e3;  // 10 per kW-month
  GridBill bill(connection);
  const double jan_1 = 1704067200.0;  // 2024-01-01T00:00Z
  const double feb_1 = jan_1 + 31 * 86400.0;
  bill.add(jan_1, jan_1 + 3600.0, 3.6e9, 0.0);           // 1 MWh at 1 MW
  bill.add(jan_1 + 3600.0, jan_1 + 7200.0, 7.2e9, 0.0);  // 2 MW peak in January
  bill.add(feb_1, feb_1 + 3600.0, 0.0, 3.6e9);           // February exports 1 MWh
  bill.add(feb_1 + 3600.0, feb_1 + 5400.0, 1.8e9, 0.0);  // 1 MW peak in February
  CHECK(bill.energy_cost() == Approx(50.0 * 3.5));
  CHECK(bill.export_revenue() == Approx(20.0));
  CHECK(bill.demand_cost() == Approx(10.0 * 2000.0 + 10.0 * 1000.0));
  CHECK(bill.peak_import_w() == Approx(2e6));
  CHECK(bill.total_cost() == Approx(175.0 - 20.0 + 30000.0));
}
