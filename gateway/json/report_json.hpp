#pragma once
// The association's report documents (API.md, "Association API"): JSON built from what
// storage read, the monthly report's changes against the previous month, and the CSV form
// of any report. Boost.JSON stays inside report_json.cpp.

#include <string>
#include <string_view>

#include "storage/report_queries.hpp"

namespace crossclaim::gateway::json {

/// How a period is named in a document: a month ("2026-11") or a range of days.
struct period_label {
    std::string month;  ///< empty for a range
    storage::report_period days;
};

/// The JSON of one report (not the monthly one) for `p`.
std::string report_document(storage::report which, const storage::report_figures& f,
                            const period_label& p);

/// The monthly progress report: every report of `current`, and the change of its headline
/// figures against `previous`.
std::string monthly_document(const storage::report_figures& current, const period_label& cur,
                             const storage::report_figures& previous, const period_label& prev);

/// Report `name`'s document as CSV in long form, one figure a line:
/// `section,key,measure,value`. `section` is the path to a table or figure
/// ("summary.by_insurer", "summary.out_of_area"), `key` a table row's dimensions joined by
/// " / " ("PICC / SIMPLE / ASSESSED"), `measure` the figure's name.
std::string report_csv(std::string_view name, std::string_view document);

}  // namespace crossclaim::gateway::json
