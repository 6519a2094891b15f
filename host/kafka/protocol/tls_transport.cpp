#include "host/kafka/protocol/tls_transport.hpp"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <pthread.h>
#include <signal.h>

#include <memory>

namespace kc::host::kafka::protocol {
namespace {

std::string openssl_errors() {
    std::string out;
    while (const unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        out += (out.empty() ? "" : "; ") + std::string(buf);
    }
    return out.empty() ? "no detail" : out;
}

// OpenSSL writes to the socket with write(), which raises SIGPIPE when the
// broker has closed it; that would kill a worker that does not ignore the
// signal. Blocks it in this thread around each TLS call and discards a
// SIGPIPE the call raised.
class SigpipeBlock {
  public:
    SigpipeBlock() {
        sigset_t pipe;
        sigemptyset(&pipe);
        sigaddset(&pipe, SIGPIPE);
        sigset_t pending;
        sigpending(&pending);
        was_pending_ = sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &pipe, &old_);
    }
    ~SigpipeBlock() {
        sigset_t pending;
        sigpending(&pending);
        if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
            sigset_t pipe;
            sigemptyset(&pipe);
            sigaddset(&pipe, SIGPIPE);
            const timespec zero{0, 0};
            sigtimedwait(&pipe, nullptr, &zero);
        }
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    SigpipeBlock(const SigpipeBlock&) = delete;
    SigpipeBlock& operator=(const SigpipeBlock&) = delete;

  private:
    sigset_t old_;
    bool was_pending_ = false;
};

struct SslCtxFree {
    void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
struct SslFree {
    void operator()(SSL* s) const { SSL_free(s); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;
using SslPtr = std::unique_ptr<SSL, SslFree>;

int key_password_callback(char* buf, int size, int, void* userdata) {
    const auto* password = static_cast<const std::string*>(userdata);
    const int n = std::min(size, static_cast<int>(password->size()));
    password->copy(buf, static_cast<std::size_t>(n));
    return n;
}

SslCtxPtr make_context(const TlsSettings& settings) {
    SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
    if (!ctx) throw SecurityError("TLS: cannot create a context: " + openssl_errors());
    SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
    if (!settings.ca_file.empty()) {
        if (SSL_CTX_load_verify_locations(ctx.get(), settings.ca_file.c_str(), nullptr) != 1)
            throw SecurityError("TLS: cannot read CA certificates from " + settings.ca_file + ": " +
                                openssl_errors());
    }
    if (!settings.ca_pem.empty()) {
        std::unique_ptr<BIO, decltype(&BIO_free)> bio(
            BIO_new_mem_buf(settings.ca_pem.data(), static_cast<int>(settings.ca_pem.size())),
            &BIO_free);
        X509_STORE* store = SSL_CTX_get_cert_store(ctx.get());
        int added = 0;
        while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
            X509_STORE_add_cert(store, cert);
            X509_free(cert);
            ++added;
        }
        ERR_clear_error();  // the end of the PEM text reads as an error
        if (added == 0)
            throw SecurityError("TLS: ssl.truststore.certificates holds no PEM certificate");
    }
    if (settings.ca_file.empty() && settings.ca_pem.empty())
        SSL_CTX_set_default_verify_paths(ctx.get());
    if (!settings.certificate_file.empty()) {
        if (SSL_CTX_use_certificate_chain_file(ctx.get(), settings.certificate_file.c_str()) != 1)
            throw SecurityError("TLS: cannot read the client certificate " +
                                settings.certificate_file + ": " + openssl_errors());
        SSL_CTX_set_default_passwd_cb(ctx.get(), key_password_callback);
        SSL_CTX_set_default_passwd_cb_userdata(ctx.get(),
                                               const_cast<std::string*>(&settings.key_password));
        const std::string& key =
            settings.key_file.empty() ? settings.certificate_file : settings.key_file;
        if (SSL_CTX_use_PrivateKey_file(ctx.get(), key.c_str(), SSL_FILETYPE_PEM) != 1)
            throw SecurityError("TLS: cannot read the private key " + key + ": " +
                                openssl_errors());
        // The callback's data lives in `settings`, which may not outlive us.
        SSL_CTX_set_default_passwd_cb_userdata(ctx.get(), nullptr);
    }
    return ctx;
}

bool is_ip_address(const std::string& host) {
    unsigned char buf[sizeof(in6_addr)];
    return inet_pton(AF_INET, host.c_str(), buf) == 1 ||
           inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

class TlsTransport final : public Transport {
  public:
    TlsTransport(std::unique_ptr<Transport> tcp, SslCtxPtr ctx, SslPtr ssl, std::string where)
        : tcp_(std::move(tcp)),
          ctx_(std::move(ctx)),
          ssl_(std::move(ssl)),
          where_(std::move(where)) {}

    ~TlsTransport() override {
        // Best effort: a close_notify the broker may or may not read.
        const SigpipeBlock block;
        SSL_shutdown(ssl_.get());
    }

    int fd() const override { return tcp_->fd(); }
    bool has_buffered_input() const override { return SSL_pending(ssl_.get()) > 0; }

    std::size_t read_some(char* buf, std::size_t n, IoWait& wait) override {
        const SigpipeBlock block;
        std::size_t done = 0;
        if (SSL_read_ex(ssl_.get(), buf, n, &done) == 1) return done;
        return failed("reading from", SSL_get_error(ssl_.get(), 0), wait);
    }

    std::size_t write_some(const char* buf, std::size_t n, IoWait& wait) override {
        const SigpipeBlock block;
        std::size_t done = 0;
        if (SSL_write_ex(ssl_.get(), buf, n, &done) == 1) return done;
        return failed("writing to", SSL_get_error(ssl_.get(), 0), wait);
    }

  private:
    std::size_t failed(const char* doing, int error, IoWait& wait) {
        switch (error) {
            case SSL_ERROR_WANT_READ:
                wait = IoWait::Readable;
                return 0;
            case SSL_ERROR_WANT_WRITE:
                wait = IoWait::Writable;
                return 0;
            case SSL_ERROR_ZERO_RETURN:
                throw ConnectionError("TLS connection to " + where_ + " closed by the broker");
            default:
                throw ConnectionError(std::string("TLS error ") + doing + " " + where_ + ": " +
                                      openssl_errors());
        }
    }

    std::unique_ptr<Transport> tcp_;
    SslCtxPtr ctx_;
    SslPtr ssl_;
    std::string where_;
};

}  // namespace

std::unique_ptr<Transport> start_tls(std::unique_ptr<Transport> tcp, const TlsSettings& settings,
                                     const std::string& host, Deadline deadline) {
    ERR_clear_error();
    SslCtxPtr ctx = make_context(settings);
    SslPtr ssl(SSL_new(ctx.get()));
    if (!ssl || SSL_set_fd(ssl.get(), tcp->fd()) != 1)
        throw SecurityError("TLS: cannot set up the connection: " + openssl_errors());
    const bool ip = is_ip_address(host);
    if (!ip) SSL_set_tlsext_host_name(ssl.get(), host.c_str());
    if (settings.verify_hostname) {
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl.get());
        const int ok = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                          : X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
        if (ok != 1) throw SecurityError("TLS: cannot verify against host " + host);
    }
    const std::string where = host;
    for (;;) {
        int rc;
        {
            const SigpipeBlock block;
            rc = SSL_connect(ssl.get());
        }
        if (rc == 1) break;
        const int error = SSL_get_error(ssl.get(), rc);
        IoWait wait;
        if (error == SSL_ERROR_WANT_READ) {
            wait = IoWait::Readable;
        } else if (error == SSL_ERROR_WANT_WRITE) {
            wait = IoWait::Writable;
        } else {
            const long verify = SSL_get_verify_result(ssl.get());
            std::string detail = verify != X509_V_OK
                                     ? std::string("certificate verification failed: ") +
                                           X509_verify_cert_error_string(verify)
                                     : openssl_errors();
            throw SecurityError("TLS handshake with " + host + " failed: " + detail);
        }
        if (wait_fd(tcp->fd(), wait, deadline, nullptr) == WaitResult::TimedOut)
            throw ConnectionError("TLS handshake with " + host + " timed out");
    }
    return std::make_unique<TlsTransport>(std::move(tcp), std::move(ctx), std::move(ssl), where);
}

}  // namespace kc::host::kafka::protocol
