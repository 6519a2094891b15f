#include "host/runtime/transformation_chain.hpp"

#include <map>
#include <stdexcept>

namespace kc::host::runtime {

TransformationChain::TransformationChain(PluginRegistry& registry, const ConnectorConfig& config,
                                         InstanceContext* context) {
    std::map<std::string, PredicateInstance*> by_alias;
    for (const auto& p : config.predicates) {
        const std::string key = "predicates." + p.alias + ".type";
        try {
            auto handle = registry.resolve(KC_KIND_PREDICATE, p.type);
            auto inst = std::make_unique<PredicateInstance>(handle, context);
            ConfigEntries entries(p.config);
            inst->configure(*entries.get());
            by_alias[p.alias] = inst.get();
            predicates_.push_back(std::move(inst));
        } catch (const std::exception& e) {
            throw std::runtime_error("Invalid predicate '" + p.alias + "' (" + key + "=" + p.type +
                                     "): " + e.what());
        }
    }
    for (const auto& t : config.transforms) {
        const std::string key = "transforms." + t.alias + ".type";
        Step stage;
        stage.alias = t.alias;
        stage.negate = t.negate;
        try {
            auto handle = registry.resolve(KC_KIND_TRANSFORMATION, t.type);
            stage.class_name = handle.info().class_name;
            stage.transform = std::make_unique<TransformInstance>(handle, context);
            ConfigEntries entries(t.config);
            stage.transform->configure(*entries.get());
        } catch (const std::exception& e) {
            throw std::runtime_error("Invalid transformation '" + t.alias + "' (" + key + "=" +
                                     t.type + "): " + e.what());
        }
        if (!t.predicate.empty()) {
            auto it = by_alias.find(t.predicate);
            if (it == by_alias.end())
                throw std::runtime_error("Invalid value " + t.predicate +
                                         " for configuration transforms." + t.alias +
                                         ".predicate: no predicate with that alias in "
                                         "'predicates'");
            stage.predicate = it->second;
        }
        stages_.push_back(std::move(stage));
    }
}

const kc_record* TransformationChain::apply(const kc_record* record, Arena& arena,
                                            ErrorHandler& errors,
                                            const kafka::ConsumedMessage* consumed,
                                            bool* dropped_by_error) {
    if (dropped_by_error) *dropped_by_error = false;
    for (Step& s : stages_) {
        const kc_record* out = record;
        bool ok = errors.execute(Stage::Transformation, s.class_name, consumed, [&] {
            // Java: the transform runs when predicate.test() != negate.
            if (s.predicate && s.predicate->test(*record) == s.negate) {
                out = record;
                return;
            }
            out = s.transform->apply(*record, arena);
        });
        if (!ok) {
            if (dropped_by_error) *dropped_by_error = true;
            return nullptr;
        }
        if (!out) return nullptr;
        record = out;
    }
    return record;
}

}  // namespace kc::host::runtime
