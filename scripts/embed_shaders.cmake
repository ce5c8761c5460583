# Writes the GLSL sources of shaders/ into a C++ header as raw string constants (run at build time).
file(READ ${VERT} vert)
file(READ ${FRAG} frag)
file(WRITE ${OUT} "// Generated from shaders/ by scripts/embed_shaders.cmake; do not edit.\n#pragma once\nnamespace mvr::app::shaders {\n")
file(APPEND ${OUT} "inline constexpr const char* kImguiVert = R\"glsl(${vert})glsl\";\n")
file(APPEND ${OUT} "inline constexpr const char* kImguiFrag = R\"glsl(${frag})glsl\";\n")
file(APPEND ${OUT} "}  // namespace mvr::app::shaders\n")
