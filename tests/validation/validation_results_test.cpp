// `terawatt validate`'s machine-readable results (sim/app/validate/validation_results.hpp): CSV fields quoted as
// RFC 4180 says, and JUnit XML whose counts and elements follow each row's result.
#include "sim/app/validate/validation_results.hpp"

#include <catch2/catch.hpp>

using namespace terawatt;

namespace {
std::vector<ValidationRow> rows() {
  return {
      {"t5", "measured-power", "it_energy[workload=t5]", "85.7 MWh", "85.5 MWh", "-0.20 %", "2 %", "pass"},
      {"t5", "measured-power", "emissions", "46.7 t", "52 t", "+11.35 %", "2 %", "FAIL"},
      {"meena", "predicted", "gpu_hours[workload=meena, x=\"a\"]", "1 h", "2 h", "+100.00 %", "10 %",
       "documented miss"},
      {"gpt3", "predicted", "it_energy", "1287 MWh", "-", "-", "10 %", "run failed"},
  };
}
}  // namespace

TEST_CASE("validation CSV has the table's columns and quotes fields with commas or quotes") {
  CHECK(validation_csv(rows()) ==
        "case,mode,metric,published,simulated,error,tolerance,result\n"
        "t5,measured-power,it_energy[workload=t5],85.7 MWh,85.5 MWh,-0.20 %,2 %,pass\n"
        "t5,measured-power,emissions,46.7 t,52 t,+11.35 %,2 %,FAIL\n"
        "meena,predicted,\"gpu_hours[workload=meena, x=\"\"a\"\"]\",1 h,2 h,+100.00 %,10 %,documented miss\n"
        "gpt3,predicted,it_energy,1287 MWh,-,-,10 %,run failed\n");
}

TEST_CASE("validation JUnit XML counts failures, errors and documented misses and escapes names") {
  const std::string xml = validation_junit(rows(), {{"meena: gpu_hours[workload=meena, x=\"a\"]", "GPU count <8"}});
  CHECK_THAT(xml, Catch::Contains("<testsuite name=\"terawatt validate\" tests=\"4\" failures=\"1\" errors=\"1\" "
                                  "skipped=\"1\">"));
  CHECK_THAT(xml, Catch::Contains("<testcase classname=\"t5\" name=\"it_energy[workload=t5]\"/>"));
  CHECK_THAT(xml, Catch::Contains("<failure message=\"published 46.7 t, simulated 52 t, error +11.35 %, tolerance "
                                  "2 %\"/>"));
  CHECK_THAT(xml, Catch::Contains("name=\"gpu_hours[workload=meena, x=&quot;a&quot;]\""));
  CHECK_THAT(xml, Catch::Contains("+100.00 %, tolerance 10 %; GPU count &lt;8\"/>"));
  CHECK_THAT(xml, Catch::Contains("<error message=\"run failed\"/>"));
  CHECK_THAT(xml, Catch::EndsWith("</testsuite>\n</testsuites>\n"));
}
