// The charts' GPU side: lines as instanced segments (round joins, a width, antialiased) and points as instanced
// markers, drawn with the project's GLSL (shaders/chart_*) in ImGui's WebGL2 context, in ImGui's draw order.
//
// A chart queues what it draws during the frame (in display pixels, where ImGui places things); each queued
// line or set of markers becomes a draw callback in the ImDrawList at that point, so ImGui's own text and
// shapes drawn after it (axes, labels, tooltips) come on top, and it is clipped like the widget around it.
// At render time the frame's segments and markers go to the GPU in one texture each, and every line or set of
// markers is one draw call whose vertex shader pulls its segments or points from the texture
// (shaders/chart_line.vert says why this and not instancing).
//
// A line's segments come as a block with a generation: the chart gives a new one whenever it makes them again.
// A block the previous frame had at the same place is neither copied, compared nor uploaded again, and a job
// may draw part of its block moved (x + dx, y * sy + ty): a chart that pans keeps its segments on the GPU and
// moves them, its y range following the view or not (app/plot). Markers are few and are given each frame: they go up when they differ from the last frame's.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "imgui.h"

namespace mvr::app {

// What a segments job draws of its block: `count` segments from `from`, each end (x, y) drawn at
// (x + dx, y * sy + ty) display pixels (a chart whose view moved since it made them).
struct SegmentPart {
    size_t from = 0, count = SIZE_MAX;
    float dx = 0, sy = 1, ty = 0;
};

class ChartGpu {
public:
    static ChartGpu& get();
    bool init();  // compiles the programs; false with a message on stderr
    void shutdown();

    // Forgets the previous frame's queue (before the frame's widgets run).
    void beginFrame();
    // A new generation for a block of segments (unique for the run).
    static uint64_t newGeneration() { return ++s_generation; }
    // A block of n segments (x0, y0, x1, y1 each), the same data whenever `generation` is the same; one draw call
    // of the part given. A segment with a coordinate that is not finite draws nothing; coordinates are clamped
    // far outside the screen, so huge values stay sane.
    void segments(ImDrawList* dl, uint64_t generation, const float* seg, size_t n, ImU32 colour, float width,
                  SegmentPart part = {});
    // Markers at centres (n points); colours: one per point, or null for `colour` for all. ring > 0: rings of
    // that thickness instead of discs.
    void markers(ImDrawList* dl, const float* xy, size_t n, const ImU32* colours, ImU32 colour, float radius,
                 float ring = 0);

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
        m_dirtyFrom = 0;
    }
    void stateLost() {
        m_bound = 0;
        m_scissor[2] = -1;
    }
    size_t segments() const;  // drawn this frame
    size_t segmentTexelsUploaded() const { return m_segmentsUploaded; }  // since the start, for the tests
    size_t markerCount() const { return m_markers.size() / 4; }
    size_t drawCalls() const { return m_jobs.size(); }

    // Set by the renderer before it draws: where ImGui's coordinates are and the device pixels per unit.
    void setDisplay(ImVec2 pos, ImVec2 size, float scale, int framebufferHeight);

private:
    struct Job {
        bool marker;
        uint32_t first, count;  // what it draws (texels)
        ImU32 colour;
        float size, ring;
        float dx, sy, ty;  // segments: drawn at (x + dx, y * sy + ty)
        uint64_t data;   // segments: its block's generation; markers: a hash of its points
    };
    // A block of segments the frame holds: where it is (texels), how many, and its generation.
    struct Block {
        uint64_t generation;
        uint32_t first, count;
    };
    // One texture of RGBA32F texels, kRow a row, holding segments or markers; rows grow by doubling.
    struct Texels {
        unsigned texture = 0;
        int rows = 0;
        std::vector<float> uploaded;  // markers: what it holds (4 floats a texel)
        // Uploads data from texel `from` on (all of it when the texture had to grow); the texels sent.
        size_t upload(const std::vector<float>& data, size_t texels, size_t from, int unit);
    };
    static void callback(const ImDrawList* list, const ImDrawCmd* cmd);
    void draw(const Job& job, const ImDrawCmd& cmd);
    void upload();  // the frame's data and the uniforms every job of the frame shares, at its first job

    static inline uint64_t s_generation = 0;
    // The blocks of segments, one after another: this frame's from its first block that differs from the
    // previous frame's (m_previous) at the same place; before it, the previous frame's, kept.
    std::vector<float> m_segments;
    std::vector<Block> m_blocks, m_previous;
    size_t m_cursor = 0;               // texels this frame's blocks take in m_segments
    bool m_matching = true;            // every block so far is the previous frame's
    size_t m_dirtyFrom = 0;            // the first texel the segment texture does not hold yet (SIZE_MAX: none)
    size_t m_segmentsUploaded = 0;
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
    float m_moveSet[3] = {0, 1, 0};   // the line program's u_move

    unsigned m_lineProgram = 0, m_markerProgram = 0, m_vao = 0;
    int m_lPos = -1, m_lSize = -1, m_lMove = -1, m_lHalf = -1, m_lScale = -1, m_lColour = -1, m_lTexels = -1, m_lFirst = -1, m_lRow = -1;
    int m_mPos = -1, m_mSize = -1, m_mRadius = -1, m_mRing = -1, m_mScale = -1, m_mTexels = -1, m_mFirst = -1, m_mRow = -1;
};

}  // namespace mvr::app
