#include "sim/scenario/embodied_reader.hpp"

#include "sim/scenario/scenario_schema.hpp"

namespace terawatt {
namespace {
constexpr Dimension none = Dimension::dimensionless;
}

const SectionSpec& embodied_section() {
  static const SectionSpec section{
      "clusters[].embodied",
      "Embodied (manufacturing) carbon, amortised linearly over the service life. A cluster carries lifetime's share "
      "of it for every second simulated; a workload the share of the accelerator-hours it held, over lifetime x "
      "`utilisation`, the hours the hardware is in use (README, embodied carbon). docs/references.md has no confirmed "
      "per-device figure, so there are no defaults: give your source's.",
      {
          {"per_accelerator", ValueType::quantity, Dimension::mass, "", true,
           "CO2e of one accelerator. Give this (with `per_server`), or `server_total`."},
          {"per_server", ValueType::quantity, Dimension::mass, "0 kg", false,
           "CO2e of one server without its accelerators (chassis, CPUs, memory, NICs, storage)."},
          {"server_total", ValueType::quantity, Dimension::mass, "", true,
           "CO2e of one whole server with its accelerators, as fleet estimates give it (e.g. a life-cycle "
           "assessment's figure per node)."},
          {"lifetime", ValueType::quantity, Dimension::time, "", false, "Service life, e.g. `5 yr`."},
          {"utilisation", ValueType::fraction, none, "1", false,
           "Share of the service life the hardware is in use: a workload's hours carry 1 / utilisation of their "
           "calendar share (e.g. 0.85, as a study assumes its cluster busy 85 % of its life). 1: every hour is "
           "used, the share the hours themselves give."},
      }};
  return section;
}

std::optional<EmbodiedCarbon> read_embodied(const YamlSource& context, const MapReader& map) {
  if (!map.has("embodied")) return std::nullopt;
  const auto& espec = embodied_section();
  const MapReader embodied(context, map.child("embodied"), map.child_path("embodied"), espec);
  EmbodiedCarbon carbon;
  carbon.server_total_kg = embodied.quantity(espec.key("server_total"));
  const auto per_accelerator = embodied.quantity(espec.key("per_accelerator"));
  if (carbon.server_total_kg.has_value() == per_accelerator.has_value()) {
    embodied.fail(per_accelerator ? "server_total" : "per_accelerator",
                  per_accelerator ? "conflicts with per_accelerator (expected one of per_accelerator, server_total)"
                                  : "missing required key (expected per_accelerator, or server_total for a whole "
                                    "server with its accelerators)");
  }
  if (carbon.server_total_kg && embodied.has("per_server")) {
    embodied.fail("per_server", "conflicts with server_total, which includes the server (expected one of them)");
  }
  carbon.per_accelerator_kg = per_accelerator.value_or(0.0);
  carbon.per_server_kg = carbon.server_total_kg.value_or(*embodied.quantity(espec.key("per_server")));
  carbon.lifetime_s = *embodied.positive_quantity(espec.key("lifetime"));
  carbon.utilisation = *embodied.fraction(espec.key("utilisation"));
  return carbon;
}

}  // namespace terawatt
