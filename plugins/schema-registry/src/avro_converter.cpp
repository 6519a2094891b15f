#include "avro_converter.hpp"

namespace kc_schema_registry {

kc::ConfigDef AvroConverterImpl::configDef() {
    kc::ConfigDef d = common_config_def();
    d.define("connect.meta.data", kc::ConfigType::Boolean, true, kc::Importance::Low,
             "Toggle for enabling/disabling connect converter to add its meta data to the "
             "output schema or not");
    d.define("enhanced.avro.schema.support", kc::ConfigType::Boolean, false, kc::Importance::Low,
             "Toggle for enabling/disabling enhanced avro schema support: Enum symbol "
             "preservation and Package Name awareness");
    return d;
}

void AvroConverterImpl::configure(const kc::ConfigMap& configs, bool is_key) {
    const kc::Config c = configure_common(configDef(), configs, is_key);
    data_.connect_meta_data = c.getBoolean("connect.meta.data");
    data_.enhanced_avro_schema_support = c.getBoolean("enhanced.avro.schema.support");
}

kc::Bytes AvroConverterImpl::from_connect(std::string_view topic, kc::SchemaView schema,
                                          kc::ValueView value, kc::Arena& arena,
                                          HeaderSink* headers) {
    if (value.is_null()) return std::nullopt;
    require_schema("AvroConverter", topic, schema);
    const auto& entry = writers_.get_or_build(schema.raw(), arena, [&] {
        auto avro = std::make_shared<AvroSchema>(to_avro_schema(schema, data_));
        Writer w{avro, avro->to_json(), {}};
        return std::make_pair(kc::Schema{}, std::move(w));
    });
    const Writer& w = entry.extra;
    start_frame(topic, id_for(w.ids, topic, w.avro->root().full_name, w.text, "AVRO"), headers);
    try {
        avro_encode(out_, w.avro->root(), schema, value);
    } catch (const kc::DataException& e) {
        throw kc::DataException("Failed to serialize Avro data for topic " + std::string(topic) +
                                ": " + e.what());
    }
    finish_frame(headers);
    return out_.view();
}

const AvroConverterImpl::Reader& AvroConverterImpl::reader(SchemaKey id) {
    if (auto it = readers_.find(id); it != readers_.end()) return *it->second;
    const RegisteredSchema& s = fetch(id, "AVRO", "Avro");
    auto r = std::make_unique<Reader>();
    r->avro = AvroSchema::parse(s.schema);
    r->connect = to_connect_schema(r->avro.root(), data_);
    return *readers_.emplace(id, std::move(r)).first->second;
}

kc::SchemaAndValue AvroConverterImpl::to_connect(std::string_view topic, kc::Bytes data,
                                                 kc::Arena& arena,
                                                 std::span<const kc_header> headers) {
    if (!data) return {};
    SchemaKey id = 0;
    const SchemaIdFrame frame = read_id(topic, headers, *data, id);
    const Reader& r = reader(id);
    const std::string_view payload = frame.in_header ? frame.data : frame.rest;
    const char* p = payload.data();
    const char* end = payload.data() + payload.size();
    kc_value v;
    kc::SchemaView connect = r.connect;
    try {
        if (serde_.use_latest_version) {
            const auto& latest = latest_readers_.get(
                topic, id, r.avro.root(),
                [&] {
                    return client_
                        ->latest(subject_name(is_key_ ? serde_.key_strategy : serde_.value_strategy,
                                              topic, is_key_, r.avro.root().full_name))
                        .schema;
                },
                data_);
            v = latest.plan->decode(p, end, arena);
            connect = latest.connect;
        } else {
            v = avro_decode(p, end, r.avro.root(), r.connect, arena);
        }
    } catch (const kc::DataException& e) {
        throw kc::DataException("Failed to deserialize Avro data for topic " + std::string(topic) +
                                " with " + schema_label(id) + ": " + e.what());
    }
    if (p != end)
        throw kc::DataException("Failed to deserialize Avro data for topic " + std::string(topic) +
                                " with " + schema_label(id) + ": " + std::to_string(end - p) +
                                " bytes left after the record");
    return {connect.raw(), v};
}

}  // namespace kc_schema_registry
