// kc/detail/export_vtables.hpp - the C instance tables of kc/abi.h, filled
// with trampolines that call a plugin class's C++ virtuals.
//
// Every trampoline is noexcept and runs its body through kc::guard (or
// guard_logged where the ABI has no error channel), so no exception ever
// reaches the host. Arguments the host lends (configs, records, headers) are
// only viewed or copied; results go into the call's arena.
#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include "kc/abi.h"
#include "kc/config.hpp"
#include "kc/config_provider.hpp"
#include "kc/connector.hpp"
#include "kc/converter.hpp"
#include "kc/data.hpp"
#include "kc/error.hpp"
#include "kc/header_converter.hpp"
#include "kc/plugin.hpp"
#include "kc/predicate.hpp"
#include "kc/sink_task.hpp"
#include "kc/source_task.hpp"
#include "kc/transformation.hpp"

namespace kc::detail {

// The services table init() received; the descriptor-level validate() has no
// other way to reach the host. One per library image (hidden symbol).
inline const kc_host* library_host = nullptr;

template <class T>
std::string logger_name() {
    if constexpr (requires { T::info.class_name; })
        return T::info.class_name;
    else
        return demangle(typeid(T).name());
}

// A plugin class's ConfigDef (built once, on first use) and its C form.
class ConfigKeyTable {
  public:
    explicit ConfigKeyTable(const ConfigDef& def) {
        const auto& keys = def.configKeys();
        validator_docs_.reserve(keys.size());  // c_str() pointers must stay put
        dependents_.reserve(keys.size());
        for (const ConfigKey& key : keys) {
            validator_docs_.push_back(key.validator ? key.validator->to_string() : "");
            std::vector<const char*> deps;
            for (const std::string& d : key.dependents)
                deps.push_back(d.c_str());
            deps.push_back(nullptr);
            dependents_.push_back(std::move(deps));
        }
        for (size_t i = 0; i < keys.size(); ++i) {
            const ConfigKey& key = keys[i];
            kc_config_key c{};
            c.struct_size = sizeof(kc_config_key);
            c.type = static_cast<kc_config_type>(key.type);
            c.name = key.name.c_str();
            c.required = !key.hasDefault();
            c.default_value = key.hasDefault() && !key.defaultValue.is_null()
                                  ? key.defaultValue.text().c_str()
                                  : nullptr;
            c.importance = static_cast<kc_importance>(key.importance);
            c.documentation = key.documentation.c_str();
            c.group = key.group.empty() ? nullptr : key.group.c_str();
            c.order_in_group = key.orderInGroup;
            c.width = static_cast<kc_width>(key.width);
            c.display_name = key.displayName.c_str();
            c.dependents = key.dependents.empty() ? nullptr : dependents_[i].data();
            c.validator_doc = key.validator ? validator_docs_[i].c_str() : nullptr;
            c.internal = key.internalConfig;
            keys_.push_back(c);
        }
    }
    const kc_config_key* data() const noexcept { return keys_.empty() ? nullptr : keys_.data(); }
    size_t size() const noexcept { return keys_.size(); }

  private:
    std::vector<std::string> validator_docs_;
    std::vector<std::vector<const char*>> dependents_;
    std::vector<kc_config_key> keys_;
};

template <class T>
struct ConfigDefOf {
    static const ConfigDef& def() {
        static const ConfigDef d = [] {
            if constexpr (requires { T::configDef(); })
                return T::configDef();
            else
                return ConfigDef{};
        }();
        return d;
    }
    static const ConfigKeyTable& keys() {
        static const ConfigKeyTable table(def());
        return table;
    }
};

// ---------------------------------------------------------------------------
// Conversions into the arena
// ---------------------------------------------------------------------------

inline kc_str arena_string(Arena& a, const std::optional<std::string>& s) {
    return s ? a.copy(*s) : kc_str{nullptr, 0};
}

// Bytes for the host: nullopt -> {NULL, 0} (null); empty -> non-NULL, length 0.
inline kc_str arena_bytes(Arena& a, const Bytes& bytes) {
    static constexpr char empty[1] = {0};
    if (!bytes) return kc_str{nullptr, 0};
    if (bytes->empty()) return kc_str{empty, 0};
    return a.copy(*bytes);
}

// Bytes from the host: ptr NULL is null, anything else (empty included) bytes.
inline Bytes host_bytes(kc_str data) {
    return data.ptr != nullptr ? Bytes(std::string_view(data.ptr, data.len)) : std::nullopt;
}

// A converter's output that lies within the input value's own string or bytes
// (StringConverter passing UTF-8 through) is handed back without a copy, as
// the ABI allows; anything else is copied into the arena.
inline kc_str converted_bytes(Arena& a, const Bytes& bytes, const kc_value* value) {
    if (bytes && !bytes->empty() && value &&
        (value->tag == KC_VAL_STRING || value->tag == KC_VAL_BYTES) && value->u.str.ptr) {
        const auto from = reinterpret_cast<uintptr_t>(value->u.str.ptr);
        const auto at = reinterpret_cast<uintptr_t>(bytes->data());
        if (at >= from && at - from <= value->u.str.len &&
            bytes->size() <= value->u.str.len - (at - from))
            return kc_str{bytes->data(), bytes->size()};
    }
    return arena_bytes(a, bytes);
}

inline const kc_config_value* export_config_values(Arena& a,
                                                   const std::vector<ConfigValue>& values) {
    auto* out = a.alloc<kc_config_value>(values.size());
    for (size_t i = 0; i < values.size(); ++i) {
        const ConfigValue& v = values[i];
        kc_config_value& c = out[i];
        c.name = a.copy(v.name);
        const std::optional<std::string> text = convert_to_string(v.value);
        c.has_value = text.has_value();
        c.value = arena_string(a, text);
        c.visible = v.visible;
        auto* recommended = a.alloc<kc_str>(v.recommendedValues.size());
        for (size_t j = 0; j < v.recommendedValues.size(); ++j)
            recommended[j] = arena_string(a, convert_to_string(v.recommendedValues[j]));
        c.recommended_values = recommended;
        c.recommended_count = v.recommendedValues.size();
        auto* errors = a.alloc<kc_str>(v.errorMessages.size());
        for (size_t j = 0; j < v.errorMessages.size(); ++j)
            errors[j] = a.copy(v.errorMessages[j]);
        c.errors = errors;
        c.error_count = v.errorMessages.size();
    }
    return out;
}

inline const kc_config* export_configs(Arena& a, const std::vector<ConfigMap>& configs) {
    auto* out = a.alloc<kc_config>(configs.size());
    for (size_t i = 0; i < configs.size(); ++i) {
        auto* entries = a.alloc<kc_config_entry>(configs[i].size());
        size_t j = 0;
        for (const auto& [k, v] : configs[i])
            entries[j++] = kc_config_entry{a.copy(k), a.copy(v)};
        out[i] = kc_config{entries, configs[i].size()};
    }
    return out;
}

inline std::vector<TopicPartition> to_partitions(const kc_topic_partition* tps, size_t count) {
    std::vector<TopicPartition> out;
    out.reserve(count);
    for (size_t i = 0; i < count; ++i)
        out.push_back({std::string(sv(tps[i].topic)), tps[i].partition});
    return out;
}

// ---------------------------------------------------------------------------
// Lifecycle shared by every table
// ---------------------------------------------------------------------------

template <class T>
kc_status create(const kc_host* host, kc_context* ctx, void** self, kc_error* err) noexcept {
    return guard(host, err, [&] {
        auto instance = std::make_unique<T>();
        PluginAccess::bind(*instance, host, ctx, logger_name<T>());
        *self = instance.release();
    });
}

template <class T>
void destroy(void* self) noexcept {
    delete static_cast<T*>(self);  // destructors are noexcept: nothing can escape
}

// Runs body(instance) under the instance's host error channel.
template <class T, class Body>
kc_status call(void* self, kc_error* err, Body&& body) noexcept {
    T& t = *static_cast<T*>(self);
    return guard(t.host(), err, [&] { body(t); });
}

template <class T>
void call_stop(void* self) noexcept {
    T& t = *static_cast<T*>(self);
    guard_logged(t.host(), t.hostContext(), t.log().name(), [&] { t.stop(); });
}

// Records a host built against an older kc/abi.h lends end before the fields
// added since. Plugin code gets them completed (kc/abi_fields.hpp) so it can
// read every field, and copy a record, as this SDK declares it; records from a
// host as new as the SDK or newer pass through after one comparison each.
class CompleteRecord {
  public:
    explicit CompleteRecord(const kc_record* r) noexcept : r_(r) {
        if (r_ && !is_complete(*r_)) {
            complete_into(copy_, *r_);
            r_ = &copy_;
        }
    }
    CompleteRecord(const CompleteRecord&) = delete;
    CompleteRecord& operator=(const CompleteRecord&) = delete;
    const kc_record* get() const noexcept { return r_; }

  private:
    const kc_record* r_;
    kc_record copy_;
};

// A sink batch as complete records: the host's own array when every record
// is complete, else completed copies.
class CompleteBatch {
  public:
    CompleteBatch(const kc_record* const* records, size_t count) : records_(records, count) {
        if (std::all_of(records_.begin(), records_.end(),
                        [](const kc_record* r) { return is_complete(*r); }))
            return;
        copies_.reserve(count);
        pointers_.reserve(count);
        for (const kc_record* r : records_) {
            copies_.push_back(complete_copy(*r));
            pointers_.push_back(&copies_.back());
        }
        records_ = pointers_;
    }
    std::span<const kc_record* const> get() const noexcept { return records_; }

  private:
    std::span<const kc_record* const> records_;
    std::vector<kc_record> copies_;
    std::vector<const kc_record*> pointers_;
};

// ---------------------------------------------------------------------------
// Tables per kind
// ---------------------------------------------------------------------------

template <class T>
struct SourceTaskTable {
    static kc_status start(void* self, const kc_config* config, kc_error* err) noexcept {
        return call<T>(self, err, [&](T& t) { t.start(to_config_map(config)); });
    }
    static kc_status poll(void* self, kc_arena* arena, const kc_record* const** out, size_t* count,
                          kc_error* err) noexcept {
        *out = nullptr;
        *count = 0;
        return call<T>(self, err, [&](T& t) {
            std::vector<const kc_record*>& batch = SourceTaskAccess::batch(t);
            batch.clear();
            SourceRecords records(Arena(t.host(), arena), batch);
            t.poll(records);
            if (batch.empty()) return;
            auto* array = records.arena().template alloc<const kc_record*>(batch.size());
            std::copy(batch.begin(), batch.end(), array);
            *out = array;
            *count = batch.size();
        });
    }
    static kc_status commit(void* self, kc_error* err) noexcept {
        return call<T>(self, err, [&](T& t) { t.commit(); });
    }
    static kc_status commit_record(void* self, const kc_record* record,
                                   const kc_record_metadata* md, kc_error* err) noexcept {
        return call<T>(self, err, [&](T& t) {
            const CompleteRecord complete(record);
            if (md == nullptr) return t.commitRecord(RecordView(complete.get()), nullptr);
            const int64_t timestamp = abi_field(*md, &kc_record_metadata::timestamp);
            RecordMetadata metadata{
                sv(abi_field(*md, &kc_record_metadata::topic)),
                abi_field(*md, &kc_record_metadata::partition),
                abi_field(*md, &kc_record_metadata::offset),
                timestamp >= 0 ? std::optional<int64_t>(timestamp) : std::nullopt};
            t.commitRecord(RecordView(complete.get()), &metadata);
        });
    }
    // A task that keeps SourceTask's empty commitRecord() exports none (the ABI
    // allows NULL), sparing the host a call per acknowledged record.
    static constexpr bool kInheritsCommitRecord = requires {
        requires std::is_same_v<decltype(&T::commitRecord),
                                void (SourceTask::*)(RecordView, const RecordMetadata*)>;
    };
    static constexpr kc_source_task_vtable table{sizeof(kc_source_task_vtable),
                                                 &create<T>,
                                                 &destroy<T>,
                                                 &start,
                                                 &poll,
                                                 &commit,
                                                 kInheritsCommitRecord ? nullptr : &commit_record,
                                                 &call_stop<T>};
};

template <class T>
struct SinkTaskTable {
    static kc_status start(void* self, const kc_config* config, kc_error* err) noexcept {
        return call<T>(self, err, [&](T& t) { t.start(to_config_map(config)); });
    }
    static kc_status open(void* self, const kc_topic_partition* tps, size_t count,
                          kc_error* err) noexcept {
        return call<T>(self, err, [&](T& t) {
            std::vector<TopicPartition> partitions = to_partitions(tps, count);
            auto& assignment = SinkTaskAccess::assignment(t);
            for (const auto& tp : partitions)
                if (std::find(assignment.begin(), assignment.end(), tp) == assignment.end())
                    assignment.push_back(tp);
            t.open(partitions);
        });
    }
    static kc_status close(void* self, const kc_topic_partition* tps, size_t count,
                           kc_error* err) noexcept {
        return call<T>(self, err, [&](T& t) {
            std::vector<TopicPartition> partitions = to_partitions(tps, count);
            t.close(partitions);
            std::erase_if(SinkTaskAccess::assignment(t), [&](const TopicPartition& tp) {
                return std::find(partitions.begin(), partitions.end(), tp) != partitions.end();
            });
        });
    }
    static kc_status put(void* self, const kc_record* const* records, size_t count,
                         kc_error* err) noexcept {
        return call<T>(self, err, [&](T& t) { t.put(CompleteBatch(records, count).get()); });
    }
    static kc_status pre_commit(void* self, const kc_topic_partition_offset* current, size_t count,
                                kc_arena* arena, const kc_topic_partition_offset** out,
                                size_t* out_count, kc_error* err) noexcept {
        *out = nullptr;
        *out_count = 0;
        return call<T>(self, err, [&](T& t) {
            TopicPartitionOffsets offsets;
            for (size_t i = 0; i < count; ++i)
                offsets[{std::string(sv(current[i].topic)), current[i].partition}] =
                    current[i].offset;
            const TopicPartitionOffsets safe = t.preCommit(offsets);
            Arena a(t.host(), arena);
            auto* array = a.alloc<kc_topic_partition_offset>(safe.size());
            size_t i = 0;
            for (const auto& [tp, offset] : safe)
                array[i++] = {a.copy(tp.topic), tp.partition, offset};
            *out = array;
            *out_count = safe.size();
        });
    }
    static constexpr kc_sink_task_vtable table{sizeof(kc_sink_task_vtable),
                                               &create<T>,
                                               &destroy<T>,
                                               &start,
                                               &open,
                                               &close,
                                               &put,
                                               &pre_commit,
                                               &call_stop<T>};
};

template <class T>
struct ConnectorTable {
    static constexpr bool is_source = std::is_base_of_v<SourceConnector, T>;

    static kc_status start(void* self, const kc_config* config, kc_error* err) noexcept {
        return call<T>(self, err, [&](T& t) { t.start(to_config_map(config)); });
    }
    static kc_status task_configs(void* self, int32_t max_tasks, kc_arena* arena,
                                  const kc_config** out, size_t* out_count,
                                  kc_error* err) noexcept {
        *out = nullptr;
        *out_count = 0;
        return call<T>(self, err, [&](T& t) {
            const std::vector<ConfigMap> configs = t.taskConfigs(max_tasks);
            if (configs.size() > static_cast<size_t>(std::max<int32_t>(max_tasks, 0)))
                throw ConnectException("taskConfigs returned " + std::to_string(configs.size()) +
                                       " configs for at most " + std::to_string(max_tasks) +
                                       " tasks");
            Arena a(t.host(), arena);
            *out = export_configs(a, configs);
            *out_count = configs.size();
        });
    }
    static kc_status stop(void* self, kc_error* err) noexcept {
        return call<T>(self, err, [&](T& t) { t.stop(); });
    }
    static kc_status validate(void* self, const kc_config* config, kc_arena* arena,
                              const kc_config_value** out, size_t* out_count,
                              kc_error* err) noexcept {
        *out = nullptr;
        *out_count = 0;
        return call<T>(self, err, [&](T& t) {
            const std::vector<ConfigValue> results =
                t.validate(to_config_map(config), ConfigDefOf<T>::def());
            Arena a(t.host(), arena);
            *out = export_config_values(a, results);
            *out_count = results.size();
        });
    }
    static kc_status alter_offsets(void* self, const kc_config* config, const kc_map_entry* offsets,
                                   size_t count, bool* handled, kc_error* err) noexcept {
        *handled = false;
        return call<T>(self, err, [&](T& t) {
            if constexpr (is_source) {
                std::vector<std::pair<ValueView, ValueView>> pairs;
                for (size_t i = 0; i < count; ++i)
                    pairs.emplace_back(&offsets[i].key, &offsets[i].value);
                *handled = t.alterOffsets(to_config_map(config), pairs);
            } else {
                // Java's REST shape: {"kafka_topic","kafka_partition"} -> {"kafka_offset"} or null.
                std::vector<std::pair<TopicPartition, std::optional<int64_t>>> pairs;
                for (size_t i = 0; i < count; ++i) {
                    ValueView partition(&offsets[i].key), offset(&offsets[i].value);
                    ValueView topic = partition.map_get("kafka_topic");
                    ValueView number = partition.map_get("kafka_partition");
                    if (topic.tag() != KC_VAL_STRING || !number.is_integral())
                        throw DataException("sink offsets need kafka_topic and kafka_partition");
                    std::optional<int64_t> position;
                    if (!offset.is_null()) {
                        ValueView value = offset.map_get("kafka_offset");
                        if (!value.is_integral())
                            throw DataException("sink offsets need kafka_offset");
                        position = value.as_int();
                    }
                    pairs.push_back(
                        {{std::string(topic.as_string()), static_cast<int32_t>(number.as_int())},
                         position});
                }
                *handled = t.alterOffsets(to_config_map(config), pairs);
            }
        });
    }
    // No error channel in the ABI here: a throwing plugin logs and gets the safe answer.
    static kc_exactly_once_support exactly_once_support(void* self,
                                                        const kc_config* config) noexcept {
        T& t = *static_cast<T*>(self);
        kc_exactly_once_support answer = KC_EOS_UNSUPPORTED;
        guard_logged(t.host(), t.hostContext(), t.log().name(), [&] {
            answer =
                static_cast<kc_exactly_once_support>(t.exactlyOnceSupport(to_config_map(config)));
        });
        return answer;
    }
    static bool can_define_transaction_boundaries(void* self, const kc_config* config) noexcept {
        T& t = *static_cast<T*>(self);
        bool answer = false;
        guard_logged(t.host(), t.hostContext(), t.log().name(),
                     [&] { answer = t.canDefineTransactionBoundaries(to_config_map(config)); });
        return answer;
    }

    static constexpr kc_connector_vtable make() {
        kc_connector_vtable v{};
        v.struct_size = sizeof(kc_connector_vtable);
        v.create = &create<T>;
        v.destroy = &destroy<T>;
        v.start = &start;
        v.task_configs = &task_configs;
        v.stop = &stop;
        v.validate = &validate;
        v.alter_offsets = &alter_offsets;
        if constexpr (is_source) {
            v.exactly_once_support = &exactly_once_support;
            v.can_define_transaction_boundaries = &can_define_transaction_boundaries;
            v.source_task = &SourceTaskTable<typename T::Task>::table;
        } else {
            v.sink_task = &SinkTaskTable<typename T::Task>::table;
        }
        return v;
    }
    static constexpr kc_connector_vtable table = make();
};

template <class T>
struct ConverterTable {
    static kc_status configure(void* self, const kc_config* config, bool is_key,
                               kc_error* err) noexcept {
        return call<T>(self, err, [&](T& t) { t.configure(to_config_map(config), is_key); });
    }
    static kc_status from_connect(void* self, kc_str topic, const kc_header* headers,
                                  size_t header_count, const kc_schema* schema,
                                  const kc_value* value, kc_arena* arena, kc_str* out,
                                  kc_error* err) noexcept {
        *out = kc_str{nullptr, 0};
        return call<T>(self, err, [&](T& t) {
            Arena a(t.host(), arena);
            const Bytes bytes = t.fromConnectData(sv(topic), {headers, header_count},
                                                  SchemaView(schema), ValueView(value), a);
            *out = converted_bytes(a, bytes, value);
        });
    }
    static kc_status to_connect(void* self, kc_str topic, const kc_header* headers,
                                size_t header_count, kc_str data, kc_arena* arena,
                                const kc_schema** out_schema, kc_value* out_value,
                                kc_error* err) noexcept {
        *out_schema = nullptr;
        *out_value = kc_value{};
        return call<T>(self, err, [&](T& t) {
            Arena a(t.host(), arena);
            const SchemaAndValue result =
                t.toConnectData(sv(topic), {headers, header_count}, host_bytes(data), a);
            *out_schema = result.schema;
            *out_value = result.value;
        });
    }
    static constexpr kc_converter_vtable table{sizeof(kc_converter_vtable),
                                               &create<T>,
                                               &destroy<T>,
                                               &configure,
                                               &from_connect,
                                               &to_connect};
};

template <class T>
struct HeaderConverterTable {
    static kc_status configure(void* self, const kc_config* config, kc_error* err) noexcept {
        return call<T>(self, err, [&](T& t) { t.configure(to_config_map(config)); });
    }
    static kc_status from_connect(void* self, kc_str topic, kc_str header_key,
                                  const kc_schema* schema, const kc_value* value, kc_arena* arena,
                                  kc_str* out, kc_error* err) noexcept {
        *out = kc_str{nullptr, 0};
        return call<T>(self, err, [&](T& t) {
            Arena a(t.host(), arena);
            *out = arena_bytes(a, t.fromConnectHeader(sv(topic), sv(header_key), SchemaView(schema),
                                                      ValueView(value), a));
        });
    }
    static kc_status to_connect(void* self, kc_str topic, kc_str header_key, kc_str data,
                                kc_arena* arena, const kc_schema** out_schema, kc_value* out_value,
                                kc_error* err) noexcept {
        *out_schema = nullptr;
        *out_value = kc_value{};
        return call<T>(self, err, [&](T& t) {
            Arena a(t.host(), arena);
            const SchemaAndValue result =
                t.toConnectHeader(sv(topic), sv(header_key), host_bytes(data), a);
            *out_schema = result.schema;
            *out_value = result.value;
        });
    }
    static constexpr kc_header_converter_vtable table{sizeof(kc_header_converter_vtable),
                                                      &create<T>,
                                                      &destroy<T>,
                                                      &configure,
                                                      &from_connect,
                                                      &to_connect};
};

template <class T>
struct TransformTable {
    static kc_status configure(void* self, const kc_config* config, kc_error* err) noexcept {
        return call<T>(self, err, [&](T& t) { t.configure(to_config_map(config)); });
    }
    static kc_status apply(void* self, const kc_record* in, kc_arena* arena, const kc_record** out,
                           kc_error* err) noexcept {
        *out = nullptr;
        return call<T>(self, err, [&](T& t) {
            Arena a(t.host(), arena);
            // The completed copy lives in the arena: a new record may share
            // the input's parts for the whole batch.
            const kc_record* record = in;
            if (!is_complete(*in)) {
                kc_record* copy = a.alloc<kc_record>();
                complete_into(*copy, *in);
                record = copy;
            }
            const kc_record* result = t.apply(RecordView(record), a);
            *out = result == record ? in : result;  // unchanged: the host's own record
        });
    }
    static constexpr kc_transform_vtable table{sizeof(kc_transform_vtable), &create<T>, &destroy<T>,
                                               &configure, &apply};
};

template <class T>
struct PredicateTable {
    static kc_status configure(void* self, const kc_config* config, kc_error* err) noexcept {
        return call<T>(self, err, [&](T& t) { t.configure(to_config_map(config)); });
    }
    static kc_status test(void* self, const kc_record* record, bool* result,
                          kc_error* err) noexcept {
        *result = false;
        return call<T>(self, err, [&](T& t) {
            const CompleteRecord complete(record);
            *result = t.test(RecordView(complete.get()));
        });
    }
    static constexpr kc_predicate_vtable table{sizeof(kc_predicate_vtable), &create<T>, &destroy<T>,
                                               &configure, &test};
};

template <class T>
struct ConfigProviderTable {
    static kc_status configure(void* self, const kc_config* config, kc_error* err) noexcept {
        return call<T>(self, err, [&](T& t) { t.configure(to_config_map(config)); });
    }
    static kc_status get(void* self, kc_str path, const kc_str* keys, size_t key_count,
                         kc_arena* arena, const kc_config_entry** out, size_t* out_count,
                         int64_t* ttl_ms, kc_error* err) noexcept {
        *out = nullptr;
        *out_count = 0;
        *ttl_ms = -1;
        return call<T>(self, err, [&](T& t) {
            const std::string where(sv(path));
            ConfigData result;
            if (keys == nullptr) {
                result = t.get(where);
            } else {
                std::set<std::string> wanted;
                for (size_t i = 0; i < key_count; ++i)
                    wanted.emplace(sv(keys[i]));
                // Through the base: an override of get(path) alone hides this overload in T.
                result = static_cast<ConfigProvider&>(t).get(where, wanted);
            }
            Arena a(t.host(), arena);
            auto* entries = a.alloc<kc_config_entry>(result.data.size());
            size_t i = 0;
            for (const auto& [k, v] : result.data)
                entries[i++] = kc_config_entry{a.copy(k), a.copy(v)};
            *out = entries;
            *out_count = result.data.size();
            *ttl_ms = result.ttlMs.value_or(-1);
        });
    }
    static constexpr kc_config_provider_vtable table{sizeof(kc_config_provider_vtable), &create<T>,
                                                     &destroy<T>, &configure, &get};
};

}  // namespace kc::detail
