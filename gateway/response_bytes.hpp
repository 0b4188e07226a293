#pragma once
// A response as the bytes that go on the wire: status line, header fields and body in one
// buffer, written as one TLS record where it fits. Beast's message and serializer cost an
// allocation per header field and a walk over a buffer sequence at every write; on /healthz
// that was about a tenth of the gateway's CPU.

#include <string>
#include <string_view>

#include "gateway/http_types.hpp"
#include "gateway/router.hpp"

namespace crossclaim::gateway {

/// The HTTP/1.1 response for `r`: Server, Content-Type, X-Request-Id, the security headers
/// every answer carries (HSTS, nosniff, no framing, no-store for JSON and problems; on the
/// console also a content security policy and no referrer), then the response's own headers
/// (one replaces a default of the same name; a name given twice, as Set-Cookie, is sent
/// twice), then Content-Length (none for 1xx, 204 and 304) and "Connection: close" unless
/// `keep_alive`. CR and LF in a header value become spaces.
std::string response_bytes(const response& r, std::string_view request_id, listener kind,
                           bool keep_alive);

}  // namespace crossclaim::gateway
