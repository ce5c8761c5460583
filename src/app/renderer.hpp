// Draws Dear ImGui's draw lists with WebGL2 (OpenGL ES 3.0), using the GLSL in shaders/.
#pragma once

#include <cstdint>
#include <vector>

#include "imgui.h"

namespace mvr::app {

// Compiles and links a program from GLSL sources; 0 with the compiler's message on stderr.
unsigned linkProgram(const char* vertex, const char* fragment);

class Renderer {
public:
    bool init();          // compiles shaders, creates buffers; false with a message on stderr
    void createFontTexture();
    void render(ImDrawData* data);
    // A digest of everything render() would draw (geometry, clip rectangles, textures, framebuffer size,
    // font texture): the same digest means the same pixels, so the frame need not be drawn again.
    uint64_t signature(const ImDrawData* data) const;
    void shutdown();

private:
    unsigned m_program = 0, m_vao = 0, m_vbo = 0, m_ibo = 0, m_font = 0;
    int m_uProjection = -1, m_uTexture = -1;
    uint64_t m_fontGeneration = 0;
    // A frame's vertices and indices, every draw list's one after another: one upload each a frame.
    std::vector<ImDrawVert> m_vertices;
    std::vector<ImDrawIdx> m_indices;
};

}  // namespace mvr::app
