// AvroConverter beside Debian's Avro C library (libavro) on the same records,
// in the same run: serialise (ours: Connect value -> framed Avro bytes;
// Avro C: the same value set into its generic avro_value_t, then written) and
// deserialise (ours: framed bytes -> Connect value in the arena; Avro C: the
// same payload read into a reused generic value), for the converter bench's
// record shapes; plus, in steady state, heap allocations and registry calls
// per record. The registry is the project's embedded one, in process.
//   bench_avro [--seconds S]   (time per measurement, default 0.5)
#include <avro.h>

#include <stdexcept>
#include <string>

#include "avro_converter.hpp"
#include "registry_bench.hpp"

namespace {

using namespace bench;
using kc_schema_registry::AvroNode;
using kc_schema_registry::AvroType;

void check(int rc, const char* what) {
    if (rc != 0) throw std::runtime_error(std::string(what) + ": " + avro_strerror());
}

// Sets a Connect value into an Avro C generic value, as a producer using Avro
// C would from its own data.
void fill(avro_value_t* out, const AvroNode& n, kc::SchemaView s, kc::ValueView v) {
    switch (n.type) {
        case AvroType::Union: {
            const auto ou = kc_schema_registry::optional_union(n);
            avro_value_t branch;
            if (v.is_null()) {
                check(avro_value_set_branch(out, ou.null_index, &branch), "branch");
                check(avro_value_set_null(&branch), "null");
            } else {
                check(avro_value_set_branch(out, ou.value_index, &branch), "branch");
                fill(&branch, *ou.value, s, v);
            }
            return;
        }
        case AvroType::Boolean:
            check(avro_value_set_boolean(out, v.as_bool()), "boolean");
            return;
        case AvroType::Int:
            check(avro_value_set_int(out, static_cast<int32_t>(v.as_int())), "int");
            return;
        case AvroType::Long:
            check(avro_value_set_long(out, v.as_int()), "long");
            return;
        case AvroType::Float:
            check(avro_value_set_float(out, static_cast<float>(v.as_double())), "float");
            return;
        case AvroType::Double:
            check(avro_value_set_double(out, v.as_double()), "double");
            return;
        case AvroType::String: {
            // Avro C's length counts a terminating NUL; the shapes' strings
            // are literals, so it is there.
            const std::string_view str = v.as_string();
            check(avro_value_set_string_len(out, str.data(), str.size() + 1), "string");
            return;
        }
        case AvroType::Bytes: {
            const std::string_view b = v.as_string();
            check(avro_value_set_bytes(out, const_cast<char*>(b.data()), b.size()), "bytes");
            return;
        }
        case AvroType::Record:
            for (size_t i = 0; i < n.fields.size(); ++i) {
                avro_value_t field;
                check(avro_value_get_by_index(out, i, &field, nullptr), "field");
                fill(&field, *n.fields[i].type, s.field(i).schema, v.as_struct().get(i));
            }
            return;
        case AvroType::Array: {
            check(avro_value_reset(out), "reset");
            for (const kc_value& item : v.as_array()) {
                avro_value_t child;
                check(avro_value_append(out, &child, nullptr), "append");
                fill(&child, *n.items, s.value_schema(), &item);
            }
            return;
        }
        case AvroType::Map: {
            check(avro_value_reset(out), "reset");
            std::string key;
            for (const kc_map_entry& e : v.as_map()) {
                key.assign(kc::sv(e.key.u.str));
                avro_value_t child;
                check(avro_value_add(out, key.c_str(), &child, nullptr, nullptr), "add");
                fill(&child, *n.items, s.value_schema(), &e.value);
            }
            return;
        }
        default:
            throw std::runtime_error("shape type not in this benchmark");
    }
}

struct AvroC {
    avro_schema_t schema;
    avro_value_iface_t* iface;
    avro_value_t value;
    avro_writer_t writer;
    avro_reader_t reader;
    std::vector<char> buf = std::vector<char>(1 << 16);

    explicit AvroC(const std::string& json) {
        check(avro_schema_from_json_length(json.c_str(), json.size(), &schema), "schema");
        iface = avro_generic_class_from_schema(schema);
        check(avro_generic_value_new(iface, &value), "value");
        writer = avro_writer_memory(buf.data(), static_cast<int64_t>(buf.size()));
        reader = avro_reader_memory(buf.data(), 0);
    }
    ~AvroC() {
        avro_reader_free(reader);
        avro_writer_free(writer);
        avro_value_decref(&value);
        avro_value_iface_decref(iface);
        avro_schema_decref(schema);
    }
};

}  // namespace

int main(int argc, char** argv) {
    RegistryBench b(argc, argv, "avro-c/s", "avro MB/s");
    bool ok = true;
    for (const Shape& shape : b.shapes) {
        kc_schema_registry::AvroConverterImpl conv;
        conv.configure({{"schema.registry.url", b.registry.url()}}, false);
        kc_arena arena;
        kc::Arena a(&b.host, &arena);
        const std::string framed(*conv.from_connect("bench", shape.schema, &shape.value, a));
        const auto avro = kc_schema_registry::to_avro_schema(shape.schema, {});
        AvroC c(avro.to_json());
        auto c_write = [&] {
            fill(&c.value, avro.root(), shape.schema, &shape.value);
            avro_writer_memory_set_dest(c.writer, c.buf.data(), static_cast<int64_t>(c.buf.size()));
            check(avro_value_write(c.writer, &c.value), "write");
        };

        Rate ser = measure(b.seconds, [&] {
            return conv.from_connect("bench", shape.schema, &shape.value, a)->size();
        });
        Rate c_ser = measure(b.seconds, [&] {
            c_write();
            return static_cast<size_t>(avro_writer_tell(c.writer));
        });
        RegistryBench::row(shape, "serialise", ser, c_ser);

        size_t n = 0;
        Rate de = measure(b.seconds, [&] {
            if (++n % 1024 == 0) arena.reset();  // the worker frees per batch
            conv.to_connect("bench", std::string_view(framed), a);
            return framed.size();
        });
        const std::string payload = framed.substr(kc_schema_registry::kWireHeaderSize);
        Rate c_de = measure(b.seconds, [&] {
            avro_reader_memory_set_source(c.reader, payload.data(),
                                          static_cast<int64_t>(payload.size()));
            check(avro_value_read(c.reader, &c.value), "read");
            return payload.size();
        });
        RegistryBench::row(shape, "deserialise", de, c_de);

        const double c_allocs =
            RegistryBench::allocations_per_record(RegistryBench::kRecords, [&](int) { c_write(); });
        ok = b.steady_state(conv, shape, framed, arena, a, "avro-c ser", c_allocs) && ok;
    }
    return ok ? 0 : 1;
}
