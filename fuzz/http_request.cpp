// The request path up to a handler on any bytes: the PROXY v2 header, Beast's parser with the
// gateway's limits, the query string and the route table. Never a crash; a matched route's
// parameters are segments of the path.

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdlib>
#include <string_view>

#include "gateway/http_types.hpp"
#include "gateway/proxy_protocol.hpp"
#include "gateway/router.hpp"

namespace http = boost::beast::http;
using namespace crossclaim::gateway;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    if (size >= proxy_v2::prefix_size) {
        const auto p = proxy_v2::read_prefix(data);
        if (p.error.empty() && p.block_length <= size - proxy_v2::prefix_size)
            proxy_v2::source_address(p, data + proxy_v2::prefix_size, p.block_length);
    }

    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(64 * 1024);
    boost::beast::error_code ec;
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    while (!rest.empty() && !ec && !parser.is_done()) {
        const auto used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
        if (used == 0) break;
        rest.remove_prefix(used);
    }
    if (ec || !parser.is_header_done()) return 0;
    const auto& msg = parser.get();
    const std::string_view target = msg.target();
    const auto q = target.find('?');
    const auto path = target.substr(0, q);
    if (q != std::string_view::npos) parse_query(target.substr(q + 1));
    for (auto l : {listener::api, listener::console}) {
        const auto m = match(routes(), l, msg.method_string(), path);
        for (const auto& [name, value] : m.path_params)
            if (value.empty() || path.find(value) == std::string_view::npos) std::abort();
    }
    return 0;
}
