// The library's one export: every transform and predicate, under Java's
// class names, so existing connector configs work unchanged.
#include <kc/export.hpp>

#include "cast.hpp"
#include "drop_headers.hpp"
#include "extract_field.hpp"
#include "filter.hpp"
#include "flatten.hpp"
#include "header_from.hpp"
#include "hoist_field.hpp"
#include "insert_field.hpp"
#include "insert_header.hpp"
#include "mask_field.hpp"
#include "predicates.hpp"
#include "regex_router.hpp"
#include "replace_field.hpp"
#include "set_schema_metadata.hpp"
#include "timestamp_converter.hpp"
#include "timestamp_router.hpp"
#include "value_to_key.hpp"

namespace t = kc_transforms;

KC_EXPORT_PLUGINS(t::Cast<t::Side::Key>, t::Cast<t::Side::Value>, t::DropHeaders,
                  t::ExtractField<t::Side::Key>, t::ExtractField<t::Side::Value>, t::Filter,
                  t::Flatten<t::Side::Key>, t::Flatten<t::Side::Value>, t::HeaderFrom<t::Side::Key>,
                  t::HeaderFrom<t::Side::Value>, t::HoistField<t::Side::Key>,
                  t::HoistField<t::Side::Value>, t::InsertField<t::Side::Key>,
                  t::InsertField<t::Side::Value>, t::InsertHeader, t::MaskField<t::Side::Key>,
                  t::MaskField<t::Side::Value>, t::RegexRouter, t::ReplaceField<t::Side::Key>,
                  t::ReplaceField<t::Side::Value>, t::SetSchemaMetadata<t::Side::Key>,
                  t::SetSchemaMetadata<t::Side::Value>, t::TimestampConverter<t::Side::Key>,
                  t::TimestampConverter<t::Side::Value>, t::TimestampRouter, t::ValueToKey,
                  t::TopicNameMatches, t::HasHeaderKey, t::RecordIsTombstone);
