#include "sim/app/uncertainty/series_bands.hpp"

#include "models/base/iso8601.hpp"
#include "models/base/sample_statistics.hpp"
#include "sim/scenario/scenario_error.hpp"

#include <cmath>
#include <stdexcept>

namespace terawatt {

void check_series_bands(const Scenario& scenario, std::size_t samples) {
  if (!scenario.info.duration_s) {
    throw ScenarioError(scenario.source_file, "scenario.duration",
                        "--series-bands needs a fixed horizon: without one each sample ends when its work does, and "
                        "their series do not line up (expected scenario.duration)");
  }
  const double rows = std::ceil(*scenario.info.duration_s / scenario.info.sample_interval_s);
  const double values = static_cast<double>(samples) * rows * static_cast<double>(scenario.sites.size()) *
                        static_cast<double>(banded_series.size());
  if (values > max_series_band_values) {
    throw ScenarioError(scenario.source_file, "scenario.sample_interval",
                        "--series-bands would hold " + std::to_string(static_cast<long long>(values)) +
                            " values (samples x intervals x sites x series), above the limit of " +
                            std::to_string(static_cast<long long>(max_series_band_values)) +
                            " (expected a coarser sample_interval or fewer samples)");
  }
}

SeriesRecorder::SeriesRecorder(const Scenario& scenario) : values_(banded_series.size()) {
  const std::vector<VariableSpec> variables = Sampler::variables(scenario);
  for (const std::string& name : banded_series) {
    for (std::size_t i = 0; i < variables.size(); ++i) {
      if (variables[i].name == name) columns_.push_back(i);
    }
  }
  if (columns_.size() != banded_series.size()) throw std::logic_error("a banded series is not a time series");
}

RowSink SeriesRecorder::sink() {
  return [this](double time_s, const std::vector<std::vector<double>>& row) {
    times_.push_back(time_s);
    for (std::size_t k = 0; k < columns_.size(); ++k) {
      const std::vector<double>& sites = row[columns_[k]];
      values_[k].insert(values_[k].end(), sites.begin(), sites.end());
    }
  };
}

std::vector<double> SeriesRecorder::packed() const {
  std::vector<double> out{static_cast<double>(times_.size())};
  out.insert(out.end(), times_.begin(), times_.end());
  for (const auto& series : values_) out.insert(out.end(), series.begin(), series.end());
  return out;
}

void write_series_bands(Hdf5Writer& writer, const Scenario& scenario, const std::vector<std::vector<double>>& packed) {
  const std::size_t sites = scenario.sites.size();
  const auto rows = static_cast<std::size_t>(packed.front().at(0));
  const std::size_t expected = 1 + rows + banded_series.size() * rows * sites;
  for (const auto& sample : packed) {
    if (sample.size() != expected || sample[0] != packed.front()[0]) {
      throw std::runtime_error("the samples' time series differ in length: bands over time need the same intervals");
    }
  }
  std::vector<std::string> times;
  bool whole = true;
  for (std::size_t t = 0; t < rows; ++t) whole = whole && std::floor(packed.front()[1 + t]) == packed.front()[1 + t];
  for (std::size_t t = 0; t < rows; ++t) {
    const double time_s = packed.front()[1 + t];
    times.push_back(whole ? std::to_string(static_cast<long long>(time_s))
                          : format_iso8601_utc(scenario.info.start_epoch_s + time_s));
  }
  std::vector<std::string> site_names;
  for (const Site& site : scenario.sites) site_names.push_back(site.name);
  const std::vector<VariableSpec> specs = Sampler::variables(scenario);
  std::vector<ArrayVariable> vars;
  for (std::size_t k = 0; k < banded_series.size(); ++k) {
    std::vector<double> mean, p5, p50, p95;
    for (std::size_t cell = 0; cell < rows * sites; ++cell) {
      std::vector<double> across;
      for (const auto& sample : packed) across.push_back(sample[1 + rows + k * rows * sites + cell]);
      mean.push_back(sample_mean(across));
      p5.push_back(sample_quantile(across, 0.05));
      p50.push_back(sample_quantile(across, 0.50));
      p95.push_back(sample_quantile(across, 0.95));
    }
    std::string units, long_name;
    for (const VariableSpec& spec : specs) {
      if (spec.name == banded_series[k]) {
        units = spec.units;
        long_name = spec.long_name;
      }
    }
    const auto band = [&](const std::string& suffix, const std::string& what, std::vector<double> values) {
      vars.push_back({banded_series[k] + suffix, units, long_name + ", " + what, {"time", "site"}, std::move(values)});
      vars.back().cf.comment = what +
                               " over the samples at each sample interval (the interval's mean, as in "
                               "/timeseries), by site";
    };
    band("_mean", "mean", std::move(mean));
    band("_p5", "5th percentile", std::move(p5));
    band("_p50", "median", std::move(p50));
    band("_p95", "95th percentile", std::move(p95));
  }
  writer.write_group("uncertainty_series",
                     {{"time", times,
                       whole ? "seconds since " + format_iso8601_utc(scenario.info.start_epoch_s) + " (interval end)"
                             : "end of the interval (UTC)",
                       whole},
                      {"site", site_names, "site"}},
                     vars, {{"samples", static_cast<std::int64_t>(packed.size())}});
}

}  // namespace terawatt
