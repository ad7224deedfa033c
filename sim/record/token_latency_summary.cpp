// /summary's service variables that iteration fidelity resolves: time to first token, time per output token, each
// request's energy (request fidelity too), and the latency targets met (sim/engine/workloads/token_latency.hpp). NaN
// at other fidelities.
#include "sim/record/run_summary.hpp"
#include "sim/record/summary_variable.hpp"

#include <string>
#include <utility>

namespace terawatt {

void add_token_latency_summary(const RunReport& report, std::vector<SummaryVariable>& vars) {
  const auto& s = report.services;
  if (s.empty()) return;
  const auto figure = [&s](double TokenLatencyFigures::*field) {
    return column(s, [field](const ServiceReport& x) { return x.totals.tokens.*field; });
  };
  const auto add = [&vars](std::string name, std::string units, std::string long_name, std::vector<double> values,
                           std::string comment, const char* fidelities = "iteration fidelity only") {
    vars.push_back(with_comment({std::move(name), std::move(units), std::move(long_name), "service", std::move(values)},
                                std::move(comment) + "; " + fidelities + ", else NaN"));
  };
  const char* energy_fidelities =
      "iteration fidelity, and request fidelity as an equal share of the replica's power while it is held";
  using F = TokenLatencyFigures;
  for (const auto& [name, field, q] :
       {std::tuple{"ttft_p50", &F::ttft_p50_s, "p50"}, std::tuple{"ttft_p90", &F::ttft_p90_s, "p90"},
        std::tuple{"ttft_p99", &F::ttft_p99_s, "p99"}}) {
    add(name, "s", std::string(q) + " time to first token", figure(field),
        std::string(q) + " time from arrival to the first output token");
  }
  for (const auto& [name, field, q] :
       {std::tuple{"tpot_p50", &F::tpot_p50_s, "p50"}, std::tuple{"tpot_p90", &F::tpot_p90_s, "p90"},
        std::tuple{"tpot_p99", &F::tpot_p99_s, "p99"}}) {
    add(name, "s", std::string(q) + " time per output token", figure(field),
        std::string(q) + " over requests of their mean time per output token after the first");
  }
  add("request_energy_mean", "J", "mean energy per request", figure(&F::energy_mean_j),
      "accelerator energy of a request's iterations, shared by the tokens each processed", energy_fidelities);
  for (const auto& [name, field, q] : {std::tuple{"request_energy_p50", &F::energy_p50_j, "p50"},
                                       std::tuple{"request_energy_p90", &F::energy_p90_j, "p90"},
                                       std::tuple{"request_energy_p99", &F::energy_p99_j, "p99"}}) {
    add(name, "J", std::string(q) + " energy per request", figure(field),
        std::string(q) + " of the requests' accelerator energy", energy_fidelities);
  }
  add("slo_attainment", "1", "SLO attainment", figure(&F::slo_attainment),
      "share of served requests within the service's ttft and tpot targets (NaN without targets)");
  add("goodput", "s^-1", "goodput",
      column(s,
             [&report](const ServiceReport& x) {
               return report.end_s > 0.0 ? x.totals.tokens.met_slo / report.end_s : x.totals.tokens.met_slo;
             }),
      "requests within the targets per second of the run (NaN without targets)");
  add("requests_cut", "1", "requests cut to fit",
      column(s, [](const ServiceReport& x) { return x.totals.cut_requests; }),
      "requests longer than a replica's whole KV cache holds, shortened to fit it");
}

}  // namespace terawatt
