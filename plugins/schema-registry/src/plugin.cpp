// The library's one export: the schema-registry converters under Confluent's
// class names, so existing worker and connector configs work unchanged.
#include <kc/export.hpp>

#include "avro_converter.hpp"
#include "converter_faces.hpp"
#include "json_schema_converter.hpp"
#include "protobuf_converter.hpp"

namespace sr = kc_schema_registry;

KC_EXPORT_PLUGINS(sr::AsConverter<sr::AvroConverterImpl>,
                  sr::AsHeaderConverter<sr::AvroConverterImpl>,
                  sr::AsConverter<sr::JsonSchemaConverterImpl>,
                  sr::AsHeaderConverter<sr::JsonSchemaConverterImpl>,
                  sr::AsConverter<sr::ProtobufConverterImpl>,
                  sr::AsHeaderConverter<sr::ProtobufConverterImpl>);
