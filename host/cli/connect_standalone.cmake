# connect-standalone: the standalone worker (Java's bin/connect-standalone.sh).
add_executable(connect-standalone
  ${CMAKE_CURRENT_LIST_DIR}/connect_standalone.cpp
  ${CMAKE_CURRENT_LIST_DIR}/connect_standalone_args.cpp
  ${CMAKE_CURRENT_LIST_DIR}/worker_process.cpp
  ${CMAKE_CURRENT_LIST_DIR}/metrics_endpoint.cpp)
target_include_directories(connect-standalone SYSTEM PRIVATE ${RAPIDJSON_INCLUDE_DIRS})
target_link_libraries(connect-standalone PRIVATE kc_host_herder kc_host_rest kc_host_runtime
                      kc_host_cli_command_line)
# Plugin discovery runs library loads in this helper, found beside the worker.
add_dependencies(connect-standalone kc-plugin-scanner)
# The schema registry served beside an embedded broker.
target_sources(connect-standalone PRIVATE ${CMAKE_CURRENT_LIST_DIR}/embedded_registry.cpp)
target_link_libraries(connect-standalone PRIVATE kc_host_schema_registry)
