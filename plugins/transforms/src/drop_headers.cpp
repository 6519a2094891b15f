#include "drop_headers.hpp"

#include <algorithm>

#include "validators.hpp"

namespace kc_transforms {

kc::ConfigDef DropHeaders::configDef() {
    kc::ConfigDef def;
    def.define("headers", kc::ConfigType::List, kc::NO_DEFAULT, non_empty_list(),
               kc::Importance::High, "The name of the headers to be removed.");
    return def;
}

void DropHeaders::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    headers_ = config.getList("headers");
}

bool DropHeaders::dropped(std::string_view key) const noexcept {
    return std::any_of(headers_.begin(), headers_.end(),
                       [&](const std::string& h) { return h == key; });
}

const kc_record* DropHeaders::apply(kc::RecordView record, kc::Arena& arena) {
    const kc_record& in = *record.raw();
    size_t keep = 0;
    for (size_t i = 0; i < in.header_count; ++i)
        keep += !dropped(kc::sv(in.headers[i].key));
    if (keep == in.header_count) return &in;  // nothing to drop: same record
    auto* headers = arena.alloc<kc_header>(keep);
    size_t n = 0;
    for (size_t i = 0; i < in.header_count; ++i)
        if (!dropped(kc::sv(in.headers[i].key))) headers[n++] = in.headers[i];
    kc_record* out = kc::RecordBuilder(arena, in).get();
    out->headers = headers;
    out->header_count = n;
    return out;
}

}  // namespace kc_transforms
