# connect-embedded-broker: the embedded in-memory Kafka broker as its own
# process, so several workers, tests and kcat can share one.
add_executable(connect-embedded-broker ${CMAKE_CURRENT_LIST_DIR}/connect_embedded_broker.cpp)
target_link_libraries(connect-embedded-broker PRIVATE kc_host_kafka kc_host_schema_registry kc_host_cli_command_line
                      spdlog::spdlog)
