#include "app/chart_gpu.hpp"

#include <GLES3/gl3.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <tuple>
#include <utility>

#include "app/frame_digest.hpp"
#include "app/renderer.hpp"
#include "shaders.gen.hpp"

namespace mvr::app {

namespace {
// Far outside any screen, but small enough for float arithmetic in the shaders.
constexpr float kFar = 1e6f;
float clampCoordinate(float v) { return std::clamp(v, -kFar, kFar); }
// Texels a row of the data textures: WebGL2 promises textures of 2048 texels a side at least.
constexpr int kRow = 2048;
// The units the segment and marker textures are bound to for a frame (ImGui's font is on unit 0).
constexpr int kSegmentUnit = 1, kMarkerUnit = 2;
}  // namespace

void ChartGpu::Texels::upload(const std::vector<float>& data, int unit) {
    const size_t texels = data.size() / 4;
    const int need = static_cast<int>((texels + kRow - 1) / kRow);
    glActiveTexture(GL_TEXTURE0 + unit);
    if (!texture) {
        glGenTextures(1, &texture);
        glBindTexture(GL_TEXTURE_2D, texture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    } else {
        glBindTexture(GL_TEXTURE_2D, texture);
    }
    if (need > rows) {
        rows = 1;
        while (rows < need) rows *= 2;
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA32F, kRow, rows, 0, GL_RGBA, GL_FLOAT, nullptr);
    }
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    const int full = static_cast<int>(texels / kRow);
    const int rest = static_cast<int>(texels % kRow);
    if (full) glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, kRow, full, GL_RGBA, GL_FLOAT, data.data());
    if (rest)
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, full, rest, 1, GL_RGBA, GL_FLOAT, data.data() + static_cast<size_t>(full) * kRow * 4);
    glActiveTexture(GL_TEXTURE0);
    uploaded = data;
}

ChartGpu& ChartGpu::get() {
    static ChartGpu instance;
    return instance;
}

bool ChartGpu::init() {
    m_lineProgram = linkProgram(shaders::kChartLineVert, shaders::kChartLineFrag);
    m_markerProgram = linkProgram(shaders::kChartMarkerVert, shaders::kChartMarkerFrag);
    if (!m_lineProgram || !m_markerProgram) return false;
    m_lPos = glGetUniformLocation(m_lineProgram, "u_display_pos");
    m_lSize = glGetUniformLocation(m_lineProgram, "u_display_size");
    m_lHalf = glGetUniformLocation(m_lineProgram, "u_half_width");
    m_lScale = glGetUniformLocation(m_lineProgram, "u_scale");
    m_lColour = glGetUniformLocation(m_lineProgram, "u_color");
    m_lTexels = glGetUniformLocation(m_lineProgram, "u_segments");
    m_lFirst = glGetUniformLocation(m_lineProgram, "u_first");
    m_lRow = glGetUniformLocation(m_lineProgram, "u_row");
    m_mPos = glGetUniformLocation(m_markerProgram, "u_display_pos");
    m_mSize = glGetUniformLocation(m_markerProgram, "u_display_size");
    m_mRadius = glGetUniformLocation(m_markerProgram, "u_radius");
    m_mRing = glGetUniformLocation(m_markerProgram, "u_ring");
    m_mScale = glGetUniformLocation(m_markerProgram, "u_scale");
    m_mTexels = glGetUniformLocation(m_markerProgram, "u_markers");
    m_mFirst = glGetUniformLocation(m_markerProgram, "u_first");
    m_mRow = glGetUniformLocation(m_markerProgram, "u_row");
    // The vertex shaders read no attribute: an empty vertex array draws them.
    glGenVertexArrays(1, &m_vao);
    return true;
}

void ChartGpu::shutdown() {
    for (Texels* t : {&m_segmentTexels, &m_markerTexels})
        if (t->texture) glDeleteTextures(1, &t->texture);
    if (m_vao) glDeleteVertexArrays(1, &m_vao);
    if (m_lineProgram) glDeleteProgram(m_lineProgram);
    if (m_markerProgram) glDeleteProgram(m_markerProgram);
}

void ChartGpu::beginFrame() {
    m_segments.clear();
    m_markers.clear();
    m_jobs.clear();
    m_uploaded = false;
}

void ChartGpu::line(ImDrawList* dl, const float* xy, size_t n, ImU32 colour, float width) {
    const uint32_t first = static_cast<uint32_t>(m_segments.size() / 4);
    for (size_t i = 1; i < n; ++i) {
        const float* a = xy + 2 * (i - 1);
        const float* b = xy + 2 * i;
        if (!std::isfinite(a[0]) || !std::isfinite(a[1]) || !std::isfinite(b[0]) || !std::isfinite(b[1])) continue;
        m_segments.insert(m_segments.end(),
                          {clampCoordinate(a[0]), clampCoordinate(a[1]), clampCoordinate(b[0]), clampCoordinate(b[1])});
    }
    // A single point (or points with gaps between) draws as a dot: a segment of no length.
    if (m_segments.size() / 4 == first)
        for (size_t i = 0; i < n; ++i) {
            const float* p = xy + 2 * i;
            if (std::isfinite(p[0]) && std::isfinite(p[1]))
                m_segments.insert(m_segments.end(),
                                  {clampCoordinate(p[0]), clampCoordinate(p[1]), clampCoordinate(p[0]), clampCoordinate(p[1])});
        }
    const uint32_t count = static_cast<uint32_t>(m_segments.size() / 4) - first;
    if (!count) return;
    m_jobs.push_back({false, first, count, colour, std::max(width, 0.5f), 0});
    dl->AddCallback(&ChartGpu::callback, reinterpret_cast<void*>(static_cast<intptr_t>(m_jobs.size())));
}

void ChartGpu::segments(ImDrawList* dl, const float* seg, size_t n, ImU32 colour, float width) {
    const uint32_t first = static_cast<uint32_t>(m_segments.size() / 4);
    for (size_t i = 0; i < n; ++i) {
        const float* s = seg + 4 * i;
        if (!std::isfinite(s[0]) || !std::isfinite(s[1]) || !std::isfinite(s[2]) || !std::isfinite(s[3])) continue;
        m_segments.insert(m_segments.end(), {clampCoordinate(s[0]), clampCoordinate(s[1]), clampCoordinate(s[2]), clampCoordinate(s[3])});
    }
    const uint32_t count = static_cast<uint32_t>(m_segments.size() / 4) - first;
    if (!count) return;
    m_jobs.push_back({false, first, count, colour, std::max(width, 0.5f), 0});
    dl->AddCallback(&ChartGpu::callback, reinterpret_cast<void*>(static_cast<intptr_t>(m_jobs.size())));
}

void ChartGpu::markers(ImDrawList* dl, const float* xy, size_t n, const ImU32* colours, ImU32 colour, float radius,
                       float ring) {
    const uint32_t first = static_cast<uint32_t>(m_markers.size() / 4);
    for (size_t i = 0; i < n; ++i) {
        const float* p = xy + 2 * i;
        if (!std::isfinite(p[0]) || !std::isfinite(p[1])) continue;
        const ImU32 c = colours ? colours[i] : colour;
        m_markers.insert(m_markers.end(), {clampCoordinate(p[0]), clampCoordinate(p[1]), static_cast<float>(c & 0xFFFFu),
                                           static_cast<float>(c >> 16)});
    }
    const uint32_t count = static_cast<uint32_t>(m_markers.size() / 4) - first;
    if (!count) return;
    m_jobs.push_back({true, first, count, colour, std::max(radius, 0.5f), ring});
    dl->AddCallback(&ChartGpu::callback, reinterpret_cast<void*>(static_cast<intptr_t>(m_jobs.size())));
}

uint64_t ChartGpu::digest() const {
    FrameDigest d;
    d.bytes(m_segments.data(), m_segments.size() * sizeof(float));
    d.bytes(m_markers.data(), m_markers.size() * sizeof(float));
    for (const Job& j : m_jobs) {
        d.word((static_cast<uint64_t>(j.first) << 32) | j.count);
        float f[2] = {j.size, j.ring};
        uint64_t w;
        static_assert(sizeof f == sizeof w);
        std::memcpy(&w, f, sizeof w);
        d.word(w ^ (static_cast<uint64_t>(j.colour) << 1) ^ (j.marker ? 1u : 0u));
    }
    return d.h;
}

uint64_t ChartGpu::jobDigest(const ImDrawCmd& cmd) const {
    const size_t index = static_cast<size_t>(reinterpret_cast<intptr_t>(cmd.UserCallbackData));
    if (cmd.UserCallback != &ChartGpu::callback || index == 0 || index > m_jobs.size()) return 0;
    const Job& j = m_jobs[index - 1];
    FrameDigest d;
    const std::vector<float>& data = j.marker ? m_markers : m_segments;
    d.bytes(data.data() + static_cast<size_t>(j.first) * 4, static_cast<size_t>(j.count) * 4 * sizeof(float));
    const float f[2] = {j.size, j.ring};
    d.bytes(f, sizeof f);
    d.word((static_cast<uint64_t>(j.colour) << 1) ^ (j.marker ? 1u : 0u));
    return d.h;
}

void ChartGpu::setDisplay(ImVec2 pos, ImVec2 size, float scale, int framebufferHeight) {
    m_displayPos = pos;
    m_displaySize = ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f));
    m_scale = scale > 0 ? scale : 1;
    m_fbHeight = framebufferHeight;
}

void ChartGpu::callback(const ImDrawList*, const ImDrawCmd* cmd) {
    ChartGpu& g = get();
    size_t index = static_cast<size_t>(reinterpret_cast<intptr_t>(cmd->UserCallbackData));
    if (index == 0 || index > g.m_jobs.size()) return;
    if (!g.m_uploaded) g.upload();
    g.draw(g.m_jobs[index - 1], *cmd);
}

void ChartGpu::upload() {
    // A frame that draws what the textures hold (the mouse moved, the lines did not) uploads nothing: the GPU
    // process, which may still be drawing earlier frames, is not given the same data again.
    for (auto [t, data, unit] : {std::tuple{&m_segmentTexels, &m_segments, kSegmentUnit}, std::tuple{&m_markerTexels, &m_markers, kMarkerUnit}})
        if (!t->texture || t->uploaded != *data) t->upload(*data, unit);
    // Bound to their units and the shared uniforms set once a frame: each job then sets only its own (a WebGL
    // call costs microseconds, and a frame with a dozen series made hundreds).
    for (auto [t, unit] : {std::pair{&m_segmentTexels, kSegmentUnit}, std::pair{&m_markerTexels, kMarkerUnit}}) {
        glActiveTexture(GL_TEXTURE0 + unit);
        glBindTexture(GL_TEXTURE_2D, t->texture);
    }
    glActiveTexture(GL_TEXTURE0);
    struct Shared {
        unsigned program;
        int pos, size, scale, texels, row, unit;
    };
    for (const Shared& u : {Shared{m_lineProgram, m_lPos, m_lSize, m_lScale, m_lTexels, m_lRow, kSegmentUnit},
                            Shared{m_markerProgram, m_mPos, m_mSize, m_mScale, m_mTexels, m_mRow, kMarkerUnit}}) {
        glUseProgram(u.program);
        glUniform2f(u.pos, m_displayPos.x, m_displayPos.y);
        glUniform2f(u.size, m_displaySize.x, m_displaySize.y);
        glUniform1f(u.scale, m_scale);
        glUniform1i(u.texels, u.unit);
        glUniform1i(u.row, kRow);
    }
    // The renderer's vertex array is still bound: the next draw binds the empty one with its program.
    m_bound = 0;
    m_uploaded = true;
}

// Called inside Renderer::render, whose state it keeps: blending as ImGui's (the same function), the scissor test
// on, unit 0 active. It leaves its program and vertex array bound; the renderer binds its own before its next draw
// and then calls stateLost().
void ChartGpu::draw(const Job& job, const ImDrawCmd& cmd) {
    const ImVec4& c = cmd.ClipRect;
    float x0 = std::max((c.x - m_displayPos.x) * m_scale, m_damage[0]), y0 = std::max((c.y - m_displayPos.y) * m_scale, m_damage[1]);
    float x1 = std::min((c.z - m_displayPos.x) * m_scale, m_damage[2]), y1 = std::min((c.w - m_displayPos.y) * m_scale, m_damage[3]);
    if (x1 <= x0 || y1 <= y0) return;
    const int box[4] = {static_cast<int>(x0), static_cast<int>(m_fbHeight - y1), static_cast<int>(x1 - x0), static_cast<int>(y1 - y0)};
    if (!std::equal(box, box + 4, m_scissor)) {
        glScissor(box[0], box[1], box[2], box[3]);
        std::copy(box, box + 4, m_scissor);
    }
    // Consecutive chart draws (a chart's lines and markers come one after another) bind their program and the
    // empty vertex array once: each WebGL call is a command to the GPU process.
    const unsigned program = job.marker ? m_markerProgram : m_lineProgram;
    if (m_bound != program) {
        if (!m_bound) glBindVertexArray(m_vao);
        glUseProgram(program);
        m_bound = program;
    }
    if (!job.marker) {
        ImVec4 col = ImGui::ColorConvertU32ToFloat4(job.colour);
        glUniform1f(m_lHalf, job.size * 0.5f);
        glUniform4f(m_lColour, col.x, col.y, col.z, col.w);
        glUniform1i(m_lFirst, static_cast<int>(job.first));
    } else {
        glUniform1f(m_mRadius, job.size);
        glUniform1f(m_mRing, job.ring);
        glUniform1i(m_mFirst, static_cast<int>(job.first));
    }
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(job.count) * 6);
}

}  // namespace mvr::app
