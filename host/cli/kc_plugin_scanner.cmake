# kc-plugin-scanner: the helper process that loads plugin code during discovery.
add_executable(kc-plugin-scanner ${CMAKE_CURRENT_LIST_DIR}/kc_plugin_scanner.cpp)
target_link_libraries(kc-plugin-scanner PRIVATE kc_host_plugins)
