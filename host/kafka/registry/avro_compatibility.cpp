#include "host/kafka/registry/avro_compatibility.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>

#include "host/core/bounded_json.hpp"

namespace kc::host::kafka::registry {

namespace {

// Only what resolution looks at: logical types, docs and custom properties
// do not change what can be read.
struct Node;
struct Field {
    std::string name;
    std::vector<std::string> aliases;
    const Node* type = nullptr;
    bool has_default = false;
};
struct Node {
    std::string type;  // "int", "record", "union", ...
    std::string name;  // named types: the name without its namespace
    std::vector<std::string> aliases;
    std::vector<Field> fields;
    std::vector<std::string> symbols;
    bool has_enum_default = false;
    const Node* items = nullptr;  // array items, map values
    std::vector<const Node*> branches;
    int64_t size = 0;
};

bool is_primitive(std::string_view t) {
    for (const char* p : {"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
        if (t == p) return true;
    return false;
}

std::string short_name(const std::string& full) {
    const size_t dot = full.rfind('.');
    return dot == std::string::npos ? full : full.substr(dot + 1);
}

std::vector<std::string> aliases_of(const rapidjson::Value& v) {
    std::vector<std::string> out;
    auto a = v.FindMember("aliases");
    if (a != v.MemberEnd() && a->value.IsArray())
        for (const auto& s : a->value.GetArray())
            if (s.IsString()) out.push_back(short_name(s.GetString()));
    return out;
}

// One schema's nodes; named types are shared, so a recursive record is a cycle.
class Schema {
  public:
    explicit Schema(std::string_view text) {
        rapidjson::Document d;
        if (auto problem = parse_bounded_json(d, text)) throw std::invalid_argument(*problem);
        root_ = node(d, "");
    }
    const Node& root() const { return *root_; }

  private:
    Node* add(std::string type) {
        nodes_.emplace_back();
        nodes_.back().type = std::move(type);
        return &nodes_.back();
    }
    const Node* by_name(const std::string& name, const std::string& ns) {
        if (is_primitive(name)) return add(name);
        const std::string full =
            name.find('.') == std::string::npos && !ns.empty() ? ns + "." + name : name;
        for (const std::string& n : {full, name})
            if (auto it = named_.find(n); it != named_.end()) return it->second;
        throw std::invalid_argument("unknown type name '" + name + "'");
    }
    const Node* node(const rapidjson::Value& v, const std::string& ns) {
        if (v.IsString()) return by_name(v.GetString(), ns);
        if (v.IsArray()) {
            Node* u = add("union");
            for (const auto& b : v.GetArray())
                u->branches.push_back(node(b, ns));
            return u;
        }
        if (!v.IsObject() || !v.HasMember("type"))
            throw std::invalid_argument(
                "a type must be a name, an array or an object with \"type\"");
        const rapidjson::Value& t = v["type"];
        if (!t.IsString()) return node(t, ns);
        const std::string type = t.GetString();
        if (type == "array" || type == "map") {
            const char* key = type == "array" ? "items" : "values";
            if (!v.HasMember(key)) throw std::invalid_argument(type + " without \"" + key + "\"");
            Node* n = add(type);
            n->items = node(v[key], ns);
            return n;
        }
        if (type != "record" && type != "error" && type != "enum" && type != "fixed")
            return by_name(type, ns);
        if (!v.HasMember("name") || !v["name"].IsString())
            throw std::invalid_argument("a " + type + " without a name");
        std::string full = v["name"].GetString();
        if (full.find('.') == std::string::npos) {
            std::string space = ns;
            if (v.HasMember("namespace") && v["namespace"].IsString())
                space = v["namespace"].GetString();
            if (!space.empty()) full = space + "." + full;
        }
        Node* n = add(type == "error" ? "record" : type);
        n->name = short_name(full);
        n->aliases = aliases_of(v);
        named_[full] = n;
        const size_t dot = full.rfind('.');
        const std::string inner = dot == std::string::npos ? "" : full.substr(0, dot);
        if (n->type == "record") {
            if (!v.HasMember("fields") || !v["fields"].IsArray())
                throw std::invalid_argument("record " + full + " without \"fields\"");
            for (const auto& f : v["fields"].GetArray()) {
                if (!f.IsObject() || !f.HasMember("name") || !f["name"].IsString() ||
                    !f.HasMember("type"))
                    throw std::invalid_argument("a field of " + full + " without a name or a type");
                n->fields.push_back({f["name"].GetString(), aliases_of(f), node(f["type"], inner),
                                     f.HasMember("default")});
            }
        } else if (n->type == "enum") {
            if (!v.HasMember("symbols") || !v["symbols"].IsArray())
                throw std::invalid_argument("enum " + full + " without \"symbols\"");
            for (const auto& s : v["symbols"].GetArray())
                if (s.IsString()) n->symbols.emplace_back(s.GetString());
            n->has_enum_default = v.HasMember("default");
        } else {
            if (!v.HasMember("size") || !v["size"].IsInt64())
                throw std::invalid_argument("fixed " + full + " without \"size\"");
            n->size = v["size"].GetInt64();
        }
        return n;
    }

    std::deque<Node> nodes_;  // stable addresses
    std::map<std::string, const Node*> named_;
    const Node* root_ = nullptr;
};

// The promotions of the specification: what a reader type accepts besides itself.
bool promotes(const std::string& writer, const std::string& reader) {
    static const std::set<std::pair<std::string, std::string>> allowed = {
        {"int", "long"},    {"int", "float"},    {"int", "double"},   {"long", "float"},
        {"long", "double"}, {"float", "double"}, {"string", "bytes"}, {"bytes", "string"},
    };
    return allowed.count({writer, reader}) > 0;
}

bool named_alike(const Node& reader, const Node& writer) {
    return reader.name == writer.name || std::find(reader.aliases.begin(), reader.aliases.end(),
                                                   writer.name) != reader.aliases.end();
}

class Checker {
  public:
    std::vector<std::string> problems;

    void check(const Node& r, const Node& w, const std::string& path) {
        // A recursive type meets itself again: assume the pair fits, as
        // the check already under way for it decides.
        if (!in_progress_.insert({&r, &w}).second) return;
        if (w.type == "union") {
            for (size_t i = 0; i < w.branches.size(); ++i)
                check(r, *w.branches[i], path + "/" + std::to_string(i));
        } else if (r.type == "union") {
            const bool some = std::any_of(r.branches.begin(), r.branches.end(), [&](const Node* b) {
                Checker trial;
                trial.in_progress_ = in_progress_;  // the pairs already assumed to fit
                trial.check(*b, w, path);
                return trial.problems.empty();
            });
            if (!some)
                add("MISSING_UNION_BRANCH", path,
                    "the reader's union has no branch that reads the writer's " + describe(w));
        } else if (r.type != w.type) {
            if (!promotes(w.type, r.type))
                add("TYPE_MISMATCH", path,
                    "the reader's " + describe(r) + " cannot read the writer's " + describe(w));
        } else if (r.type == "record") {
            check_record(r, w, path);
        } else if (r.type == "enum") {
            if (!check_name(r, w, path)) return;
            std::vector<std::string> missing;
            for (const auto& s : w.symbols)
                if (std::find(r.symbols.begin(), r.symbols.end(), s) == r.symbols.end())
                    missing.push_back(s);
            if (!missing.empty() && !r.has_enum_default) {
                std::string list;
                for (const auto& s : missing)
                    list += (list.empty() ? "" : ", ") + s;
                add("MISSING_ENUM_SYMBOLS", path + "/symbols",
                    "the reader's enum " + r.name + " lacks the writer's symbols [" + list + "]");
            }
        } else if (r.type == "fixed") {
            if (check_name(r, w, path) && r.size != w.size)
                add("FIXED_SIZE_MISMATCH", path + "/size",
                    "the reader's fixed " + r.name + " has " + std::to_string(r.size) +
                        " bytes, the writer's " + std::to_string(w.size));
        } else if (r.type == "array") {
            check(*r.items, *w.items, path + "/items");
        } else if (r.type == "map") {
            check(*r.items, *w.items, path + "/values");
        }
    }

  private:
    void add(const char* kind, const std::string& path, const std::string& what) {
        problems.push_back(std::string(kind) + " at " + (path.empty() ? "/" : path) + ": " + what);
    }
    static std::string describe(const Node& n) {
        return n.name.empty() ? n.type : n.type + " " + n.name;
    }
    bool check_name(const Node& r, const Node& w, const std::string& path) {
        if (named_alike(r, w)) return true;
        add("NAME_MISMATCH", path + "/name",
            "the reader's " + r.type + " is named " + r.name + ", the writer's " + w.name);
        return false;
    }
    void check_record(const Node& r, const Node& w, const std::string& path) {
        if (!check_name(r, w, path)) return;
        for (size_t i = 0; i < r.fields.size(); ++i) {
            const Field& rf = r.fields[i];
            auto wf = std::find_if(w.fields.begin(), w.fields.end(), [&](const Field& f) {
                return f.name == rf.name ||
                       std::find(rf.aliases.begin(), rf.aliases.end(), f.name) != rf.aliases.end();
            });
            const std::string at = path + "/fields/" + std::to_string(i);
            if (wf != w.fields.end())
                check(*rf.type, *wf->type, at + "/type");
            else if (!rf.has_default)
                add("READER_FIELD_MISSING_DEFAULT_VALUE", at,
                    "the reader's field '" + rf.name +
                        "' has no default value and the writer has no such field");
        }
    }

    std::set<std::pair<const Node*, const Node*>> in_progress_;
};

}  // namespace

std::vector<std::string> avro_read_problems(std::string_view reader, std::string_view writer) {
    const Schema r(reader), w(writer);
    Checker c;
    c.check(r.root(), w.root(), "");
    return c.problems;
}

}  // namespace kc::host::kafka::registry
