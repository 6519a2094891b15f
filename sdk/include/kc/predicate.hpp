// kc/predicate.hpp - Java Predicate, gating a transformation. test() is
// [instance-thread]; the record is borrowed for the call.
#pragma once

#include "kc/config.hpp"
#include "kc/data.hpp"
#include "kc/plugin.hpp"

namespace kc {

class Predicate : public Plugin {
  public:
    static constexpr kc_plugin_kind kind = KC_KIND_PREDICATE;

    virtual void configure(const ConfigMap& configs) = 0;
    virtual bool test(RecordView record) = 0;
};

}  // namespace kc
