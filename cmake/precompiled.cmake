# Precompiled third-party headers: stepwise_precompile(<target> <header>...).
# nlohmann/json, spdlog, CLI11, Beast and Catch2 cost 2-4 s of parsing in every
# translation unit that includes them, most of a fresh build on two cores
# (docs/benchmarks.md, "The test command's time"); compiled once per target
# they cost that once. Only library headers go in, never the project's own, so
# a source still names every header it uses. STEPWISE_PCH=OFF builds without
# (for checking includes, or a compiler cache that refuses precompiled headers).
option(STEPWISE_PCH "Precompile the heavy third-party headers" ON)

function(stepwise_precompile target)
  if(STEPWISE_PCH)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()
