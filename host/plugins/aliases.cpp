#include "host/plugins/aliases.hpp"

#include <cctype>

#include "host/plugins/plugin_kind.hpp"

namespace kc::host {

std::string simple_name(std::string_view class_name) {
    size_t cut = class_name.find_last_of(".$");
    return std::string(cut == std::string_view::npos ? class_name : class_name.substr(cut + 1));
}

std::string pruned_name(std::string_view class_name, kc_plugin_kind kind) {
    std::string simple = simple_name(class_name);
    size_t pos = simple.rfind(kind_alias_suffix(kind));
    if (pos != std::string::npos && pos > 0) simple.resize(pos);
    return simple;
}

namespace {

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

int compare_component(std::string_view a, std::string_view b) {
    if (all_digits(a) && all_digits(b)) {
        a.remove_prefix(std::min(a.find_first_not_of('0'), a.size()));
        b.remove_prefix(std::min(b.find_first_not_of('0'), b.size()));
        if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    }
    int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace

int compare_versions(std::string_view a, std::string_view b) {
    bool ua = a.empty() || a == "undefined", ub = b.empty() || b == "undefined";
    if (ua || ub) return ua == ub ? 0 : (ua ? -1 : 1);
    while (!a.empty() || !b.empty()) {
        size_t da = a.find('.'), db = b.find('.');
        int c = compare_component(a.substr(0, da), b.substr(0, db));
        if (c != 0) return c;
        a = da == std::string_view::npos ? std::string_view{} : a.substr(da + 1);
        b = db == std::string_view::npos ? std::string_view{} : b.substr(db + 1);
    }
    return 0;
}

}  // namespace kc::host
