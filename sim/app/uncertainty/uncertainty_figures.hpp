#pragma once
// The figures of an uncertainty run: every /summary variable of every sample, side by side, and its band (mean and
// 5th, 50th and 95th percentiles over the samples) and sensitivities (models/base/sample_statistics.hpp), written to
// the output's /uncertainty group and printed for the headline figures.

#include "sim/app/uncertainty/sample_plan.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/io/summary_reader.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace terawatt {

struct SampledFigure {
  std::string name;
  std::string units;
  std::string long_name;
  std::vector<std::string> dimensions;           // a run's summary: one; a projection: year, segment, region, case
  std::vector<std::vector<std::string>> labels;  // [dimension][label]
  std::vector<std::vector<double>> values;       // [sample][element], row-major over the dimensions
  std::size_t elements() const;
};

// The variables of every sample's summary, in the first sample's order; throws std::runtime_error when the samples'
// summaries differ in their variables or labels (a value that changes the scenario's structure).
std::vector<SampledFigure> gather_figures(const std::vector<std::vector<PointSummaryVariable>>& samples);

struct FigureBand {
  std::vector<double> mean, p5, p50, p95;  // [element]
  std::vector<std::vector<double>> srrc;   // [input][element]
  std::vector<double> r2;                  // [element]
};
FigureBand figure_band(const SamplePlan& plan, const SampledFigure& figure);

// Group /uncertainty: dimensions `sample`, `input` and the figures' own; per figure F its samples F (sample, ...),
// F_mean, F_p5, F_p50, F_p95, F_srrc (input, ...) and F_rank_r2; the inputs' values `input_value` (sample, input),
// with their units, distributions and places in the scenario as coordinates of `input`.
void write_uncertainty(Hdf5Writer& writer, const SamplePlan& plan, const std::vector<SampledFigure>& figures);

// The headline figures (facility energy, emissions and water per site, energy and emissions per workload, energy per
// request per service; a projection's electricity by year and case, summed over segments and regions): their band
// and the inputs that drive each most.
void print_uncertainty(std::ostream& out, const SamplePlan& plan, const std::vector<SampledFigure>& figures);

}  // namespace terawatt
