# connect-plugin-path: list plugins and sync their manifests.
add_executable(connect-plugin-path
  ${CMAKE_CURRENT_LIST_DIR}/connect_plugin_path.cpp
  ${CMAKE_CURRENT_LIST_DIR}/connect_plugin_path_list.cpp
  ${CMAKE_CURRENT_LIST_DIR}/connect_plugin_path_sync.cpp)
target_link_libraries(connect-plugin-path PRIVATE kc_host_plugins kc_host_config
                                                  kc_host_cli_command_line)
# It scans through the helper process, found next to it.
add_dependencies(connect-plugin-path kc-plugin-scanner)
