#include "timestamp_router.hpp"

#include <cstring>
#include <stdexcept>

namespace kc_transforms {

kc::ConfigDef TimestampRouter::configDef() {
    kc::ConfigDef def;
    def.define("topic.format", kc::ConfigType::String, "${topic}-${timestamp}",
               kc::Importance::High,
               "Format string which can contain <code>${topic}</code> and "
               "<code>${timestamp}</code> as placeholders for the topic and timestamp, "
               "respectively.");
    def.define("timestamp.format", kc::ConfigType::String, "yyyyMMdd", kc::Importance::High,
               "Format string for the timestamp that is compatible with "
               "<code>java.text.SimpleDateFormat</code>.");
    return def;
}

void TimestampRouter::configure(const kc::ConfigMap& configs) {
    static const kc::ConfigDef def = configDef();
    kc::Config config(def, configs);
    const std::string& pattern = config.getString("timestamp.format");
    try {
        format_.emplace(pattern);
    } catch (const std::invalid_argument& e) {
        // Java fails only when the first record is formatted; failing early is kinder.
        throw kc::ConfigException("timestamp.format", pattern, e.what());
    }
    pieces_.clear();
    std::string_view f = config.getString("topic.format");
    while (!f.empty()) {
        size_t t = f.find("${topic}"), s = f.find("${timestamp}");
        size_t at = std::min(t, s);
        if (at == std::string_view::npos) {
            pieces_.push_back({Part::Literal, std::string(f)});
            break;
        }
        if (at) pieces_.push_back({Part::Literal, std::string(f.substr(0, at))});
        bool topic = at == t;
        pieces_.push_back({topic ? Part::Topic : Part::Timestamp, {}});
        f.remove_prefix(at + (topic ? 8 : 12));
    }
}

const kc_record* TimestampRouter::apply(kc::RecordView record, kc::Arena& arena) {
    const kc_record& in = *record.raw();
    if (in.timestamp < 0)
        throw kc::DataException("Timestamp missing on record: topic=" +
                                std::string(kc::sv(in.topic)));
    std::string_view topic = kc::sv(in.topic);
    size_t len = 0;
    for (const Piece& p : pieces_)
        len += p.part == Part::Literal ? p.text.size()
               : p.part == Part::Topic ? topic.size()
                                       : format_->max_length();
    char* buf = arena.alloc<char>(len);
    char* w = buf;
    for (const Piece& p : pieces_) {
        switch (p.part) {
            case Part::Literal:
                std::memcpy(w, p.text.data(), p.text.size());
                w += p.text.size();
                break;
            case Part::Topic:
                if (!topic.empty()) std::memcpy(w, topic.data(), topic.size());
                w += topic.size();
                break;
            case Part::Timestamp:
                w += format_->format(in.timestamp, w);
                break;
        }
    }
    kc_record* out = kc::RecordBuilder(arena, in).get();
    out->topic = kc_str{buf, static_cast<size_t>(w - buf)};
    return out;
}

}  // namespace kc_transforms
