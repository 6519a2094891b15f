// The embedded schema registry's REST API without sockets: Confluent's
// paths, bodies and error codes, and the compatibility levels with the Avro
// and JSON Schema checks behind them.
#include <doctest/doctest.h>

#include <string>

#include "host/kafka/registry/avro_compatibility.hpp"
#include "host/kafka/registry/protobuf_compatibility.hpp"
#include "host/kafka/registry/protobuf_descriptor.hpp"
#include "host/rest/registry/embedded_schema_registry.hpp"

using namespace kc::host;
using namespace kc::host::kafka::registry;
using namespace kc::host::rest::registry;

namespace {

struct Registry {
    SchemaStore store;
    rest::Router router;
    Registry() { add_registry_routes(router, store); }

    rest::RestResponse call(const std::string& method, const std::string& target,
                            const std::string& body = "") {
        rest::RestRequest req;
        req.method = method;
        const size_t q = target.find('?');
        req.path = target.substr(0, q);
        if (q != std::string::npos) {
            const std::string query = target.substr(q + 1);
            const size_t eq = query.find('=');
            req.query.emplace(query.substr(0, eq), query.substr(eq + 1));
        }
        req.body = body;
        return router.dispatch(req);
    }
    // Registers an Avro schema (JSON text) and returns the response.
    rest::RestResponse avro(const std::string& subject, const std::string& schema) {
        std::string quoted;
        for (char c : schema)
            quoted += c == '"' ? std::string("\\\"") : std::string(1, c);
        return call("POST", "/subjects/" + subject + "/versions",
                    "{\"schema\":\"" + quoted + "\"}");
    }
};

std::string record(const std::string& fields) {
    return R"({"type":"record","name":"Order","namespace":"com.acme","fields":[)" + fields + "]}";
}

constexpr const char* kId = R"({"name":"id","type":"int"})";

bool reads(const std::string& reader, const std::string& writer) {
    return avro_read_problems(reader, writer).empty();
}

}  // namespace

TEST_CASE("Avro resolution: added and removed fields, promotions, enums, unions, names") {
    const std::string v1 = record(kId);
    const std::string with_default =
        record(std::string(kId) + R"(,{"name":"note","type":["null","string"],"default":null})");
    const std::string without_default =
        record(std::string(kId) + R"(,{"name":"qty","type":"int"})");
    CHECK(reads(with_default, v1));
    CHECK(reads(v1, with_default));  // a removed field is skipped
    const auto missing = avro_read_problems(without_default, v1);
    REQUIRE(missing.size() == 1);
    CHECK(missing[0].find("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1") == 0);

    for (const char* wider : {"long", "float", "double"})
        CHECK(reads(record(std::string(R"({"name":"id","type":")") + wider + "\"}"), v1));
    CHECK(reads(R"("double")", R"("float")"));
    CHECK(reads(R"("bytes")", R"("string")"));
    CHECK(avro_read_problems(v1, record(R"({"name":"id","type":"long"})"))[0].find(
              "TYPE_MISMATCH at /fields/0/type") == 0);

    const std::string e2 = R"({"type":"enum","name":"E","symbols":["A","B"]})";
    const std::string e3 = R"({"type":"enum","name":"E","symbols":["A","B","C"]})";
    const std::string e2d = R"({"type":"enum","name":"E","symbols":["A","B"],"default":"A"})";
    CHECK(reads(e3, e2));
    CHECK(avro_read_problems(e2, e3)[0].find("MISSING_ENUM_SYMBOLS") == 0);
    CHECK(reads(e2d, e3));

    CHECK(reads(R"(["null","int"])", R"("int")"));
    CHECK(reads(R"(["null","long"])", R"(["null","int"])"));
    CHECK(avro_read_problems(R"("int")", R"(["null","int"])")[0].find("TYPE_MISMATCH at /0") == 0);
    CHECK(avro_read_problems(R"(["null","string"])", R"("int")")[0].find("MISSING_UNION_BRANCH") ==
          0);

    CHECK(avro_read_problems(R"({"type":"record","name":"Other","fields":[]})", v1)[0].find(
              "NAME_MISMATCH") == 0);
    CHECK(reads(R"({"type":"record","name":"Other","aliases":["Order"],"fields":[]})", v1));
    CHECK(avro_read_problems(R"({"type":"fixed","name":"F","size":4})",
                             R"({"type":"fixed","name":"F","size":8})")[0]
              .find("FIXED_SIZE_MISMATCH") == 0);
    CHECK(reads(R"({"type":"map","values":"long"})", R"({"type":"map","values":"int"})"));
    // A recursive record terminates.
    const std::string list =
        R"({"type":"record","name":"L","fields":[{"name":"next","type":["null","L"]}]})";
    CHECK(reads(list, list));
    CHECK_THROWS_AS(avro_read_problems(R"({"type":"record"})", v1), std::invalid_argument);
}

TEST_CASE("register: BACKWARD by default, 409 for an incompatible schema, NONE lets it through") {
    Registry r;
    const std::string v1 = record(kId);
    auto first = r.avro("orders-value", v1);
    CHECK(first.status == 200);
    CHECK(first.body.starts_with(R"({"id":1,"guid":")"));
    // same schema: same id, no check
    CHECK(r.avro("orders-value", v1).body == first.body);

    auto added = r.avro("orders-value",
                        record(std::string(kId) + R"(,{"name":"qty","type":"int","default":0})"));
    CHECK(added.body.starts_with(R"({"id":2,)"));
    auto refused =
        r.avro("orders-value", record(std::string(kId) + R"(,{"name":"x","type":"int"})"));
    CHECK(refused.status == 409);
    CHECK(refused.body.find(R"("error_code":409)") != std::string::npos);
    CHECK(refused.body.find("READER_FIELD_MISSING_DEFAULT_VALUE") != std::string::npos);
    CHECK(refused.body.find("compatibility BACKWARD") != std::string::npos);
    CHECK(r.call("GET", "/subjects/orders-value/versions").body == "[1,2]");

    CHECK(r.call("PUT", "/config/orders-value", R"({"compatibility":"NONE"})").body ==
          R"({"compatibility":"NONE"})");
    CHECK(r.avro("orders-value", record(std::string(kId) + R"(,{"name":"x","type":"int"})"))
              .body.starts_with(R"({"id":3,)"));
}

TEST_CASE("FORWARD, FULL and the transitive levels") {
    Registry r;
    const std::string ab = record(std::string(kId) + R"(,{"name":"b","type":"int"})");
    r.avro("s", ab);
    r.call("PUT", "/config/s", R"({"compatibility":"FORWARD"})");
    // Dropping b: old readers lack a value for b.
    CHECK(r.avro("s", record(kId)).status == 409);
    // Adding a field is forward compatible: old readers skip it.
    const std::string abc =
        record(std::string(kId) + R"(,{"name":"b","type":"int"},{"name":"c","type":"int"})");
    CHECK(r.avro("s", abc).status == 200);

    // FULL against the latest only, FULL_TRANSITIVE against all versions.
    Registry t;
    t.call("PUT", "/config", R"({"compatibility":"NONE"})");
    t.avro("s", record(R"({"name":"id","type":"string"})"));
    t.avro("s", record(kId));
    t.call("PUT", "/config/s", R"({"compatibility":"FULL"})");
    const std::string v3 = record(std::string(kId) + R"(,{"name":"n","type":"int","default":1})");
    const std::string body = R"({"schema":)" + std::string("\"") + [&] {
        std::string q;
        for (char c : v3)
            q += c == '"' ? std::string("\\\"") : std::string(1, c);
        return q;
    }() + "\"}";
    CHECK(t.call("POST", "/compatibility/subjects/s/versions/latest", body).body ==
          R"({"is_compatible":true})");
    CHECK(t.call("POST", "/compatibility/subjects/s/versions/1", body).body ==
          R"({"is_compatible":false})");
    auto verbose = t.call("POST", "/compatibility/subjects/s/versions/1?verbose=true", body);
    CHECK(verbose.body.find(
              R"("messages":["version 1: the new schema cannot read its data: TYPE_MISMATCH)") !=
          std::string::npos);
    CHECK(t.call("POST", "/compatibility/subjects/s/versions", body).body ==
          R"({"is_compatible":false})");
    t.call("PUT", "/config/s", R"({"compatibility":"FULL_TRANSITIVE"})");
    CHECK(t.avro("s", v3).status == 409);
    t.call("PUT", "/config/s", R"({"compatibility":"FULL"})");
    CHECK(t.avro("s", v3).status == 200);

    CHECK(t.call("POST", "/compatibility/subjects/s/versions/9", body).status == 404);
    CHECK(t.call("POST", "/compatibility/subjects/none/versions/1", body).body.find("40401") !=
          std::string::npos);
    CHECK(t.call("POST", "/compatibility/subjects/none/versions/latest", body).body ==
          R"({"is_compatible":true})");
}

TEST_CASE("JSON Schema: required properties, closed content models, types") {
    Registry r;
    auto json = [&](const std::string& subject, const std::string& schema) {
        std::string q;
        for (char c : schema)
            q += c == '"' ? std::string("\\\"") : std::string(1, c);
        return r.call("POST", "/subjects/" + subject + "/versions",
                      R"({"schemaType":"JSON","schema":")" + q + "\"}");
    };
    const std::string v1 =
        R"({"type":"object","properties":{"id":{"type":"integer"}},"required":["id"],"additionalProperties":false})";
    CHECK(json("j", v1).status == 200);
    // A new optional property of a closed model; id widened to number.
    CHECK(
        json(
            "j",
            R"({"type":"object","properties":{"id":{"type":"number"},"n":{"oneOf":[{"type":"null"},{"type":"string"}]}},"required":["id"],"additionalProperties":false})")
            .status == 200);
    auto required = json(
        "j",
        R"({"type":"object","properties":{"id":{"type":"number"},"n":{"type":"string"}},"required":["id","n"],"additionalProperties":false})");
    CHECK(required.status == 409);
    CHECK(required.body.find("REQUIRED_PROPERTY_ADDED") != std::string::npos);
    auto narrowed = json(
        "j",
        R"({"type":"object","properties":{"id":{"type":"string"}},"additionalProperties":false})");
    CHECK(narrowed.body.find("TYPE_CHANGED at /properties/id") != std::string::npos);
    auto got = r.call("GET", "/subjects/j/versions/latest");
    CHECK(got.body.find(R"("schemaType":"JSON")") != std::string::npos);
}

TEST_CASE("the rest of the API subset: ids, raw schemas, config, errors, types") {
    Registry r;
    r.avro("a-value", R"("string")");
    r.avro("b-value", R"("string")");
    CHECK(r.call("GET", "/schemas/ids/1").body == R"({"schema":"\"string\""})");
    CHECK(r.call("GET", "/schemas/ids/1/schema").body == R"("string")");
    CHECK(r.call("GET", "/schemas/ids/1/versions").body ==
          R"([{"subject":"a-value","version":1},{"subject":"b-value","version":1}])");
    CHECK(r.call("GET", "/schemas/ids/1/subjects").body == R"(["a-value","b-value"])");
    CHECK(r.call("GET", "/schemas/ids/7/schema").body.find("40403") != std::string::npos);
    CHECK(r.call("GET", "/subjects/a-value/versions/1/schema").body == R"("string")");
    CHECK(r.call("GET", "/subjects/a-value/versions/x").body.find("42202") != std::string::npos);
    CHECK(r.call("GET", "/subjects/a-value/versions/2").body.find("40402") != std::string::npos);
    CHECK(r.call("GET", "/subjects/zz/versions/1").body.find("40401") != std::string::npos);
    CHECK(r.call("GET", "/schemas/types").body == R"(["JSON","PROTOBUF","AVRO"])");
    CHECK(r.call("GET", "/associations/resources/default/orders").status == 404);

    auto bad = r.avro("a-value", R"({"type":"record","name":"R"})");
    CHECK(bad.status == 422);
    CHECK(bad.body.find("42201") != std::string::npos);
    CHECK(bad.body.find("without \\\"fields\\\"") != std::string::npos);
    CHECK(bad.headers.at(0).second == "application/vnd.schemaregistry.v1+json");

    CHECK(r.call("GET", "/config").body == R"({"compatibilityLevel":"BACKWARD"})");
    CHECK(r.call("GET", "/config/a-value").body.find("40408") != std::string::npos);
    CHECK(r.call("GET", "/config/a-value?defaultToGlobal=true").body ==
          R"({"compatibilityLevel":"BACKWARD"})");
    r.call("PUT", "/config/a-value", R"({"compatibility":"FULL"})");
    CHECK(r.call("GET", "/config/a-value").body == R"({"compatibilityLevel":"FULL"})");
    CHECK(r.call("DELETE", "/config/a-value").body == R"({"compatibilityLevel":"FULL"})");
    CHECK(r.call("GET", "/config/a-value").status == 404);
    CHECK(r.call("PUT", "/config", R"({"compatibility":"SIDEWAYS"})").body.find("42203") !=
          std::string::npos);
}

TEST_CASE("DELETE: soft, then permanent; 40404-40407; ?deleted=true shows what was soft deleted") {
    Registry r;
    const std::string v1 = record(kId);
    const std::string v2 = record(std::string(kId) + R"(,{"name":"qty","type":"int","default":0})");
    const std::string v3 = record(std::string(kId) + R"(,{"name":"n","type":"long","default":1})");
    r.avro("orders-value", v1);
    r.avro("orders-value", v2);
    r.avro("other-value", R"("string")");
    r.call("PUT", "/config/orders-value", R"({"compatibility":"FULL"})");

    // A permanent delete needs a soft delete first.
    auto not_soft = r.call("DELETE", "/subjects/orders-value/versions/2?permanent=true");
    CHECK(not_soft.status == 404);
    CHECK(not_soft.body.find(R"("error_code":40407)") != std::string::npos);
    CHECK(r.call("DELETE", "/subjects/orders-value?permanent=true").body.find("40405") !=
          std::string::npos);

    // Soft delete of version 2: hidden from the lists, its id still readable.
    auto soft = r.call("DELETE", "/subjects/orders-value/versions/2");
    CHECK(soft.status == 200);
    CHECK(soft.body == "2");
    CHECK(r.call("GET", "/subjects/orders-value/versions").body == "[1]");
    CHECK(r.call("GET", "/subjects/orders-value/versions?deleted=true").body == "[1,2]");
    CHECK(r.call("GET", "/subjects/orders-value/versions/2").body.find("40402") !=
          std::string::npos);
    CHECK(r.call("GET", "/subjects/orders-value/versions/2?deleted=true")
              .body.find(R"("version":2,"id":2)") != std::string::npos);
    CHECK(r.call("GET", "/subjects/orders-value/versions/latest").body.find(R"("version":1)") !=
          std::string::npos);
    CHECK(r.call("GET", "/schemas/ids/2").status == 200);
    CHECK(r.call("DELETE", "/subjects/orders-value/versions/2").body.find("40406") !=
          std::string::npos);
    CHECK(r.call("DELETE", "/subjects/orders-value/versions/9").body.find("40402") !=
          std::string::npos);
    CHECK(r.call("DELETE", "/subjects/nobody/versions/1").body.find("40401") != std::string::npos);
    CHECK(r.call("DELETE", "/subjects/orders-value/versions/0").body.find("42202") !=
          std::string::npos);

    // A new schema is checked against the live versions only, and numbered
    // after every version the subject holds.
    CHECK(r.avro("orders-value", v3).body.starts_with(R"({"id":4,)"));
    CHECK(r.call("GET", "/subjects/orders-value/versions?deleted=true").body == "[1,2,3]");

    // The whole subject: soft (the versions it deleted), then permanent.
    CHECK(r.call("DELETE", "/subjects/orders-value").body == "[1,3]");
    CHECK(r.call("GET", "/subjects").body == R"(["other-value"])");
    CHECK(r.call("GET", "/subjects?deleted=true").body == R"(["orders-value","other-value"])");
    CHECK(r.call("GET", "/subjects/orders-value/versions").body.find("40401") != std::string::npos);
    CHECK(r.call("DELETE", "/subjects/orders-value").body.find("40404") != std::string::npos);
    CHECK(r.call("POST", "/subjects/orders-value?deleted=true",
                 R"({"schema":"{\"type\":\"record\",\"name\":\"Order\",\"namespace\":)"
                 R"(\"com.acme\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"}]}"})")
              .body.find(R"("version":1)") != std::string::npos);
    CHECK(r.call("GET", "/config/orders-value").body == R"({"compatibilityLevel":"FULL"})");
    CHECK(r.call("DELETE", "/subjects/orders-value?permanent=true").body == "[1,2,3]");
    CHECK(r.call("GET", "/subjects?deleted=true").body == R"(["other-value"])");
    CHECK(r.call("GET", "/schemas/ids/2").body.find("40403") != std::string::npos);
    CHECK(r.call("GET", "/schemas/ids/3").status == 200);  // other-value still uses it
    CHECK(r.call("GET", "/config/orders-value").status == 404);
    CHECK(r.call("DELETE", "/subjects/orders-value").body.find("40401") != std::string::npos);

    // Registered again after a permanent delete: versions start over, the id is kept.
    CHECK(r.avro("orders-value", v1).body.starts_with(R"({"id":1,)"));
    CHECK(r.call("GET", "/subjects/orders-value/versions").body == "[1]");
}

TEST_CASE("Protobuf: field numbers, wire kinds, repeated, removed messages") {
    const std::string v1 = R"(syntax = "proto3";
package acme;
// an order
message Order {
  int32 id = 1;
  string name = 2 [json_name = "n"];
  repeated string tags = 3;
  message Line { int64 qty = 1; }
  oneof pay { double amount = 4; }
  map<string, int64> extra = 5;
  reserved 9;
}
enum Color { RED = 0; })";
    CHECK(protobuf_read_problems(v1, v1).empty());
    // Widening within varints, text as bytes, a new field, a renamed field: all readable.
    std::string v2 = v1;
    v2.replace(v2.find("int32 id = 1"), 12, "int64 id = 1");
    v2.replace(v2.find("string name = 2"), 15, "bytes label = 2");
    v2.replace(v2.find("reserved 9;"), 11, "bool urgent = 6;");
    CHECK(protobuf_read_problems(v2, v1).empty());
    std::string v3 = v1;
    v3.replace(v3.find("double amount = 4"), 17, "string amount = 4");
    CHECK(protobuf_read_problems(v3, v1).at(0).find("FIELD_TYPE_CHANGED at Order.amount (4)") == 0);
    std::string v4 = v1;
    v4.replace(v4.find("repeated string tags"), 20, "string tags");
    CHECK(protobuf_read_problems(v4, v1).at(0).find("FIELD_LABEL_CHANGED") == 0);
    std::string v5 = v1;
    v5.replace(v5.find("message Line { int64 qty = 1; }"), 31, "");
    CHECK(protobuf_read_problems(v5, v1).at(0) ==
          "MESSAGE_REMOVED: the reader has no message Order.Line");
    CHECK_THROWS_AS(protobuf_read_problems("message A { int32 x = ; }", v1), std::invalid_argument);

    Registry r;
    auto proto = [&](const std::string& schema) {
        std::string q;
        for (char c : schema)
            q += c == '"'    ? std::string("\\\"")
                 : c == '\n' ? std::string("\\n")
                             : std::string(1, c);
        return r.call("POST", "/subjects/p-value/versions",
                      R"({"schemaType":"PROTOBUF","schema":")" + q + "\"}");
    };
    CHECK(proto(v1).status == 200);
    CHECK(proto(v2).status == 200);
    CHECK(proto(v3).status == 409);
    CHECK(proto("message A {").body.find("42201") != std::string::npos);
    CHECK(r.call("GET", "/schemas/ids/1/schema").body.find(R"("syntax = \"proto3\";)") == 0);
}

TEST_CASE("Protobuf schemas as serialized descriptors: format=serialized, and registered so") {
    const std::string text = R"(syntax = "proto3";
package acme;
import "google/protobuf/timestamp.proto";
message Order { int64 id = 1; google.protobuf.Timestamp at = 2; })";
    const std::string b64 = proto_text_to_serialized(text);
    // Back to text through libprotobuf's printer: the same messages and fields.
    const auto again = serialized_to_proto_text(b64);
    REQUIRE(again);
    CHECK(again->find("message Order {") != std::string::npos);
    CHECK(again->find(".google.protobuf.Timestamp at = 2;") != std::string::npos);
    CHECK(!serialized_to_proto_text(text));  // text stays text
    CHECK_THROWS_WITH_AS(proto_text_to_serialized("message A { int64 = 1; }"),
                         doctest::Contains("line 1"), std::invalid_argument);

    Registry r;
    auto reg = r.call("POST", "/subjects/o-value/versions",
                      R"({"schemaType":"PROTOBUF","schema":")" + b64 + "\"}");
    CHECK(reg.body.starts_with(R"({"id":1,)"));
    // Stored and answered as .proto text; as a descriptor on request.
    CHECK(r.call("GET", "/schemas/ids/1").body.find("message Order {") != std::string::npos);
    const std::string serialized = r.call("GET", "/schemas/ids/1?format=serialized").body;
    CHECK(serialized.find("\"schema\":\"" + b64.substr(0, 8)) != std::string::npos);
    CHECK(r.call("GET", "/subjects/o-value/versions/latest?format=serialized")
              .body.find(b64.substr(0, 8)) != std::string::npos);
    auto bad =
        r.call("POST", "/subjects/o-value/versions",
               R"({"schemaType":"PROTOBUF","schema":")" +
                   proto_text_to_serialized(
                       "syntax = \"proto3\"; import \"other.proto\"; message B { X x = 1; }") +
                   "\"}");
    CHECK(bad.status == 422);
    CHECK(bad.body.find("cannot build the file descriptor") != std::string::npos);
}

TEST_CASE("bodies and schemas nested a million levels deep are refused, not a crash") {
    Registry r;
    const std::string deep(1000000, '[');
    CHECK(r.call("POST", "/subjects/x-value/versions", deep).status == 422);
    CHECK(r.call("PUT", "/config", deep).status == 422);
    // A schema string that is itself a deep JSON document.
    auto response = r.avro("x-value", deep);
    CHECK(response.status == 422);
    CHECK(response.body.find("nested deeper than") != std::string::npos);
}

TEST_CASE("Protobuf references: stored and returned, checked to exist, resolved in compatibility") {
    Registry r;
    auto proto = [&](const std::string& subject, const std::string& schema,
                     const std::string& references = "") {
        std::string q;
        for (char c : schema)
            q += c == '"'    ? std::string("\\\"")
                 : c == '\n' ? std::string("\\n")
                             : std::string(1, c);
        return r.call("POST", "/subjects/" + subject + "/versions",
                      R"({"schemaType":"PROTOBUF","schema":")" + q + "\"" +
                          (references.empty() ? "" : R"(,"references":)" + references) + "}");
    };
    const std::string money_v1 =
        "syntax = \"proto3\";\npackage shop;\nmessage Money { int64 units = 1; }\n";
    const std::string money_v2 =
        "syntax = \"proto3\";\npackage shop;\nmessage Money { string units = 1; }\n";
    const std::string order =
        "syntax = \"proto3\";\npackage shop;\nimport \"money.proto\";\n"
        "message Order { Money total = 1; }\n";
    auto ref = [](int version) {
        return R"([{"name":"money.proto","subject":"money","version":)" + std::to_string(version) +
               "}]";
    };
    REQUIRE(proto("money", money_v1).status == 200);
    r.call("PUT", "/config/money", R"({"compatibility":"NONE"})");
    REQUIRE(proto("money", money_v2).status == 200);

    const auto registered = proto("orders-value", order, ref(1));
    REQUIRE(registered.status == 200);
    CHECK(r.call("GET", "/schemas/ids/3").body.find(R"("references":[{"name":"money.proto",)") !=
          std::string::npos);
    CHECK(r.call("GET", "/subjects/orders-value/versions/1").body.find(R"("version":1}])") !=
          std::string::npos);

    // The same text over the changed import: Money.units is no longer readable.
    const auto incompatible = proto("orders-value", order, ref(2));
    CHECK(incompatible.status == 409);
    CHECK(incompatible.body.find("FIELD_TYPE_CHANGED at Money.units (1)") != std::string::npos);
    const auto check = r.call("POST", "/compatibility/subjects/orders-value/versions/latest",
                              R"({"schemaType":"PROTOBUF","schema":")" +
                                  std::string("syntax = \\\"proto3\\\";\\npackage shop;\\nimport "
                                              "\\\"money.proto\\\";\\nmessage Order { Money "
                                              "total = 1; }\\n") +
                                  R"(","references":)" + ref(2) + "}");
    CHECK(check.body == R"({"is_compatible":false})");

    // A reference to a version the registry does not have is an invalid schema.
    const auto missing = proto("other-value", order, ref(9));
    CHECK(missing.status == 422);
    CHECK(missing.body.find("42201") != std::string::npos);
    CHECK(missing.body.find("version 9 of subject 'money'") != std::string::npos);
}

TEST_CASE("GUIDs: one per schema, kept under every subject, served by /schemas/guids/{guid}") {
    Registry r;
    const std::string v1 = record(kId);
    auto guid_in = [](const std::string& body) {
        const size_t at = body.find(R"("guid":")");
        REQUIRE(at != std::string::npos);
        return body.substr(at + 8, 36);
    };
    const std::string guid = guid_in(r.avro("orders-value", v1).body);
    CHECK(guid.size() == 36);
    CHECK(guid[8] == '-');
    CHECK(guid[14] == '4');  // a random (version 4) UUID
    // The same schema under another subject: the same id and GUID.
    CHECK(guid_in(r.avro("other-value", v1).body) == guid);
    const std::string other =
        guid_in(r.avro("orders-value",
                       record(std::string(kId) + R"(,{"name":"qty","type":"int","default":0})"))
                    .body);
    CHECK(other != guid);
    // So do lookups and versions (one answer for both).
    CHECK(guid_in(r.call("GET", "/subjects/orders-value/versions/1").body) == guid);

    auto by_guid = r.call("GET", "/schemas/guids/" + guid);
    CHECK(by_guid.status == 200);
    CHECK(by_guid.body.starts_with(R"({"id":1,"guid":")" + guid + "\""));
    CHECK(by_guid.body.find(R"("schema":)") != std::string::npos);
    auto missing = r.call("GET", "/schemas/guids/00000000-0000-4000-8000-000000000000");
    CHECK(missing.status == 404);
    CHECK(missing.body.find("40403") != std::string::npos);
}
