#include "host/plugins/instances.hpp"

#include <spdlog/spdlog.h>

#include <exception>

#include "host/plugins/plugin_kind.hpp"

namespace kc::host {
namespace {

std::string_view view(kc_str s) {
    return s.ptr ? std::string_view(s.ptr, s.len) : "";
}
kc_str str(std::string_view s) {
    return {s.data(), s.size()};
}

const void* connector_task_table(const PluginHandle& connector, bool source) {
    const kc_descriptor* d = connector.descriptor();
    if (d->kind != (source ? KC_KIND_SOURCE_CONNECTOR : KC_KIND_SINK_CONNECTOR))
        throw PluginError(KC_CONFIG, std::string(d->class_name) + " is not a " +
                                         (source ? "source" : "sink") + " connector");
    auto* vt = static_cast<const kc_connector_vtable*>(d->vtable);
    if (!KC_HAS_FIELD(kc_connector_vtable, vt->struct_size, sink_task))
        throw PluginError(KC_FATAL, std::string(d->class_name) + ": connector table too small");
    const void* task = source ? static_cast<const void*>(vt->source_task)
                              : static_cast<const void*>(vt->sink_task);
    if (!task)
        throw PluginError(KC_FATAL, std::string(d->class_name) + " has no " +
                                        (source ? "source" : "sink") + " task table");
    return task;
}

const void* own_table(const PluginHandle& handle, std::initializer_list<kc_plugin_kind> kinds) {
    const kc_descriptor* d = handle.descriptor();
    for (auto k : kinds)
        if (d->kind == k) return d->vtable;
    throw PluginError(KC_CONFIG, std::string(d->class_name) + " is a " +
                                     std::string(kind_name(d->kind)) + " plugin, not a " +
                                     std::string(kind_name(*kinds.begin())));
}

}  // namespace

void ConfigEntries::build() {
    entries_.reserve(values_.size());
    for (const auto& [k, v] : values_)
        entries_.push_back({str(k), str(v)});
    config_ = {entries_.data(), entries_.size()};
}

std::map<std::string, std::string> to_map(const kc_config& config) {
    std::map<std::string, std::string> result;
    for (size_t i = 0; i < config.count; ++i)
        result.insert_or_assign(std::string(view(config.entries[i].key)),
                                std::string(view(config.entries[i].value)));
    return result;
}

namespace detail {

InstanceBase::InstanceBase(PluginHandle handle, const void* vtable, uint32_t needed_size,
                           InstanceContext* context, const char* what)
    : handle_(std::move(handle)) {
    // Every instance table starts with KC_INSTANCE_LIFECYCLE.
    struct Lifecycle {
        KC_INSTANCE_LIFECYCLE;
    };
    auto* lc = static_cast<const Lifecycle*>(vtable);
    const std::string& cls = handle_.info().class_name;
    if (!lc || lc->struct_size < needed_size || !lc->create || !lc->destroy)
        throw PluginError(KC_FATAL, cls + ": its " + what + " table is missing or too small");
    call("create",
         [&](kc_error* err) { return lc->create(host_services(), context, &self_, err); });
    destroy_ = lc->destroy;
}

InstanceBase::~InstanceBase() {
    if (!destroy_) return;
    try {
        destroy_(self_);
    } catch (...) {
        spdlog::error("{}: destroy() let a C++ exception escape across the C ABI",
                      handle_.info().class_name);
    }
}

void InstanceBase::throw_escaped(const char* what) const {
    std::string cls = handle_.info().class_name;
    try {
        throw;
    } catch (const PluginError&) {
        throw;
    } catch (const std::exception& e) {
        throw PluginError(KC_FATAL,
                          cls + "." + what +
                              ": a C++ exception escaped the plugin across the C ABI: " + e.what());
    } catch (...) {
        throw PluginError(
            KC_FATAL, cls + "." + what +
                          ": a C++ exception of unknown type escaped the plugin across the C ABI");
    }
}

}  // namespace detail

#define KC_TABLE_SIZE(type, last) static_cast<uint32_t>(offsetof(type, last) + sizeof(type::last))

ConnectorInstance::ConnectorInstance(const PluginHandle& handle, InstanceContext* context)
    : InstanceBase(handle, own_table(handle, {KC_KIND_SOURCE_CONNECTOR, KC_KIND_SINK_CONNECTOR}),
                   KC_TABLE_SIZE(kc_connector_vtable, sink_task), context, "connector"),
      vt_(static_cast<const kc_connector_vtable*>(handle.descriptor()->vtable)) {}

ConnectorInstance::~ConnectorInstance() {
    if (!started_) return;
    try {
        stop();
    } catch (const PluginError& e) {
        spdlog::warn("{}: stop() failed while destroying the connector: {}",
                     handle_.info().class_name, e.what());
    }
}

void ConnectorInstance::start(const kc_config& config) {
    call("start", [&](kc_error* err) { return vt_->start(self_, &config, err); });
    started_ = true;
}

std::vector<std::map<std::string, std::string>> ConnectorInstance::task_configs(int32_t max_tasks) {
    Arena arena;
    const kc_config* out = nullptr;
    size_t count = 0;
    call("taskConfigs", [&](kc_error* err) {
        return vt_->task_configs(self_, max_tasks, &arena, &out, &count, err);
    });
    std::vector<std::map<std::string, std::string>> result;
    for (size_t i = 0; i < count; ++i)
        result.push_back(to_map(out[i]));
    return result;
}

void ConnectorInstance::stop() {
    started_ = false;
    call("stop", [&](kc_error* err) { return vt_->stop(self_, err); });
}

std::span<const kc_config_value> ConnectorInstance::validate(const kc_config& config,
                                                             Arena& arena) {
    if (!vt_->validate) return {};
    const kc_config_value* out = nullptr;
    size_t count = 0;
    call("validate",
         [&](kc_error* err) { return vt_->validate(self_, &config, &arena, &out, &count, err); });
    return {out, out ? count : 0};
}

bool ConnectorInstance::alter_offsets(const kc_config& config,
                                      std::span<const kc_map_entry> offsets) {
    if (!vt_->alter_offsets) return false;
    bool handled = false;
    call("alterOffsets", [&](kc_error* err) {
        return vt_->alter_offsets(self_, &config, offsets.empty() ? nullptr : offsets.data(),
                                  offsets.size(), &handled, err);
    });
    return handled;
}

kc_exactly_once_support ConnectorInstance::exactly_once_support(const kc_config& config) {
    if (!vt_->exactly_once_support) return KC_EOS_UNSUPPORTED;
    kc_exactly_once_support result = KC_EOS_UNSUPPORTED;
    guarded("exactlyOnceSupport", [&] {
        result = vt_->exactly_once_support(self_, &config);
        return KC_OK;
    });
    return result;
}

bool ConnectorInstance::can_define_transaction_boundaries(const kc_config& config) {
    if (!vt_->can_define_transaction_boundaries) return false;
    bool result = false;
    guarded("canDefineTransactionBoundaries", [&] {
        result = vt_->can_define_transaction_boundaries(self_, &config);
        return KC_OK;
    });
    return result;
}

SourceTaskInstance::SourceTaskInstance(const PluginHandle& connector, InstanceContext* context)
    : InstanceBase(connector, connector_task_table(connector, true),
                   KC_TABLE_SIZE(kc_source_task_vtable, stop), context, "source task"),
      vt_(static_cast<const kc_source_task_vtable*>(connector_task_table(connector, true))) {}

void SourceTaskInstance::start(const kc_config& config) {
    call("start", [&](kc_error* err) { return vt_->start(self_, &config, err); });
}

std::span<const kc_record* const> SourceTaskInstance::poll(Arena& arena) {
    const kc_record* const* out = nullptr;
    size_t count = 0;
    call("poll", [&](kc_error* err) { return vt_->poll(self_, &arena, &out, &count, err); });
    return {out, out ? count : 0};
}

void SourceTaskInstance::commit() {
    call("commit", [&](kc_error* err) { return vt_->commit(self_, err); });
}

void SourceTaskInstance::commit_record(const kc_record& record,
                                       const kc_record_metadata* metadata) {
    if (!vt_->commit_record) return;
    call("commitRecord",
         [&](kc_error* err) { return vt_->commit_record(self_, &record, metadata, err); });
}

void SourceTaskInstance::stop() {
    guarded("stop", [&] {
        vt_->stop(self_);
        return KC_OK;
    });
}

SinkTaskInstance::SinkTaskInstance(const PluginHandle& connector, InstanceContext* context)
    : InstanceBase(connector, connector_task_table(connector, false),
                   KC_TABLE_SIZE(kc_sink_task_vtable, stop), context, "sink task"),
      vt_(static_cast<const kc_sink_task_vtable*>(connector_task_table(connector, false))) {}

void SinkTaskInstance::start(const kc_config& config) {
    call("start", [&](kc_error* err) { return vt_->start(self_, &config, err); });
}

void SinkTaskInstance::open(std::span<const kc_topic_partition> partitions) {
    if (!vt_->open) return;
    call("open", [&](kc_error* err) {
        return vt_->open(self_, partitions.data(), partitions.size(), err);
    });
}

void SinkTaskInstance::close(std::span<const kc_topic_partition> partitions) {
    if (!vt_->close) return;
    call("close", [&](kc_error* err) {
        return vt_->close(self_, partitions.data(), partitions.size(), err);
    });
}

void SinkTaskInstance::put(std::span<const kc_record* const> records) {
    call("put",
         [&](kc_error* err) { return vt_->put(self_, records.data(), records.size(), err); });
}

std::span<const kc_topic_partition_offset> SinkTaskInstance::pre_commit(
    std::span<const kc_topic_partition_offset> current, Arena& arena) {
    if (!vt_->pre_commit) return current;
    const kc_topic_partition_offset* out = nullptr;
    size_t count = 0;
    call("preCommit", [&](kc_error* err) {
        return vt_->pre_commit(self_, current.data(), current.size(), &arena, &out, &count, err);
    });
    return {out, out ? count : 0};
}

void SinkTaskInstance::stop() {
    guarded("stop", [&] {
        vt_->stop(self_);
        return KC_OK;
    });
}

ConverterInstance::ConverterInstance(const PluginHandle& handle, InstanceContext* context)
    : InstanceBase(handle, own_table(handle, {KC_KIND_CONVERTER}),
                   KC_TABLE_SIZE(kc_converter_vtable, to_connect), context, "converter"),
      vt_(static_cast<const kc_converter_vtable*>(handle.descriptor()->vtable)),
      null_to_null_((handle.descriptor()->flags & KC_FLAG_NULL_TO_NULL) != 0) {}

void ConverterInstance::configure(const kc_config& config, bool is_key) {
    call("configure", [&](kc_error* err) { return vt_->configure(self_, &config, is_key, err); });
}

kc_str ConverterInstance::call_from_connect(kc_str topic, std::span<const kc_header> headers,
                                            const kc_schema* schema, const kc_value* value,
                                            Arena& arena) {
    kc_str out{nullptr, 0};
    call("fromConnectData", [&](kc_error* err) {
        return vt_->from_connect(self_, topic, headers.data(), headers.size(), schema, value,
                                 &arena, &out, err);
    });
    return out;
}

std::pair<const kc_schema*, kc_value> ConverterInstance::to_connect(
    kc_str topic, std::span<const kc_header> headers, kc_str data, Arena& arena) {
    const kc_schema* schema = nullptr;
    kc_value value{};
    call("toConnectData", [&](kc_error* err) {
        return vt_->to_connect(self_, topic, headers.data(), headers.size(), data, &arena, &schema,
                               &value, err);
    });
    return {schema, value};
}

HeaderConverterInstance::HeaderConverterInstance(const PluginHandle& handle,
                                                 InstanceContext* context)
    : InstanceBase(handle, own_table(handle, {KC_KIND_HEADER_CONVERTER}),
                   KC_TABLE_SIZE(kc_header_converter_vtable, to_connect), context,
                   "header converter"),
      vt_(static_cast<const kc_header_converter_vtable*>(handle.descriptor()->vtable)) {}

void HeaderConverterInstance::configure(const kc_config& config) {
    call("configure", [&](kc_error* err) { return vt_->configure(self_, &config, err); });
}

kc_str HeaderConverterInstance::from_connect(kc_str topic, kc_str header_key,
                                             const kc_schema* schema, const kc_value* value,
                                             Arena& arena) {
    kc_str out{nullptr, 0};
    call("fromConnectHeader", [&](kc_error* err) {
        return vt_->from_connect(self_, topic, header_key, schema, value, &arena, &out, err);
    });
    return out;
}

std::pair<const kc_schema*, kc_value> HeaderConverterInstance::to_connect(kc_str topic,
                                                                          kc_str header_key,
                                                                          kc_str data,
                                                                          Arena& arena) {
    const kc_schema* schema = nullptr;
    kc_value value{};
    call("toConnectHeader", [&](kc_error* err) {
        return vt_->to_connect(self_, topic, header_key, data, &arena, &schema, &value, err);
    });
    return {schema, value};
}

TransformInstance::TransformInstance(const PluginHandle& handle, InstanceContext* context)
    : InstanceBase(handle, own_table(handle, {KC_KIND_TRANSFORMATION}),
                   KC_TABLE_SIZE(kc_transform_vtable, apply), context, "transformation"),
      vt_(static_cast<const kc_transform_vtable*>(handle.descriptor()->vtable)) {}

void TransformInstance::configure(const kc_config& config) {
    call("configure", [&](kc_error* err) { return vt_->configure(self_, &config, err); });
}

const kc_record* TransformInstance::apply(const kc_record& record, Arena& arena) {
    const kc_record* out = nullptr;
    call("apply", [&](kc_error* err) { return vt_->apply(self_, &record, &arena, &out, err); });
    return out;
}

PredicateInstance::PredicateInstance(const PluginHandle& handle, InstanceContext* context)
    : InstanceBase(handle, own_table(handle, {KC_KIND_PREDICATE}),
                   KC_TABLE_SIZE(kc_predicate_vtable, test), context, "predicate"),
      vt_(static_cast<const kc_predicate_vtable*>(handle.descriptor()->vtable)) {}

void PredicateInstance::configure(const kc_config& config) {
    call("configure", [&](kc_error* err) { return vt_->configure(self_, &config, err); });
}

bool PredicateInstance::test(const kc_record& record) {
    bool result = false;
    call("test", [&](kc_error* err) { return vt_->test(self_, &record, &result, err); });
    return result;
}

}  // namespace kc::host
