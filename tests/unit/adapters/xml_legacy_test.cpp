// The xml_legacy adapter's document: markup characters escaped, and characters XML 1.0
// cannot carry (found by fuzz/xml_envelope.cpp) replaced, so that the document stays
// well-formed whatever a member typed.

#include <catch2/catch.hpp>

#include "adapters/xml_legacy.hpp"

using crossclaim::adapters::envelope_to_xml;

TEST_CASE("the XML document escapes markup and replaces characters XML cannot carry",
          "[unit][adapters]") {
    const auto xml = envelope_to_xml(
        R"({"type":"claim.routed","data":{"location":"G316 <&> \"'\u0001\u001f\t end","note":"\uffff\ufffe"}})");
    CHECK(xml.find("G316 &lt;&amp;&gt; &quot;&apos;\xEF\xBF\xBD\xEF\xBF\xBD\t end") !=
          std::string::npos);
    CHECK(xml.find('\x01') == std::string::npos);
    CHECK(xml.find("<note>\xEF\xBF\xBD\xEF\xBF\xBD</note>") != std::string::npos);
    CHECK(xml.find("<type>claim.routed</type>") != std::string::npos);
}
