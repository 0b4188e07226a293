#pragma once
// What crossclaim-load sends: a fixed GET, generated claim reports posted once each, or GETs
// cycling over claims made beforehand. No sockets here; the connections ask for the next
// request and send it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"
#include "domain/zone.hpp"

namespace crossclaim::bench::load {

/// One request to send.
struct request_spec {
    bool post = false;   ///< POST with a JSON body, else GET
    std::string target;  ///< "/v1/claims"
    std::string body;
};

/// A source of requests, asked from every connection's strand at once.
class workload {
  public:
    virtual ~workload() = default;
    /// The next request, or nullopt when there is none left (the run then stops early).
    virtual std::optional<request_spec> next() = 0;
};

/// GET of one path, for ever.
std::unique_ptr<workload> fixed_get(std::string path);

/// POST /v1/claims of each body once, in order.
std::unique_ptr<workload> claim_posts(std::vector<std::string> bodies);

/// GET of each target in turn, starting again after the last.
std::unique_ptr<workload> cycling_gets(std::vector<std::string> targets);

/// Which claim reports to make.
struct body_plan {
    std::uint64_t seed = 1;
    std::string member;      ///< only claims this member submits (the certificate's O)
    std::string ref_prefix;  ///< put before every external_ref, so each run's are new
    std::size_t count = 0;
    domain::date today;  ///< accidents fall in the `recent_days` days before it
};

/// How far back generated accidents go: recent enough for any gateway's notion of "now".
inline constexpr int recent_days = 30;

/// The longest --ref-prefix: the generator's references are at most 40 characters (a member
/// code of up to 16, a seed of up to 10 digits), a dash joins them, the gateway takes 64.
inline constexpr std::size_t max_ref_prefix = 23;

/// POST /v1/claims bodies of generated claims that `plan.member` submits, each with its own
/// external_ref; fewer than `plan.count` only when the generator ran dry. Progress on stderr.
std::vector<std::string> claim_bodies(const body_plan& plan, const domain::zone& zone);

/// The "claim_id" of an intake answer's JSON body, or "" when it has none.
std::string claim_id_of(std::string_view body);

/// "L20261202T142931.042": the default --ref-prefix, from the current UTC time.
std::string default_ref_prefix();

}  // namespace crossclaim::bench::load
