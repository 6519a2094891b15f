// main() of connect-plugin-path: argument handling and exit codes
// (0 ok, 1 bad arguments, 2 user error, 3 unexpected), as Java's tool.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <set>

#include "connect_plugin_path.hpp"
#include "host/config/config_error.hpp"
#include "host/config/properties.hpp"
#include "host/plugins/linker_namespaces.hpp"
#include "host/plugins/plugin_path.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace kc::host;

namespace {

constexpr int kOk = 0, kBadArgs = 1, kUserError = 2, kUnexpected = 3;

struct Arguments {
    std::string command;
    std::vector<std::string> locations, plugin_paths, worker_configs;
    cli::SyncOptions sync;
};

po::options_description describe() {
    po::options_description opts(
        "Usage: connect-plugin-path {list|sync-manifests} [options]\n"
        "List plugins under plugin locations, or write manifests for them so that\n"
        "plugin.discovery=service_load can find them without loading their code.\n\nOptions");
    opts.add_options()("help,h", "show this help")(
        "plugin-location", po::value<std::vector<std::string>>(),
        "a plugin location: a .so file or a directory of them (repeatable)")(
        "plugin-path", po::value<std::vector<std::string>>(),
        "a comma-separated list of directories holding plugin locations (repeatable)")(
        "worker-config", po::value<std::vector<std::string>>(),
        "a worker .properties file whose plugin.path is used (repeatable)")(
        "dry-run", "sync-manifests: show the changes without writing anything")(
        "keep-not-found",
        "sync-manifests: keep manifest entries for plugins that cannot be loaded");
    return opts;
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

int usage_error(const std::string& message) {
    std::cerr << "connect-plugin-path: " << message << "\n\n" << describe() << "\n";
    return kBadArgs;
}

}  // namespace

int main(int argc, char** argv) {
    ensure_linker_namespace_tunables(argv);
    // stdout carries the listing; logs go to stderr.
    spdlog::set_default_logger(spdlog::stderr_color_mt("connect-plugin-path"));
    Arguments args;
    try {
        po::options_description opts = describe();
        po::options_description all;
        all.add(opts).add_options()("command", po::value<std::string>());
        po::positional_options_description positional;
        positional.add("command", 1);
        po::variables_map vm;
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
                  vm);
        po::notify(vm);
        if (vm.count("help")) {
            std::cout << opts << "\n";
            return kOk;
        }
        if (!vm.count("command")) return usage_error("missing subcommand (list or sync-manifests)");
        args.command = vm["command"].as<std::string>();
        if (args.command != "list" && args.command != "sync-manifests")
            return usage_error("unknown subcommand " + args.command);
        auto strings = [&](const char* key) {
            return vm.count(key) ? vm[key].as<std::vector<std::string>>()
                                 : std::vector<std::string>{};
        };
        args.locations = strings("plugin-location");
        args.plugin_paths = strings("plugin-path");
        args.worker_configs = strings("worker-config");
        args.sync.dry_run = vm.count("dry-run") > 0;
        args.sync.keep_not_found = vm.count("keep-not-found") > 0;
        if (args.command == "list" && (args.sync.dry_run || args.sync.keep_not_found))
            return usage_error("--dry-run and --keep-not-found apply to sync-manifests only");
        if (args.locations.empty() && args.plugin_paths.empty() && args.worker_configs.empty())
            return usage_error(
                "Must specify at least one --plugin-location, --plugin-path, or --worker-config");
    } catch (const po::error& e) {
        return usage_error(e.what());
    }
    try {
        auto locations = collect_locations(args);
        if (args.command == "list") {
            DiscoveryOptions options;
            options.scan = true;
            cli::list_plugins(inspect_locations(locations, options), std::cout);
        } else {
            cli::sync_manifests(locations, args.sync, std::cout);
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
