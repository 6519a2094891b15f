#include <algorithm>
#include <ostream>
#include <tuple>

#include "connect_plugin_path.hpp"
#include "host/plugins/aliases.hpp"
#include "host/plugins/plugin_kind.hpp"

namespace kc::host::cli {
namespace {

struct Row {
    std::string name, first_alias, second_alias, version, type;
    bool loadable = false, has_manifest = false;
    std::string location;
};

bool lists(const std::vector<ManifestEntry>& entries, const ManifestEntry& e) {
    return std::any_of(entries.begin(), entries.end(), [&](const ManifestEntry& x) {
        return x.kind == e.kind && x.class_name == e.class_name;
    });
}

std::vector<Row> rows_for(const LocationReport& report) {
    std::vector<Row> rows;
    for (const auto& lib : report.libraries) {
        static const std::vector<ManifestEntry> none;
        const auto& manifest = lib.manifest.manifest ? lib.manifest.manifest->plugins : none;
        for (const auto& p : lib.scanned_plugins) {
            Row r{p.class_name,
                  simple_name(p.class_name),
                  pruned_name(p.class_name, p.kind),
                  p.version,
                  std::string(kind_name(p.kind)),
                  true,
                  lists(manifest, p),
                  report.location.path.string()};
            if (r.second_alias == r.first_alias) r.second_alias = "N/A";
            rows.push_back(std::move(r));
        }
        for (const auto& m : manifest)
            if (!lists(lib.scanned_plugins, m))
                rows.push_back({m.class_name, "N/A", "N/A", "undefined",
                                std::string(kind_name(m.kind)), false, true,
                                report.location.path.string()});
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return std::tie(a.name, a.type) < std::tie(b.name, b.type);
    });
    return rows;
}

}  // namespace

void report_unusable(const std::vector<LocationReport>& reports, std::ostream& problems) {
    for (const auto& report : reports) {
        if (!report.refused.empty())
            problems << "Plugin location " << report.location.path.string()
                     << " is not usable: " << report.refused << "\n";
        for (const auto& lib : report.libraries)
            if (!lib.problem.empty())
                problems << "Plugin library " << lib.path.string()
                         << " is not loadable: " << lib.problem << "\n";
    }
}

void list_plugins(const std::vector<LocationReport>& reports, std::ostream& out,
                  std::ostream& problems) {
    report_unusable(reports, problems);
    out << "pluginName\tfirstAlias\tsecondAlias\tpluginVersion\tpluginType\tisLoadable\t"
           "hasManifest\tpluginLocation\n";
    size_t total = 0, loadable = 0, compatible = 0;
    for (const auto& report : reports) {
        for (const Row& r : rows_for(report)) {
            out << r.name << '\t' << r.first_alias << '\t' << r.second_alias << '\t' << r.version
                << '\t' << r.type << '\t' << (r.loadable ? "true" : "false") << '\t'
                << (r.has_manifest ? "true" : "false") << '\t' << r.location << '\n';
            ++total;
            loadable += r.loadable;
            compatible += r.loadable && r.has_manifest;
        }
    }
    out << "\nTotal plugins:      \t" << total << "\nLoadable plugins:   \t" << loadable
        << "\nCompatible plugins: \t" << compatible << "\n";
}

}  // namespace kc::host::cli
