// Connect group protocol payloads against byte vectors: the one measured from a
// Java-compatible probe, and ones built by hand from the field layouts of
// ConnectProtocol (v0) and IncrementalCooperativeConnectProtocol (v1/v2).
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>

#include "host/herder/distributed/connect_protocol.hpp"
#include "host/kafka/protocol/wire.hpp"

using namespace kc::host::distributed;
using kc::host::ConnectorTaskId;
using kc::host::kafka::protocol::WireError;

namespace {

// Hex digits to bytes; spaces are for readability. Used at static
// initialisation too, so it throws rather than asserting.
std::string unhex(std::string_view hex) {
    std::string out;
    int high = -1;
    for (char c : hex) {
        if (c == ' ') continue;
        int v = c >= '0' && c <= '9' ? c - '0' : c - 'a' + 10;
        if (v < 0 || v >= 16) throw std::invalid_argument("not a hex digit in test vector");
        if (high < 0) {
            high = v;
        } else {
            out.push_back(static_cast<char>(high * 16 + v));
            high = -1;
        }
    }
    if (high >= 0) throw std::invalid_argument("odd number of hex digits in test vector");
    return out;
}

// v0 assignment: leader "L", url "u", offset 5, connector c with task 0.
const std::string kAssignmentV0 = unhex(
    "0000 0000 0001 4c 0001 75 0000000000000005"
    " 00000001 0001 63 00000002 ffffffff 00000000");

// v2 assignment: offset 7; assigned connector a and tasks a-1, b-0; revoked
// task c-2; delay 1000.
const std::string kAssignmentV2 = unhex(
    "0002 0000 0001 4c 0001 75 0000000000000007"
    " 00000002 0001 61 00000002 ffffffff 00000001  0001 62 00000001 00000000"
    " 00000001 0001 63 00000001 00000002"
    " 000003e8");

// An assignment from leader "L" (url "u") with nothing in it yet.
ConnectAssignment from_leader(std::int16_t version, std::int64_t config_offset) {
    ConnectAssignment a;
    a.version = version;
    a.leader = "L";
    a.leader_url = "u";
    a.config_offset = config_offset;
    return a;
}

ConnectAssignment assignment_v2() {
    ConnectAssignment a = from_leader(2, 7);
    a.assigned = {{"a"}, {{"a", 1}, {"b", 0}}};
    a.revoked = {{}, {{"c", 2}}};
    a.delay_ms = 1000;
    return a;
}

}  // namespace

TEST_CASE("connect.protocol modes map to wire names and versions") {
    CHECK(protocol_name(ConnectProtocolCompatibility::Eager) == "default");
    CHECK(protocol_name(ConnectProtocolCompatibility::Compatible) == "compatible");
    CHECK(protocol_name(ConnectProtocolCompatibility::Sessioned) == "sessioned");
    CHECK(protocol_version(ConnectProtocolCompatibility::Eager) == 0);
    CHECK(protocol_version(ConnectProtocolCompatibility::Compatible) == 1);
    CHECK(protocol_version(ConnectProtocolCompatibility::Sessioned) == 2);
    CHECK(compatibility_config_name(ConnectProtocolCompatibility::Eager) == "eager");

    CHECK(parse_compatibility("EAGER") == ConnectProtocolCompatibility::Eager);
    CHECK(parse_compatibility("Compatible") == ConnectProtocolCompatibility::Compatible);
    CHECK(parse_compatibility("sessioned") == ConnectProtocolCompatibility::Sessioned);
    // The wire name of eager is not a config value, nor is anything else.
    CHECK_FALSE(parse_compatibility("default"));
    CHECK_FALSE(parse_compatibility(""));
    CHECK_FALSE(parse_compatibility("sessioned "));

    CHECK(compatibility_from_protocol("default") == ConnectProtocolCompatibility::Eager);
    CHECK(compatibility_from_protocol("SESSIONED") == ConnectProtocolCompatibility::Sessioned);
    CHECK_FALSE(compatibility_from_protocol("eager"));
    CHECK(compatibility_from_version(1) == ConnectProtocolCompatibility::Compatible);
    CHECK_FALSE(compatibility_from_version(3));
    CHECK_FALSE(compatibility_from_version(-1));
}

TEST_CASE("metadata v2 matches the bytes measured from the probe") {
    WorkerMetadata m{"http://a:8083/", -1, std::nullopt};
    const std::string golden =
        unhex("0002 000e 687474703a2f2f613a383038332f ffffffffffffffff ffffffff");
    CHECK(encode_metadata(m, 2) == golden);
    CHECK(decode_metadata(golden) == m);
}

TEST_CASE("metadata v0 and v1 follow the field layout") {
    WorkerMetadata m{"http://w:8083/", 5, std::nullopt};
    const std::string v0 = unhex("0000 000e 687474703a2f2f773a383038332f 0000000000000005");
    CHECK(encode_metadata(m, 0) == v0);
    // Read with the v1 layout, v0 has no allocation.
    CHECK(decode_metadata(v0) == m);

    // A v1 member holding connector c and task c-0; the allocation is a whole
    // assignment, written with the metadata's own header version.
    m.allocation = from_leader(2, 5);  // version rewritten to 1 by the v1 encoding
    m.allocation->assigned = {{"c"}, {{"c", 0}}};
    const std::string allocation_v1 = unhex(
        "0001 0000 0001 4c 0001 75 0000000000000005"
        " 00000001 0001 63 00000002 ffffffff 00000000"
        " 00000000 00000000");
    const std::string v1 =
        unhex("0001 000e 687474703a2f2f773a383038332f 0000000000000005 0000002d") + allocation_v1;
    CHECK(encode_metadata(m, 1) == v1);
    WorkerMetadata back = decode_metadata(v1);
    REQUIRE(back.allocation);
    CHECK(back.allocation->version == 1);
    CHECK(back.allocation->assigned == m.allocation->assigned);

    std::string v2 = encode_metadata(m, 2);
    CHECK(v2.substr(0, 2) == unhex("0002"));
    CHECK(v2.substr(30, 2) == unhex("0002"));  // the nested allocation's header
    CHECK(v2.substr(32) == allocation_v1.substr(2));

    CHECK_THROWS_AS(encode_metadata(m, 3), std::invalid_argument);
    CHECK_THROWS_AS(encode_metadata(m, -1), std::invalid_argument);
}

TEST_CASE("assignment v0 follows the field layout and reads with the v1 defaults") {
    ConnectAssignment a = from_leader(0, 5);
    a.assigned = {{"c"}, {{"c", 0}}};
    CHECK(encode_assignment(a) == kAssignmentV0);

    ConnectAssignment back = decode_assignment(kAssignmentV0);
    CHECK(back == a);
    CHECK(back.revoked.empty());
    CHECK(back.delay_ms == 0);

    a.delay_ms = 1;
    CHECK_THROWS_AS(encode_assignment(a), std::invalid_argument);
    a.delay_ms = 0;
    a.revoked.tasks.push_back({"c", 1});
    CHECK_THROWS_AS(encode_assignment(a), std::invalid_argument);
}

TEST_CASE("assignment v1/v2 follow the field layout and round-trip") {
    ConnectAssignment a = assignment_v2();
    CHECK(encode_assignment(a) == kAssignmentV2);
    CHECK(decode_assignment(kAssignmentV2) == a);

    a.version = 1;
    std::string v1 = encode_assignment(a);
    CHECK(v1 == unhex("0001") + kAssignmentV2.substr(2));
    CHECK(decode_assignment(v1) == a);

    // CONFIG_MISMATCH with nothing in it: both lists are written, empty.
    ConnectAssignment mismatch = from_leader(1, 9);
    mismatch.error = kAssignmentConfigMismatch;
    CHECK(encode_assignment(mismatch) ==
          unhex("0001 0001 0001 4c 0001 75 0000000000000009 00000000 00000000 00000000"));
    CHECK(decode_assignment(encode_assignment(mismatch)).failed());
}

TEST_CASE("assignment entries group by connector, connector first, each connector once") {
    ConnectAssignment a = from_leader(1, 0);
    // Tasks of a connector that is not itself listed get an entry of their own
    // after the listed connectors; a connector listed twice is written once.
    a.assigned = {{"b", "a", "b"}, {{"c", 3}, {"a", 2}, {"c", 1}}};
    std::string bytes = encode_assignment(a);
    CHECK(bytes == unhex("0001 0000 0001 4c 0001 75 0000000000000000"
                         " 00000003"
                         " 0001 62 00000001 ffffffff"
                         " 0001 61 00000002 ffffffff 00000002"
                         " 0001 63 00000002 00000003 00000001"
                         " 00000000 00000000"));
    ConnectAssignment back = decode_assignment(bytes);
    CHECK(back.assigned.connectors == std::vector<std::string>{"b", "a"});
    CHECK(back.assigned.tasks == std::vector<ConnectorTaskId>{{"a", 2}, {"c", 3}, {"c", 1}});
}

TEST_CASE("tolerant decoding: null lists, missing v1 fields, later versions, trailing bytes") {
    const std::string head = "0001 0000 0001 4c 0001 75 0000000000000005";
    // Null assignment and revoked arrays read as empty.
    ConnectAssignment a = decode_assignment(unhex(head + " ffffffff ffffffff 00000064"));
    CHECK(a.assigned.empty());
    CHECK(a.revoked.empty());
    CHECK(a.delay_ms == 100);
    // Bytes ending after any complete v1 field leave the rest at defaults.
    a = decode_assignment(unhex(head));
    CHECK(a.assigned.empty());
    CHECK(a.config_offset == 5);
    a = decode_assignment(unhex(head + " 00000001 0001 63 00000001 ffffffff"));
    CHECK(a.assigned.connectors == std::vector<std::string>{"c"});
    CHECK(a.delay_ms == 0);
    // A later version is read with the newest known layout; extra bytes ignored.
    std::string future = kAssignmentV2;
    future[1] = 7;
    a = decode_assignment(future + "more fields");
    CHECK(a.version == 7);
    CHECK(a.assigned == assignment_v2().assigned);
    CHECK(decode_assignment(kAssignmentV2 + std::string(3, '\0')) == assignment_v2());

    WorkerMetadata m =
        decode_metadata(unhex("0001 0001 75 0000000000000003 ffffffff") + "trailing");
    CHECK(m.url == "u");
    CHECK_FALSE(m.allocation);
}

TEST_CASE("malformed bytes are rejected with WireError naming the field") {
    auto error_of = [](auto decode, const std::string& bytes) -> std::string {
        try {
            decode(bytes);
        } catch (const WireError& e) {
            return e.what();
        }
        FAIL("decoded without error");
        return {};
    };
    auto assignment = [](const std::string& b) { decode_assignment(b); };
    auto metadata = [](const std::string& b) { decode_metadata(b); };
    const std::string head = "0001 0000 0001 4c 0001 75 0000000000000005";

    CHECK(error_of(assignment, "").find("version") != std::string::npos);
    CHECK(error_of(assignment, unhex("ffff")).find("unsupported version -1") != std::string::npos);
    CHECK(error_of(metadata, unhex("fffe 0001 75")).find("unsupported version -2") !=
          std::string::npos);
    // Required fields missing: v1 has no default for them.
    CHECK(error_of(assignment, unhex("0001")).find("error") != std::string::npos);
    CHECK(error_of(assignment, unhex("0001 0000 ffff")).find("leader") != std::string::npos);
    CHECK(error_of(assignment, unhex("0001 0000 fffe")).find("negative length") !=
          std::string::npos);
    // Counts that the remaining bytes cannot hold, or negative ones.
    CHECK(error_of(assignment, unhex(head + " 7fffffff")).find("assignment") != std::string::npos);
    CHECK(error_of(assignment, unhex(head + " fffffffe")).find("negative") != std::string::npos);
    CHECK(error_of(assignment, unhex(head + " 00000001 0001 63 7fffffff"))
              .find("task ids of connector 'c'") != std::string::npos);
    CHECK(error_of(assignment, unhex(head + " 00000001 0001 63 ffffffff")).find("null") !=
          std::string::npos);
    CHECK(error_of(assignment, unhex(head + " 00000000 00000000 0000")).find("delay") !=
          std::string::npos);
    // Metadata: a truncated allocation, and an allocation that is not one.
    CHECK(error_of(metadata, unhex("0001 0001 75 0000000000000003 00000010 0001"))
              .find("allocation") != std::string::npos);
    CHECK(error_of(metadata, unhex("0001 0001 75 0000000000000003 00000002 0001"))
              .find("allocation") != std::string::npos);
    CHECK(error_of(metadata, unhex("0001 0001 75 00000000")).find("config_offset") !=
          std::string::npos);
}

TEST_CASE("every truncation and byte corruption decodes or throws WireError, nothing else") {
    WorkerMetadata m{"http://a:8083/", 12, assignment_v2()};
    const std::string metadata = encode_metadata(m, 2);
    for (std::size_t n = 0; n < kAssignmentV2.size(); ++n) {
        try {
            decode_assignment(kAssignmentV2.substr(0, n));
        } catch (const WireError&) {
        }
    }
    for (std::size_t n = 0; n < metadata.size(); ++n) {
        try {
            decode_metadata(metadata.substr(0, n));
        } catch (const WireError&) {
        }
    }
    // A prefix that cuts a field in half never decodes.
    CHECK_THROWS_AS(decode_assignment(kAssignmentV2.substr(0, kAssignmentV2.size() - 1)),
                    WireError);
    CHECK_THROWS_AS(decode_metadata(metadata.substr(0, metadata.size() - 1)), WireError);

    std::mt19937 random(20241025);
    for (int round = 0; round < 3000; ++round) {
        std::string bytes = round % 2 ? metadata : kAssignmentV2;
        int flips = 1 + static_cast<int>(random() % 4);
        for (int i = 0; i < flips; ++i)
            bytes[random() % bytes.size()] = static_cast<char>(random() & 0xff);
        try {
            if (round % 2)
                decode_metadata(bytes);
            else
                decode_assignment(bytes);
        } catch (const WireError&) {
        }
    }
}

TEST_CASE("a worker offers its mode's protocols, newest first") {
    WorkerMetadata m{"http://a:8083/", -1, std::nullopt};
    auto sessioned = join_group_protocols(ConnectProtocolCompatibility::Sessioned, m);
    REQUIRE(sessioned.size() == 3);
    CHECK(sessioned[0].name == "sessioned");
    CHECK(sessioned[0].metadata ==
          unhex("0002 000e 687474703a2f2f613a383038332f ffffffffffffffff ffffffff"));
    CHECK(sessioned[1].name == "compatible");
    CHECK(sessioned[1].metadata == encode_metadata(m, 1));
    CHECK(sessioned[2].name == "default");
    CHECK(sessioned[2].metadata == encode_metadata(m, 0));

    auto compatible = join_group_protocols(ConnectProtocolCompatibility::Compatible, m);
    REQUIRE(compatible.size() == 2);
    CHECK(compatible[0] == sessioned[1]);
    CHECK(compatible[1] == sessioned[2]);

    auto eager = join_group_protocols(ConnectProtocolCompatibility::Eager, m);
    REQUIRE(eager.size() == 1);
    CHECK(eager[0] == sessioned[2]);
}
