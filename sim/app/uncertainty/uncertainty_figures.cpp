#include "sim/app/uncertainty/uncertainty_figures.hpp"

#include "models/base/sample_statistics.hpp"
#include "sim/record/summary_printout.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <ostream>
#include <stdexcept>

namespace terawatt {
namespace {

// The headline figures the printed table shows, in its order, with a unit-aware formatter.
struct Headline {
  const char* name;
  std::string (*format)(double);
};
constexpr Headline headlines[] = {
    {"facility_energy", format_energy},
    {"emissions", format_mass},
    {"water_onsite", format_volume},
    {"water_offsite", format_volume},
    {"workload_facility_energy", format_energy},
    {"workload_emissions", format_mass},
    {"energy_per_request", format_energy},
};

std::vector<double> column_of(const SampledFigure& figure, std::size_t label) {
  std::vector<double> column;
  column.reserve(figure.values.size());
  for (const std::vector<double>& sample : figure.values) column.push_back(sample[label]);
  return column;
}

// Row-major (outer, inner) values of a [outer][inner] table.
std::vector<double> flattened(const std::vector<std::vector<double>>& table) {
  std::vector<double> values;
  for (const auto& row : table) values.insert(values.end(), row.begin(), row.end());
  return values;
}

ArrayVariable band_variable(const SampledFigure& figure, const std::string& suffix, const std::string& what,
                            std::vector<double> values) {
  return {figure.name + suffix, figure.units, figure.long_name + ", " + what, {figure.dimension}, std::move(values)};
}

}  // namespace

std::vector<SampledFigure> gather_figures(const std::vector<std::vector<PointSummaryVariable>>& samples) {
  std::vector<SampledFigure> figures;
  if (samples.empty()) return figures;
  for (const PointSummaryVariable& v : samples.front()) {
    if (!v.dimensions.empty() || v.labels.empty()) continue;  // N-D (a projection's) or empty: not a run's figure
    figures.push_back({v.name, v.units, v.long_name, v.dimension, v.labels, {}});
  }
  for (std::size_t s = 0; s < samples.size(); ++s) {
    std::map<std::string, const PointSummaryVariable*> by_name;
    for (const PointSummaryVariable& v : samples[s]) by_name[v.name] = &v;
    for (SampledFigure& figure : figures) {
      const auto found = by_name.find(figure.name);
      if (found == by_name.end() || found->second->labels != figure.labels) {
        throw std::runtime_error("sample " + std::to_string(s) + " has another " + figure.name + " (" +
                                 figure.dimension +
                                 " labels) than sample 0: a distribution changed the scenario's structure");
      }
      figure.values.push_back(found->second->values);
    }
  }
  return figures;
}

FigureBand figure_band(const SamplePlan& plan, const SampledFigure& figure) {
  FigureBand band;
  band.srrc.assign(plan.inputs.size(), {});
  for (std::size_t label = 0; label < figure.labels.size(); ++label) {
    const std::vector<double> column = column_of(figure, label);
    band.mean.push_back(sample_mean(column));
    band.p5.push_back(sample_quantile(column, 0.05));
    band.p50.push_back(sample_quantile(column, 0.50));
    band.p95.push_back(sample_quantile(column, 0.95));
    const RankRegression regression = rank_regression(plan.values, column);
    for (std::size_t k = 0; k < plan.inputs.size(); ++k) band.srrc[k].push_back(regression.srrc[k]);
    band.r2.push_back(regression.r2);
  }
  return band;
}

void write_uncertainty(Hdf5Writer& writer, const SamplePlan& plan, const std::vector<SampledFigure>& figures) {
  std::vector<LabelDimension> dims;
  std::vector<std::string> sample_labels;
  for (std::size_t s = 0; s < plan.values.size(); ++s) sample_labels.push_back(std::to_string(s));
  dims.push_back({"sample", sample_labels, "uncertainty sample", true});
  std::vector<std::string> input_labels;
  std::vector<std::string> units, distributions, locations;
  for (const InputDistribution& input : plan.inputs) {
    input_labels.push_back(input.path);
    units.push_back(input.kind == DistributionKind::choice ? "index of the choice" : input.unit);
    distributions.push_back(input.description());
    locations.push_back(input.location);
  }
  dims.push_back({"input", input_labels, "uncertain input (its key path)"});
  std::vector<ArrayVariable> vars;
  vars.push_back({"input_value", "", "value of the input in the sample", {"sample", "input"}, flattened(plan.values)});
  vars.back().cf.comment = "in the unit of input_unit; a choice's index in its list, from 0";
  for (const SampledFigure& figure : figures) {
    if (std::none_of(dims.begin(), dims.end(), [&](const LabelDimension& d) { return d.name == figure.dimension; })) {
      dims.push_back({figure.dimension, figure.labels, figure.dimension});
    }
    const FigureBand band = figure_band(plan, figure);
    vars.push_back(
        {figure.name, figure.units, figure.long_name, {"sample", figure.dimension}, flattened(figure.values)});
    vars.push_back(band_variable(figure, "_mean", "mean over the samples", band.mean));
    vars.push_back(band_variable(figure, "_p5", "5th percentile over the samples", band.p5));
    vars.push_back(band_variable(figure, "_p50", "median over the samples", band.p50));
    vars.push_back(band_variable(figure, "_p95", "95th percentile over the samples", band.p95));
    vars.push_back({figure.name + "_srrc",
                    "1",
                    figure.long_name + ", standardised rank regression coefficient",
                    {"input", figure.dimension},
                    flattened(band.srrc)});
    vars.back().cf.comment =
        "how strongly, and in which direction, each input drives the figure (models/base/"
        "sample_statistics.hpp); NaN where the figure or the input does not vary";
    vars.push_back(
        {figure.name + "_rank_r2", "1", figure.long_name + ", R2 of the rank regression", {figure.dimension}, band.r2});
  }
  writer.write_group(
      "uncertainty", dims, vars,
      {{"sampling", std::string("latin hypercube")}, {"samples", static_cast<std::int64_t>(plan.values.size())}});
  writer.write_coordinates("uncertainty", {{"input_unit", "unit of the input's values", "input", units},
                                           {"input_distribution", "the input's distribution", "input", distributions},
                                           {"input_location", "where the scenario gives it", "input", locations}});
}

void print_uncertainty(std::ostream& out, const SamplePlan& plan, const std::vector<SampledFigure>& figures) {
  out << "figure                               median       5 %      95 %   drivers (SRRC)\n";
  for (const Headline& headline : headlines) {
    const auto figure =
        std::find_if(figures.begin(), figures.end(), [&](const SampledFigure& f) { return f.name == headline.name; });
    if (figure == figures.end()) continue;
    const FigureBand band = figure_band(plan, *figure);
    for (std::size_t label = 0; label < figure->labels.size(); ++label) {
      std::vector<std::size_t> order(plan.inputs.size());
      for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
      const auto weight = [&](std::size_t k) {
        const double c = band.srrc[k][label];
        return std::isnan(c) ? -1.0 : std::abs(c);
      };
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return weight(a) > weight(b); });
      std::string drivers;
      for (std::size_t i = 0; i < order.size() && i < 3 && weight(order[i]) >= 0.1; ++i) {
        const double c = band.srrc[order[i]][label];
        drivers += (i ? ", " : "") + plan.inputs[order[i]].path + " " + (c > 0 ? "+" : "") + format_for_people(c);
      }
      std::string name = figure->name + "[" + figure->labels[label] + "]";
      if (name.size() < 34) name.resize(34, ' ');
      char line[256];
      std::snprintf(line, sizeof line, "%s %9s %9s %9s   ", name.c_str(), headline.format(band.p50[label]).c_str(),
                    headline.format(band.p5[label]).c_str(), headline.format(band.p95[label]).c_str());
      out << line << (drivers.empty() ? "-" : drivers) << '\n';
    }
  }
}

}  // namespace terawatt
