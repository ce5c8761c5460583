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
    // Draws the frame over what the canvas shows (its context keeps its drawing buffer): only the area where it
    // differs from the last frame drawn, cleared to `background` first; all of it when the size or the font
    // changed, or the order of what is drawn did. Call signature() for the same frame first.
    void render(ImDrawData* data, ImVec4 background);
    // A digest of everything render() would draw (geometry, clip rectangles, textures, framebuffer size,
    // font texture): the same digest means the same pixels, so the frame need not be drawn again. It also
    // notes a digest and a place for each draw command, which render() compares with the last frame drawn.
    uint64_t signature(const ImDrawData* data);
    // Device pixels render() drew last time (x0, y0, x1, y1 from the top left); for tests and benchmarks.
    const float* lastDamage() const { return m_lastDamage; }
    // The next frame is drawn whole (the canvas was lost, or a test compares partial frames with a whole one).
    void drawWholeNext() { m_drawnItems.clear(); }
    // After a lost WebGL context was restored: the old objects are gone with it, so they are forgotten (not
    // deleted) and made again, the font texture and the charts' too.
    bool recreate();
    void shutdown();

private:
    unsigned m_program = 0, m_vao = 0, m_vbo = 0, m_ibo = 0, m_font = 0;
    int m_uProjection = -1, m_uTexture = -1;
    uint64_t m_fontGeneration = 0;
    // A frame's vertices and indices, every draw list's one after another: one upload each a frame.
    std::vector<ImDrawVert> m_vertices;
    std::vector<ImDrawIdx> m_indices;
    // A draw command as signature() saw it: what it draws, and the device pixels it may touch.
    struct Item {
        uint64_t digest;
        float box[4];
    };
    std::vector<Item> m_items, m_drawnItems;  // this frame's; the last drawn frame's
    uint64_t m_frame = 0, m_drawnFrame = 0;   // the frame's digest of size and font; the last drawn one's
    float m_lastDamage[4] = {0, 0, 0, 0};
    void damage(float out[4]) const;          // what differs between m_items and m_drawnItems
};

}  // namespace mvr::app
