#pragma once
// What iteration fidelity knows of each request beyond its latency: its time to first token (TTFT), its time per
// output token after the first (TPOT), its accelerator energy, and whether it met the service's latency targets;
// request fidelity knows the energy alone. Percentiles come from log-binned histograms
// (models/workload/latency_histogram.hpp, 1.16 % wide), so memory stays constant over millions of requests. Energy is
// binned in kJ as seconds are, so from 0.1 J to 1 GJ: a short text request draws joules, a 720p video clip of a 14B
// model 1.5 MJ.
#include "models/workload/latency_histogram.hpp"
#include "sim/scenario/scenario.hpp"

#include <limits>
#include <optional>

namespace terawatt {

struct TokenLatency {
  LatencyHistogram ttft;
  LatencyHistogram tpot;       // requests of more than one output token
  LatencyHistogram energy;     // accelerator energy per request, kJ (add_energy)
  double met_slo = 0.0;        // requests within every stated target
  double served_output = 0.0;  // output of the requests served: tokens, or a video's seconds (count_output)

  static constexpr double energy_unit_j = 1e3;

  void add_energy(double energy_j) { energy.add(energy_j / energy_unit_j); }
  void add(double ttft_s, std::optional<double> tpot_s, double energy_j, double output_tokens, const ServiceSlo& slo) {
    ttft.add(ttft_s);
    if (tpot_s) tpot.add(*tpot_s);
    add_energy(energy_j);
    served_output += output_tokens;
    const bool ttft_met = !slo.ttft_s || ttft_s <= *slo.ttft_s;
    const bool tpot_met = !slo.tpot_s || !tpot_s || *tpot_s <= *slo.tpot_s;
    met_slo += ttft_met && tpot_met ? 1.0 : 0.0;
  }
  void clear() { *this = TokenLatency{}; }
};

// The figures /summary and the series report; NaN where nothing was resolved.
struct TokenLatencyFigures {
  static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  double ttft_p50_s = nan, ttft_p90_s = nan, ttft_p99_s = nan;
  double tpot_p50_s = nan, tpot_p90_s = nan, tpot_p99_s = nan;
  double energy_mean_j = nan, energy_p50_j = nan, energy_p90_j = nan, energy_p99_j = nan;
  double slo_attainment = nan;  // share of served requests within the targets (NaN without targets)
  double met_slo = nan;         // requests within the targets (NaN without targets)
};

inline TokenLatencyFigures token_latency_figures(const TokenLatency& t, const ServiceSlo& slo) {
  TokenLatencyFigures f;
  f.ttft_p50_s = t.ttft.quantile_s(0.5);
  f.ttft_p90_s = t.ttft.quantile_s(0.9);
  f.ttft_p99_s = t.ttft.quantile_s(0.99);
  f.tpot_p50_s = t.tpot.quantile_s(0.5);
  f.tpot_p90_s = t.tpot.quantile_s(0.9);
  f.tpot_p99_s = t.tpot.quantile_s(0.99);
  f.energy_mean_j = t.energy.mean_s() * TokenLatency::energy_unit_j;
  f.energy_p50_j = t.energy.quantile_s(0.5) * TokenLatency::energy_unit_j;
  f.energy_p90_j = t.energy.quantile_s(0.9) * TokenLatency::energy_unit_j;
  f.energy_p99_j = t.energy.quantile_s(0.99) * TokenLatency::energy_unit_j;
  if (slo.ttft_s || slo.tpot_s) {
    f.met_slo = t.met_slo;
    f.slo_attainment = t.ttft.count() > 0.0 ? t.met_slo / t.ttft.count() : TokenLatencyFigures::nan;
  }
  return f;
}

}  // namespace terawatt
