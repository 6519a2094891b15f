// kc/transformation.hpp - Java Transformation (single message transform).
//
// Threads: apply() is [instance-thread].
// Memory: return record.raw() unchanged, a new record built in `arena`
// (RecordBuilder(arena, *record.raw()) copies the fields to keep), or
// nullptr to drop the record.
#pragma once

#include "kc/config.hpp"
#include "kc/data.hpp"
#include "kc/plugin.hpp"

namespace kc {

class Transformation : public Plugin {
  public:
    static constexpr kc_plugin_kind kind = KC_KIND_TRANSFORMATION;

    virtual void configure(const ConfigMap& configs) = 0;
    virtual const kc_record* apply(RecordView record, Arena& arena) = 0;
};

}  // namespace kc
