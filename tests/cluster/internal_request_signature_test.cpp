#include "host/cluster/internal_request_signature.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace kc::host::cluster;

namespace {
const std::vector<std::string> kDefaultAlgorithms{"HmacSHA256"};
// RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
const SessionKey kJefe{"Jefe", "HmacSHA256", 0};
constexpr const char* kJefeBody = "what do ya want for nothing?";
constexpr const char* kJefeSignature = "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=";
}  // namespace

TEST_CASE("signatures are base64 HMACs over the exact body") {
    CHECK(sign_request(kJefe, kJefeBody, "HmacSHA256") == kJefeSignature);
    // A different body, even by one byte, signs differently.
    CHECK(sign_request(kJefe, "what do ya want for nothing!", "HmacSHA256") != kJefeSignature);
    CHECK_THROWS_AS(sign_request(kJefe, kJefeBody, "HmacMD4"), std::invalid_argument);
}

TEST_CASE("generated session keys are as long as Java's KeyGenerator makes them") {
    SessionKey a = generate_session_key("HmacSHA256", std::nullopt, 42);
    SessionKey b = generate_session_key("HmacSHA256", std::nullopt, 42);
    CHECK(a.key.size() == 32);
    CHECK(a.algorithm == "HmacSHA256");
    CHECK(a.creation_timestamp_ms == 42);
    CHECK(a.key != b.key);
    CHECK(generate_session_key("HmacSHA512", std::nullopt, 0).key.size() == 64);
    CHECK(generate_session_key("HmacSHA256", 128, 0).key.size() == 16);
    CHECK_THROWS_AS(generate_session_key("HmacSHA256", 100, 0), std::invalid_argument);
    CHECK_THROWS_AS(generate_session_key("DES", std::nullopt, 0), std::invalid_argument);
}

TEST_CASE("verification accepts a good signature and refuses as Java does") {
    const std::optional<std::string> alg = "HmacSHA256";
    CHECK_FALSE(verify_internal_request(std::string(kJefeSignature), alg, kJefeBody, &kJefe,
                                        kDefaultAlgorithms));

    SUBCASE("missing headers: 400") {
        auto r = verify_internal_request(std::nullopt, alg, kJefeBody, &kJefe, kDefaultAlgorithms);
        REQUIRE(r);
        CHECK(r->http_status == 400);
        CHECK(r->message == "Internal request missing required signature");
        r = verify_internal_request(std::string(kJefeSignature), std::nullopt, kJefeBody, &kJefe,
                                    kDefaultAlgorithms);
        REQUIRE(r);
        CHECK(r->http_status == 400);
    }
    SUBCASE("wrong signature or tampered body: 403") {
        SessionKey other = generate_session_key("HmacSHA256", std::nullopt, 0);
        auto r = verify_internal_request(std::string(kJefeSignature), alg, kJefeBody, &other,
                                         kDefaultAlgorithms);
        REQUIRE(r);
        CHECK(r->http_status == 403);
        CHECK(r->message == "Internal request contained invalid signature.");
        r = verify_internal_request(std::string(kJefeSignature), alg, "[{\"x\":\"1\"}]", &kJefe,
                                    kDefaultAlgorithms);
        REQUIRE(r);
        CHECK(r->http_status == 403);
        // A truncated MAC must not pass as a prefix match.
        r = verify_internal_request(std::string("W9zBRr9gdU5q"), alg, kJefeBody, &kJefe,
                                    kDefaultAlgorithms);
        REQUIRE(r);
        CHECK(r->http_status == 403);
    }
    SUBCASE("algorithm not permitted by inter.worker.verification.algorithms: 400") {
        SessionKey k = kJefe;
        auto sig = sign_request(k, kJefeBody, "HmacSHA512");
        auto r = verify_internal_request(sig, std::string("HmacSHA512"), kJefeBody, &k,
                                         kDefaultAlgorithms);
        REQUIRE(r);
        CHECK(r->http_status == 400);
        CHECK(
            r->message.starts_with("This worker does not support the 'HmacSHA512' key signing "
                                   "algorithm used by other workers. This worker is currently "
                                   "configured to use: [HmacSHA256]. "));
        CHECK_FALSE(verify_internal_request(sig, std::string("HmacSHA512"), kJefeBody, &k,
                                            {"HmacSHA256", "HmacSHA512"}));
    }
    SUBCASE("unknown algorithm or malformed base64: 400") {
        auto r = verify_internal_request(std::string(kJefeSignature), std::string("HmacFoo"),
                                         kJefeBody, &kJefe, kDefaultAlgorithms);
        REQUIRE(r);
        CHECK(r->http_status == 400);
        CHECK(r->message == "Algorithm HmacFoo not available");
        r = verify_internal_request(std::string("not*base64"), alg, kJefeBody, &kJefe,
                                    kDefaultAlgorithms);
        REQUIRE(r);
        CHECK(r->http_status == 400);
    }
    SUBCASE("no session key read yet: 503") {
        auto r = verify_internal_request(std::string(kJefeSignature), alg, kJefeBody, nullptr,
                                         kDefaultAlgorithms);
        REQUIRE(r);
        CHECK(r->http_status == 503);
    }
}

TEST_CASE("an empty body is signed as empty input") {
    const auto sig = sign_request(kJefe, "", "HmacSHA256");
    CHECK(sig == "kjWYym1krypdunnc0CGooP5cX1V1Ga2q8K1TLUUG3TA=");
    CHECK_FALSE(
        verify_internal_request(sig, std::string("HmacSHA256"), "", &kJefe, kDefaultAlgorithms));
}
