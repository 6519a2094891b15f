// Discovery modes, bad libraries, aliases, versions and lazy loading through
// PluginRegistry, against the fixture trees.
#include <doctest/doctest.h>

#include <cstdlib>

#include "host/plugins/elf_reader.hpp"
#include "host/plugins/instances.hpp"
#include "host/plugins/plugin_registry.hpp"
#include "test_support.hpp"

using namespace kc::host;
using namespace kc::host::test;

namespace {

WorkerPluginConfig config(std::vector<fs::path> path, DiscoveryMode mode) {
    WorkerPluginConfig c;
    c.plugin_path = std::move(path);
    c.discovery = mode;
    c.scan_timeout = std::chrono::milliseconds(20000);
    return c;
}

bool has(const PluginRegistry& r, const std::string& cls) {
    auto all = r.plugins();
    return std::any_of(all.begin(), all.end(),
                       [&](const PluginInfo& p) { return p.class_name == cls; });
}

std::string problem_for(const PluginRegistry& r, const std::string& file) {
    for (const auto& p : r.problems())
        if (p.file.filename() == file) return p.reason;
    return "<no problem reported for " + file + ">";
}

}  // namespace

TEST_CASE("service_load reads manifests only and runs no plugin code until a plugin is used") {
    TempDir dir;
    fs::path marker = dir.path() / "marker";
    ::setenv("KC_FIXTURE_MARKER", marker.c_str(), 1);
    copy_tree(fixture("good"), dir.path() / "plugins");
    PluginRegistry registry(config({dir.path() / "plugins"}, DiscoveryMode::ServiceLoad));
    CHECK(has(registry, "org.example.fixture.GoodSourceConnector"));
    CHECK(has(registry, "org.example.fixture.MarkerPredicate"));
    CHECK_FALSE(has(registry, "org.example.fixture.LegacyConverter"));  // no manifest: invisible
    CHECK_FALSE(fs::exists(marker));
    auto handle = registry.resolve(KC_KIND_PREDICATE, "MarkerPredicate");
    CHECK(handle.descriptor() != nullptr);
    CHECK(fs::exists(marker));
    ::unsetenv("KC_FIXTURE_MARKER");
}

TEST_CASE("only_scan finds plugins through their entry points, in the scanner process") {
    TempDir dir;
    fs::path marker = dir.path() / "marker";
    ::setenv("KC_FIXTURE_MARKER", marker.c_str(), 1);
    PluginRegistry registry(config({fixture("good")}, DiscoveryMode::OnlyScan));
    ::unsetenv("KC_FIXTURE_MARKER");
    CHECK(has(registry, "org.example.fixture.LegacyConverter"));
    CHECK(has(registry, "org.example.fixture.GoodSourceConnector"));
    CHECK(fs::exists(marker));  // scanning runs code (in the helper process)
    for (const auto& p : registry.plugins())
        if (p.class_name == "org.example.fixture.LegacyConverter") CHECK_FALSE(p.has_manifest);
    auto legacy = registry.resolve(KC_KIND_CONVERTER, "LegacyConverter");
    CHECK(std::string(legacy.descriptor()->version) == "0.9.0");
}

TEST_CASE("hybrid_warn warns once, in Java's words, about plugins without manifests") {
    LogCapture log;
    PluginRegistry registry(config({fixture("good")}, DiscoveryMode::HybridWarn));
    CHECK(has(registry, "org.example.fixture.LegacyConverter"));
    std::string text = log.text();
    CHECK(text.find("warning host One or more plugins are missing ServiceLoader manifests may not "
                    "be usable with plugin.discovery=service_load: [\n" +
                    fixture("good").string() +
                    "/legacy.so\torg.example.fixture.LegacyConverter"
                    "\tconverter\t0.9.0\n]") != std::string::npos);
    CHECK(log.contains(
        "To silence this warning, set plugin.discovery=only_scan in the worker config."));
}

TEST_CASE("hybrid_warn with every plugin in a manifest suggests service_load") {
    LogCapture log;
    PluginRegistry registry(config({fixture("versions")}, DiscoveryMode::HybridWarn));
    CHECK(
        log.contains("All plugins have ServiceLoader manifests, consider reconfiguring "
                     "plugin.discovery=service_load"));
}

TEST_CASE("hybrid_fail refuses to start, listing the plugins without manifests") {
    try {
        PluginRegistry registry(config({fixture("good")}, DiscoveryMode::HybridFail));
        FAIL("hybrid_fail accepted a plugin without a manifest");
    } catch (const PluginDiscoveryError& e) {
        std::string msg = e.what();
        CHECK(msg.find("org.example.fixture.LegacyConverter\tconverter\t0.9.0") !=
              std::string::npos);
        CHECK(msg.find("To silence this error, set plugin.discovery=hybrid_warn in the worker "
                       "config.") != std::string::npos);
        CHECK(msg.find("GoodSourceConnector") == std::string::npos);
    }
}

TEST_CASE("every bad library is logged with its file and reason and skipped; the worker goes on") {
    LogCapture log;
    PluginRegistry registry(config({fixture("bad"), fixture("good")}, DiscoveryMode::OnlyScan));
    CHECK(problem_for(registry, "segfault.so").find("scanner process") != std::string::npos);
    CHECK(problem_for(registry, "exit.so").find("scanner process") != std::string::npos);
    CHECK(problem_for(registry, "truncated.so").find("truncated") != std::string::npos);
    CHECK(problem_for(registry, "not-elf.so").find("not an ELF file") != std::string::npos);
    CHECK(problem_for(registry, "wrong-abi.so").find("manifest declares plugin ABI major 2") !=
          std::string::npos);
    CHECK(problem_for(registry, "no-entry.so").find("exports no kc_plugin_entry") !=
          std::string::npos);
    CHECK(problem_for(registry, "init-fail.so").find("missing licence file") != std::string::npos);
    CHECK(problem_for(registry, "throw-listing.so").find("descriptor table exploded") !=
          std::string::npos);
    CHECK(log.contains("error host Skipping plugin " + (fixture("bad") / "exit.so").string()));
    CHECK(registry.problems().size() == 8);
    // Scanning went on after each crash: the good tree was still discovered.
    CHECK(has(registry, "org.example.fixture.LegacyConverter"));
    CHECK(registry.resolve_connector("GoodSource").descriptor() != nullptr);
}

TEST_CASE("the scanner reports a library that exits or segfaults while loading, precisely") {
    PluginRegistry registry(config({fixture("bad")}, DiscoveryMode::OnlyScan));
    std::string exit_reason = problem_for(registry, "exit.so");
    CHECK(exit_reason.find("exit(3)") != std::string::npos);
    std::string segv_reason = problem_for(registry, "segfault.so");
    bool named = segv_reason.find("signal 11") != std::string::npos ||
                 segv_reason.find("exit(") != std::string::npos;  // ASan turns SIGSEGV into exit
    CHECK(named);
}

TEST_CASE("hybrid_fail stops with the list of bad libraries") {
    try {
        PluginRegistry registry(config({fixture("bad")}, DiscoveryMode::HybridFail));
        FAIL("hybrid_fail accepted bad libraries");
    } catch (const PluginDiscoveryError& e) {
        std::string msg = e.what();
        for (auto file : {"segfault.so", "exit.so", "truncated.so", "not-elf.so", "wrong-abi.so",
                          "no-entry.so", "init-fail.so", "throw-listing.so"})
            CHECK(msg.find((fixture("bad") / file).string() + ": ") != std::string::npos);
    }
}

TEST_CASE("service_load skips bad libraries it can judge without code and fails at first use") {
    PluginRegistry registry(config({fixture("bad")}, DiscoveryMode::ServiceLoad));
    CHECK(problem_for(registry, "wrong-abi.so").find("ABI major 2") != std::string::npos);
    CHECK(problem_for(registry, "no-entry.so").find("kc_plugin_entry") != std::string::npos);
    CHECK(problem_for(registry, "truncated.so").find("truncated") != std::string::npos);
    REQUIRE(has(registry, "org.example.bad.InitFail"));
    CHECK_THROWS_WITH_AS(registry.resolve(KC_KIND_TRANSFORMATION, "InitFail"),
                         doctest::Contains("missing licence file"), PluginError);
    // The failure is remembered: init is not run a second time.
    CHECK_THROWS_AS(registry.resolve(KC_KIND_TRANSFORMATION, "InitFail"), PluginError);
}

TEST_CASE(
    "aliases: class name, simple name, pruned name, extra aliases; shared ones are unusable") {
    PluginRegistry registry(
        config({fixture("good"), fixture("aliases")}, DiscoveryMode::ServiceLoad));
    for (auto name : {"org.example.fixture.GoodSourceConnector", "GoodSourceConnector",
                      "GoodSource", "good-source"})
        CHECK(std::string(registry.resolve_connector(name).descriptor()->class_name) ==
              "org.example.fixture.GoodSourceConnector");
    CHECK(std::string(registry.resolve(KC_KIND_TRANSFORMATION, "Value").info().class_name) ==
          "org.example.fixture.Mask$Value");
    CHECK(registry.resolve(KC_KIND_TRANSFORMATION, "org.alpha.SharedTransformation")
              .info()
              .class_name == "org.alpha.SharedTransformation");
    for (auto alias : {"SharedTransformation", "Shared"})
        CHECK_THROWS_WITH_AS(
            registry.resolve(KC_KIND_TRANSFORMATION, alias),
            doctest::Contains("org.alpha.SharedTransformation, org.beta.SharedTransformation"),
            PluginError);
    CHECK_THROWS_WITH_AS(registry.resolve(KC_KIND_CONVERTER, "GoodSource"),
                         doctest::Contains("Failed to find any class that implements Converter "
                                           "and which name matches GoodSource"),
                         PluginError);
    for (const auto& p : registry.plugins())
        if (p.class_name == "org.alpha.SharedTransformation") CHECK(p.aliases.empty());
}

TEST_CASE("several versions side by side: newest by default, a given one on request") {
    PluginRegistry registry(config({fixture("versions")}, DiscoveryMode::ServiceLoad));
    CHECK(registry.resolve(KC_KIND_TRANSFORMATION, "VersionedTransformation").info().version ==
          "1.10.0");
    CHECK(registry.resolve(KC_KIND_TRANSFORMATION, "Versioned", "latest").info().version ==
          "1.10.0");
    auto old = registry.resolve(KC_KIND_TRANSFORMATION, "Versioned", "1.9.0");
    CHECK(std::string(old.descriptor()->version) == "1.9.0");
    CHECK(old.info().library.filename() == "versioned-1.9.0.so");
    CHECK_THROWS_WITH_AS(registry.resolve(KC_KIND_TRANSFORMATION, "Versioned", "2.0"),
                         doctest::Contains("installed versions: 1.0.0, 1.9.0, 1.10.0"),
                         PluginError);
}

TEST_CASE("a duplicate class and version in a second library is reported and skipped") {
    PluginRegistry registry(config({fixture("dup")}, DiscoveryMode::ServiceLoad));
    CHECK(problem_for(registry, "dup-b.so")
              .find("Duplicate plugin org.example.fixture."
                    "DuplicatePredicate version 2.0.0") != std::string::npos);
    CHECK(registry.resolve(KC_KIND_PREDICATE, "DuplicatePredicate").info().library.filename() ==
          "dup-a.so");
}

TEST_CASE("a manifest that disagrees with the code") {
    SUBCASE("service_load trusts the manifest and fails clearly at first use") {
        PluginRegistry registry(config({fixture("mismatch")}, DiscoveryMode::ServiceLoad));
        CHECK_THROWS_WITH_AS(registry.resolve(KC_KIND_CONVERTER, "ClaimedConverter"),
                             doctest::Contains("does not provide converter "
                                               "org.example.fixture.ClaimedConverter"),
                             PluginError);
    }
    SUBCASE("hybrid_warn believes the code and warns about both sides") {
        LogCapture log;
        PluginRegistry registry(config({fixture("mismatch")}, DiscoveryMode::HybridWarn));
        CHECK(has(registry, "org.example.fixture.ActualConverter"));
        CHECK_FALSE(has(registry, "org.example.fixture.ClaimedConverter"));
        CHECK(
            log.contains("its manifest lists converter org.example.fixture.ClaimedConverter but "
                         "the library does not provide it"));
        CHECK(log.contains("org.example.fixture.ActualConverter\tconverter\t1.0.0"));
    }
}

TEST_CASE("built-in plugins join the registry and its aliases") {
    PluginRegistry registry(config({}, DiscoveryMode::ServiceLoad));
    static const kc_transform_vtable vt = [] {
        kc_transform_vtable v{};
        v.struct_size = sizeof v;
        return v;
    }();
    static const char* const aliases[] = {"builtin-alias", nullptr};
    static const kc_descriptor d{sizeof(kc_descriptor),
                                 KC_KIND_TRANSFORMATION,
                                 "org.apache.kafka.connect.transforms.Cast$Key",
                                 aliases,
                                 "3.9.0",
                                 "doc",
                                 nullptr,
                                 0,
                                 0,
                                 nullptr,
                                 &vt};
    registry.add_builtin(&d);
    CHECK(registry.resolve(KC_KIND_TRANSFORMATION, "builtin-alias").descriptor() == &d);
    CHECK(registry.resolve(KC_KIND_TRANSFORMATION, "Key").descriptor() == &d);
    CHECK(registry.plugins().at(0).builtin);
}

TEST_CASE("the manifest written by the SDK's export macro is read without loading") {
    auto libs = plugin_locations({fixture("sdk")});
    REQUIRE(libs.size() == 1);
    auto elf = read_elf(libs[0].libraries.at(0));
    REQUIRE(elf.info);
    REQUIRE(elf.info->manifest);
    auto manifest = parse_manifest(*elf.info->manifest);
    REQUIRE(manifest.manifest);
    REQUIRE(manifest.manifest->plugins.size() == 1);
    const auto& entry = manifest.manifest->plugins[0];
    CHECK(entry.kind == KC_KIND_PREDICATE);
    CHECK(entry.class_name == "org.example.sdk.AlwaysTruePredicate");
    CHECK(entry.version == "2.1.0");
    CHECK(entry.aliases == std::vector<std::string>{"always-true"});
    PluginRegistry registry(config({fixture("sdk")}, DiscoveryMode::ServiceLoad));
    auto handle = registry.resolve(KC_KIND_PREDICATE, "always-true");
    CHECK(std::string(handle.descriptor()->class_name) == "org.example.sdk.AlwaysTruePredicate");
    PredicateInstance predicate(handle, nullptr);
    kc_record record{};
    record.struct_size = sizeof record;
    predicate.configure(*ConfigEntries({}).get());
    CHECK(predicate.test(record));
}
