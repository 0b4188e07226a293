#pragma once
// The wire form of what investigators see (API.md, "Investigator API"). Boost.JSON stays in
// lead_json.cpp.

#include <string>
#include <vector>

#include "fraud/rule_settings.hpp"
#include "services/investigation.hpp"

namespace crossclaim::gateway::json {

/// A lead as listed (without entities and notes).
std::string encode_lead_list(const std::vector<storage::lead_row>& leads,
                             const std::string& next_cursor);
/// A lead with entities (masked, values when revealed), notes and history.
std::string encode_lead(const services::lead_view& v);
std::string encode_graph(const services::graph& g);
std::string encode_entity_claims(const std::string& kind,
                                 const std::vector<storage::entity_claim>& claims);
/// GET /v1/fraud/rules: per rule, its settings and its outcomes.
std::string encode_rules(const fraud::rule_settings& s, const std::vector<storage::rule_stats>& st);

}  // namespace crossclaim::gateway::json
