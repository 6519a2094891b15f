# connect-distributed: a worker of a distributed cluster (Java's
# bin/connect-distributed.sh).
add_executable(connect-distributed ${CMAKE_CURRENT_LIST_DIR}/connect_distributed.cpp
  ${CMAKE_CURRENT_LIST_DIR}/worker_process.cpp
  ${CMAKE_CURRENT_LIST_DIR}/metrics_endpoint.cpp)
target_link_libraries(connect-distributed PRIVATE kc_host_distributed_herder kc_host_rest
                      kc_host_runtime kc_host_storage_kafka kc_host_cli_command_line)
add_dependencies(connect-distributed kc-plugin-scanner)
# The schema registry served beside an embedded broker.
target_sources(connect-distributed PRIVATE ${CMAKE_CURRENT_LIST_DIR}/embedded_registry.cpp)
target_link_libraries(connect-distributed PRIVATE kc_host_schema_registry)
