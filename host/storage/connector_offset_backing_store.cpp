#include "host/storage/connector_offset_backing_store.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "host/storage/offset_index.hpp"

namespace kc::host::storage {
namespace {

std::string what_of(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown error";
    }
}

}  // namespace

ConnectorOffsetBackingStore::ConnectorOffsetBackingStore(
    OffsetBackingStore* worker_store, std::unique_ptr<OffsetBackingStore> connector_store)
    : worker_(worker_store), connector_(std::move(connector_store)) {
    if (!worker_ && !connector_)
        throw std::invalid_argument("a connector's offset store needs at least one backing store");
}

void ConnectorOffsetBackingStore::start() {
    if (connector_) connector_->start();
}

void ConnectorOffsetBackingStore::stop() {
    if (connector_) connector_->stop();
}

std::map<std::string, std::string> ConnectorOffsetBackingStore::get(
    const std::vector<std::string>& keys) {
    std::map<std::string, std::string> out;
    if (worker_) out = worker_->get(keys);
    if (connector_) {
        for (auto& [k, v] : connector_->get(keys))
            out.insert_or_assign(k, std::move(v));
    }
    return out;
}

std::map<std::string, std::string> ConnectorOffsetBackingStore::all() {
    // Matched by partition, not key bytes: the two topics may hold one
    // partition under different spellings.
    OffsetIndex merged;
    if (worker_) {
        for (auto& [k, v] : worker_->all())
            merged.set(k, std::move(v));
    }
    if (connector_) {
        for (auto& [k, v] : connector_->all())
            merged.set(k, std::move(v));
    }
    return merged.entries();
}

void ConnectorOffsetBackingStore::set(const OffsetEntries& entries, SetCallback done) {
    OffsetEntries regular, tombstones;
    for (const auto& entry : entries)
        (entry.second ? regular : tombstones).push_back(entry);
    if (!connector_ || !worker_ || tombstones.empty()) {
        set_primary_then_secondary(entries, std::move(regular), std::move(done));
        return;
    }
    worker_->set(tombstones, [this, entries, regular = std::move(regular),
                              done = std::move(done)](std::exception_ptr error) mutable {
        if (error) {
            spdlog::trace(
                "Not writing offsets to the connector's store: the tombstones could "
                "not be written to the worker's: {}",
                what_of(error));
            if (done) done(error);
            return;
        }
        try {
            set_primary_then_secondary(entries, std::move(regular), done);
        } catch (...) {
            // Thrown inside another store's callback: report it to ours instead.
            if (done) done(std::current_exception());
        }
    });
}

void ConnectorOffsetBackingStore::set_primary_then_secondary(const OffsetEntries& all,
                                                             OffsetEntries regular,
                                                             SetCallback done) {
    OffsetBackingStore* primary = connector_ ? connector_.get() : worker_;
    OffsetBackingStore* secondary = connector_ ? worker_ : nullptr;
    primary->set(all, [secondary, regular = std::move(regular),
                       done = std::move(done)](std::exception_ptr error) {
        if (secondary && !error) {
            // Best effort: the connector's store is the one that counts.
            try {
                secondary->set(regular, [](std::exception_ptr secondary_error) {
                    if (secondary_error) {
                        spdlog::warn("Failed to copy offsets to the worker's offset store: {}",
                                     what_of(secondary_error));
                    }
                });
            } catch (const std::exception& e) {
                spdlog::warn("Failed to copy offsets to the worker's offset store: {}", e.what());
            }
        }
        if (done) done(error);
    });
}

}  // namespace kc::host::storage
