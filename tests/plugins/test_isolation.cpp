// Linker-namespace isolation: locations bundling different builds of one
// soname each see their own, and past glibc's namespace budget a location is
// refused with a message naming the clash and the limit.
//
// Not registered under KC_SANITIZE: a dlmopen namespace loads a second libc
// that the sanitizer runtime does not know about.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "host/plugins/linker_namespaces.hpp"
#include "host/plugins/plugin_registry.hpp"
#include "test_support.hpp"

using namespace kc::host;
using namespace kc::host::test;

namespace {

WorkerPluginConfig config(fs::path path, DiscoveryMode mode) {
    WorkerPluginConfig c;
    c.plugin_path = {std::move(path)};
    c.discovery = mode;
    return c;
}

std::string doc(const PluginHandle& h) {
    return h.descriptor()->documentation;
}

}  // namespace

TEST_CASE("two locations bundling different builds of libkcfoo.so.1 each see their own") {
    REQUIRE(namespace_tunable_set());  // main() re-executed us with the tunable
    LogCapture log;
    PluginRegistry registry(config(fixture("isolation"), DiscoveryMode::ServiceLoad));
    CHECK(registry.problems().empty());
    auto a = registry.resolve(KC_KIND_CONVERTER, "PluginAConverter");
    auto b = registry.resolve(KC_KIND_CONVERTER, "PluginBConverter");
    CHECK(doc(a) == "kcfoo=1");
    CHECK(doc(b) == "kcfoo=2");
    CHECK_FALSE(a.library()->isolated());
    CHECK(b.library()->isolated());
    CHECK(
        log.contains("gets its own linker namespace: it bundles libkcfoo.so.1, which plugin "
                     "location " +
                     (fixture("isolation") / "plugin-a").string() + " also bundles"));
}

TEST_CASE("scanning honours the same isolation plan") {
    PluginRegistry registry(config(fixture("isolation"), DiscoveryMode::OnlyScan));
    CHECK(registry.problems().empty());
    CHECK(registry.plugins().size() == 2);
}

TEST_CASE("past the namespace budget a location is refused, naming the clash and the limit") {
    PluginRegistry registry(config(fixture("budget"), DiscoveryMode::ServiceLoad));
    REQUIRE(registry.problems().size() == 1);
    const auto& refused = registry.problems().front();
    CHECK(refused.file.filename() == "loc17");
    CHECK(refused.reason.find("it bundles libkcfoo.so.1, which plugin location ") !=
          std::string::npos);
    CHECK(refused.reason.find("all 15 linker namespaces this process can create are used") !=
          std::string::npos);
    // Every accepted location really loads, each with its own copy.
    for (int i = 1; i <= 16; ++i) {
        char name[64];
        std::snprintf(name, sizeof name, "Plugin%02dConverter", i);
        auto handle = registry.resolve(KC_KIND_CONVERTER, name);
        CHECK(doc(handle) == "kcfoo=" + std::to_string(i));
    }
    CHECK_THROWS_WITH_AS(registry.resolve(KC_KIND_CONVERTER, "Plugin17Converter"),
                         doctest::Contains("Failed to find"), PluginError);
}

int main(int argc, char** argv) {
    ensure_linker_namespace_tunables(argv);
    doctest::Context context(argc, argv);
    return context.run();
}
