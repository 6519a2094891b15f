/*
 * kc/abi.h - the C ABI between the Kafka Connect native host and its plugins.
 *
 * This header is the whole contract. It is plain C99, depends only on the
 * standard headers below, and is compiled by plugin authors with compilers and
 * library versions the host never sees. Rules that hold for every declaration:
 *
 *  - VERSIONING. The ABI has a major and a minor number. A host refuses a
 *    library whose major differs from its own. Structs that can grow start with
 *    `struct_size` (sizeof as the producer compiled it); the reader checks
 *    `struct_size` before touching a field appended later (KC_HAS_FIELD; the
 *    C++ SDK reads and copies such structs through kc/abi_fields.hpp).
 *    Released fields are never reordered, retyped or removed. Plain data
 *    arrays (kc_value, kc_field, kc_header, kc_config_entry, ...) have a fixed
 *    layout for the whole major version.
 *
 *  - ERRORS. Every call that can fail returns kc_status. On failure the callee
 *    describes the problem through host->error_set(err, ...) (the host copies
 *    the text at once, so no string changes owner). No C++ exception, and no
 *    C++ type, ever crosses this boundary.
 *
 *  - OWNERSHIP. Each pointer is one of:
 *      borrowed: valid only for the duration of the call; copy to keep. Every
 *                pointer or kc_str passed INTO a function is borrowed unless
 *                its comment says otherwise; `const char*` parameters are
 *                NUL-terminated, kc_str ones are not.
 *      arena:    allocated with host->arena_alloc() from the kc_arena passed
 *                into the call; the host frees the whole arena in bulk when the
 *                batch the data belongs to is done. Nobody frees it singly.
 *      plugin-owned: lives as long as the plugin says (the descriptor tables
 *                until deinit(); an instance's cached schemas until destroy()).
 *    A side never frees memory the other side allocated: plugins may live in
 *    their own linker namespace with their own heap.
 *
 *  - THREADS. Every function pointer carries one tag:
 *      [any-thread]       may be called from any thread, concurrently with
 *                         any other call (the callee synchronises itself).
 *      [instance-thread]  called on the instance by one thread at a time,
 *                         never concurrently with another call on it except
 *                         the [any-thread] stop(). The host may hand an
 *                         instance from one thread to another between calls
 *                         (create on one, start on the next), always with a
 *                         happens-before edge, so the plugin needs no lock for
 *                         that but must not keep per-instance state in
 *                         thread-locals across calls.
 *      [instance-thread|stop]  as [instance-thread], and may run while stop()
 *                         is called from another thread (poll should return).
 *      [fresh-instance]   called on an instance created for this one request
 *                         (validation, offsets through the REST API), never
 *                         started; one call at a time, on the requesting
 *                         thread, then destroy().
 *      [serialised]       one instance shared by the worker; the host makes
 *                         the calls one at a time, from whichever thread needs
 *                         it (config providers).
 *      [load-thread]      the library's entry functions: one thread, before
 *                         any other call into the library.
 *    KC_FLAG_THREAD_SAFE (see the descriptor) does not relax any of these.
 */
#ifndef KC_ABI_H
#define KC_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KC_ABI_MAJOR 1
#define KC_ABI_MINOR 1

/* Name of the one symbol a plugin library exports (a const kc_plugin_entry). */
#define KC_PLUGIN_ENTRY_SYMBOL "kc_plugin_entry"
/* ELF section holding the library's JSON manifest, readable without loading. */
#define KC_MANIFEST_SECTION ".kc_manifest"
/* Suffix of a sidecar manifest written beside a library: <lib>.so.kc-manifest.json */
#define KC_SIDECAR_SUFFIX ".kc-manifest.json"

/* True when a struct of reported size `size` contains member `field`. */
#define KC_HAS_FIELD(type, size, field) \
    ((size) >= offsetof(type, field) + sizeof(((type*)0)->field))

/* ------------------------------------------------------------------------ */
/* Status and errors                                                        */
/* ------------------------------------------------------------------------ */

typedef enum kc_status {
    KC_OK = 0,
    KC_RETRIABLE = 1,   /* transient: the caller may retry (Java RetriableException) */
    KC_CONFIG = 2,      /* invalid configuration (Java ConfigException) */
    KC_DATA = 3,        /* a record or value is malformed (Java DataException) */
    KC_FATAL = 4,       /* anything else; the instance should be considered failed */
    KC_UNSUPPORTED = 5, /* the operation is not implemented by this plugin */
    KC_NOMEM = 6        /* an allocation failed */
} kc_status;

/* Host-owned error sink handed into every fallible call. Opaque to plugins. */
typedef struct kc_error kc_error;

/* Log levels, matching the host logger's. */
typedef enum kc_log_level {
    KC_LOG_TRACE = 0,
    KC_LOG_DEBUG = 1,
    KC_LOG_INFO = 2,
    KC_LOG_WARN = 3,
    KC_LOG_ERROR = 4
} kc_log_level;

/* ------------------------------------------------------------------------ */
/* Strings, arenas, contexts                                                */
/* ------------------------------------------------------------------------ */

/* UTF-8 text (or raw bytes for KC_TYPE_BYTES) as pointer + length; not
 * NUL-terminated. ptr may be NULL only when len is 0. */
typedef struct kc_str {
    const char* ptr;
    size_t len;
} kc_str;

/* Host-owned bulk allocator. Opaque to plugins. */
typedef struct kc_arena kc_arena;

/* Host-owned handle identifying one plugin instance (its connector or task,
 * its logger context). Passed to create() and back into host services. */
typedef struct kc_context kc_context;

/* ------------------------------------------------------------------------ */
/* Schemas and values                                                       */
/* ------------------------------------------------------------------------ */

typedef enum kc_type {
    KC_TYPE_INT8 = 0,
    KC_TYPE_INT16 = 1,
    KC_TYPE_INT32 = 2,
    KC_TYPE_INT64 = 3,
    KC_TYPE_FLOAT32 = 4,
    KC_TYPE_FLOAT64 = 5,
    KC_TYPE_BOOLEAN = 6,
    KC_TYPE_STRING = 7,
    KC_TYPE_BYTES = 8,
    KC_TYPE_ARRAY = 9,
    KC_TYPE_MAP = 10,
    KC_TYPE_STRUCT = 11
} kc_type;

typedef struct kc_schema kc_schema;
typedef struct kc_value kc_value;

/* One field of a struct schema. */
typedef struct kc_field {
    kc_str name;
    uint32_t index; /* position in kc_schema.fields and in a struct value */
    const kc_schema* schema;
} kc_field;

/* One schema parameter (e.g. Decimal's "scale"). */
typedef struct kc_param {
    kc_str key;
    kc_str value;
} kc_param;

/* An immutable schema tree. Identity matters: whoever derives something from a
 * schema (a converter's JSON, a transform's output schema) caches it keyed by
 * the kc_schema pointer. OWNERSHIP: arena or plugin-owned (see file header);
 * a schema referenced by a record stays valid until that record's batch is
 * released. */
struct kc_schema {
    uint32_t struct_size;
    kc_type type;
    bool optional;
    bool has_version;
    int32_t version;
    kc_str name; /* logical name, e.g. org.apache.kafka.connect.data.Decimal; len 0 = none */
    kc_str doc;
    const kc_value* default_value; /* NULL = no default */
    const kc_param* params;
    size_t param_count;
    const kc_field* fields; /* KC_TYPE_STRUCT */
    size_t field_count;
    const kc_schema* key_schema;   /* KC_TYPE_MAP */
    const kc_schema* value_schema; /* KC_TYPE_MAP and KC_TYPE_ARRAY (element schema) */
};

typedef enum kc_value_tag {
    KC_VAL_NULL = 0,
    KC_VAL_INT8 = 1,
    KC_VAL_INT16 = 2,
    KC_VAL_INT32 = 3,
    KC_VAL_INT64 = 4,
    KC_VAL_FLOAT32 = 5,
    KC_VAL_FLOAT64 = 6,
    KC_VAL_BOOLEAN = 7,
    KC_VAL_STRING = 8,
    KC_VAL_BYTES = 9,
    KC_VAL_ARRAY = 10,
    KC_VAL_MAP = 11,
    KC_VAL_STRUCT = 12
} kc_value_tag;

typedef struct kc_map_entry kc_map_entry;

/* A tagged value. Schemaless data uses the same model with no schema. Integral
 * tags keep their value in u.i, floating tags in u.f (float32 is stored
 * widened). OWNERSHIP: children are arena or plugin-owned like the root. */
struct kc_value {
    uint32_t tag; /* kc_value_tag */
    uint32_t reserved;
    union {
        int64_t i;
        double f;
        bool b;
        kc_str str; /* KC_VAL_STRING (UTF-8) and KC_VAL_BYTES */
        struct {
            const kc_value* items;
            size_t count;
        } array;
        struct {
            const kc_map_entry* entries;
            size_t count;
        } map;
        struct {
            const kc_schema* schema; /* never NULL: a struct always has a schema */
            const kc_value* fields;  /* schema->field_count values in field order */
        } strct;
    } u;
};

struct kc_map_entry {
    kc_value key;
    kc_value value;
};

/* ------------------------------------------------------------------------ */
/* Records                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct kc_header {
    kc_str key;
    const kc_schema* schema; /* NULL = schemaless */
    kc_value value;
} kc_header;

typedef enum kc_timestamp_type {
    KC_TS_NONE = 0,
    KC_TS_CREATE_TIME = 1,
    KC_TS_LOG_APPEND_TIME = 2
} kc_timestamp_type;

/* A source or sink record. Transforms that change a record allocate a new
 * kc_record in the arena (copying the fields they keep by value: every pointer
 * inside stays valid for the batch), or return the input pointer unchanged. */
typedef struct kc_record {
    uint32_t struct_size;
    int32_t partition; /* -1 = let the producer choose */
    kc_str topic;
    const kc_schema* key_schema; /* NULL = schemaless */
    kc_value key;
    const kc_schema* value_schema;
    kc_value value;
    int64_t timestamp; /* epoch ms, -1 = none */
    const kc_header* headers;
    size_t header_count;
    /* Source records: where in the source system this record came from. Both
     * are schemaless maps of string keys to primitive values, or NULL. */
    const kc_value* source_partition;
    const kc_value* source_offset;
    /* Sink records: Kafka coordinates as consumed (-1 when not applicable). */
    int64_t kafka_offset;
    kc_timestamp_type timestamp_type;
    /* Sink records: topic/partition/offset before any transform changed them. */
    kc_str original_topic;
    int32_t original_partition;
    int64_t original_kafka_offset;
} kc_record;

/* What Kafka acknowledged for a produced source record. */
typedef struct kc_record_metadata {
    uint32_t struct_size;
    int32_t partition;
    kc_str topic;
    int64_t offset;
    int64_t timestamp;
} kc_record_metadata;

typedef struct kc_topic_partition {
    kc_str topic;
    int32_t partition;
} kc_topic_partition;

typedef struct kc_topic_partition_offset {
    kc_str topic;
    int32_t partition;
    int64_t offset; /* next offset to consume */
} kc_topic_partition_offset;

/* ------------------------------------------------------------------------ */
/* Configuration                                                            */
/* ------------------------------------------------------------------------ */

/* One key/value of a config. OWNERSHIP: borrowed when the host passes configs
 * in; arena when a plugin returns them (task configs, provider data). */
typedef struct kc_config_entry {
    kc_str key;
    kc_str value;
} kc_config_entry;

typedef struct kc_config {
    const kc_config_entry* entries;
    size_t count;
} kc_config;

typedef enum kc_config_type {
    KC_CFG_BOOLEAN = 0,
    KC_CFG_STRING = 1,
    KC_CFG_INT = 2,
    KC_CFG_SHORT = 3,
    KC_CFG_LONG = 4,
    KC_CFG_DOUBLE = 5,
    KC_CFG_LIST = 6,
    KC_CFG_CLASS = 7,
    KC_CFG_PASSWORD = 8
} kc_config_type;

typedef enum kc_importance {
    KC_IMPORTANCE_HIGH = 0,
    KC_IMPORTANCE_MEDIUM = 1,
    KC_IMPORTANCE_LOW = 2
} kc_importance;

typedef enum kc_width {
    KC_WIDTH_NONE = 0,
    KC_WIDTH_SHORT = 1,
    KC_WIDTH_MEDIUM = 2,
    KC_WIDTH_LONG = 3
} kc_width;

/* One key of a plugin's config definition (Java ConfigDef.ConfigKey), as
 * data. Validators and recommenders run inside the plugin, through the
 * descriptor's validate() function. OWNERSHIP: plugin-owned until deinit(). */
typedef struct kc_config_key {
    uint32_t struct_size;
    kc_config_type type;
    const char* name;
    const char* default_value; /* NULL = no default: the key is required */
    kc_importance importance;
    const char* documentation;
    const char* group; /* NULL = none */
    int32_t order_in_group;
    kc_width width;
    const char* display_name;
    const char* const* dependents; /* NULL-terminated, may be NULL */
    const char* validator_doc;     /* human text of the validator, e.g. "[1,...]"; may be NULL */
    bool internal;                 /* hidden from documentation */
    /* True when the key has no default and must be set. A key whose default
     * is null has default_value NULL and required false. */
    bool required;
} kc_config_key;

/* Result of validating one key, in the shape of Java's ConfigValue. */
typedef struct kc_config_value {
    kc_str name;
    kc_str value;
    bool has_value;
    bool visible;
    const kc_str* recommended_values;
    size_t recommended_count;
    const kc_str* errors;
    size_t error_count;
} kc_config_value;

/* ------------------------------------------------------------------------ */
/* Host services                                                            */
/* ------------------------------------------------------------------------ */

/* Why a transactional source task asks for a boundary. */
typedef enum kc_txn_request { KC_TXN_COMMIT = 0, KC_TXN_ABORT = 1 } kc_txn_request;

/* One table of C functions the host hands to every plugin. Each is tagged with
 * the threads it may be called from. A service that does not apply to the
 * calling instance (sink context from a source task, ...) returns
 * KC_UNSUPPORTED. The table and host_version are host-owned and stay valid
 * while the library is loaded. */
typedef struct kc_host {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;
    const char* host_version;

    /* Errors: record status and message in err. msg is borrowed (len bytes,
     * no NUL needed) and copied at once. Calling it again on the same err
     * replaces the message. Every service that takes a kc_error* accepts NULL
     * there (the status alone then tells the outcome). [any-thread]; an err
     * belongs to the one call it was passed into. */
    void (*error_set)(kc_error* err, kc_status status, const char* msg, size_t len);
    /* Attach a trace (stack or cause chain, borrowed and copied) to the error
     * already set. [any-thread], as error_set. */
    void (*error_set_trace)(kc_error* err, const char* trace, size_t len);

    /* Logging into the host's logger; `logger` is the plugin's logger name
     * (e.g. its class name). ctx may be NULL outside an instance. logger and
     * msg are borrowed. [any-thread] */
    void (*log)(kc_context* ctx, kc_log_level level, kc_str logger, kc_str msg);
    /* [any-thread] */
    bool (*log_enabled)(kc_context* ctx, kc_log_level level, kc_str logger);

    /* Arena allocation, aligned to `align` (a power of two). Returns NULL only
     * when memory is exhausted. Memory is zeroed. [instance-thread]: one
     * thread at a time per arena, during the call it was passed into. */
    void* (*arena_alloc)(kc_arena* arena, size_t size, size_t align);

    /* Source tasks and connectors: the stored offset of a source partition.
     * *found is false when nothing is stored. The offset's children are copied
     * into `arena`; with arena NULL (e.g. from start(), which has none) into
     * memory the host keeps for this instance until it is destroyed.
     * partition is borrowed. [any-thread] */
    kc_status (*offset_read)(kc_context* ctx, const kc_value* partition, kc_arena* arena,
                             kc_value* out_offset, bool* found, kc_error* err);

    /* Connectors: ask for task_configs() again; fail the connector (message
     * borrowed and copied), e.g. from a background thread of the plugin's
     * own. Both [any-thread]. */
    kc_status (*request_task_reconfiguration)(kc_context* ctx);
    kc_status (*raise_error)(kc_context* ctx, kc_status status, kc_str message);

    /* Sink task context (Java SinkTaskContext); arrays passed in are
     * borrowed, the assignment is returned in `arena`. All six
     * [instance-thread]: from within the sink task's own calls. */
    kc_status (*sink_assignment)(kc_context* ctx, kc_arena* arena, const kc_topic_partition** out,
                                 size_t* out_count);
    kc_status (*sink_pause)(kc_context* ctx, const kc_topic_partition* tps, size_t count);
    kc_status (*sink_resume)(kc_context* ctx, const kc_topic_partition* tps, size_t count);
    kc_status (*sink_offset_reset)(kc_context* ctx, const kc_topic_partition_offset* tpos,
                                   size_t count);
    kc_status (*sink_timeout)(kc_context* ctx, int64_t timeout_ms);
    kc_status (*sink_request_commit)(kc_context* ctx);

    /* Sink tasks: report a record that could not be processed (KIP-610).
     * Returns KC_UNSUPPORTED when no errant-record reporter is configured, and
     * a failure when the error tolerance is exceeded. [instance-thread] */
    kc_status (*errant_record_report)(kc_context* ctx, const kc_record* record, kc_status cause,
                                      kc_str message);

    /* Source tasks with connector-defined transaction boundaries (KIP-618).
     * record NULL = the batch boundary after the last polled record.
     * [instance-thread] */
    kc_status (*transaction_request)(kc_context* ctx, kc_txn_request what, const kc_record* record);

    /* ABI 1.1 (check KC_HAS_FIELD). Calls release(ctx) exactly once when the
     * arena's memory is freed or reused, on whatever thread does that, so a
     * plugin can keep what arena data points to (a cached schema that records
     * in the arena use) alive exactly as long as those records. The host calls
     * every pending release before it drops the arena and never unloads a
     * plugin library while one is pending. Returns false (release not
     * registered) when memory is exhausted or arena is NULL. [instance-thread]
     * as arena_alloc; release itself must be [any-thread]. */
    bool (*arena_on_release)(kc_arena* arena, void (*release)(void* ctx), void* ctx);
} kc_host;

/* ------------------------------------------------------------------------ */
/* Plugin kinds and instance tables                                         */
/* ------------------------------------------------------------------------ */

typedef enum kc_plugin_kind {
    KC_KIND_SOURCE_CONNECTOR = 0,
    KC_KIND_SINK_CONNECTOR = 1,
    KC_KIND_CONVERTER = 2,
    KC_KIND_HEADER_CONVERTER = 3,
    KC_KIND_TRANSFORMATION = 4,
    KC_KIND_PREDICATE = 5,
    KC_KIND_CONFIG_PROVIDER = 6,
    /* Reserved: no instance table is defined for these in ABI 1.0. */
    KC_KIND_REST_EXTENSION = 7,
    KC_KIND_CLIENT_CONFIG_OVERRIDE_POLICY = 8
} kc_plugin_kind;

/* Every instance table starts with these: create an instance bound to a host
 * context, and destroy it. create() stores the instance in *self; host and
 * ctx stay valid until destroy(). [instance-thread]: destroy() is the last
 * call, after every other call, stop() included, has returned. */
#define KC_INSTANCE_LIFECYCLE                                                              \
    uint32_t struct_size;                                                                  \
    kc_status (*create)(const kc_host* host, kc_context* ctx, void** self, kc_error* err); \
    void (*destroy)(void* self)

typedef enum kc_exactly_once_support {
    KC_EOS_UNSUPPORTED = 0,
    KC_EOS_SUPPORTED = 1
} kc_exactly_once_support;

/* A source task. */
typedef struct kc_source_task_vtable {
    KC_INSTANCE_LIFECYCLE;
    /* [instance-thread] */
    kc_status (*start)(void* self, const kc_config* config, kc_error* err);
    /* [instance-thread|stop] Returns a batch: *out is an arena array of *count
     * record pointers (records in the arena or plugin-owned for the batch).
     * *count == 0 means nothing for now. */
    kc_status (*poll)(void* self, kc_arena* arena, const kc_record* const** out, size_t* count,
                      kc_error* err);
    /* [instance-thread] Offsets up to the last acknowledged record are flushed. */
    kc_status (*commit)(void* self, kc_error* err);
    /* [instance-thread] A record was acknowledged by Kafka (metadata non-NULL)
     * or dropped by a transform (metadata NULL). May be NULL. */
    kc_status (*commit_record)(void* self, const kc_record* record,
                               const kc_record_metadata* metadata, kc_error* err);
    /* [any-thread] Ask the task to stop; poll() should return soon. */
    void (*stop)(void* self);
} kc_source_task_vtable;

/* A sink task. */
typedef struct kc_sink_task_vtable {
    KC_INSTANCE_LIFECYCLE;
    /* [instance-thread] */
    kc_status (*start)(void* self, const kc_config* config, kc_error* err);
    /* [instance-thread] Partitions assigned / revoked. May be NULL. */
    kc_status (*open)(void* self, const kc_topic_partition* tps, size_t count, kc_error* err);
    /* [instance-thread] May be NULL. */
    kc_status (*close)(void* self, const kc_topic_partition* tps, size_t count, kc_error* err);
    /* [instance-thread] Records are borrowed for the call. KC_RETRIABLE asks
     * the host to redeliver the same batch later. */
    kc_status (*put)(void* self, const kc_record* const* records, size_t count, kc_error* err);
    /* [instance-thread] Java preCommit(): given the consumed offsets, return in
     * *out (arena) the offsets safe to commit. May be NULL: the host then
     * commits `current` after put() returned. */
    kc_status (*pre_commit)(void* self, const kc_topic_partition_offset* current, size_t count,
                            kc_arena* arena, const kc_topic_partition_offset** out,
                            size_t* out_count, kc_error* err);
    /* [any-thread] Ask the task to stop; put() should return soon. */
    void (*stop)(void* self);
} kc_sink_task_vtable;

/* A connector (source or sink): configures itself, splits the work into
 * task configs. */
typedef struct kc_connector_vtable {
    KC_INSTANCE_LIFECYCLE;
    /* [instance-thread] */
    kc_status (*start)(void* self, const kc_config* config, kc_error* err);
    /* [instance-thread] Up to max_tasks task configs, in the arena. */
    kc_status (*task_configs)(void* self, int32_t max_tasks, kc_arena* arena, const kc_config** out,
                              size_t* out_count, kc_error* err);
    /* [instance-thread] */
    kc_status (*stop)(void* self, kc_error* err);
    /* [fresh-instance] Connector-level validation beyond the config definition
     * (Java Connector.validate). Results in the arena. May be NULL. */
    kc_status (*validate)(void* self, const kc_config* config, kc_arena* arena,
                          const kc_config_value** out, size_t* out_count, kc_error* err);
    /* [fresh-instance] Offsets altered through the REST API (Java
     * alterOffsets); offsets are borrowed. offsets NULL
     * with count 0 means "reset". *handled = true when the connector manages
     * its offsets itself and acted on the request. May be NULL. Source: each
     * pair is (partition, offset-or-NULL); sink: topic/partition/offset. */
    kc_status (*alter_offsets)(void* self, const kc_config* config, const kc_map_entry* offsets,
                               size_t count, bool* handled, kc_error* err);
    /* [fresh-instance], both. Source connectors only; may be NULL
     * (= unsupported). */
    kc_exactly_once_support (*exactly_once_support)(void* self, const kc_config* config);
    bool (*can_define_transaction_boundaries)(void* self, const kc_config* config);
    /* The task this connector's task configs are for. Exactly one of the two
     * is non-NULL, matching the descriptor's kind. Plugin-owned. */
    const kc_source_task_vtable* source_task;
    const kc_sink_task_vtable* sink_task;
} kc_connector_vtable;

/* A key/value converter. THREADS: every task has its own key and value
 * converter instances, configured and called only by that task, so every
 * function is [instance-thread]; an instance is never shared between tasks or
 * called concurrently, KC_FLAG_THREAD_SAFE or not. */
typedef struct kc_converter_vtable {
    KC_INSTANCE_LIFECYCLE;
    /* [instance-thread] */
    kc_status (*configure)(void* self, const kc_config* config, bool is_key, kc_error* err);
    /* [instance-thread] Connect data -> bytes; topic, headers, schema and
     * value are borrowed. value NULL or KC_VAL_NULL: a null (tombstone).
     * *out (arena) with ptr NULL means null bytes. *out may instead point into
     * value's own string or bytes (e.g. a UTF-8 string passed through as is):
     * the host uses it only while value is valid. */
    kc_status (*from_connect)(void* self, kc_str topic, const kc_header* headers,
                              size_t header_count, const kc_schema* schema, const kc_value* value,
                              kc_arena* arena, kc_str* out, kc_error* err);
    /* [instance-thread] Bytes -> Connect data. data.ptr NULL means null
     * bytes; topic, headers and data are borrowed, so the result must not
     * point into data: build it in the arena or return plugin-owned schemas. */
    kc_status (*to_connect)(void* self, kc_str topic, const kc_header* headers, size_t header_count,
                            kc_str data, kc_arena* arena, const kc_schema** out_schema,
                            kc_value* out_value, kc_error* err);
} kc_converter_vtable;

/* A header converter: threads and memory as for kc_converter_vtable (one
 * instance per task, every function [instance-thread]). */
typedef struct kc_header_converter_vtable {
    KC_INSTANCE_LIFECYCLE;
    /* [instance-thread] */
    kc_status (*configure)(void* self, const kc_config* config, kc_error* err);
    /* [instance-thread] */
    kc_status (*from_connect)(void* self, kc_str topic, kc_str header_key, const kc_schema* schema,
                              const kc_value* value, kc_arena* arena, kc_str* out, kc_error* err);
    /* [instance-thread] */
    kc_status (*to_connect)(void* self, kc_str topic, kc_str header_key, kc_str data,
                            kc_arena* arena, const kc_schema** out_schema, kc_value* out_value,
                            kc_error* err);
} kc_header_converter_vtable;

/* A single message transform; one instance per task. */
typedef struct kc_transform_vtable {
    KC_INSTANCE_LIFECYCLE;
    /* [instance-thread] */
    kc_status (*configure)(void* self, const kc_config* config, kc_error* err);
    /* [instance-thread] *out = in (unchanged), a new record in the arena, or
     * NULL to drop the record. `in` is borrowed for the call but its
     * pointers stay valid for the batch, so the new record may share them. */
    kc_status (*apply)(void* self, const kc_record* in, kc_arena* arena, const kc_record** out,
                       kc_error* err);
} kc_transform_vtable;

/* A predicate gating a transform; one instance per task. */
typedef struct kc_predicate_vtable {
    KC_INSTANCE_LIFECYCLE;
    /* [instance-thread] */
    kc_status (*configure)(void* self, const kc_config* config, kc_error* err);
    /* [instance-thread] record is borrowed for the call. */
    kc_status (*test)(void* self, const kc_record* record, bool* result, kc_error* err);
} kc_predicate_vtable;

/* A config provider (${provider:path:key}). THREADS: one instance per
 * provider name in the worker, shared by every thread that resolves a config
 * (the herder, REST requests, tasks starting); the host serialises the calls,
 * so every function is [serialised] and needs no lock of its own,
 * KC_FLAG_THREAD_SAFE or not. */
typedef struct kc_config_provider_vtable {
    KC_INSTANCE_LIFECYCLE;
    /* [serialised] */
    kc_status (*configure)(void* self, const kc_config* config, kc_error* err);
    /* [serialised] keys NULL = every key under path; path and keys are
     * borrowed. Result entries in the arena. *ttl_ms is -1 when the values do
     * not expire. */
    kc_status (*get)(void* self, kc_str path, const kc_str* keys, size_t key_count, kc_arena* arena,
                     const kc_config_entry** out, size_t* out_count, int64_t* ttl_ms,
                     kc_error* err);
} kc_config_provider_vtable;

/* ------------------------------------------------------------------------ */
/* Descriptors and the entry point                                          */
/* ------------------------------------------------------------------------ */

/* Reserved: the plugin declares that one instance may serve several threads
 * at once. This host records it but never relies on it (it calls an instance
 * as the THREADS tags above say, flag or not); a future host may share such
 * instances, so set it only when it is true. */
#define KC_FLAG_THREAD_SAFE 0x1u
/* Converters: from_connect of a null value without a schema gives null bytes
 * and has no other effect, so the host may skip the call (true of every Apache
 * Kafka converter; a source record's key is usually null). */
#define KC_FLAG_NULL_TO_NULL 0x2u

/* One plugin in a library. OWNERSHIP: plugin-owned until deinit(), strings
 * included (NUL-terminated). */
typedef struct kc_descriptor {
    uint32_t struct_size;
    kc_plugin_kind kind;
    const char* class_name;     /* e.g. org.apache.kafka.connect.file.FileStreamSourceConnector */
    const char* const* aliases; /* extra aliases, NULL-terminated; may be NULL */
    const char* version;        /* NULL = "undefined" */
    const char* documentation;
    const kc_config_key* config_def;
    size_t config_def_count;
    uint32_t flags; /* KC_FLAG_* */
    /* Validate a config against the definition, running validators and
     * recommenders (Java ConfigDef.validate). Results in the arena, one per
     * defined key. [any-thread] */
    kc_status (*validate)(const kc_config* config, kc_arena* arena, const kc_config_value** out,
                          size_t* out_count, kc_error* err);
    /* The instance table for `kind`: kc_connector_vtable for both connector
     * kinds, kc_converter_vtable, kc_header_converter_vtable,
     * kc_transform_vtable, kc_predicate_vtable, kc_config_provider_vtable. */
    const void* vtable;
} kc_descriptor;

/* The one exported constant of a plugin library, named KC_PLUGIN_ENTRY_SYMBOL. */
typedef struct kc_plugin_entry {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;
    const char* sdk_version;
    /* Called once after loading, before anything else. location is the plugin
     * location (file or directory), borrowed: copy it to keep it. host is
     * host-owned and valid until deinit(). Must be fast and free of side
     * effects outside the library. [load-thread] */
    kc_status (*init)(const kc_host* host, const char* location, kc_error* err);
    /* Called once before unloading; descriptors are invalid afterwards.
     * [load-thread], after every other call has returned. This host never
     * unloads a plugin library, so it never calls deinit. */
    void (*deinit)(void);
    /* [load-thread], both. After init; the host keeps the descriptor pointers
     * until deinit. */
    size_t (*descriptor_count)(void);
    const kc_descriptor* (*descriptor_at)(size_t index);
} kc_plugin_entry;

#ifdef __cplusplus
}
#endif

#endif /* KC_ABI_H */
