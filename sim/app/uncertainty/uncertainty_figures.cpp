#include "sim/app/uncertainty/uncertainty_figures.hpp"

#include "models/base/sample_statistics.hpp"
#include "sim/record/summary_printout.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <ostream>
#include <stdexcept>

namespace terawatt {
namespace {

// The headline figures of a run the printed table shows, in its order, with a unit-aware formatter.
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

std::vector<double> column_of(const SampledFigure& figure, std::size_t element) {
  std::vector<double> column;
  column.reserve(figure.values.size());
  for (const std::vector<double>& sample : figure.values) column.push_back(sample[element]);
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
  return {figure.name + suffix, figure.units, figure.long_name + ", " + what, figure.dimensions, std::move(values)};
}

// Labels that are all whole numbers (a projection's years) are written as integers, as the projection writes them.
bool whole_numbers(const std::vector<std::string>& labels) {
  return std::all_of(labels.begin(), labels.end(), [](const std::string& label) {
    return !label.empty() && std::all_of(label.begin(), label.end(), [](char c) { return c >= '0' && c <= '9'; });
  });
}

// The labels of a figure's variable in a sample's summary, one list per dimension.
std::vector<std::vector<std::string>> labels_of(const PointSummaryVariable& v) {
  return v.dimensions.empty() ? std::vector<std::vector<std::string>>{v.labels} : v.dimension_labels;
}

// One line of the printed table: the figure's band and its three strongest drivers.
void print_band_line(std::ostream& out, const SamplePlan& plan, const std::string& name,
                     const std::vector<double>& samples, std::string (*format)(double)) {
  const RankRegression regression = rank_regression(plan.values, samples);
  std::vector<std::size_t> order(plan.inputs.size());
  std::iota(order.begin(), order.end(), 0);
  const auto weight = [&](std::size_t k) {
    return std::isnan(regression.srrc[k]) ? -1.0 : std::abs(regression.srrc[k]);
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return weight(a) > weight(b); });
  // An input with |SRRC| below 0.1 explains about 1 % of the variance or less (its square): not named as a driver.
  constexpr double least_driver_srrc = 0.1;
  std::string drivers;
  for (std::size_t i = 0; i < order.size() && i < 3 && weight(order[i]) >= least_driver_srrc; ++i) {
    const double c = regression.srrc[order[i]];
    drivers += (i ? ", " : "") + plan.inputs[order[i]].path + " " + (c > 0 ? "+" : "") + format_for_people(c);
  }
  std::string padded = name;
  if (padded.size() < 34) padded.resize(34, ' ');
  std::array<char, 256> line{};
  std::snprintf(line.data(), line.size(), "%s %9s %9s %9s   ", padded.c_str(),
                format(sample_quantile(samples, 0.5)).c_str(), format(sample_quantile(samples, 0.05)).c_str(),
                format(sample_quantile(samples, 0.95)).c_str());
  out << line.data() << (drivers.empty() ? "-" : drivers) << '\n';
}

// A projection's electricity is written in TW h.
std::string format_twh(double energy_twh) {
  return format_for_people(energy_twh) + " TWh";
}

// A projection's electricity by year and case, summed over its other dimensions in each sample.
void print_projection_totals(std::ostream& out, const SamplePlan& plan, const SampledFigure& electricity) {
  const auto year_at = std::find(electricity.dimensions.begin(), electricity.dimensions.end(), "year");
  const auto case_at = std::find(electricity.dimensions.begin(), electricity.dimensions.end(), "case");
  if (year_at == electricity.dimensions.end() || case_at == electricity.dimensions.end() ||
      electricity.units != "TW h") {
    return;
  }
  const auto year_dim = static_cast<std::size_t>(year_at - electricity.dimensions.begin());
  const auto case_dim = static_cast<std::size_t>(case_at - electricity.dimensions.begin());
  const std::vector<std::string>& years = electricity.labels[year_dim];
  const std::vector<std::string>& cases = electricity.labels[case_dim];
  for (std::size_t c = 0; c < cases.size(); ++c) {
    for (std::size_t y = 0; y < years.size(); ++y) {
      std::vector<double> totals(electricity.values.size(), 0.0);
      for (std::size_t e = 0; e < electricity.elements(); ++e) {
        // The element's index along each dimension, last fastest.
        std::size_t rest = e;
        std::vector<std::size_t> index(electricity.dimensions.size());
        for (std::size_t d = electricity.dimensions.size(); d-- > 0;) {
          index[d] = rest % electricity.labels[d].size();
          rest /= electricity.labels[d].size();
        }
        if (index[year_dim] != y || index[case_dim] != c) continue;
        for (std::size_t s = 0; s < totals.size(); ++s) totals[s] += electricity.values[s][e];
      }
      print_band_line(out, plan, "electricity[" + years[y] + ", " + cases[c] + "]", totals, format_twh);
    }
  }
}

}  // namespace

std::size_t SampledFigure::elements() const {
  std::size_t count = 1;
  for (const auto& dimension : labels) count *= dimension.size();
  return count;
}

std::vector<SampledFigure> gather_figures(const std::vector<std::vector<PointSummaryVariable>>& samples) {
  std::vector<SampledFigure> figures;
  if (samples.empty()) return figures;
  for (const PointSummaryVariable& v : samples.front()) {
    SampledFigure figure{v.name, v.units, v.long_name, v.dimensions, labels_of(v), {}};
    if (v.dimensions.empty()) figure.dimensions = {v.dimension};  // a run's summary: one dimension
    if (figure.elements() > 0) figures.push_back(std::move(figure));
  }
  for (std::size_t s = 0; s < samples.size(); ++s) {
    std::map<std::string, const PointSummaryVariable*> by_name;
    for (const PointSummaryVariable& v : samples[s]) by_name[v.name] = &v;
    for (SampledFigure& figure : figures) {
      const auto found = by_name.find(figure.name);
      if (found == by_name.end() || labels_of(*found->second) != figure.labels) {
        throw std::runtime_error("sample " + std::to_string(s) + " has another " + figure.name +
                                 " than sample 0: a distribution changed the scenario's structure");
      }
      figure.values.push_back(found->second->values);
    }
  }
  return figures;
}

FigureBand figure_band(const SamplePlan& plan, const SampledFigure& figure) {
  FigureBand band;
  band.srrc.assign(plan.inputs.size(), {});
  for (std::size_t element = 0; element < figure.elements(); ++element) {
    const std::vector<double> column = column_of(figure, element);
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
    for (std::size_t d = 0; d < figure.dimensions.size(); ++d) {
      const std::string& name = figure.dimensions[d];
      if (std::any_of(dims.begin(), dims.end(), [&](const LabelDimension& dim) { return dim.name == name; })) continue;
      dims.push_back({name, figure.labels[d], name, whole_numbers(figure.labels[d])});
    }
    const auto with = [&figure](std::vector<std::string> first) {
      first.insert(first.end(), figure.dimensions.begin(), figure.dimensions.end());
      return first;
    };
    const FigureBand band = figure_band(plan, figure);
    vars.push_back({figure.name, figure.units, figure.long_name, with({"sample"}), flattened(figure.values)});
    vars.push_back(band_variable(figure, "_mean", "mean over the samples", band.mean));
    vars.push_back(band_variable(figure, "_p5", "5th percentile over the samples", band.p5));
    vars.push_back(band_variable(figure, "_p50", "median over the samples", band.p50));
    vars.push_back(band_variable(figure, "_p95", "95th percentile over the samples", band.p95));
    vars.push_back({figure.name + "_srrc", "1", figure.long_name + ", standardised rank regression coefficient",
                    with({"input"}), flattened(band.srrc)});
    vars.back().cf.comment =
        "how strongly, and in which direction, each input drives the figure (models/base/sample_statistics.hpp); NaN "
        "where the figure or the input does not vary";
    vars.push_back(
        {figure.name + "_rank_r2", "1", figure.long_name + ", R2 of the rank regression", figure.dimensions, band.r2});
  }
  std::string correlations;
  for (const std::string& line : drawn_correlations(plan)) correlations += (correlations.empty() ? "" : "\n") + line;
  writer.write_group("uncertainty", dims, vars,
                     {{"sampling", std::string(plan.correlations.empty() ? "latin hypercube"
                                                                         : "latin hypercube, rank-correlated "
                                                                           "(Iman and Conover 1982)")},
                      {"samples", static_cast<std::int64_t>(plan.values.size())},
                      {"input_correlations", correlations}});
  writer.write_coordinates("uncertainty", {{"input_unit", "unit of the input's values", "input", units},
                                           {"input_distribution", "the input's distribution", "input", distributions},
                                           {"input_location", "where the scenario gives it", "input", locations}});
}

void print_uncertainty(std::ostream& out, const SamplePlan& plan, const std::vector<SampledFigure>& figures) {
  out << "figure                               median       5 %      95 %   drivers (SRRC)\n";
  for (const SampledFigure& figure : figures) {
    if (figure.name == "electricity" && figure.dimensions.size() > 1) print_projection_totals(out, plan, figure);
  }
  for (const Headline& headline : headlines) {
    const auto figure = std::find_if(figures.begin(), figures.end(), [&](const SampledFigure& f) {
      return f.name == headline.name && f.dimensions.size() == 1;
    });
    if (figure == figures.end()) continue;
    for (std::size_t label = 0; label < figure->elements(); ++label) {
      print_band_line(out, plan, figure->name + "[" + figure->labels[0][label] + "]", column_of(*figure, label),
                      headline.format);
    }
  }
}

}  // namespace terawatt
