// The charts' GPU side: lines as instanced segments (round joins, a width, antialiased) and points as instanced
// markers, drawn with the project's GLSL (shaders/chart_*) in ImGui's WebGL2 context, in ImGui's draw order.
//
// A chart queues what it draws during the frame (in display pixels, where ImGui places things); each queued
// line or set of markers becomes a draw callback in the ImDrawList at that point, so ImGui's own text and
// shapes drawn after it (axes, labels, tooltips) come on top, and it is clipped like the widget around it.
// At render time the frame's segments and markers go to the GPU in one texture upload each (none when they are
// what the previous frame drew, as while the mouse only hovers), and every line or set of markers is one draw
// call whose vertex shader pulls its segments or points from the texture (shaders/chart_line.vert says why
// this and not instancing).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "imgui.h"

namespace mvr::app {

class ChartGpu {
public:
    static ChartGpu& get();
    bool init();  // compiles the programs; false with a message on stderr
    void shutdown();

    // Forgets the previous frame's queue (before the frame's widgets run).
    void beginFrame();
    // A polyline through xy (x0, y0, x1, y1, ...: n points, display pixels); a point with a coordinate that is not
    // finite breaks the line there. Coordinates are clamped far outside the screen, so huge values stay sane.
    void line(ImDrawList* dl, const float* xy, size_t n, ImU32 colour, float width);
    // Segments given as they are (x0, y0, x1, y1 each; n segments), one draw call.
    void segments(ImDrawList* dl, const float* seg, size_t n, ImU32 colour, float width);
    // Markers at centres (n points); colours: one per point, or null for `colour` for all. ring > 0: rings of
    // that thickness instead of discs.
    void markers(ImDrawList* dl, const float* xy, size_t n, const ImU32* colours, ImU32 colour, float radius,
                 float ring = 0);

    // What the queue draws: part of the frame's signature (an unchanged frame is not drawn again).
    uint64_t digest() const;
    // What the job a draw callback stands for draws (its data, colour and size): the same word, the same pixels
    // within the callback's clip rectangle. 0 for a callback that is not a chart's.
    uint64_t jobDigest(const ImDrawCmd& cmd) const;
    // Device pixels the callbacks may draw in (x0, y0, x1, y1 from the top left): the renderer's damaged area.
    void setDamage(const float box[4]) { std::copy(box, box + 4, m_damage); }
    // The renderer bound its own program and vertex array and set the scissor box: the next chart draw sets its
    // own again (until then, consecutive chart draws set only what differs).
    // The context that held the programs and textures was lost: forget them, so that init() makes them again.
    void forget() {
        m_segmentTexels = Texels();
        m_markerTexels = Texels();
        m_lineProgram = m_markerProgram = m_vao = 0;
        m_bound = 0;
    }
    void stateLost() {
        m_bound = 0;
        m_scissor[2] = -1;
    }
    size_t segments() const { return m_segments.size() / 4; }
    size_t markerCount() const { return m_markers.size() / 4; }
    size_t drawCalls() const { return m_jobs.size(); }

    // Set by the renderer before it draws: where ImGui's coordinates are and the device pixels per unit.
    void setDisplay(ImVec2 pos, ImVec2 size, float scale, int framebufferHeight);

private:
    struct Job {
        bool marker;
        uint32_t first, count;
        ImU32 colour;
        float size, ring;
    };
    // One texture of RGBA32F texels, kRow a row, holding a frame's segments or markers; rows grow by doubling.
    struct Texels {
        unsigned texture = 0;
        int rows = 0;
        std::vector<float> uploaded;  // what it holds (4 floats a texel)
        void upload(const std::vector<float>& data, int unit);
    };
    static void callback(const ImDrawList* list, const ImDrawCmd* cmd);
    void draw(const Job& job, const ImDrawCmd& cmd);
    void upload();  // the frame's data and the uniforms every job of the frame shares, at its first job

    std::vector<float> m_segments;  // x0, y0, x1, y1 per segment
    std::vector<float> m_markers;   // x, y, colour bits 0-15, colour bits 16-31 per marker
    std::vector<Job> m_jobs;
    bool m_uploaded = false;
    Texels m_segmentTexels, m_markerTexels;
    ImVec2 m_displayPos{0, 0}, m_displaySize{1, 1};
    float m_scale = 1;
    int m_fbHeight = 0;
    float m_damage[4] = {0, 0, 1e9f, 1e9f};
    unsigned m_bound = 0;             // the program bound by the last chart draw (0: the renderer's)
    int m_scissor[4] = {0, 0, -1, 0};  // the scissor box it set

    unsigned m_lineProgram = 0, m_markerProgram = 0, m_vao = 0;
    int m_lPos = -1, m_lSize = -1, m_lHalf = -1, m_lScale = -1, m_lColour = -1, m_lTexels = -1, m_lFirst = -1, m_lRow = -1;
    int m_mPos = -1, m_mSize = -1, m_mRadius = -1, m_mRing = -1, m_mScale = -1, m_mTexels = -1, m_mFirst = -1, m_mRow = -1;
};

}  // namespace mvr::app
