# One warning set for every target the project compiles, native and
# Emscripten alike: stepwise_warnings(<target>...). Warnings are errors
# (STEPWISE_WERROR, on by default; a newer compiler with new warnings can
# switch it off with -DSTEPWISE_WERROR=OFF). Third-party headers (nlohmann,
# Catch2, Beast, Dear ImGui) come in as SYSTEM includes and are not ours to fix;
# Dear ImGui's own sources are compiled without this set.
option(STEPWISE_WERROR "Treat compiler warnings as errors" ON)

set(STEPWISE_WARNING_FLAGS -Wall -Wextra -Wpedantic)
if(STEPWISE_WERROR)
  list(APPEND STEPWISE_WARNING_FLAGS -Werror)
endif()

function(stepwise_warnings)
  foreach(target IN LISTS ARGN)
    target_compile_options(${target} PRIVATE ${STEPWISE_WARNING_FLAGS})
  endforeach()
endfunction()
