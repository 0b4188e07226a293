#pragma once
// The planted fraud patterns: each builds the claims of one instance from clean parts and
// changes exactly what its rule looks at. Internal to generator/.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"
#include "generator/builder.hpp"
#include "generator/claims.hpp"

namespace crossclaim::generator::detail {

/// How much time after its first claim an instance of `pattern` needs at least.
std::chrono::seconds minimum_span(std::string_view pattern);

/// How many claims an instance of `pattern` has at most.
int maximum_claims(std::string_view pattern);

/// The claims of one instance of `pattern`, the first at `t` (night_single_large: the next
/// 23:00 on t's day), all before `end`, marked with the pattern's name but no member's
/// reference yet. `recycled` is an evidence hash of an earlier claim, for "recycled_photo".
std::vector<generated_claim> plant(std::string_view pattern, domain::instant t, domain::instant end,
                                   builder& b, const std::string& recycled);

}  // namespace crossclaim::generator::detail
