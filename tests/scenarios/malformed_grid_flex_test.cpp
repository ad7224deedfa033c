// Malformed on-site supply, grid connections and flexible training jobs: each refused with exit code 2 and a message at
// file:line:col naming the key. The site's extra keys follow the base of cli_harness.hpp from line 10, so that its
// clusters and workloads move down by as many lines.

#include "cli_harness.hpp"

#include <catch2/catch.hpp>

using namespace cli_test;

namespace {
// The base with `keys` (indented for the site) after its carbon intensity, from line 10.
std::string site_with(const std::string& keys, const std::string& yaml = base_yaml) {
  return edit("    carbon_intensity: 352 g/kWh\n", "    carbon_intensity: 352 g/kWh\n" + keys, yaml);
}
// `yaml` (the base by default) with the job's `flexibility` (a flow mapping) on the line after it.
std::string job_with(const std::string& flexibility, const std::string& yaml = base_yaml) {
  return yaml + "    flexibility: " + flexibility + "\n";
}
}  // namespace

MALFORMED("solar: no size", site_with("    solar: {climate: arizona}\n"),
          "bad.yaml:10:12: sites.iowa.solar.peak_power: missing: the array's size (expected peak_power, or area with "
          "efficiency)")
MALFORMED("solar: a peak power and an area", site_with("    solar: {peak_power: 1 MW, area: 5000, efficiency: 20 %}\n"),
          "bad.yaml:10:37: sites.iowa.solar.area: conflicts with peak_power (expected one of them)")
MALFORMED("solar: an unknown climate", site_with("    solar: {peak_power: 1 MW, climate: arizonna}\n"),
          "bad.yaml:10:40: sites.iowa.solar.climate: unknown climate 'arizonna' (did you mean 'arizona'?)")
MALFORMED("solar: no irradiance on a constant-PUE site", site_with("    solar: {peak_power: 1 MW}\n"),
          "bad.yaml:10:25: sites.iowa.solar.peak_power: needs irradiance: give solar.climate or an EPW "
          "solar.weather_file (the facility has no weather)")
MALFORMED("solar: losses of 100 %", site_with("    solar: {peak_power: 1 MW, climate: iowa, system_losses: 1}\n"),
          "bad.yaml:10:61: sites.iowa.solar.system_losses: system_losses must be in [0, 1)")
MALFORMED("solar: a run without a duration",
          site_with("    solar: {peak_power: 1 MW, climate: iowa}\n", edit("  duration: 1 d\n", "")),
          "bad.yaml:9:25: sites.iowa.solar.peak_power: a time-varying input needs scenario.duration")
MALFORMED("battery: no power", site_with("    battery: {capacity: 4 MWh}\n"),
          "bad.yaml:10:14: sites.iowa.battery.power: missing (expected power, or charge_power and discharge_power)")
MALFORMED("battery: an initial charge above its maximum",
          site_with("    battery: {capacity: 4 MWh, power: 1 MW, max_soc: 0.9, initial_soc: 0.95}\n"), "bad.yaml:10:")
MALFORMED("battery: an unknown policy", site_with("    battery: {capacity: 4 MWh, power: 1 MW, policy: peak_shave}\n"),
          "bad.yaml:10:53: sites.iowa.battery.policy: unknown policy 'peak_shave' (did you mean 'peak_shaving'?)")
MALFORMED("battery: peak shaving with no target",
          site_with("    battery: {capacity: 4 MWh, power: 1 MW, policy: peak_shaving}\n"),
          "bad.yaml:10:14: sites.iowa.battery.peak_target: missing: peak shaving needs a target or a connection "
          "capacity")
MALFORMED("battery: a carbon band upside down",
          site_with("    battery: {capacity: 4 MWh, power: 1 MW, policy: carbon, charge_below: 400 g/kWh, "
                    "discharge_above: 100 g/kWh}\n"),
          "bad.yaml:10:103: sites.iowa.battery.discharge_above: must be above charge_below")
MALFORMED("battery: a carbon threshold in energy",
          site_with("    battery: {capacity: 4 MWh, power: 1 MW, policy: carbon, charge_below: 150 kWh, "
                    "discharge_above: 400 g/kWh}\n"),
          "bad.yaml:10:75: sites.iowa.battery.charge_below: '150 kWh' has unit 'kWh' which is an energy")
MALFORMED("battery: a threshold its policy does not use",
          site_with("    battery: {capacity: 4 MWh, power: 1 MW, charge_below: 100 g/kWh}\n"),
          "bad.yaml:10:59: sites.iowa.battery.charge_below: the self_consumption policy does not use it")
MALFORMED("connection: a price per kWh taken for one per MWh", site_with("    connection: {energy_price: -20000}\n"),
          "bad.yaml:10:32: sites.iowa.connection.energy_price: -2e+04 per MWh is out of range")
MALFORMED("connection: export neither true nor false", site_with("    connection: {export: maybe}\n"),
          "bad.yaml:10:26: sites.iowa.connection.export: expected true or false, found 'maybe'")
MALFORMED("connection: overlapping events",
          site_with("    connection:\n      events:\n"
                    "        - {start: 2024-06-01T10:00:00Z, duration: 2 h, limit: 100 kW}\n"
                    "        - {start: 2024-06-01T11:00:00Z, duration: 1 h, limit: 100 kW}\n"),
          "bad.yaml:13:19: sites.iowa.connection.events.1.start: starts before events[0] ends")
MALFORMED("connection: an event with a limit and a reduction",
          site_with("    connection:\n      events: [{start: 2024-06-01T10:00:00Z, duration: 2 h, limit: 100 kW, "
                    "reduction: 20 %}]\n"),
          "bad.yaml:11:68: sites.iowa.connection.events.0.limit: give exactly one of limit and reduction")
MALFORMED("connection: an event with neither end nor duration",
          site_with("    connection:\n      events: [{start: 2024-06-01T10:00:00Z, limit: 100 kW}]\n"),
          "bad.yaml:11:16: sites.iowa.connection.events.0.end: give exactly one of end and duration")
MALFORMED("connection: events that are not a list", site_with("    connection: {events: 3}\n"),
          "bad.yaml:10:26: sites.iowa.connection.events: expected a list of events, found '3'")
MALFORMED("flexibility: a pause with no checkpoint write time", job_with("{mode: pause}"),
          "bad.yaml:23:18: workloads.llm.flexibility.checkpoint_write_time: missing: a pause writes a checkpoint first")
MALFORMED("flexibility: the power-cap mode without its cap", job_with("{mode: power_cap}"),
          "bad.yaml:23:18: workloads.llm.flexibility.power_cap: missing: the power_cap mode needs the curtailed cap")
MALFORMED("flexibility: a cap that is not below the running cap", job_with("{mode: power_cap, power_cap: 700 W}"),
          "bad.yaml:23:47: workloads.llm.flexibility.power_cap: 700 W is not below the job's running cap of 700 W")
MALFORMED("flexibility: an unknown mode", job_with("{mode: sleep}"),
          "bad.yaml:23:25: workloads.llm.flexibility.mode: unknown mode 'sleep' (expected pause or power_cap)")
MALFORMED("flexibility: with failures",
          job_with("{mode: pause, checkpoint_write_time: 1 min}",
                   base_yaml + "    mtbf: 5 yr\n    restart_delay: 10 min\n"),
          "bad.yaml:25:18: workloads.llm.flexibility: cannot be combined with mtbf")

MALFORMED("flexibility: a request-fidelity service whose plan is a whole sample interval ahead",
          service_yaml + "    fidelity: request\n    control_interval: 1 h\n    flexibility: {floor: 1}\n",
          "bad.yaml:31:23: workloads.svc.control_interval: 3600 s is not shorter than the sample interval (3600 s)")
MALFORMED("flexibility: a service's floor as large as its replicas",
          service_yaml + "    fidelity: fluid\n    flexibility: {floor: 4}\n",
          "bad.yaml:31:26: workloads.svc.flexibility.floor: 4 is not below the service's")
MALFORMED("flexibility: a service whose step does not divide the sample interval",
          service_yaml + "    fidelity: fluid\n    control_interval: 7 min\n    flexibility: {floor: 1}\n",
          "bad.yaml:31:23: workloads.svc.control_interval: the sample interval (3600 s) is not a whole number of "
          "control intervals")
MALFORMED("solar: a run of more hours than a series may hold",
          site_with("    solar: {peak_power: 1 MW, climate: iowa}\n",
                    edit("  duration: 1 d\n", "  duration: 200 yr\n")),
          "bad.yaml:10:25: sites.iowa.solar.peak_power: a time-varying input holds one value per hour of the run")
