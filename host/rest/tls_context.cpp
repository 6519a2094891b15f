#include "host/rest/tls_context.hpp"

#include <stdexcept>

namespace kc::host::rest {

namespace ssl = boost::asio::ssl;

std::unique_ptr<ssl::context> make_tls_context(const TlsSettings& tls) {
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    std::string password = tls.key_password;
    ctx->set_password_callback(
        [password](std::size_t, ssl::context::password_purpose) { return password; });
    boost::system::error_code ec;
    ctx->use_certificate_chain(boost::asio::buffer(tls.certificate_chain_pem), ec);
    if (ec)
        throw std::invalid_argument("https listener: cannot use the certificate chain (PEM): " +
                                    ec.message());
    ctx->use_private_key(boost::asio::buffer(tls.private_key_pem), ssl::context::pem, ec);
    if (ec)
        throw std::invalid_argument(
            "https listener: cannot use the private key (PEM; is ssl.key.password right?): " +
            ec.message());
    if (tls.client_auth != "none") {
        ctx->add_certificate_authority(boost::asio::buffer(tls.truststore_pem), ec);
        if (ec)
            throw std::invalid_argument("https listener: cannot use the truststore (PEM): " +
                                        ec.message());
        ctx->set_verify_mode(tls.client_auth == "required"
                                 ? ssl::verify_peer | ssl::verify_fail_if_no_peer_cert
                                 : ssl::verify_peer);
    }
    return ctx;
}

}  // namespace kc::host::rest
