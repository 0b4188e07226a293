// Every other request body decoder on any bytes: a value or errors, never a crash. The
// first byte picks the decoder.

#include <string_view>

#include "gateway/json/fields.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    using namespace crossclaim::gateway::json;
    if (size == 0) return 0;
    const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 7) {
        case 0:
            decode_status_change(body);
            break;
        case 1:
            decode_assist(body);
            break;
        case 2:
            decode_replay(body);
            break;
        case 3:
            decode_lead_change(body);
            break;
        case 4:
            decode_fraud_report(body);
            break;
        case 5:
            decode_login(body);
            break;
        default:
            decode_inbox_ack(body);
            break;
    }
    return 0;
}
