// main() of connect-plugin-path: argument handling and exit codes
// (0 ok, 1 bad arguments, 2 user error, 3 unexpected), as Java's tool.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <set>

#include "command_line.hpp"
#include "connect_plugin_path.hpp"
#include "host/config/config_error.hpp"
#include "host/config/properties.hpp"
#include "host/plugins/linker_namespaces.hpp"
#include "host/plugins/plugin_path.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace kc::host;

namespace {

constexpr int kOk = 0, kUserError = 2, kUnexpected = 3;  // 1: cli::kExitBadCommandLine

struct Arguments {
    std::string command;
    std::vector<std::string> locations, plugin_paths, worker_configs;
    cli::SyncOptions sync;
};

// The command line; the subcommand is the first positional argument.
cli::CommandLine describe() {
    cli::CommandLine command_line(
        "connect-plugin-path", "{list|sync-manifests} [options]",
        "List plugins under plugin locations, or write manifests for them so that\n"
        "plugin.discovery=service_load can find them without loading their code.");
    command_line.options()("plugin-location", po::value<std::vector<std::string>>(),
                           "a plugin location: a .so file or a directory of them (repeatable)")(
        "plugin-path", po::value<std::vector<std::string>>(),
        "a comma-separated list of directories holding plugin locations (repeatable)")(
        "worker-config", po::value<std::vector<std::string>>(),
        "a worker .properties file whose plugin.path is used (repeatable)")(
        "dry-run", "sync-manifests: show the changes without writing anything")(
        "keep-not-found",
        "sync-manifests: keep manifest entries for plugins that cannot be loaded");
    command_line.positional("command", 1, po::value<std::string>());
    return command_line;
}

// Every location named by the arguments, in order, without duplicates.
std::vector<PluginLocation> collect_locations(const Arguments& args) {
    std::vector<PluginLocation> result;
    std::set<fs::path> seen;
    auto add = [&](PluginLocation loc) {
        if (seen.insert(loc.path).second) result.push_back(std::move(loc));
    };
    for (const auto& l : args.locations) {
        std::error_code ec;
        if (!fs::exists(l, ec)) throw cli::UserError(l + " does not exist");
        add(plugin_location(fs::absolute(l)));
    }
    std::vector<fs::path> dirs;
    for (const auto& p : args.plugin_paths)
        for (auto& d : parse_plugin_path(p))
            dirs.push_back(d);
    for (const auto& w : args.worker_configs) {
        auto worker = config::load_properties_file(w);
        auto value = worker.get("plugin.path");
        if (!value) throw cli::UserError("Worker config " + w + " does not set plugin.path");
        for (auto& d : parse_plugin_path(*value))
            dirs.push_back(d);
    }
    for (const auto& d : dirs) {
        std::error_code ec;
        if (!fs::is_directory(d, ec))
            throw cli::UserError("plugin.path entry " + d.string() + " does not exist");
        for (auto& loc : plugin_locations({fs::absolute(d)}))
            add(std::move(loc));
    }
    return result;
}

}  // namespace

int main(int argc, char** argv) {
    ensure_linker_namespace_tunables(argv);
    // stdout carries the listing; logs go to stderr.
    spdlog::set_default_logger(spdlog::stderr_color_mt("connect-plugin-path"));
    cli::CommandLine command_line = describe();
    const auto vm = command_line.parse(argc, argv);
    if (!vm) return command_line.exit_code();
    Arguments args;
    if (!vm->count("command"))
        return command_line.usage_error("missing subcommand (list or sync-manifests)");
    args.command = (*vm)["command"].as<std::string>();
    if (args.command != "list" && args.command != "sync-manifests")
        return command_line.usage_error("unknown subcommand " + args.command);
    args.locations = cli::strings(*vm, "plugin-location");
    args.plugin_paths = cli::strings(*vm, "plugin-path");
    args.worker_configs = cli::strings(*vm, "worker-config");
    args.sync.dry_run = vm->count("dry-run") > 0;
    args.sync.keep_not_found = vm->count("keep-not-found") > 0;
    if (args.command == "list" && (args.sync.dry_run || args.sync.keep_not_found))
        return command_line.usage_error(
            "--dry-run and --keep-not-found apply to sync-manifests only");
    if (args.locations.empty() && args.plugin_paths.empty() && args.worker_configs.empty())
        return command_line.usage_error(
            "Must specify at least one --plugin-location, --plugin-path, or --worker-config");
    try {
        auto locations = collect_locations(args);
        if (args.command == "list") {
            DiscoveryOptions options;
            options.scan = true;
            cli::list_plugins(inspect_locations(locations, options), std::cout, std::cerr);
        } else {
            cli::sync_manifests(locations, args.sync, std::cout, std::cerr);
        }
        std::cout.flush();
        return kOk;
    } catch (const cli::UserError& e) {
        std::cerr << e.what() << "\n";
        return kUserError;
    } catch (const config::ConfigError& e) {
        std::cerr << e.what() << "\n";
        return kUserError;
    } catch (const std::exception& e) {
        std::cerr << "connect-plugin-path failed: " << e.what() << "\n";
        return kUnexpected;
    }
}
