// Schema ids in record headers and GUID prefixes (Confluent's
// HeaderSchemaIdSerializer and DualSchemaIdDeserializer): the framing read
// from bytes built here from the documented layout, the three converters
// writing and reading ids in headers against the embedded registry, and
// Confluent's JavaScript serdes (js/, when installed) on the other side.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <kc/testing.hpp>
#include <string>
#include <utility>
#include <vector>

#include "avro_converter.hpp"
#include "host/rest/registry/embedded_schema_registry.hpp"
#include "json_schema_converter.hpp"
#include "protobuf_converter.hpp"
#include "schema_id.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"

using namespace kc_schema_registry;
namespace fs = std::filesystem;

namespace {

constexpr const char* kHeaderSerializer =
    "io.confluent.kafka.serializers.schema.id.HeaderSchemaIdSerializer";

// The headers a converter adds, and the same as the worker hands them back.
struct Headers : HeaderSink {
    std::vector<std::pair<std::string, std::string>> added;
    void add(std::string_view key, std::string_view value) override {
        added.emplace_back(key, value);
    }
    std::vector<kc_header> raw() const {
        std::vector<kc_header> out;
        for (const auto& [k, v] : added)
            out.push_back(header(k, v));
        return out;
    }
    // Views of `key` and `value`, which must outlive it.
    static kc_header header(std::string_view key, std::string_view value) {
        kc_header h{{key.data(), key.size()}, nullptr, {}};
        h.value.tag = KC_VAL_BYTES;
        h.value.u.str = {value.data(), value.size()};
        return h;
    }
};

std::string guid_bytes(const std::string& text) {
    auto g = Guid::parse(text);
    REQUIRE(g);
    return std::string(reinterpret_cast<const char*>(g->bytes.data()), g->bytes.size());
}

kc::Schema order_schema() {
    return kc::SchemaBuilder::struct_()
        .name("shop.Order")
        .field("id", kc::schemas::int64())
        .field("name", kc::schemas::string())
        .build();
}

struct Fixture {
    kc::host::rest::registry::EmbeddedSchemaRegistry registry;
    kc::testing::TestHost host;
    kc::Arena arena = host.arena();
    kc::Schema schema = order_schema();

    template <class Conv>
    std::unique_ptr<Conv> converter(kc::ConfigMap extra = {}, bool is_key = false) {
        auto c = std::make_unique<Conv>();
        extra["schema.registry.url"] = registry.url();
        c->configure(extra, is_key);
        return c;
    }
    kc_value order(int64_t id, const char* name) {
        kc::StructBuilder<kc::Arena> b(arena, schema);
        return b.put("id", kc::make_int64(id)).put("name", kc::make_string_ref(name)).build();
    }
    // The GUID the registry gave the subject's latest schema.
    std::string latest_guid(const std::string& subject) {
        bool known = false;
        auto v = registry.store().version(subject, -1, known);
        REQUIRE(v);
        return v->schema.guid;
    }
};

void check_order(const kc::SchemaAndValue& got, int64_t id, std::string_view name) {
    REQUIRE(got.schema);
    const kc::StructView v = kc::ValueView(&got.value).as_struct();
    CHECK(v.get("id").as_int() == id);
    CHECK(v.get("name").as_string() == name);
}

}  // namespace

TEST_CASE("schema id framing: magic 0 and an id, magic 1 and a GUID, or the header") {
    const std::string guid = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    CHECK(Guid::parse(guid)->to_string() == guid);
    CHECK_FALSE(Guid::parse("0f1e2d3c4b5a-6978-8796-a5b4c3d2e1f0-"));
    CHECK_FALSE(Guid::parse("zf1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));

    const std::string by_id("\x00\x00\x00\x01\x02payload", 12);
    SchemaIdFrame f = read_schema_id("t", false, {}, by_id, SchemaIdDeserializer::Dual);
    CHECK_FALSE(f.by_guid);
    CHECK(f.id == 0x0102);
    CHECK(f.rest == "payload");

    const std::string by_guid = "\x01" + guid_bytes(guid) + "payload";
    f = read_schema_id("t", false, {}, by_guid, SchemaIdDeserializer::Dual);
    CHECK(f.by_guid);
    CHECK(f.guid.to_string() == guid);
    CHECK(f.rest == "payload");
    CHECK_FALSE(f.in_header);

    // The side's header, the last one with a value; its bytes then follow
    // the GUID there (Protobuf's indexes) and the payload is all the data.
    const std::string value = "\x01" + guid_bytes(guid) + std::string(1, '\0');
    const std::string other = "\x01" + std::string(16, 'x');
    const std::string k_value = "__value_schema_id", k_key = "__key_schema_id";
    const std::string key_id = by_guid.substr(0, 17);
    std::vector<kc_header> headers{Headers::header(k_value, other), Headers::header(k_key, key_id),
                                   Headers::header(k_value, value)};
    f = read_schema_id("t", false, headers, "unprefixed", SchemaIdDeserializer::Dual);
    CHECK(f.in_header);
    CHECK(f.guid.to_string() == guid);
    CHECK(f.rest == std::string(1, '\0'));
    CHECK(f.data == "unprefixed");
    f = read_schema_id("t", true, headers, "unprefixed", SchemaIdDeserializer::Dual);
    CHECK(f.in_header);
    CHECK(f.rest.empty());
    // A header with a null value: the prefix, as Java's lastHeader check does.
    headers.push_back(kc_header{{k_value.data(), k_value.size()}, nullptr, {}});
    CHECK_FALSE(read_schema_id("t", false, headers, by_id, SchemaIdDeserializer::Dual).in_header);
    // Nor is a header converter's value (a string) the id's bytes.
    headers.back().value = kc::make_string_ref(value);
    CHECK_FALSE(read_schema_id("t", false, headers, by_id, SchemaIdDeserializer::Dual).in_header);
    headers.pop_back();
    // PrefixSchemaIdDeserializer does not look at headers.
    CHECK_THROWS_WITH_AS(
        read_schema_id("orders", false, headers, "unprefixed", SchemaIdDeserializer::Prefix),
        doctest::Contains("Unknown magic byte 117"), kc::DataException);

    CHECK_THROWS_WITH_AS(read_schema_id("orders", false, {}, std::string_view("\x01\x02", 2),
                                        SchemaIdDeserializer::Dual),
                         doctest::Contains("16-byte schema GUID"), kc::DataException);
    std::vector<kc_header> bad{Headers::header(k_value, "\x07")};
    CHECK_THROWS_WITH_AS(read_schema_id("orders", false, bad, by_id, SchemaIdDeserializer::Dual),
                         doctest::Contains("header __value_schema_id"), kc::DataException);

    CHECK(parse_schema_id_serializer("k", kHeaderSerializer) == SchemaIdSerializer::Header);
    CHECK(parse_schema_id_serializer("k", "PrefixSchemaIdSerializer") ==
          SchemaIdSerializer::Prefix);
    CHECK_THROWS_WITH_AS(
        parse_schema_id_deserializer("value.schema.id.deserializer", "ConfigSchemaIdDeserializer"),
        doctest::Contains("value.schema.id.deserializer"), kc::ConfigException);
}

TEST_CASE_TEMPLATE("HeaderSchemaIdSerializer: the GUID in the side's header, read back by default",
                   Conv, AvroConverterImpl, JsonSchemaConverterImpl, ProtobufConverterImpl) {
    Fixture fx;
    auto writer = fx.template converter<Conv>({{"value.schema.id.serializer", kHeaderSerializer}});
    const kc_value v = fx.order(7, "ada");
    Headers headers;
    const kc::Bytes payload = writer->from_connect("orders", fx.schema, &v, fx.arena, &headers);
    REQUIRE(payload);
    REQUIRE(headers.added.size() == 1);
    CHECK(headers.added[0].first == "__value_schema_id");
    const std::string& id = headers.added[0].second;
    // Magic 1 and the registered schema's GUID; Protobuf's index [0] after it.
    const std::string expected = "\x01" + guid_bytes(fx.latest_guid("orders-value"));
    CHECK(id.substr(0, 17) == expected);
    CHECK(id.size() == (std::is_same_v<Conv, ProtobufConverterImpl> ? 18u : 17u));

    auto reader = fx.template converter<Conv>();
    const std::vector<kc_header> raw = headers.raw();
    check_order(reader->to_connect("orders", *payload, fx.arena, raw), 7, "ada");
    // The payload carries no id of its own.
    CHECK_THROWS_AS(reader->to_connect("orders", *payload, fx.arena), kc::DataException);
    // The same bytes as a GUID prefix (magic 1) read without the header.
    const std::string framed = id + std::string(*payload);
    check_order(reader->to_connect("orders", framed, fx.arena), 7, "ada");
    // PrefixSchemaIdDeserializer ignores the header.
    auto prefix_only = fx.template converter<Conv>(
        {{"value.schema.id.deserializer",
          "io.confluent.kafka.serializers.schema.id.PrefixSchemaIdDeserializer"}});
    CHECK_THROWS_AS(prefix_only->to_connect("orders", *payload, fx.arena, raw), kc::DataException);

    // A GUID the registry never gave: its 40403, naming the GUID.
    const std::string unknown_text = "00000000-0000-4000-8000-000000000000";
    std::string unknown = id;
    unknown.replace(1, 16, guid_bytes(unknown_text));
    std::vector<kc_header> unknown_header{Headers::header("__value_schema_id", unknown)};
    CHECK_THROWS_WITH_AS(reader->to_connect("orders", *payload, fx.arena, unknown_header),
                         doctest::Contains(unknown_text.c_str()), kc::DataException);

    // The default still writes the id prefix, and adds no header.
    Headers none;
    auto prefixed = fx.template converter<Conv>();
    const kc::Bytes classic = prefixed->from_connect("orders", fx.schema, &v, fx.arena, &none);
    REQUIRE(classic);
    CHECK(none.added.empty());
    CHECK((*classic)[0] == '\0');
    // Without a place for the header (as a header converter): a DataException.
    CHECK_THROWS_WITH_AS(writer->from_connect("orders", fx.schema, &v, fx.arena),
                         doctest::Contains("HeaderSchemaIdSerializer"), kc::DataException);
}

TEST_CASE("HeaderSchemaIdSerializer on the key side: __key_schema_id") {
    Fixture fx;
    auto writer =
        fx.converter<AvroConverterImpl>({{"key.schema.id.serializer", kHeaderSerializer}}, true);
    const kc_value v = fx.order(1, "k");
    Headers headers;
    const kc::Bytes payload = writer->from_connect("orders", fx.schema, &v, fx.arena, &headers);
    REQUIRE(headers.added.size() == 1);
    CHECK(headers.added[0].first == "__key_schema_id");
    CHECK(headers.added[0].second.substr(1) == guid_bytes(fx.latest_guid("orders-key")));
    auto reader = fx.converter<AvroConverterImpl>({}, true);
    check_order(reader->to_connect("orders", *payload, fx.arena, headers.raw()), 1, "k");
    // A value converter does not take the key's header.
    auto value_reader = fx.converter<AvroConverterImpl>();
    CHECK_THROWS_AS(value_reader->to_connect("orders", *payload, fx.arena, headers.raw()),
                    kc::DataException);
}

TEST_CASE("header ids with Confluent's JavaScript serdes, both ways") {
    const std::string js = KC_JS_INTEROP_DIR;
    if (!fs::exists("/usr/bin/node") ||
        !fs::exists(js + "/node_modules/@confluentinc/schemaregistry")) {
        MESSAGE("node or the JavaScript client is not installed: not checked");
        return;
    }
    Fixture fx;
    kc::test::TempDir dir("kc-js-header-ids");
    const fs::path rows = dir / "rows.json";
    std::ofstream(rows) << R"([{"id":1,"name":"ada","amount":1.5,"qty":7,"note":"x"},)"
                           R"({"id":2,"name":"bob","amount":-2.25,"qty":null,"note":null}])";
    auto read = [](const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    const std::vector<std::string> formats{"avro", "json", "protobuf"};
    for (const std::string& format : formats) {
        CAPTURE(format);
        const fs::path out = dir / format;
        fs::create_directories(out);
        // The JavaScript serialiser writes; the converter reads.
        const auto r = kc::test::run_command(
            "/usr/bin/node " + js + "/interop.js header-serialize " + fx.registry.url() + " " +
            format + " js-" + format + " " + rows.string() + " " + out.string() + " 2>&1");
        REQUIRE_MESSAGE(r.exit_code == 0, r.output);
        kc::ConfigMap settings;
        if (format == "protobuf") settings["optional.for.nullables"] = "true";
        // One reader for the format (it owns the schemas of what it reads),
        // then one writer with the id in the header.
        std::unique_ptr<AvroConverterImpl> avro_in, avro_out;
        std::unique_ptr<JsonSchemaConverterImpl> json_in, json_out;
        std::unique_ptr<ProtobufConverterImpl> proto_in, proto_out;
        const std::string topic = "js-" + format;
        if (format == "avro") avro_in = fx.converter<AvroConverterImpl>(settings);
        if (format == "json") json_in = fx.converter<JsonSchemaConverterImpl>(settings);
        if (format == "protobuf") proto_in = fx.converter<ProtobufConverterImpl>(settings);
        kc::SchemaAndValue got[2];
        for (int i = 0; i < 2; ++i) {
            const std::string payload = read(out / (std::to_string(i) + ".bin"));
            const std::string id = read(out / (std::to_string(i) + ".hdr"));
            CHECK(id[0] == '\x01');
            const std::vector<kc_header> h{Headers::header("__value_schema_id", id)};
            got[i] = avro_in   ? avro_in->to_connect(topic, payload, fx.arena, h)
                     : json_in ? json_in->to_connect(topic, payload, fx.arena, h)
                               : proto_in->to_connect(topic, payload, fx.arena, h);
            REQUIRE(got[i].schema);
            const kc::StructView v = kc::ValueView(&got[i].value).as_struct();
            CHECK(v.get("id").as_int() == i + 1);
            CHECK(v.get("name").as_string() == (i == 0 ? "ada" : "bob"));
        }

        // The converter writes with the id in the header; the JavaScript
        // deserialiser reads it (its schema from GET /schemas/guids/{guid}).
        settings["value.schema.id.serializer"] = kHeaderSerializer;
        settings["auto.register.schemas"] = "false";
        settings["use.latest.version"] = "true";
        if (avro_in) avro_out = fx.converter<AvroConverterImpl>(settings);
        if (json_in) json_out = fx.converter<JsonSchemaConverterImpl>(settings);
        if (proto_in) proto_out = fx.converter<ProtobufConverterImpl>(settings);
        std::vector<std::string> files;
        for (int i = 0; i < 2; ++i) {
            Headers headers;
            const kc::SchemaView s(got[i].schema);
            const kc::Bytes payload =
                avro_out   ? avro_out->from_connect(topic, s, &got[i].value, fx.arena, &headers)
                : json_out ? json_out->from_connect(topic, s, &got[i].value, fx.arena, &headers)
                           : proto_out->from_connect(topic, s, &got[i].value, fx.arena, &headers);
            REQUIRE(payload);
            REQUIRE(headers.added.size() == 1);
            files.push_back((out / ("conv-" + std::to_string(i) + ".bin")).string());
            std::ofstream(files.back(), std::ios::binary) << *payload;
            std::ofstream(files.back() + ".hdr", std::ios::binary) << headers.added[0].second;
        }
        const auto back = kc::test::run_command(
            "/usr/bin/node " + js + "/interop.js header-deserialize " + fx.registry.url() + " " +
            format + " js-" + format + " " + files[0] + " " + files[1] + " 2>&1");
        REQUIRE_MESSAGE(back.exit_code == 0, back.output);
        CHECK(back.output.find(R"("id":1,"name":"ada","amount":1.5,"qty":7,"note":"x")") !=
              std::string::npos);
        CHECK(back.output.find(R"("id":2,"name":"bob","amount":-2.25,"qty":null,"note":null)") !=
              std::string::npos);
    }
}
