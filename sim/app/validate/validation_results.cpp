#include "sim/app/validate/validation_results.hpp"

#include "models/base/text_fields.hpp"

#include <algorithm>

namespace terawatt {
namespace {

// Text for an XML attribute or element.
std::string xml_text(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\n':
        out += "&#10;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string comparison(const ValidationRow& row) {
  return "published " + row.published + ", simulated " + row.simulated + ", error " + row.error + ", tolerance " +
         row.tolerance;
}

}  // namespace

std::string validation_csv(const std::vector<ValidationRow>& rows) {
  std::string out = "case,mode,metric,published,simulated,error,tolerance,result\n";
  for (const auto& row : rows) {
    for (const std::string* field : {&row.case_name, &row.mode, &row.metric, &row.published, &row.simulated, &row.error,
                                     &row.tolerance, &row.result}) {
      if (field != &row.case_name) out += ',';
      out += csv_field(*field);
    }
    out += '\n';
  }
  return out;
}

std::string validation_junit(const std::vector<ValidationRow>& rows,
                             const std::map<std::string, std::string>& explanations) {
  const auto count = [&rows](const std::vector<std::string>& results) {
    return std::count_if(rows.begin(), rows.end(), [&results](const ValidationRow& row) {
      return std::find(results.begin(), results.end(), row.result) != results.end();
    });
  };
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  out += "  <testsuite name=\"terawatt validate\" tests=\"" + std::to_string(rows.size()) + "\" failures=\"" +
         std::to_string(count({"FAIL"})) + "\" errors=\"" + std::to_string(count({"run failed", "error"})) +
         "\" skipped=\"" + std::to_string(count({"documented miss"})) + "\">\n";
  for (const auto& row : rows) {
    out += "    <testcase classname=\"" + xml_text(row.case_name) + "\" name=\"" + xml_text(row.metric) + "\"";
    if (row.result == "pass") {
      out += "/>\n";
      continue;
    }
    out += ">\n      ";
    if (row.result == "FAIL") {
      out += "<failure message=\"" + xml_text(comparison(row)) + "\"/>";
    } else if (row.result == "documented miss") {
      const auto explanation = explanations.find(row.case_name + ": " + row.metric);
      out += "<skipped message=\"" +
             xml_text("documented miss: " + comparison(row) +
                      (explanation != explanations.end() ? "; " + explanation->second : std::string())) +
             "\"/>";
    } else {
      out += "<error message=\"" + xml_text(row.result) + "\"/>";
    }
    out += "\n    </testcase>\n";
  }
  return out + "  </testsuite>\n</testsuites>\n";
}

}  // namespace terawatt
