// The schema of what a site has besides its grid supply (solar, a battery), the terms of its grid connection, and the
// flexibility of training jobs that the site controller may curtail.

#include "sim/scenario/scenario_schema.hpp"

namespace terawatt {
namespace {
constexpr Dimension none = Dimension::dimensionless;
}  // namespace

const SectionSpec& solar_section() {
  static const SectionSpec section{
      "sites[].solar",
      "On-site photovoltaics (models/supply/pv_array.hpp): hourly AC output from the global horizontal irradiance and "
      "the air temperature, on a horizontal array, derated for cell temperature and system losses. Needs "
      "`scenario.duration`. Its output serves the site's load first (README, Grid connection).",
      {
          {"peak_power", ValueType::quantity, Dimension::power, "", true,
           "DC rating at standard test conditions (1000 W/m2, cell at 25 C), e.g. `60 MW`. Give this or `area` with "
           "`efficiency`."},
          {"area", ValueType::number, none, "", true, "Module area in m2 (with `efficiency`)."},
          {"efficiency", ValueType::fraction, none, "", true,
           "Module efficiency at standard test conditions, e.g. `21 %`; peak power = area x 1000 W/m2 x efficiency."},
          {"climate", ValueType::name, none, "", true,
           "Synthetic irradiance (clear sky and seeded daily cloud, calibrated to the place's published annual "
           "irradiation) of a climate preset. Absent: the facility's climate or EPW weather file."},
          {"weather_file", ValueType::text, none, "", true,
           "An EnergyPlus `.epw` whose global horizontal radiation and dry bulb drive the array. Relative to the "
           "scenario file."},
          {"temperature_coefficient", ValueType::real, none, "-0.0037", false,
           "Power change per kelvin of cell temperature above 25 C (PVWatts' standard module, -0.37 %/C)."},
          {"system_losses", ValueType::real, none, "0.14", false,
           "DC losses: soiling, shading, wiring, mismatch, ageing (PVWatts' default, 14 %)."},
          {"inverter_efficiency", ValueType::real, none, "0.96", false, "PVWatts' nominal inverter efficiency."},
          {"inverter_limit", ValueType::quantity, Dimension::power, "", true, "AC rating that clips the output."},
      }};
  return section;
}

const SectionSpec& battery_section() {
  static const SectionSpec section{
      "sites[].battery",
      "A stationary battery on the site's bus (models/supply/battery.hpp), dispatched every sample interval.",
      {
          {"capacity", ValueType::quantity, Dimension::energy, "", false, "Usable energy, e.g. `240 MWh`."},
          {"power", ValueType::quantity, Dimension::power, "", true,
           "Charge and discharge power. Give this or both `charge_power` and `discharge_power`."},
          {"charge_power", ValueType::quantity, Dimension::power, "", true, "Largest charging power."},
          {"discharge_power", ValueType::quantity, Dimension::power, "", true, "Largest discharging power."},
          {"round_trip_efficiency", ValueType::fraction, none, "0.85", false,
           "AC to AC; 85 %: NREL's Annual Technology Baseline for utility lithium-ion (docs/references.md J)."},
          {"min_soc", ValueType::real, none, "0", false, "Lowest state of charge, a fraction of `capacity`."},
          {"max_soc", ValueType::real, none, "1", false, "Highest state of charge, a fraction of `capacity`."},
          {"initial_soc", ValueType::real, none, "0.5", false, "State of charge at the start."},
          {"policy", ValueType::name, none, "self_consumption", false,
           "`self_consumption` (store the PV surplus, cover what PV does not), `peak_shaving` (discharge only above "
           "`peak_target`, recharge below it), `carbon` or `price` (charge from the grid at or below `charge_below`, "
           "discharge at or above `discharge_above`). Every policy stores the PV surplus first and holds the import "
           "at the connection's limit when it can."},
          {"peak_target", ValueType::quantity, Dimension::power, "", true,
           "`peak_shaving`: import above this is shaved. Absent: the connection's capacity."},
          {"charge_below", ValueType::text, none, "", true,
           "`carbon`: a carbon intensity such as `150 g/kWh`; `price`: a price per MWh such as `30`."},
          {"discharge_above", ValueType::text, none, "", true, "The other threshold, in the same form."},
      }};
  return section;
}

const SectionSpec& connection_section() {
  static const SectionSpec section{
      "sites[].connection",
      "The site's grid connection (models/supply/grid_connection.hpp): its limit, prices and demand-response "
      "events. Emissions and costs follow the grid import.",
      {
          {"capacity", ValueType::quantity, Dimension::power, "", true,
           "Import limit, and export limit unless `export` is false. Absent: unlimited."},
          {"export", ValueType::name, none, "true", false,
           "`true`: PV that the site and battery cannot use is "
           "exported; `false`: it is curtailed."},
          {"energy_price", ValueType::real, none, "0", false, "Price of imported energy, currency per MWh."},
          {"price_file", ValueType::text, none, "", true,
           "Hourly CSV with `time` and `price` (currency per MWh; negative prices allowed), covering the run; "
           "replaces `energy_price`. Relative to the scenario file."},
          {"export_price", ValueType::real, none, "0", false, "Paid for exported energy, currency per MWh."},
          {"demand_charge", ValueType::real, none, "0", false,
           "Currency per kW of each calendar month's peak import (its highest sample-interval mean: sample every "
           "15 min to bill as most tariffs do)."},
          {"currency", ValueType::name, none, "USD", false, "The currency of prices and costs, for the output."},
          {"flexible_work", ValueType::name, none, "true", false,
           "`true`: the site controller curtails flexible workloads (`workloads[].flexibility`) to hold the limit; "
           "`false`: they run uninterrupted and the controller only reports, for a comparison without flexibility."},
          {"events", ValueType::text, none, "", true,
           "Demand-response events, a list of mappings (see `sites[].connection.events[]`)."},
      }};
  return section;
}

const SectionSpec& connection_event_section() {
  static const SectionSpec section{
      "sites[].connection.events[]",
      "A demand-response event: for its span the import limit is lowered. The site controller curtails flexible "
      "work to meet it and reports what it delivered.",
      {
          {"start", ValueType::timestamp, none, "", false, "When it begins, ISO 8601 with a zone."},
          {"end", ValueType::timestamp, none, "", true, "When it ends. Give this or `duration`."},
          {"duration", ValueType::quantity, Dimension::time, "", true, "Its length."},
          {"limit", ValueType::quantity, Dimension::power, "", true, "The import asked for, e.g. `30 MW`."},
          {"reduction", ValueType::fraction, none, "", true,
           "Or a reduction below the baseline, the mean import of the hour before the event, e.g. `25 %`."},
          {"reduce_by", ValueType::quantity, Dimension::power, "", true, "Or a reduction below it as power."},
      }};
  return section;
}

const SectionSpec& flexibility_section() {
  static const SectionSpec section{
      "workloads[].flexibility",
      "A training job that its site's controller may curtail when the site's import would pass its connection's "
      "limit or a demand-response event's: it pauses at a checkpoint or runs under a lower power cap until the "
      "controller restores it. Not with `mtbf`.",
      {
          {"mode", ValueType::name, none, "pause", false,
           "`pause`: write a checkpoint, idle the servers (they stay the job's), restart when restored; "
           "`power_cap`: run at `power_cap` per accelerator."},
          {"power_cap", ValueType::quantity, Dimension::power, "", true, "`power_cap` mode: the curtailed cap."},
          {"checkpoint_write_time", ValueType::quantity, Dimension::time, "", true,
           "`pause`: the write before the pause. Absent: the job's `checkpoint_write_time` (required then)."},
          {"restart_time", ValueType::quantity, Dimension::time, "", true,
           "`pause`: the time to reload the checkpoint and resume. Absent: the checkpoint write time (an "
           "assumption: a reload reads what a write wrote, over the same storage)."},
          {"priority", ValueType::count, none, "0", false,
           "Curtailed in ascending order, ties in the scenario's order; restored in reverse."},
      }};
  return section;
}

const SectionSpec& service_flexibility_section() {
  static const SectionSpec section{
      "workloads[].flexibility (inference)",
      "An inference service that its site's controller may scale down when the site's import would pass its "
      "connection's limit: it serves on at most `floor` replicas until restored, the others scaled down as "
      "`replicas.scaled_down` says, and the requests beyond the floor's capacity wait (their latency is the cost). "
      "The sample interval must be a whole number of control intervals. At request fidelity the plan runs one "
      "control interval ahead, so the service acts that interval (and its longest request) after each decision, "
      "which the controller counts; the control interval must then be shorter than the sample interval.",
      {
          {"mode", ValueType::name, none, "scale_down", false, "`scale_down`."},
          {"floor", ValueType::count, none, "", false, "Replicas that keep serving while curtailed (0: none)."},
          {"priority", ValueType::count, none, "0", false,
           "Curtailed in ascending order with the site's flexible training jobs, ties in the scenario's order."},
      }};
  return section;
}

}  // namespace terawatt
