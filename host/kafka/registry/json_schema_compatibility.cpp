#include "host/kafka/registry/json_schema_compatibility.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "host/core/bounded_json.hpp"

namespace kc::host::kafka::registry {

namespace {

using Value = rapidjson::Value;

// The "type" keyword as a set; empty: any type.
std::set<std::string> types(const Value& v) {
    std::set<std::string> out;
    if (!v.IsObject()) return out;
    auto t = v.FindMember("type");
    if (t == v.MemberEnd()) return out;
    if (t->value.IsString()) out.insert(t->value.GetString());
    if (t->value.IsArray())
        for (const auto& s : t->value.GetArray())
            if (s.IsString()) out.insert(s.GetString());
    return out;
}

const Value* member(const Value& v, const char* key) {
    if (!v.IsObject()) return nullptr;
    auto m = v.FindMember(key);
    return m == v.MemberEnd() ? nullptr : &m->value;
}

// The branches of a oneOf/anyOf, or nullptr.
const Value* union_of(const Value& v) {
    for (const char* key : {"oneOf", "anyOf"})
        if (const Value* u = member(v, key); u && u->IsArray()) return u;
    return nullptr;
}

bool closed(const Value& object) {
    const Value* a = member(object, "additionalProperties");
    return a && a->IsBool() && !a->GetBool();
}

bool listed(const Value* array, const std::string& name) {
    if (!array || !array->IsArray()) return false;
    for (const auto& s : array->GetArray())
        if (s.IsString() && name == s.GetString()) return true;
    return false;
}

std::string join(const std::set<std::string>& s) {
    std::string out;
    for (const auto& t : s)
        out += (out.empty() ? "" : ", ") + t;
    return "[" + out + "]";
}

class Checker {
  public:
    std::vector<std::string> problems;

    void check(const Value& r, const Value& w, const std::string& path) {
        if (const Value* wu = union_of(w)) {
            for (rapidjson::SizeType i = 0; i < wu->Size(); ++i)
                check(r, (*wu)[i], path + "/oneOf/" + std::to_string(i));
            return;
        }
        if (const Value* ru = union_of(r)) {
            const bool some = std::any_of(ru->Begin(), ru->End(), [&](const Value& b) {
                Checker trial;
                trial.check(b, w, path);
                return trial.problems.empty();
            });
            if (!some)
                add("MISSING_UNION_BRANCH", path,
                    "no branch of the reader's union reads the writer's schema");
            return;
        }
        const auto rt = types(r), wt = types(w);
        if (!rt.empty()) {
            if (wt.empty()) {
                add("TYPE_NARROWED", path,
                    "the reader requires " + join(rt) + ", the writer allows any type");
                return;
            }
            for (const auto& t : wt)
                if (!rt.count(t) && !(t == "integer" && rt.count("number"))) {
                    add("TYPE_CHANGED", path,
                        "the reader's " + join(rt) + " does not accept the writer's " + t);
                    return;
                }
        }
        if (wt.count("object") || rt.count("object")) check_object(r, w, path);
        if (const Value* ri = member(r, "items"), *wi = member(w, "items"); ri && wi)
            check(*ri, *wi, path + "/items");
    }

  private:
    void add(const char* kind, const std::string& path, const std::string& what) {
        problems.push_back(std::string(kind) + " at " + (path.empty() ? "/" : path) + ": " + what);
    }

    void check_object(const Value& r, const Value& w, const std::string& path) {
        static const Value empty(rapidjson::kObjectType);
        const Value* rp = member(r, "properties");
        const Value* wp = member(w, "properties");
        if (!rp || !rp->IsObject()) rp = &empty;
        if (!wp || !wp->IsObject()) wp = &empty;
        for (const auto& p : wp->GetObject()) {
            const std::string name = p.name.GetString();
            const std::string at = path + "/properties/" + name;
            if (auto m = rp->FindMember(p.name); m != rp->MemberEnd())
                check(m->value, p.value, at);
            else if (closed(r))
                add("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", at,
                    "the reader allows no additional properties and lacks '" + name + "'");
        }
        for (const auto& p : rp->GetObject()) {
            const std::string name = p.name.GetString();
            const std::string at = path + "/properties/" + name;
            if (wp->HasMember(p.name)) continue;
            // The writer's documents may hold anything under that name.
            if (!closed(w))
                add("PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", at,
                    "the writer allows additional properties, which '" + name +
                        "' in the reader may reject");
        }
        const Value* rreq = member(r, "required");
        if (rreq && rreq->IsArray())
            for (const auto& s : rreq->GetArray()) {
                if (!s.IsString()) continue;
                const std::string name = s.GetString();
                const Value* prop = member(*rp, name.c_str());
                if (listed(member(w, "required"), name) || (prop && member(*prop, "default")))
                    continue;
                add("REQUIRED_PROPERTY_ADDED", path + "/required",
                    "the reader requires '" + name + "', which the writer does not");
            }
    }
};

void parse(rapidjson::Document& d, std::string_view text) {
    if (auto problem = parse_bounded_json(d, text)) throw std::invalid_argument(*problem);
}

}  // namespace

std::vector<std::string> json_schema_read_problems(std::string_view reader,
                                                   std::string_view writer) {
    rapidjson::Document r, w;
    parse(r, reader);
    parse(w, writer);
    Checker c;
    c.check(r, w, "");
    return c.problems;
}

}  // namespace kc::host::kafka::registry
