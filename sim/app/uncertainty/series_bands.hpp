#pragma once
// Bands over time: with `--series-bands`, each sample of a simulation keeps the headline time series of its sites
// (banded_series), and the output gains /uncertainty_series: for each, the mean and the 5th, 50th and 95th
// percentiles over the samples at every time step and site (dimensions time, site). The samples run in children and
// hand their series back through the child runner (sim/app/common/child_runner.hpp), packed as
//   [rows, time of each row, then each series' values row by row (row-major over time x site)].

#include "sim/io/hdf5_writer.hpp"
#include "sim/record/sampler.hpp"
#include "sim/scenario/scenario.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace terawatt {

// The series banded over time: facility power and the location-based emissions rate of each site.
inline const std::vector<std::string> banded_series{"facility_power", "emissions_rate"};

// At most this many values (samples x rows x sites x series) are held in memory, about 160 MB of doubles; a larger
// request is refused before anything runs (a coarser sample_interval, or fewer samples, fits it).
inline constexpr double max_series_band_values = 2e7;

// Throws ScenarioError (exit 2) when the run has no fixed horizon (samples would end at different times) or the bands
// would hold more than max_series_band_values; `samples` is the sample count.
void check_series_bands(const Scenario& scenario, std::size_t samples);

// A sink that keeps the banded series of each row, and the packed series once the run has ended.
class SeriesRecorder {
 public:
  explicit SeriesRecorder(const Scenario& scenario);
  RowSink sink();
  std::vector<double> packed() const;

 private:
  std::vector<std::size_t> columns_;  // the banded series' indices in a row
  std::vector<double> times_;
  std::vector<std::vector<double>> values_;  // per series, row-major over time x site
};

// /uncertainty_series from every sample's packed series. Throws std::runtime_error when the samples' rows differ.
void write_series_bands(Hdf5Writer& writer, const Scenario& scenario, const std::vector<std::vector<double>>& packed);

}  // namespace terawatt
