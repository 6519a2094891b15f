// connect-plugin-path end to end: list, sync-manifests (dry run, idempotence,
// refusals), and service_load finding a formerly legacy plugin afterwards.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include "host/plugins/plugin_registry.hpp"
#include "test_support.hpp"

using namespace kc::host;
using namespace kc::host::test;

namespace {

CommandResult tool(const std::string& args, bool with_stderr = true) {
    return run((bin_dir() / "connect-plugin-path").string() + " " + args, with_stderr);
}

size_t count_lines(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t pos = 0; (pos = text.find(needle, pos)) != std::string::npos; ++pos)
        ++n;
    return n;
}

}  // namespace

TEST_CASE("list prints Java's TSV rows and summary") {
    TempDir dir;
    copy_tree(fixture("good"), dir.path() / "plugins");
    auto r = tool("list --plugin-path " + (dir.path() / "plugins").string());
    REQUIRE(r.exit_code == 0);
    std::string loc = (dir.path() / "plugins").string();
    CHECK(r.output.rfind("pluginName\tfirstAlias\tsecondAlias\tpluginVersion\tpluginType\t"
                         "isLoadable\thasManifest\tpluginLocation\n",
                         0) == 0);
    CHECK(r.output.find("org.example.fixture.GoodSourceConnector\tGoodSourceConnector\tGoodSource\t"
                        "1.2.3\tsource\ttrue\ttrue\t" +
                        loc + "/good.so\n") != std::string::npos);
    CHECK(r.output.find("org.example.fixture.Mask$Value\tValue\tN/A\t1.2.3\ttransformation\ttrue\t"
                        "true\t") != std::string::npos);
    CHECK(r.output.find("org.example.fixture.LegacyConverter\tLegacyConverter\tLegacy\t0.9.0\t"
                        "converter\ttrue\tfalse\t" +
                        loc + "/legacy.so\n") != std::string::npos);
    CHECK(r.output.find("\nTotal plugins:      \t4\nLoadable plugins:   \t4\n"
                        "Compatible plugins: \t3\n") != std::string::npos);
}

TEST_CASE("list shows a manifest entry whose code is missing as not loadable") {
    auto r = tool("list --plugin-location " + (fixture("mismatch") / "mismatch.so").string());
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("org.example.fixture.ClaimedConverter\tN/A\tN/A\tundefined\tconverter\t"
                        "false\ttrue\t") != std::string::npos);
    CHECK(r.output.find("org.example.fixture.ActualConverter\tActualConverter\tActual\t1.0.0\t"
                        "converter\ttrue\tfalse\t") != std::string::npos);
}

TEST_CASE("list names every corrupt or empty .so on stderr with its reason") {
    TempDir dir;
    fs::path plugins = dir.path() / "plugins";
    copy_tree(fixture("good"), plugins);
    std::ofstream(plugins / "empty.so").flush();
    std::ofstream(plugins / "garbage.so") << "this is not a shared library";
    fs::create_directories(plugins / "bundle");
    std::ofstream(plugins / "bundle" / "truncated.so") << "\x7f"
                                                          "ELF\x02\x01\x01";

    auto listing = tool("list --plugin-path " + plugins.string(), false);
    REQUIRE(listing.exit_code == 0);
    // The table keeps Java's shape: only plugins are rows.
    CHECK(listing.output.find("Total plugins:      \t4\n") != std::string::npos);
    CHECK(listing.output.find("empty.so") == std::string::npos);

    auto all = tool("list --plugin-path " + plugins.string());
    CHECK(all.output.find("Plugin library " + (plugins / "empty.so").string() +
                          " is not loadable: not a usable ELF shared library: not an ELF file "
                          "(empty)\n") != std::string::npos);
    CHECK(all.output.find("Plugin library " + (plugins / "garbage.so").string() +
                          " is not loadable: not a usable ELF shared library: not an ELF file "
                          "(bad magic)\n") != std::string::npos);
    CHECK(all.output.find("Plugin library " + (plugins / "bundle" / "truncated.so").string() +
                          " is not loadable: not a usable ELF shared library: ") !=
          std::string::npos);
}

TEST_CASE("sync-manifests names every corrupt or empty .so on stderr too") {
    TempDir dir;
    fs::path plugins = dir.path() / "plugins";
    copy_tree(fixture("good"), plugins);
    std::ofstream(plugins / "empty.so").flush();
    auto r = tool("sync-manifests --dry-run --plugin-path " + plugins.string());
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("Plugin library " + (plugins / "empty.so").string() +
                        " is not loadable: not a usable ELF shared library: not an ELF file "
                        "(empty)\n") != std::string::npos);
    auto quiet = tool("sync-manifests --dry-run --plugin-path " + plugins.string(), false);
    CHECK(quiet.output.find("empty.so") == std::string::npos);  // stdout keeps Java's shape
}

TEST_CASE("list reads plugin.path from a worker config") {
    TempDir dir;
    std::ofstream(dir.path() / "worker.properties")
        << "# worker\nplugin.path = " << fixture("versions").string() << " , "
        << fixture("dup").string() << "\n";
    auto r = tool("list --worker-config " + (dir.path() / "worker.properties").string());
    REQUIRE(r.exit_code == 0);
    CHECK(count_lines(r.output, "org.example.fixture.VersionedTransformation\t") == 3);
    CHECK(count_lines(r.output, "org.example.fixture.DuplicatePredicate\t") == 2);
}

TEST_CASE(
    "sync-manifests: dry run changes nothing, the real run writes sidecars, then no changes") {
    TempDir dir;
    fs::path plugins = dir.path() / "plugins";
    copy_tree(fixture("good"), plugins);
    copy_tree(fixture("mismatch"), plugins);
    std::string before = tree_checksum(dir.path());

    auto dry = tool("sync-manifests --dry-run --plugin-path " + plugins.string());
    REQUIRE(dry.exit_code == 0);
    CHECK(dry.output.rfind("Dry run started: No changes will be committed.\nScanning for "
                           "plugins...\n",
                           0) == 0);
    CHECK(dry.output.find("Dry Run Sync\t" + (plugins / "legacy.so").string() +
                          " Add 1 Remove 0\n\tAdd\torg.example.fixture.LegacyConverter\n") !=
          std::string::npos);
    CHECK(dry.output.find("Dry Run Sync\t" + (plugins / "mismatch.so").string() +
                          " Add 1 Remove 1\n\tAdd\torg.example.fixture.ActualConverter\n"
                          "\tRemove\torg.example.fixture.ClaimedConverter\n") != std::string::npos);
    CHECK(dry.output.find("Dry run passed: All above changes can be committed to disk if re-run "
                          "with dry run disabled.") != std::string::npos);
    CHECK(tree_checksum(dir.path()) == before);

    auto real = tool("sync-manifests --plugin-path " + plugins.string());
    REQUIRE(real.exit_code == 0);
    CHECK(real.output.find("Writing changes to plugins...\nAll loadable plugins have accurate "
                           "ServiceLoader manifests.\n") != std::string::npos);
    CHECK(fs::exists(plugins / "legacy.so.kc-manifest.json"));
    CHECK(tree_checksum(dir.path()) != before);

    // stdout only: the sidecar now rightly disagrees with mismatch.so's embedded manifest,
    // which is warned about on stderr.
    auto again = tool("sync-manifests --plugin-path " + plugins.string(), false);
    REQUIRE(again.exit_code == 0);
    CHECK(again.output == "Scanning for plugins...\nNo changes required.\n");

    // The formerly legacy plugin is now found without scanning.
    WorkerPluginConfig config;
    config.plugin_path = {plugins};
    config.discovery = DiscoveryMode::ServiceLoad;
    PluginRegistry registry(config);
    auto legacy = registry.resolve(KC_KIND_CONVERTER, "LegacyConverter");
    CHECK(legacy.info().has_manifest);
    CHECK(std::string(legacy.descriptor()->version) == "0.9.0");
    CHECK(registry.resolve(KC_KIND_CONVERTER, "ActualConverter").descriptor() != nullptr);
}

TEST_CASE("sync-manifests --keep-not-found keeps entries whose code is missing") {
    TempDir dir;
    copy_tree(fixture("mismatch"), dir.path());
    auto r = tool("sync-manifests --keep-not-found --plugin-location " +
                  (dir.path() / "mismatch.so").string());
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find(" Add 1 Remove 0\n") != std::string::npos);
    std::ifstream in(dir.path() / "mismatch.so.kc-manifest.json");
    std::string json((std::istreambuf_iterator<char>(in)), {});
    CHECK(json.find("org.example.fixture.ClaimedConverter") != std::string::npos);
    CHECK(json.find("org.example.fixture.ActualConverter") != std::string::npos);
}

TEST_CASE("sync-manifests refuses a read-only or missing location before touching anything") {
    TempDir dir;
    fs::path plugins = dir.path() / "plugins";
    copy_tree(fixture("good"), plugins);
    copy_tree(fixture("mismatch"), dir.path() / "other");
    ::chmod(plugins.c_str(), 0555);
    std::string before = tree_checksum(dir.path());
    auto r = tool("sync-manifests --plugin-location " + (dir.path() / "other").string() +
                  " --plugin-location " + (plugins / "legacy.so").string());
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("Path " + plugins.string() + " must be writable") != std::string::npos);
    CHECK(r.output.find("Scanning") == std::string::npos);
    CHECK(tree_checksum(dir.path()) == before);
    ::chmod(plugins.c_str(), 0755);

    auto missing = tool("sync-manifests --plugin-location " + (dir.path() / "nowhere").string());
    CHECK(missing.exit_code == 2);
    CHECK(missing.output.find((dir.path() / "nowhere").string() + " does not exist") !=
          std::string::npos);
}

TEST_CASE("bad arguments exit with 1, --help with 0") {
    CHECK(tool("").exit_code == 1);
    CHECK(tool("frobnicate --plugin-path /tmp").exit_code == 1);
    CHECK(tool("list").exit_code == 1);
    CHECK(tool("list --dry-run --plugin-path /tmp").exit_code == 1);
    CHECK(tool("list --no-such-flag").exit_code == 1);
    auto help = tool("--help");
    CHECK(help.exit_code == 0);
    CHECK(help.output.find("--plugin-location") != std::string::npos);
}
