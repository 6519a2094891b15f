// libFuzzer target: arbitrary bytes read by Beast's request parser with the
// REST server's limits, then routed through every REST route over an
// in-memory herder, exactly as a connection does. Whatever arrives, the parser
// refuses it or the router answers with a valid status; nothing escapes.
#include <spdlog/spdlog.h>

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <cstdint>
#include <cstdlib>

#include "host/rest/http_request.hpp"
#include "host/rest/routes.hpp"
#include "tests/rest/fake_herder.hpp"

namespace http = boost::beast::http;
using namespace kc::host::rest;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // Routes log what they ignore; at fuzzing rates that is only noise.
    spdlog::set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // Several requests may follow one another on a keep-alive connection.
    kc::host::test::FakeHerder herder;
    Router router;
    add_root_routes(router, herder, {"fuzz", "fuzz"});
    add_connector_routes(router, herder);
    add_connector_state_routes(router, herder);
    add_connector_offset_routes(router, herder);
    add_plugin_routes(router, herder);
    add_internal_routes(router, herder);
    SessionSettings settings{&router, 64 * 1024, "http", true, true};

    const char* p = reinterpret_cast<const char*>(data);
    size_t left = size;
    while (left > 0) {
        http::request_parser<http::string_body> parser;
        parser.eager(true);
        parser.body_limit(settings.max_body_bytes);
        boost::beast::error_code ec;
        size_t used = parser.put(boost::asio::buffer(p, left), ec);
        if (ec == http::error::need_more) parser.put_eof(ec);
        if (ec || !parser.is_done()) return 0;
        RestResponse response = route_request(parser.get(), settings);
        if (response.status < 200 || response.status > 599) std::abort();
        if (used == 0) return 0;
        p += used;
        left -= used;
    }
    return 0;
}
