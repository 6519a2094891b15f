// A source connector for the tests of a herder that never waits on a plugin:
// with block.in=start its start() never returns, with block.in=stop its
// stop() never returns (as a JDBC source whose database accepts connections
// and never answers). Its one task emits nothing.
#include <kc/export.hpp>

#include <chrono>
#include <string>
#include <thread>

namespace it_fixture {

kc::ConfigDef blocking_config() {
    kc::ConfigDef def;
    def.define("block.in", kc::ConfigType::String, "none", kc::Importance::High,
               "start, stop or none: the Connector call that never returns");
    return def;
}

[[noreturn]] void block_forever() {
    while (true)
        std::this_thread::sleep_for(std::chrono::hours(1));
}

class IdleTask : public kc::SourceTask {
  public:
    void start(const kc::ConfigMap&) override {}
    void poll(kc::SourceRecords&) override {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    void stop() override {}
};

class BlockingSourceConnector : public kc::SourceConnector {
  public:
    using Task = IdleTask;
    static constexpr kc::PluginInfo info{.class_name = "org.kc.it.BlockingSourceConnector",
                                         .version = "1.0",
                                         .doc = "Blocks in start() or stop()"};
    static kc::ConfigDef configDef() { return blocking_config(); }
    void start(const kc::ConfigMap& props) override {
        props_ = props;
        block_in_ = kc::Config(blocking_config(), props).getString("block.in");
        if (block_in_ == "start") block_forever();
    }
    std::vector<kc::ConfigMap> taskConfigs(int) override { return {props_}; }
    void stop() override {
        if (block_in_ == "stop") block_forever();
    }

  private:
    kc::ConfigMap props_;
    std::string block_in_;
};

}  // namespace it_fixture

KC_EXPORT_PLUGINS(it_fixture::BlockingSourceConnector);
