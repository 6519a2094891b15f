// RAII wrappers over plugin instances: create() on construction, destroy() on
// destruction, one method per vtable function. A failed call throws
// PluginError with the plugin's message; an exception escaping the plugin (a
// plugin bug) is caught here and reported the same way.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "host/plugins/host_services.hpp"
#include "host/plugins/plugin_registry.hpp"

namespace kc::host {

// A kc_config over its own copy of the values, for passing configs in. Takes
// any range of (key, value) pairs with unique keys (a std::map, the host's
// config::ConfigMap) and keeps its order.
class ConfigEntries {
  public:
    template <class Entries>
    explicit ConfigEntries(const Entries& values) {
        for (const auto& [k, v] : values)
            values_.emplace_back(k, v);
        build();
    }
    // Also for a braced list: ConfigEntries({}) is an empty config.
    explicit ConfigEntries(const std::map<std::string, std::string>& values)
        : values_(values.begin(), values.end()) {
        build();
    }
    ConfigEntries(const ConfigEntries&) = delete;
    ConfigEntries& operator=(const ConfigEntries&) = delete;
    const kc_config* get() const { return &config_; }

  private:
    void build();

    std::vector<std::pair<std::string, std::string>> values_;
    std::vector<kc_config_entry> entries_;
    kc_config config_{};
};

std::map<std::string, std::string> to_map(const kc_config& config);

namespace detail {

// Common lifecycle of every instance table (KC_INSTANCE_LIFECYCLE).
class InstanceBase {
  public:
    InstanceBase(const InstanceBase&) = delete;
    InstanceBase& operator=(const InstanceBase&) = delete;
    const PluginHandle& handle() const { return handle_; }

  protected:
    InstanceBase(PluginHandle handle, const void* vtable, uint32_t needed_size,
                 InstanceContext* context, const char* what);
    ~InstanceBase();
    // Runs a plugin call, turning a status or an escaped exception into PluginError.
    template <class F>
    void call(const char* what, F&& f) const {
        kc_error err;
        kc_status status = guarded(what, [&] { return f(&err); });
        // The name is built only on failure: converters are called per record.
        if (status != KC_OK)
            check_status(status, err, std::string(handle_.info().class_name) + "." + what);
    }
    template <class F>
    kc_status guarded(const char* what, F&& f) const {
        try {
            return f();
        } catch (...) {
            throw_escaped(what);
        }
    }
    [[noreturn]] void throw_escaped(const char* what) const;

    PluginHandle handle_;
    void* self_ = nullptr;

  private:
    void (*destroy_)(void*) = nullptr;
};

}  // namespace detail

class ConnectorInstance : public detail::InstanceBase {
  public:
    ConnectorInstance(const PluginHandle& handle, InstanceContext* context);
    ~ConnectorInstance();
    bool is_source() const { return handle_.descriptor()->kind == KC_KIND_SOURCE_CONNECTOR; }
    void start(const kc_config& config);
    // Copies of the task configs the connector produced.
    std::vector<std::map<std::string, std::string>> task_configs(int32_t max_tasks);
    void stop();
    // Connector.validate results (arena), empty when the plugin has none.
    std::span<const kc_config_value> validate(const kc_config& config, Arena& arena);
    // True when the connector handled the offsets itself.
    bool alter_offsets(const kc_config& config, std::span<const kc_map_entry> offsets);
    kc_exactly_once_support exactly_once_support(const kc_config& config);
    bool can_define_transaction_boundaries(const kc_config& config);
    const kc_connector_vtable& vtable() const { return *vt_; }

  private:
    const kc_connector_vtable* vt_;
    bool started_ = false;
};

class SourceTaskInstance : public detail::InstanceBase {
  public:
    // From the source connector's handle (its descriptor names the task table).
    SourceTaskInstance(const PluginHandle& connector, InstanceContext* context);
    void start(const kc_config& config);
    std::span<const kc_record* const> poll(Arena& arena);
    void commit();
    void commit_record(const kc_record& record, const kc_record_metadata* metadata);
    // False when the task does not define commitRecord: commit_record() then
    // does nothing, and callers need not look up the record.
    bool wants_commit_record() const noexcept { return vt_->commit_record != nullptr; }
    void stop();

  private:
    const kc_source_task_vtable* vt_;
};

class SinkTaskInstance : public detail::InstanceBase {
  public:
    SinkTaskInstance(const PluginHandle& connector, InstanceContext* context);
    void start(const kc_config& config);
    void open(std::span<const kc_topic_partition> partitions);
    void close(std::span<const kc_topic_partition> partitions);
    void put(std::span<const kc_record* const> records);
    // Offsets safe to commit; `current` itself when the task has no preCommit.
    std::span<const kc_topic_partition_offset> pre_commit(
        std::span<const kc_topic_partition_offset> current, Arena& arena);
    void stop();

  private:
    const kc_sink_task_vtable* vt_;
};

class ConverterInstance : public detail::InstanceBase {
  public:
    ConverterInstance(const PluginHandle& handle, InstanceContext* context);
    void configure(const kc_config& config, bool is_key);
    // ptr NULL in the result means null bytes. A converter flagged
    // KC_FLAG_NULL_TO_NULL is not called for a null value without a schema.
    kc_str from_connect(kc_str topic, std::span<const kc_header> headers, const kc_schema* schema,
                        const kc_value* value, Arena& arena) {
        if (null_to_null_ && !schema && (!value || value->tag == KC_VAL_NULL))
            return kc_str{nullptr, 0};
        return call_from_connect(topic, headers, schema, value, arena);
    }
    std::pair<const kc_schema*, kc_value> to_connect(kc_str topic,
                                                     std::span<const kc_header> headers,
                                                     kc_str data, Arena& arena);

  private:
    kc_str call_from_connect(kc_str topic, std::span<const kc_header> headers,
                             const kc_schema* schema, const kc_value* value, Arena& arena);

    const kc_converter_vtable* vt_;
    bool null_to_null_;
};

class HeaderConverterInstance : public detail::InstanceBase {
  public:
    HeaderConverterInstance(const PluginHandle& handle, InstanceContext* context);
    void configure(const kc_config& config);
    kc_str from_connect(kc_str topic, kc_str header_key, const kc_schema* schema,
                        const kc_value* value, Arena& arena);
    std::pair<const kc_schema*, kc_value> to_connect(kc_str topic, kc_str header_key, kc_str data,
                                                     Arena& arena);

  private:
    const kc_header_converter_vtable* vt_;
};

class TransformInstance : public detail::InstanceBase {
  public:
    TransformInstance(const PluginHandle& handle, InstanceContext* context);
    void configure(const kc_config& config);
    // The input, a new record, or nullptr when the record is dropped.
    const kc_record* apply(const kc_record& record, Arena& arena);

  private:
    const kc_transform_vtable* vt_;
};

class PredicateInstance : public detail::InstanceBase {
  public:
    PredicateInstance(const PluginHandle& handle, InstanceContext* context);
    void configure(const kc_config& config);
    bool test(const kc_record& record);

  private:
    const kc_predicate_vtable* vt_;
};

}  // namespace kc::host
