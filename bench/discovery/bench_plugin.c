/* The plugin the discovery benchmark copies 100 times. Its class name ends in
 * a placeholder ("@@@@") that the benchmark overwrites in each copy, so every
 * location provides a distinct class. BENCH_HEAVY links the dependencies a
 * JDBC plugin would (libpq, libsqlite3, libssl). */
#include <kc/abi.h>
#include <stdlib.h>

#ifdef BENCH_HEAVY
#include <libpq-fe.h>
#include <openssl/crypto.h>
#include <sqlite3.h>
#define BENCH_CLASS "org.example.bench.HeavySinkConnector@@@@"
#else
#define BENCH_CLASS "org.example.bench.TinyConverter@@@@"
#endif

__attribute__((section(".kc_manifest"), used)) static const char kc_manifest_json[] =
    "{\"kc_abi\":{\"major\":1,\"minor\":0},\"sdk_version\":\"bench\",\"plugins\":[{\"kind\":"
#ifdef BENCH_HEAVY
    "\"sink\""
#else
    "\"converter\""
#endif
    ",\"class\":\"" BENCH_CLASS "\",\"aliases\":[],\"version\":\"1.0.0\"}]}";

static kc_status create(const kc_host* h, kc_context* c, void** self, kc_error* e) {
    (void)h, (void)c, (void)e;
    *self = NULL;
    return KC_OK;
}
static void destroy(void* self) {
    (void)self;
}
static const kc_converter_vtable vtable = {
    .struct_size = sizeof(kc_converter_vtable), .create = create, .destroy = destroy};
static kc_descriptor descriptor = {.struct_size = sizeof(kc_descriptor),
#ifdef BENCH_HEAVY
                                   .kind = KC_KIND_SINK_CONNECTOR,
#else
                                   .kind = KC_KIND_CONVERTER,
#endif
                                   .class_name = BENCH_CLASS,
                                   .version = "1.0.0",
                                   .vtable = &vtable};

static kc_status init(const kc_host* host, const char* location, kc_error* err) {
    (void)host, (void)location, (void)err;
#ifdef BENCH_HEAVY
    /* Touch each dependency, as a real driver would at start-up. */
    if (PQlibVersion() <= 0 || !sqlite3_libversion() || !OpenSSL_version(OPENSSL_VERSION))
        return KC_FATAL;
#endif
    return KC_OK;
}
static void deinit(void) {}
static size_t descriptor_count(void) {
    return 1;
}
static const kc_descriptor* descriptor_at(size_t i) {
    return i == 0 ? &descriptor : NULL;
}

__attribute__((visibility("default"))) const kc_plugin_entry entry __asm__("kc_plugin_entry") = {
    sizeof(kc_plugin_entry), KC_ABI_MAJOR, KC_ABI_MINOR, "bench", init, deinit,
    descriptor_count,        descriptor_at};
