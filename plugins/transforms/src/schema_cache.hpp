// The SMTs' derived-schema cache: the SDK's kc::SchemaCache (bounded, keyed by
// the input kc_schema pointer, safe across eviction and address reuse).
#pragma once

#include <kc/schema_cache.hpp>

namespace kc_transforms {

using kc::NoExtra;
template <class Extra = NoExtra>
using SchemaCache = kc::SchemaCache<Extra>;

}  // namespace kc_transforms
