// The xml_legacy adapter on events whose texts are any bytes a member could have sent:
// what it writes is always well-formed XML (libxml2 reads it back).

#include <libxml/parser.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <string>

#include "adapters/xml_legacy.hpp"

namespace bj = boost::json;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    // The bytes, split at NUL, fill a claim.routed event's free texts. JSON carries only
    // valid UTF-8, as every decoded request body is.
    std::string texts[3];
    int i = 0;
    for (std::size_t k = 0; k < size; ++k) {
        if (data[k] == 0 && i < 2)
            ++i;
        else
            texts[i] += static_cast<char>(data[k]);
    }
    bj::object env{{"event_id", "0b0e2f3c-6a1d-4c8e-9f00-000000000001"},
                   {"type", "claim.routed"},
                   {"data", bj::object{{"location", texts[0]},
                                       {"plate", texts[1]},
                                       {"flags", bj::array{bj::value(texts[2]), nullptr}}}}};
    std::string json;
    try {
        json = bj::serialize(env);
        bj::parse(json);  // Boost.JSON refuses what is not UTF-8 on the way back in
    } catch (const std::exception&) {
        return 0;
    }
    const auto xml = crossclaim::adapters::envelope_to_xml(json);
    xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "event.xml", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) std::abort();
    xmlFreeDoc(doc);
    return 0;
}
