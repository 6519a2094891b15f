#include "host/config/allowed_paths.hpp"

#include <fstream>
#include <sstream>

#include "host/config/worker_config.hpp"

namespace kc::host::config {

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> parse(const std::vector<std::string>& entries) {
    std::vector<fs::path> parsed;
    for (const std::string& p : entries) {
        if (p.empty()) continue;
        const fs::path path(p);
        if (!path.is_absolute())
            throw kc::ConfigException("allowed.paths entry '" + p + "' is not an absolute path");
        parsed.push_back(AllowedPaths::real_path(path));
    }
    return parsed;
}

}  // namespace

void AllowedPaths::define(kc::ConfigDef& def) {
    def.define(kConfig, kc::ConfigType::List, "",
               kc::LambdaValidator::with([](const std::string&, const kc::ParsedValue& value) {
                   if (const auto* list = std::get_if<std::vector<std::string>>(&value))
                       parse(*list);
               }),
               kc::Importance::Medium,
               "A comma-separated list of absolute paths the provider may read; empty = any path.");
}

void AllowedPaths::configure(const kc::ConfigMap& configs) {
    paths_.reset();
    auto it = configs.find(kConfig);
    if (it == configs.end()) return;
    std::vector<fs::path> parsed = parse(parse_list(it->second));
    if (!parsed.empty()) paths_ = std::move(parsed);
}

fs::path AllowedPaths::check(const std::string& untrusted) const {
    const fs::path normal = fs::path(untrusted).lexically_normal();
    if (!paths_) return normal;
    const fs::path real = real_path(normal);
    if (allows(real)) return real;
    throw kc::ConfigException("path '" + untrusted +
                              "' is not allowed by the provider's allowed.paths");
}

bool AllowedPaths::allows(const fs::path& real) const {
    if (!paths_) return true;
    for (const fs::path& allowed : *paths_) {
        auto a = allowed.begin(), n = real.begin();
        for (; a != allowed.end() && n != real.end() && *a == *n; ++a, ++n) {
        }
        // A trailing separator of an allowed dir shows up as an empty component.
        if (a == allowed.end() || (std::next(a) == allowed.end() && a->empty())) return true;
    }
    return false;
}

fs::path AllowedPaths::real_path(const fs::path& p) {
    std::error_code ec;
    fs::path real = fs::weakly_canonical(p, ec);
    return ec ? p.lexically_normal() : real;
}

std::string read_provider_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw kc::ConfigException("cannot read file " + p.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace kc::host::config
