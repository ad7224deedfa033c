#pragma once
// EnergyPlus weather files (EPW), the format of the TMY/IWEC typical-year files published for thousands of
// stations. Layout (EnergyPlus "Auxiliary Programs", Weather Converter chapter): 8 header lines (LOCATION, DESIGN
// CONDITIONS, TYPICAL/EXTREME PERIODS, GROUND TEMPERATURES, HOLIDAYS/DAYLIGHT SAVINGS, COMMENTS 1, COMMENTS 2,
// DATA PERIODS), then one row per hour with 35 comma-separated fields: year, month, day, hour 1-24 (the hour ending
// at that local standard time), minute, data source flags, dry bulb C, dew point C, relative humidity %, station
// pressure Pa, then radiation, wind and sky fields; of those this model reads only the global horizontal radiation
// (field 14, Wh/m2 over the hour ending at the row's time).
//
// Validation, each error naming file and line (SeriesFileError from models/base/hourly_csv.hpp): the header keywords in
// order; LOCATION with 10 fields and latitude, longitude, time zone and elevation in range; one hourly data period;
// 35 fields per row; months, days and hours 1-24 in calendar order from Jan 1 hour 1 (Feb 29 allowed, once, after
// Feb 28); 8760 rows, or 8784 with Feb 29; the missing-value markers (dry bulb and dew point 99.9, relative
// humidity 999, pressure 999999, global horizontal radiation 9999) and values outside EnergyPlus's valid ranges
// (temperatures -70..70 C, relative humidity 0..110 %, pressure 31 000..120 000 Pa) and, for the radiation, values
// outside 0..1500 Wh/m2 (this model's bound: above what any hour on a horizontal surface receives).

#include "models/facility/climate.hpp"

#include <string>
#include <vector>

namespace terawatt {

// A typical year from an EPW, re-indexed to UTC: element h is UTC hour h of a non-leap year (hour 0 = Jan 1
// 00:00-01:00 UTC), ready for typical_year_over_span. An EPW row holds local standard time, so row values move by
// the LOCATION time zone, wrapping across the year end as a typical year does; a fractional zone (India, +5.5)
// takes the time-weighted mean of the two local hours it overlaps. Feb 29 rows of a leap-year file are dropped.
struct EpwTypicalYear {
  std::string location;  // "city, state, country" from the LOCATION line
  double latitude_deg = 0.0;
  double longitude_deg = 0.0;
  double utc_offset_h = 0.0;
  double elevation_m = 0.0;
  std::vector<double> dry_bulb_c;  // 8760
  std::vector<double>
      wet_bulb_c;  // 8760: from dry bulb, dew point and station pressure (models/facility/psychrometrics.hpp)
  // 8760: mean global horizontal irradiance over the UTC hour, W/m2 (the row's Wh/m2 over its hour; an EPW row's hour
  // ends at its time, so row h of a day covers local hour h - 1 to h, moved to UTC like the temperatures).
  std::vector<double> global_horizontal_w_per_m2;
};
EpwTypicalYear read_epw_typical_year(const std::string& path);

// The file's typical year laid over [start, end) with typical_year_over_span: the EPW's own years are ignored, as
// EnergyPlus does for typical-year files. The wet bulb uses the dew point rather than the relative humidity:
// EPWs print the dew point to 0.1 C but the humidity only to whole percent.
WeatherSeries read_epw(const std::string& path, double start_epoch_s, double end_epoch_s);

}  // namespace terawatt
