// The claim decoder and the fast-settle engine on any bytes: never a crash, and a claim
// accepted once is accepted again, unchanged, after being written back out.

#include <cstdlib>
#include <string_view>

#include "fast_settle/engine.hpp"
#include "gateway/json/claim_json.hpp"
#include "unit/fixtures.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    using namespace crossclaim;
    static const auto zone = test_fixtures::demo_zone();
    static const auto rules = test_fixtures::demo_rulebook();
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    const auto decoded = gateway::json::decode_claim(body, zone);
    if (!decoded.claim) return 0;
    fast_settle::assess(*decoded.claim, zone, rules);
    const auto again =
        gateway::json::decode_claim(gateway::json::encode_claim(*decoded.claim), zone);
    if (!again.claim) std::abort();
    if (gateway::json::encode_claim(*again.claim) != gateway::json::encode_claim(*decoded.claim))
        std::abort();
    return 0;
}
