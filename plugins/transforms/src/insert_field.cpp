#include "insert_field.hpp"

#include <kc/logical.hpp>

#include "validators.hpp"

namespace kc_transforms {

namespace {
constexpr std::string_view kPurpose = "field insertion";
constexpr const char* kOptionality =
    "Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it "
    "optional (the default).";

// A source record has no Kafka offset; Java's requireSinkRecord rejects it.
void require_sink_record(const kc_record& r) {
    if (r.kafka_offset < 0)
        throw kc::DataException(
            "Only SinkRecord supported for [field insertion], found: "
            "org.apache.kafka.connect.source.SourceRecord");
}
}  // namespace

kc::ConfigDef InsertFieldImpl::configDef() {
    kc::ConfigDef def;
    auto opt = [&](const char* name, std::string doc) {
        def.define(name, kc::ConfigType::String, nullptr, kc::Importance::Medium, std::move(doc));
    };
    opt("topic.field", std::string("Field name for Kafka topic. ") + kOptionality);
    opt("partition.field", std::string("Field name for Kafka partition. ") + kOptionality);
    opt("offset.field",
        std::string("Field name for Kafka offset - only applicable to sink connectors.<br/>") +
            kOptionality);
    opt("timestamp.field", std::string("Field name for record timestamp. ") + kOptionality);
    opt("static.field", std::string("Field name for static data field. ") + kOptionality);
    opt("static.value", "Static field value, if field name configured.");
    return define_replace_null_with_default(def);
}

std::optional<InsertFieldImpl::Spec> InsertFieldImpl::parse_spec(const kc::Config& config,
                                                                 const std::string& key) {
    if (config.isNull(key)) return std::nullopt;
    const std::string& s = config.getString(key);
    if (!s.empty() && (s.back() == '?' || s.back() == '!'))
        return Spec{s.substr(0, s.size() - 1), s.back() == '?'};
    return Spec{s, true};
}

void InsertFieldImpl::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    topic_ = parse_spec(config, "topic.field");
    partition_ = parse_spec(config, "partition.field");
    offset_ = parse_spec(config, "offset.field");
    timestamp_ = parse_spec(config, "timestamp.field");
    static_ = parse_spec(config, "static.field");
    bool has_static_value = !config.isNull("static.value");
    static_value_ = has_static_value ? config.getString("static.value") : std::string();
    replace_null_with_default_ = config.getBoolean("replace.null.with.default");
    if (!topic_ && !partition_ && !offset_ && !timestamp_ && !static_)
        throw kc::ConfigException("No field insertion configured");
    if (static_ && !has_static_value)
        throw kc::ConfigException("static.value", "null",
                                  "No value specified for static field: " + static_->name);
}

kc::Schema InsertFieldImpl::updated_schema(const kc_schema* schema) const {
    kc::SchemaView in(schema);
    kc::SchemaBuilder b = kc::SchemaBuilder::struct_();
    copy_basics(in, b);
    for (size_t i = 0; i < in.field_count(); ++i)
        b.field(in.field(i).name, own(in.field(i).schema));
    if (topic_) b.field(topic_->name, kc::schemas::primitive(kc::Type::String, topic_->optional));
    if (partition_)
        b.field(partition_->name, kc::schemas::primitive(kc::Type::Int32, partition_->optional));
    if (offset_) b.field(offset_->name, kc::schemas::primitive(kc::Type::Int64, offset_->optional));
    if (timestamp_)
        b.field(timestamp_->name, timestamp_->optional ? kc::logical::optional_timestamp_schema()
                                                       : kc::logical::timestamp_schema());
    if (static_)
        b.field(static_->name, kc::schemas::primitive(kc::Type::String, static_->optional));
    return b.build();
}

template <class Put>
void InsertFieldImpl::insert_all(const kc_record& in, Put&& put) const {
    if (topic_) put(*topic_, kc::make_string_ref(kc::sv(in.topic)), true);
    if (partition_) put(*partition_, kc::make_int32(in.partition), in.partition >= 0);
    if (offset_) {
        require_sink_record(in);
        put(*offset_, kc::make_int64(in.kafka_offset), true);
    }
    if (timestamp_) put(*timestamp_, kc::make_int64(in.timestamp), in.timestamp >= 0);
    if (static_) put(*static_, kc::make_string_ref(static_value_), true);
}

const kc_record* InsertFieldImpl::apply(kc::RecordView record, kc::Arena& arena) {
    const kc_record& in = *record.raw();
    const kc_value& value = operating_value(in, side_);
    if (is_null(value)) return &in;
    const kc_schema* schema = operating_schema(in, side_);
    if (!schema) {
        require_map(value, kPurpose);
        MapBuilder map(arena, value.u.map.count + 5);
        map.put_all(value);
        insert_all(in, [&](const Spec& s, const kc_value& v, bool present) {
            if (present) map.put(s.name, v);
        });
        map.order_as_java_hash_map(kc::java_hash_map_copy_table(value.u.map.count));
        return with_operand(arena, in, side_, nullptr, map.build());
    }
    require_struct(value, kPurpose);
    const kc_schema* vs = value.u.strct.schema;
    const kc_schema* updated =
        cache_.get_or_build(vs, arena,
                            [&] {
                                return std::pair{updated_schema(vs), NoExtra{}};
                            })
            .schema.raw();
    kc_value* fields = kc::alloc_values(arena, updated->field_count);
    size_t n = vs->field_count;
    for (size_t i = 0; i < n; ++i)
        fields[i] = struct_field(value, i, replace_null_with_default_);
    insert_all(in, [&](const Spec&, const kc_value& v, bool present) {
        if (present) fields[n] = v;  // absent stays null, as an unset Java Struct field
        ++n;
    });
    return with_operand(arena, in, side_, updated, make_struct_value(updated, fields));
}

}  // namespace kc_transforms
