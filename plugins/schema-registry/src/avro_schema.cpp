#include "avro_schema.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <kc/error.hpp>
#include <map>
#include <set>

namespace kc_schema_registry {

namespace {

constexpr std::pair<std::string_view, AvroType> kPrimitives[] = {
    {"null", AvroType::Null},   {"boolean", AvroType::Boolean}, {"int", AvroType::Int},
    {"long", AvroType::Long},   {"float", AvroType::Float},     {"double", AvroType::Double},
    {"bytes", AvroType::Bytes}, {"string", AvroType::String},
};

std::string json_text(const rapidjson::Value& v) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    v.Accept(w);
    return std::string(buf.GetString(), buf.GetSize());
}

std::string quoted(std::string_view s) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    return std::string(buf.GetString(), buf.GetSize());
}

// Keys Avro itself defines for each kind of node; anything else is a property.
bool reserved_key(std::string_view k) {
    static const std::set<std::string_view> keys = {
        "type",   "name", "namespace",   "doc",       "fields", "symbols", "items",
        "values", "size", "logicalType", "precision", "scale",  "aliases", "default"};
    return keys.count(k) > 0;
}

class Parser {
  public:
    explicit Parser(AvroSchema& out) : out_(out) {}

    const AvroNode* node(const rapidjson::Value& v, const std::string& ns) {
        if (v.IsString()) return by_name(v.GetString(), ns);
        if (v.IsArray()) {
            AvroNode* u = out_.add(AvroType::Union);
            for (const auto& b : v.GetArray())
                u->branches.push_back(node(b, ns));
            if (u->branches.empty()) throw kc::DataException("Avro schema: an empty union");
            return u;
        }
        if (!v.IsObject())
            throw kc::DataException("Avro schema: expected a type, got " + json_text(v));
        auto t = v.FindMember("type");
        if (t == v.MemberEnd())
            throw kc::DataException("Avro schema: no \"type\" in " + json_text(v));
        if (!t->value.IsString()) return node(t->value, ns);  // {"type": {...}} or {"type": [...]}
        const std::string_view type = t->value.GetString();
        AvroNode* n = nullptr;
        std::string inner_ns = ns;
        if (type == "record" || type == "error" || type == "enum" || type == "fixed") {
            n = out_.add(type == "enum"    ? AvroType::Enum
                         : type == "fixed" ? AvroType::Fixed
                                           : AvroType::Record);
            n->full_name = full_name(v, ns);
            const size_t dot = n->full_name.rfind('.');
            inner_ns = dot == std::string::npos ? "" : n->full_name.substr(0, dot);
            named_[n->full_name] = n;
        } else {
            for (const auto& [name, prim] : kPrimitives)
                if (name == type) n = out_.add(prim);
            if (type == "array") n = out_.add(AvroType::Array);
            if (type == "map") n = out_.add(AvroType::Map);
            if (!n) {
                const AvroNode* named = by_name(std::string(type), ns);
                return named;
            }
        }
        for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
            const std::string_view key(m->name.GetString(), m->name.GetStringLength());
            if (key == "doc" && m->value.IsString()) n->doc = m->value.GetString();
            if (key == "logicalType" && m->value.IsString()) n->logical_type = m->value.GetString();
            if (key == "precision" && m->value.IsInt()) n->precision = m->value.GetInt();
            if (key == "scale" && m->value.IsInt()) n->scale = m->value.GetInt();
            if (!reserved_key(key)) n->props.emplace_back(std::string(key), json_text(m->value));
        }
        switch (n->type) {
            case AvroType::Record: {
                auto f = v.FindMember("fields");
                if (f == v.MemberEnd() || !f->value.IsArray())
                    throw kc::DataException("Avro schema: record " + n->full_name +
                                            " has no \"fields\" array");
                for (const auto& fv : f->value.GetArray()) {
                    if (!fv.IsObject() || !fv.HasMember("name") || !fv["name"].IsString() ||
                        !fv.HasMember("type"))
                        throw kc::DataException("Avro schema: record " + n->full_name +
                                                " has a field without name or type");
                    AvroField field;
                    field.name = fv["name"].GetString();
                    field.type = node(fv["type"], inner_ns);
                    if (fv.HasMember("doc") && fv["doc"].IsString())
                        field.doc = fv["doc"].GetString();
                    if (fv.HasMember("default")) field.default_json = json_text(fv["default"]);
                    n->fields.push_back(std::move(field));
                }
                break;
            }
            case AvroType::Enum: {
                auto s = v.FindMember("symbols");
                if (s == v.MemberEnd() || !s->value.IsArray())
                    throw kc::DataException("Avro schema: enum " + n->full_name +
                                            " has no symbols");
                for (const auto& sym : s->value.GetArray())
                    if (sym.IsString()) n->symbols.emplace_back(sym.GetString());
                break;
            }
            case AvroType::Fixed: {
                auto s = v.FindMember("size");
                if (s == v.MemberEnd() || !s->value.IsUint())
                    throw kc::DataException("Avro schema: fixed " + n->full_name + " has no size");
                n->fixed_size = s->value.GetUint();
                break;
            }
            case AvroType::Array:
            case AvroType::Map: {
                const char* key = n->type == AvroType::Array ? "items" : "values";
                auto s = v.FindMember(key);
                if (s == v.MemberEnd())
                    throw kc::DataException(std::string("Avro schema: ") + std::string(type) +
                                            " without \"" + key + "\"");
                n->items = node(s->value, ns);
                break;
            }
            default:
                break;
        }
        return n;
    }

  private:
    static std::string full_name(const rapidjson::Value& v, const std::string& ns) {
        auto n = v.FindMember("name");
        if (n == v.MemberEnd() || !n->value.IsString())
            throw kc::DataException("Avro schema: a named type without \"name\": " + json_text(v));
        std::string name = n->value.GetString();
        if (name.find('.') != std::string::npos) return name;
        auto s = v.FindMember("namespace");
        const std::string space =
            s != v.MemberEnd() && s->value.IsString() ? s->value.GetString() : ns;
        return space.empty() ? name : space + "." + name;
    }
    const AvroNode* by_name(const std::string& name, const std::string& ns) {
        for (const auto& [prim, type] : kPrimitives)
            if (prim == name) return out_.add(type);
        auto it = named_.find(name);
        if (it == named_.end() && !ns.empty() && name.find('.') == std::string::npos)
            it = named_.find(ns + "." + name);
        if (it == named_.end()) throw kc::DataException("Avro schema: unknown type '" + name + "'");
        return it->second;
    }

    AvroSchema& out_;
    std::map<std::string, const AvroNode*> named_;
};

class Writer {
  public:
    void node(const AvroNode& n, const std::string& ns) {
        const bool named =
            n.type == AvroType::Record || n.type == AvroType::Enum || n.type == AvroType::Fixed;
        if (named && !written_.insert(n.full_name).second) {
            out_ += quoted(relative(n.full_name, ns));
            return;
        }
        if (n.type == AvroType::Union) {
            out_ += '[';
            for (size_t i = 0; i < n.branches.size(); ++i) {
                if (i) out_ += ',';
                node(*n.branches[i], ns);
            }
            out_ += ']';
            return;
        }
        const bool bare = !named && n.type != AvroType::Array && n.type != AvroType::Map &&
                          n.logical_type.empty() && n.props.empty();
        if (bare) {
            out_ += quoted(avro_type_name(n.type));
            return;
        }
        out_ += "{\"type\":" + quoted(avro_type_name(n.type));
        std::string inner_ns = ns;
        if (named) {
            const size_t dot = n.full_name.rfind('.');
            out_ += ",\"name\":" + quoted(n.short_name());
            inner_ns = dot == std::string::npos ? "" : n.full_name.substr(0, dot);
            if (inner_ns != ns || dot != std::string::npos)
                out_ += ",\"namespace\":" + quoted(inner_ns);
            if (!n.doc.empty()) out_ += ",\"doc\":" + quoted(n.doc);
        }
        switch (n.type) {
            case AvroType::Record:
                out_ += ",\"fields\":[";
                for (size_t i = 0; i < n.fields.size(); ++i) {
                    const AvroField& f = n.fields[i];
                    if (i) out_ += ',';
                    out_ += "{\"name\":" + quoted(f.name) + ",\"type\":";
                    node(*f.type, inner_ns);
                    if (!f.doc.empty()) out_ += ",\"doc\":" + quoted(f.doc);
                    if (!f.default_json.empty()) out_ += ",\"default\":" + f.default_json;
                    out_ += '}';
                }
                out_ += ']';
                break;
            case AvroType::Enum:
                out_ += ",\"symbols\":[";
                for (size_t i = 0; i < n.symbols.size(); ++i)
                    out_ += (i ? "," : "") + quoted(n.symbols[i]);
                out_ += ']';
                break;
            case AvroType::Fixed:
                out_ += ",\"size\":" + std::to_string(n.fixed_size);
                break;
            case AvroType::Array:
            case AvroType::Map:
                out_ += n.type == AvroType::Array ? ",\"items\":" : ",\"values\":";
                node(*n.items, ns);
                break;
            default:
                break;
        }
        if (n.logical_type == "decimal")
            out_ += ",\"precision\":" + std::to_string(n.precision) +
                    ",\"scale\":" + std::to_string(n.scale);
        for (const auto& [k, v] : n.props)
            out_ += "," + quoted(k) + ":" + v;
        if (!n.logical_type.empty()) out_ += ",\"logicalType\":" + quoted(n.logical_type);
        out_ += '}';
    }
    std::string take() { return std::move(out_); }

  private:
    static std::string relative(const std::string& full, const std::string& ns) {
        const size_t dot = full.rfind('.');
        if (dot != std::string::npos && full.compare(0, dot, ns) == 0 && dot == ns.size())
            return full.substr(dot + 1);
        return full;
    }
    std::string out_;
    std::set<std::string> written_;
};

}  // namespace

std::string_view avro_type_name(AvroType t) noexcept {
    switch (t) {
        case AvroType::Null:
            return "null";
        case AvroType::Boolean:
            return "boolean";
        case AvroType::Int:
            return "int";
        case AvroType::Long:
            return "long";
        case AvroType::Float:
            return "float";
        case AvroType::Double:
            return "double";
        case AvroType::Bytes:
            return "bytes";
        case AvroType::String:
            return "string";
        case AvroType::Record:
            return "record";
        case AvroType::Enum:
            return "enum";
        case AvroType::Array:
            return "array";
        case AvroType::Map:
            return "map";
        case AvroType::Union:
            return "union";
        case AvroType::Fixed:
            return "fixed";
    }
    return "unknown";
}

AvroSchema AvroSchema::parse(std::string_view json) {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError())
        throw kc::DataException("Avro schema is not valid JSON (at offset " +
                                std::to_string(doc.GetErrorOffset()) + ")");
    AvroSchema s;
    Parser p(s);
    s.root_ = p.node(doc, "");
    return s;
}

std::string AvroSchema::to_json() const {
    Writer w;
    w.node(*root_, "");
    return w.take();
}

}  // namespace kc_schema_registry
