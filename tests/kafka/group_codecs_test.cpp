// Golden bytes for every request the group client sends, written by hand from
// the Kafka protocol spec (non-flexible versions), and decoding of responses,
// including what the librdkafka mock writes and truncated or hostile input.
#include <doctest/doctest.h>

#include <functional>

#include "host/kafka/protocol/api_versions.hpp"
#include "host/kafka/protocol/find_coordinator.hpp"
#include "host/kafka/protocol/group_codecs.hpp"
#include "host/kafka/protocol/request_header.hpp"
#include "tests/kafka/group_test_bytes.hpp"

using namespace kc::host::kafka::protocol;
using kc::test::ascii;
using kc::test::hex;

namespace {

// Every proper prefix of a valid response must be refused with WireError.
void check_every_truncation_throws(const std::string& full,
                                   const std::function<void(std::string_view)>& decode) {
    for (std::size_t n = 0; n < full.size(); ++n) {
        CAPTURE(n);
        CHECK_THROWS_AS(decode(std::string_view(full).substr(0, n)), WireError);
    }
    CHECK_NOTHROW(decode(full));
}

}  // namespace

TEST_CASE("request frame: size, header v1 (api key, version, correlation id, client id), body") {
    const std::string body = encode_heartbeat_request({"g", 5, "m", std::nullopt}, 0);
    const std::string frame = encode_request_frame({ApiKey::Heartbeat, 0, 7, "c1"}, body);
    CHECK(frame == hex("00000016"            // size: 12 header + 10 body
                       "000c 0000 00000007"  // Heartbeat, v0, correlation id 7
                       "0002") +
                       ascii("c1") +               // client_id
                       hex("0001") + ascii("g") +  // group_id
                       hex("00000005") +           // generation_id
                       hex("0001") + ascii("m"));  // member_id
    const std::string response = hex("0000002a") + "rest";
    WireReader in(response);
    CHECK(decode_response_header(in) == 42);
    CHECK(in.remaining() == 4);
}

TEST_CASE("ApiVersions v0: empty request; response ranges and version choice") {
    CHECK(encode_api_versions_request().empty());
    const std::string bytes =
        hex("0000 00000003"
            "000b 0000 0005"    // JoinGroup 0-5
            "000c 0000 0003"    // Heartbeat 0-3
            "0012 0000 0002");  // ApiVersions 0-2
    const ApiVersionsResponse r = decode_api_versions_response(bytes);
    CHECK(r.error_code == 0);
    REQUIRE(r.api_keys.size() == 3);
    CHECK(choose_version(r, ApiKey::JoinGroup, join_group_versions) == 5);
    CHECK(choose_version(r, ApiKey::Heartbeat, {0, 1}) == 1);
    CHECK_FALSE(choose_version(r, ApiKey::SyncGroup, sync_group_versions).has_value());

    // A broker whose JoinGroup is 0-1 only (ours is 2-5): no common version.
    const auto old = decode_api_versions_response(hex("0000 00000001 000b 0000 0001"));
    CHECK_FALSE(choose_version(old, ApiKey::JoinGroup, join_group_versions).has_value());
    // A newer broker (JoinGroup 2-9) still gets our highest.
    const auto newer = decode_api_versions_response(hex("0000 00000001 000b 0002 0009"));
    CHECK(choose_version(newer, ApiKey::JoinGroup, join_group_versions) == 5);

    check_every_truncation_throws(bytes,
                                  [](std::string_view b) { decode_api_versions_response(b); });
    // A hostile count cannot make the decoder allocate for 2^31 entries.
    CHECK_THROWS_WITH_AS(decode_api_versions_response(hex("0000 7fffffff 000b 0000 0005")),
                         doctest::Contains("ApiVersions api_keys"), WireError);
    CHECK_THROWS_WITH_AS(decode_api_versions_response(hex("0000 fffffffe")),
                         doctest::Contains("negative element count"), WireError);
}

TEST_CASE("FindCoordinator v1-2: key and key type; response with and without error") {
    const std::string expected = hex("0003") + ascii("grp") + hex("00");
    CHECK(encode_find_coordinator_request({"grp", coordinator_type_group}, 1) == expected);
    CHECK(encode_find_coordinator_request({"grp", coordinator_type_group}, 2) == expected);
    CHECK(encode_find_coordinator_request({"tx", coordinator_type_transaction}, 2) ==
          hex("0002") + ascii("tx") + hex("01"));
    CHECK_THROWS_AS(encode_find_coordinator_request({"grp"}, 0), ProtocolError);
    CHECK_THROWS_WITH_AS(encode_find_coordinator_request({"grp"}, 3),
                         doctest::Contains("FindCoordinator version 3"), ProtocolError);

    const std::string ok =
        hex("00000000 0000 ffff 00000001 0009") + ascii("127.0.0.1") + hex("00002384");
    const auto r = decode_find_coordinator_response(ok, 2);
    CHECK(r.error_code == 0);
    CHECK_FALSE(r.error_message.has_value());
    CHECK(r.node_id == 1);
    CHECK(r.host == "127.0.0.1");
    CHECK(r.port == 9092);
    check_every_truncation_throws(
        ok, [](std::string_view b) { decode_find_coordinator_response(b, 1); });

    // The librdkafka mock's error answer: a message, node -1, a null host.
    const auto err = decode_find_coordinator_response(
        hex("00000000 000f 0004") + ascii("oops") + hex("ffffffff ffff ffffffff"), 1);
    CHECK(err.error_code == error_code::coordinator_not_available);
    CHECK(err.error_message == "oops");
    CHECK(err.host.empty());
    CHECK(err.port == -1);
}

TEST_CASE("JoinGroup v2-4 request: no group instance id; protocols in the given order") {
    JoinGroupRequest req;
    req.group_id = "cg";
    req.session_timeout_ms = 3000;
    req.rebalance_timeout_ms = 60000;
    req.member_id = "";
    req.protocol_type = "connect";
    req.protocols = {{"sessioned", hex("0002")}, {"default", hex("0000")}};
    const std::string expected = hex("0002") + ascii("cg") + hex("00000bb8")  // session 3000
                                 + hex("0000ea60")                            // rebalance 60000
                                 + hex("0000")                                // member_id ""
                                 + hex("0007") + ascii("connect")             // protocol_type
                                 + hex("00000002")                            // 2 protocols
                                 + hex("0009") + ascii("sessioned") + hex("00000002 0002") +
                                 hex("0007") + ascii("default") + hex("00000002 0000");
    for (std::int16_t v : {2, 3, 4}) {
        CAPTURE(v);
        CHECK(encode_join_group_request(req, v) == expected);
    }
    CHECK_THROWS_AS(encode_join_group_request(req, 1), ProtocolError);
    CHECK_THROWS_AS(encode_join_group_request(req, 6), ProtocolError);
}

TEST_CASE("JoinGroup v5 request: a null group instance id after the member id") {
    JoinGroupRequest req;
    req.group_id = "cg";
    req.session_timeout_ms = 10000;
    req.rebalance_timeout_ms = 60000;
    req.member_id = "0x7fc9a8003fc0";
    req.protocol_type = "connect";
    req.protocols = {{"default", ascii("meta")}};
    CHECK(encode_join_group_request(req, 5) ==
          hex("0002") + ascii("cg") + hex("00002710 0000ea60") + hex("000e") +
              ascii("0x7fc9a8003fc0") + hex("ffff")  // group_instance_id null
              + hex("0007") + ascii("connect") + hex("00000001") + hex("0007") + ascii("default") +
              hex("00000004") + ascii("meta"));
}

TEST_CASE("JoinGroup response: leader's member list (v5 with instance ids), follower, errors") {
    const std::string leader_v5 =
        hex("00000000 0000 00000002") + hex("0009") + ascii("sessioned") + hex("0001") +
        ascii("A") + hex("0001") + ascii("A") + hex("00000002") +
        // member A, no instance id, metadata 00 02 ff
        hex("0001") + ascii("A") + hex("ffff") + hex("00000003 0002ff") +
        // member B, instance id "i", empty metadata
        hex("0001") + ascii("B") + hex("0001") + ascii("i") + hex("00000000");
    const auto r = decode_join_group_response(leader_v5, 5);
    CHECK(r.error_code == 0);
    CHECK(r.generation_id == 2);
    CHECK(r.protocol_name == "sessioned");
    CHECK(r.leader == "A");
    CHECK(r.member_id == "A");
    REQUIRE(r.members.size() == 2);
    CHECK(r.members[0].member_id == "A");
    CHECK_FALSE(r.members[0].group_instance_id.has_value());
    CHECK(r.members[0].metadata == hex("0002ff"));
    CHECK(r.members[1].group_instance_id == "i");
    CHECK(r.members[1].metadata.empty());
    check_every_truncation_throws(leader_v5,
                                  [](std::string_view b) { decode_join_group_response(b, 5); });

    // v2-4 members have no instance id.
    const std::string leader_v2 = hex("00000000 0000 00000003 0001") + ascii("p") + hex("0001") +
                                  ascii("L") + hex("0001") + ascii("L") + hex("00000001") +
                                  hex("0001") + ascii("L") + hex("00000001 07");
    const auto r2 = decode_join_group_response(leader_v2, 2);
    REQUIRE(r2.members.size() == 1);
    CHECK(r2.members[0].metadata == hex("07"));

    // The mock's error answer writes null strings where the schema has STRING.
    const auto err =
        decode_join_group_response(hex("00000000 0010 ffffffff ffff ffff ffff 00000000"), 4);
    CHECK(err.error_code == error_code::not_coordinator);
    CHECK(err.generation_id == -1);
    CHECK(err.protocol_name.empty());
    CHECK(err.member_id.empty());
    CHECK(err.members.empty());

    // MEMBER_ID_REQUIRED carries the id to rejoin with.
    const auto required = decode_join_group_response(
        hex("00000000 004f ffffffff 0000 0000 0003") + ascii("m-1") + hex("00000000"), 5);
    CHECK(required.error_code == error_code::member_id_required);
    CHECK(required.member_id == "m-1");

    CHECK_THROWS_WITH_AS(
        decode_join_group_response(hex("00000000 0000 00000002 0000 0000 0000 7fffffff"), 5),
        doctest::Contains("JoinGroup members"), WireError);
    CHECK_THROWS_WITH_AS(
        decode_join_group_response(hex("00000000 0000 00000002 0000 0000 0000 00000001 0001") +
                                       ascii("A") + hex("ffff 7ffffff0 00"),
                                   5),
        doctest::Contains("JoinGroup members.metadata"), WireError);
    CHECK_THROWS_WITH_AS(decode_join_group_response(hex("00000000 0000 00000002 fffe"), 5),
                         doctest::Contains("negative length"), WireError);
}

TEST_CASE("SyncGroup v0-3 request: the leader's assignments; v3 adds the instance id") {
    SyncGroupRequest req;
    req.group_id = "cg";
    req.generation_id = 2;
    req.member_id = "A";
    req.assignments = {{"A", ascii("xy")}, {"B", ""}};
    const std::string tail = hex("00000002") + hex("0001") + ascii("A") + hex("00000002") +
                             ascii("xy") + hex("0001") + ascii("B") + hex("00000000");
    const std::string head = hex("0002") + ascii("cg") + hex("00000002 0001") + ascii("A");
    for (std::int16_t v : {0, 1, 2}) {
        CAPTURE(v);
        CHECK(encode_sync_group_request(req, v) == head + tail);
    }
    CHECK(encode_sync_group_request(req, 3) == head + hex("ffff") + tail);
    // A follower sends no assignments.
    SyncGroupRequest follower{"cg", 2, "B", std::nullopt, {}};
    CHECK(encode_sync_group_request(follower, 0) ==
          hex("0002") + ascii("cg") + hex("00000002 0001") + ascii("B") + hex("00000000"));
    CHECK_THROWS_AS(encode_sync_group_request(req, 4), ProtocolError);
}

TEST_CASE("SyncGroup response: v0 has no throttle time; a null assignment reads as empty") {
    const auto v0 = decode_sync_group_response(hex("0000 00000003 000102"), 0);
    CHECK(v0.error_code == 0);
    CHECK(v0.assignment == hex("000102"));
    const std::string v3_bytes = hex("00000064 0000 00000002 abcd");
    const auto v3 = decode_sync_group_response(v3_bytes, 3);
    CHECK(v3.throttle_time_ms == 100);
    CHECK(v3.assignment == hex("abcd"));
    check_every_truncation_throws(v3_bytes,
                                  [](std::string_view b) { decode_sync_group_response(b, 3); });
    // The mock's late-follower answer: INVALID_REQUEST and null bytes.
    const auto late = decode_sync_group_response(hex("00000000 002a ffffffff"), 3);
    CHECK(late.error_code == error_code::invalid_request);
    CHECK(late.assignment.empty());
    CHECK_THROWS_AS(decode_sync_group_response(hex("00000000 0000 80000000"), 1), WireError);
}

TEST_CASE("Heartbeat v0-3 and LeaveGroup v0-1: requests and error-only responses") {
    const HeartbeatRequest hb{"cg", 7, "A", std::nullopt};
    const std::string hb_v0 = hex("0002") + ascii("cg") + hex("00000007 0001") + ascii("A");
    CHECK(encode_heartbeat_request(hb, 0) == hb_v0);
    CHECK(encode_heartbeat_request(hb, 2) == hb_v0);
    CHECK(encode_heartbeat_request(hb, 3) == hb_v0 + hex("ffff"));
    CHECK_THROWS_AS(encode_heartbeat_request(hb, 4), ProtocolError);
    CHECK(decode_heartbeat_response(hex("001b"), 0).error_code ==
          error_code::rebalance_in_progress);
    const auto hb1 = decode_heartbeat_response(hex("00000005 0019"), 1);
    CHECK(hb1.throttle_time_ms == 5);
    CHECK(hb1.error_code == error_code::unknown_member_id);
    CHECK_THROWS_WITH_AS(decode_heartbeat_response(hex("000000"), 1),
                         doctest::Contains("Heartbeat throttle_time_ms"), WireError);

    const std::string leave = hex("0002") + ascii("cg") + hex("0001") + ascii("A");
    CHECK(encode_leave_group_request({"cg", "A"}, 0) == leave);
    CHECK(encode_leave_group_request({"cg", "A"}, 1) == leave);
    CHECK_THROWS_AS(encode_leave_group_request({"cg", "A"}, 3), ProtocolError);
    CHECK(decode_leave_group_response(hex("0000"), 0).error_code == 0);
    CHECK(decode_leave_group_response(hex("00000000 0019"), 1).error_code ==
          error_code::unknown_member_id);
    CHECK_THROWS_WITH_AS(decode_leave_group_response(hex("00"), 0),
                         doctest::Contains("LeaveGroup error_code"), WireError);
}

TEST_CASE("error and API names for messages") {
    CHECK(error_name(27) == "REBALANCE_IN_PROGRESS (27)");
    CHECK(error_name(79) == "MEMBER_ID_REQUIRED (79)");
    CHECK(error_name(1234) == "error 1234");
    CHECK(api_name(ApiKey::SyncGroup) == "SyncGroup");
    CHECK(api_name(static_cast<ApiKey>(99)) == "ApiKey(99)");
}
