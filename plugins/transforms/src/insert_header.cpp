#include "insert_header.hpp"

#include <kc/values.hpp>

namespace kc_transforms {

kc::ConfigDef InsertHeader::configDef() {
    kc::ConfigDef def;
    def.define("header", kc::ConfigType::String, kc::NO_DEFAULT, kc::NonNullValidator::create(),
               kc::Importance::High, "The name of the header.");
    def.define("value.literal", kc::ConfigType::String, kc::NO_DEFAULT,
               kc::NonNullValidator::create(), kc::Importance::High,
               "The literal value that is to be set as the header value on all records.");
    return def;
}

void InsertHeader::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    header_ = config.getString("header");
    pool_ = std::make_unique<kc::Pool>();
    kc::values::SchemaAndValue parsed =
        kc::values::parse_string(*pool_, config.getString("value.literal"));
    literal_.key = kc::str_ref(header_);
    literal_.schema = parsed.schema;
    literal_.value = parsed.value;
}

const kc_record* InsertHeader::apply(kc::RecordView record, kc::Arena& arena) {
    const kc_record& in = *record.raw();
    auto* headers = arena.alloc<kc_header>(in.header_count + 1);
    for (size_t i = 0; i < in.header_count; ++i)
        headers[i] = in.headers[i];
    headers[in.header_count] = literal_;
    kc_record* out = kc::RecordBuilder(arena, in).get();
    out->headers = headers;
    out->header_count = in.header_count + 1;
    return out;
}

}  // namespace kc_transforms
