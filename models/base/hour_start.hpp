#pragma once
// The start of the hour a row of an hourly data file stands for, read from the time forms that public exports
// write. Each form is converted to ISO 8601 and read by parse_iso8601_utc (models/base/iso8601.hpp), so every date
// and time is validated by one parser.
//   2023-01-01T00:00:00Z, 2023-01-01 01:00+01:00     ISO 8601 with a zone
//   2023-01-01 00:00:00                              ISO 8601 without a zone: only with a stated UTC offset
//   01.01.2023 00:00 - 01.01.2023 01:00 (UTC)        ENTSO-E Transparency Platform's market time unit (MTU):
//                                                    its start; it must last one hour and be in UTC
// A zone-less time is never read as host-local time: that would make a run depend on the machine.

#include <optional>
#include <string_view>

namespace terawatt {

// Seconds since the Unix epoch of the hour's start. `utc_offset_h` is the zone of zone-less ISO times (local =
// UTC + offset; e.g. -6), absent when the file must state its zone. Throws TimeError (models/base/iso8601.hpp)
// quoting the text and saying what was expected.
double parse_hour_start(std::string_view text, std::optional<double> utc_offset_h);

}  // namespace terawatt
