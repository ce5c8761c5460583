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

size_t ChartGpu::Texels::upload(const std::vector<float>& data, size_t texels, size_t from, int unit) {
    const int need = static_cast<int>((texels + kRow - 1) / kRow);
    glActiveTexture(GL_TEXTURE0 + unit);
    if (!texture) {
        glGenTextures(1, &texture);
        glBindTexture(GL_TEXTURE_2D, texture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        from = 0;
    } else {
        glBindTexture(GL_TEXTURE_2D, texture);
    }
    if (need > rows) {
        rows = 1;
        while (rows < need) rows *= 2;
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA32F, kRow, rows, 0, GL_RGBA, GL_FLOAT, nullptr);
        from = 0;  // a new texture holds nothing
    }
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    // Whole rows from the one that holds texel `from`, then the last row's part.
    const int firstRow = static_cast<int>(from / kRow);
    const int full = static_cast<int>(texels / kRow);
    const int rest = static_cast<int>(texels % kRow);
    if (full > firstRow)
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, firstRow, kRow, full - firstRow, GL_RGBA, GL_FLOAT,
                        data.data() + static_cast<size_t>(firstRow) * kRow * 4);
    if (rest && full >= firstRow)
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, full, rest, 1, GL_RGBA, GL_FLOAT, data.data() + static_cast<size_t>(full) * kRow * 4);
    glActiveTexture(GL_TEXTURE0);
    return texels - std::min(texels, static_cast<size_t>(firstRow) * kRow);
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
    m_lMove = glGetUniformLocation(m_lineProgram, "u_move");
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
    std::swap(m_previous, m_blocks);
    m_blocks.clear();
    m_cursor = 0;
    m_matching = true;
    m_markers.clear();
    m_jobs.clear();
    m_uploaded = false;
}

void ChartGpu::segments(ImDrawList* dl, uint64_t generation, const float* seg, size_t n, ImU32 colour, float width,
                        SegmentPart part) {
    const size_t at = m_blocks.size();
    const bool same = m_matching && at < m_previous.size() && m_previous[at].generation == generation &&
                      m_previous[at].count == n && m_previous[at].first == m_cursor;
    if (!same) {
        // From here on the frame's blocks are its own: the previous frame's data after this point goes.
        if (m_matching) m_dirtyFrom = std::min(m_dirtyFrom, m_cursor);
        m_matching = false;
        m_segments.resize(m_cursor * 4);
        for (size_t i = 0; i < n; ++i) {
            const float* v = seg + 4 * i;
            if (std::isfinite(v[0]) && std::isfinite(v[1]) && std::isfinite(v[2]) && std::isfinite(v[3]))
                m_segments.insert(m_segments.end(), {clampCoordinate(v[0]), clampCoordinate(v[1]), clampCoordinate(v[2]),
                                                     clampCoordinate(v[3])});
            else  // keeps its place (a part counts segments), drawn as a dot far off the screen
                m_segments.insert(m_segments.end(), {-kFar, -kFar, -kFar, -kFar});
        }
    }
    m_blocks.push_back({generation, static_cast<uint32_t>(m_cursor), static_cast<uint32_t>(n)});
    const size_t first = m_cursor;
    m_cursor += n;
    const size_t from = std::min(part.from, n);
    const size_t count = std::min(part.count, n - from);
    if (!count) return;
    m_jobs.push_back({false, static_cast<uint32_t>(first + from), static_cast<uint32_t>(count), colour, std::max(width, 0.5f), 0,
                      part.dx, part.sy, part.ty, generation});
    dl->AddCallback(&ChartGpu::callback, reinterpret_cast<void*>(static_cast<intptr_t>(m_jobs.size())));
}

size_t ChartGpu::segments() const {
    size_t n = 0;
    for (const Job& j : m_jobs)
        if (!j.marker) n += j.count;
    return n;
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
    FrameDigest d;
    d.bytes(m_markers.data() + static_cast<size_t>(first) * 4, static_cast<size_t>(count) * 4 * sizeof(float));
    m_jobs.push_back({true, first, count, colour, std::max(radius, 0.5f), ring, 0, 1, 0, d.h});
    dl->AddCallback(&ChartGpu::callback, reinterpret_cast<void*>(static_cast<intptr_t>(m_jobs.size())));
}

uint64_t ChartGpu::jobDigest(const ImDrawCmd& cmd) const {
    const size_t index = static_cast<size_t>(reinterpret_cast<intptr_t>(cmd.UserCallbackData));
    if (cmd.UserCallback != &ChartGpu::callback || index == 0 || index > m_jobs.size()) return 0;
    const Job& j = m_jobs[index - 1];
    // A segments job by its block's generation (the same data) and the part it draws; markers by their points.
    FrameDigest d;
    d.word(j.data);
    d.word((static_cast<uint64_t>(j.first) << 32) | j.count);
    const float f[5] = {j.size, j.ring, j.dx, j.sy, j.ty};
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
    // Segments: from the first texel that changed (a panning chart's blocks are the last frame's: nothing).
    if (!m_segmentTexels.texture) m_dirtyFrom = 0;
    if (m_dirtyFrom < m_cursor) m_segmentsUploaded += m_segmentTexels.upload(m_segments, m_cursor, m_dirtyFrom, kSegmentUnit);
    m_dirtyFrom = SIZE_MAX;
    if (!m_markerTexels.texture || m_markerTexels.uploaded != m_markers) {
        m_markerTexels.upload(m_markers, m_markers.size() / 4, 0, kMarkerUnit);
        m_markerTexels.uploaded = m_markers;
    }
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
    glUseProgram(m_lineProgram);
    glUniform3f(m_lMove, 0, 1, 0);
    m_moveSet[0] = 0;
    m_moveSet[1] = 1;
    m_moveSet[2] = 0;
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
        const float move[3] = {job.dx, job.sy, job.ty};
        if (!std::equal(move, move + 3, m_moveSet)) {
            glUniform3f(m_lMove, move[0], move[1], move[2]);
            std::copy(move, move + 3, m_moveSet);
        }
    } else {
        glUniform1f(m_mRadius, job.size);
        glUniform1f(m_mRing, job.ring);
        glUniform1i(m_mFirst, static_cast<int>(job.first));
    }
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(job.count) * 6);
}

}  // namespace mvr::app
