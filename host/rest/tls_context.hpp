// Builds the OpenSSL server context for https listeners from PEM material.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "host/rest/rest_config.hpp"

namespace kc::host::rest {

// Throws std::invalid_argument saying which part (certificate, key, truststore) is unusable.
std::unique_ptr<boost::asio::ssl::context> make_tls_context(const TlsSettings& tls);

}  // namespace kc::host::rest
