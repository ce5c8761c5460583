#include "app/renderer.hpp"

#include <GLES3/gl3.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <vector>

#include "app/chart_gpu.hpp"
#include "app/frame_digest.hpp"
#include "imgui.h"
#include "shaders.gen.hpp"

namespace mvr::app {

namespace {
unsigned compile(GLenum type, const char* src) {
    unsigned s = glCreateShader(type);
    glShaderSource(s, 1, &src, nullptr);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[1024];
        glGetShaderInfoLog(s, sizeof log, nullptr, log);
        std::fprintf(stderr, "shader compile failed: %s\n", log);
        glDeleteShader(s);
        return 0;
    }
    return s;
}
}  // namespace

unsigned linkProgram(const char* vertex, const char* fragment) {
    unsigned vs = compile(GL_VERTEX_SHADER, vertex);
    unsigned fs = compile(GL_FRAGMENT_SHADER, fragment);
    if (!vs || !fs) return 0;
    unsigned program = glCreateProgram();
    glAttachShader(program, vs);
    glAttachShader(program, fs);
    glLinkProgram(program);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[1024];
        glGetProgramInfoLog(program, sizeof log, nullptr, log);
        std::fprintf(stderr, "shader link failed: %s\n", log);
        glDeleteProgram(program);
        return 0;
    }
    return program;
}

bool Renderer::init() {
    m_drawnItems.clear();  // a new context shows nothing drawn yet
    m_program = linkProgram(shaders::kImguiVert, shaders::kImguiFrag);
    if (!m_program) return false;
    if (!ChartGpu::get().init()) return false;
    m_uProjection = glGetUniformLocation(m_program, "u_projection");
    m_uTexture = glGetUniformLocation(m_program, "u_texture");
    glGenVertexArrays(1, &m_vao);
    glGenBuffers(1, &m_vbo);
    glGenBuffers(1, &m_ibo);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), (void*)offsetof(ImDrawVert, pos));
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), (void*)offsetof(ImDrawVert, uv));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert), (void*)offsetof(ImDrawVert, col));
    glBindVertexArray(0);
    return true;
}

bool Renderer::recreate() {
    m_program = m_vao = m_vbo = m_ibo = m_font = 0;
    ChartGpu::get().forget();
    if (!init()) return false;
    createFontTexture();
    return true;
}

void Renderer::createFontTexture() {
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels;
    int w, h;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    if (m_font) glDeleteTextures(1, &m_font);
    glGenTextures(1, &m_font);
    glBindTexture(GL_TEXTURE_2D, m_font);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    io.Fonts->SetTexID((ImTextureID)(intptr_t)m_font);
    ++m_fontGeneration;
}


uint64_t Renderer::signature(const ImDrawData* dd) {
    const ChartGpu& charts = ChartGpu::get();
    FrameDigest frame;
    float geometry[4] = {dd->DisplaySize.x, dd->DisplaySize.y, dd->FramebufferScale.x, dd->FramebufferScale.y};
    frame.bytes(geometry, sizeof geometry);
    frame.word(m_fontGeneration);
    m_frame = frame.h;
    FrameDigest m = frame;
    m_items.clear();
    const ImVec2 off = dd->DisplayPos, scale = dd->FramebufferScale;
    for (int n = 0; n < dd->CmdListsCount; n++) {
        const ImDrawList* list = dd->CmdLists[n];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            // The command's vertices (those its indices reach), its indices counted from the first of them, its
            // clip rectangle and texture; a chart's callback by the job it draws.
            FrameDigest d;
            float clip[4] = {cmd.ClipRect.x, cmd.ClipRect.y, cmd.ClipRect.z, cmd.ClipRect.w};
            d.bytes(clip, sizeof clip);
            if (cmd.UserCallback) {
                d.word(charts.jobDigest(cmd) ^ 1ull << 40);
            } else {
                d.word(static_cast<uint64_t>(reinterpret_cast<uintptr_t>(cmd.GetTexID())));
                const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
                const size_t count = std::min<size_t>(cmd.ElemCount, static_cast<size_t>(list->IdxBuffer.Size) - cmd.IdxOffset);
                ImDrawIdx lo = static_cast<ImDrawIdx>(~0u), hi = 0;
                for (size_t i = 0; i < count; ++i) lo = std::min(lo, idx[i]), hi = std::max(hi, idx[i]);
                if (count && static_cast<size_t>(cmd.VtxOffset) + hi < static_cast<size_t>(list->VtxBuffer.Size)) {
                    const ImDrawVert* v = list->VtxBuffer.Data + cmd.VtxOffset + lo;
                    const size_t nv = static_cast<size_t>(hi - lo) + 1;
                    d.bytes(v, nv * sizeof(ImDrawVert));
                    for (size_t i = 0; i < count; ++i) d.word(idx[i] - lo);
                    // Where its vertices are, within the clip rectangle (text in a window shares one command).
                    ImVec2 a = v[0].pos, b = v[0].pos;
                    for (size_t i = 1; i < nv; ++i) {
                        a = ImVec2(std::min(a.x, v[i].pos.x), std::min(a.y, v[i].pos.y));
                        b = ImVec2(std::max(b.x, v[i].pos.x), std::max(b.y, v[i].pos.y));
                    }
                    clip[0] = std::max(clip[0], a.x);
                    clip[1] = std::max(clip[1], a.y);
                    clip[2] = std::min(clip[2], b.x);
                    clip[3] = std::min(clip[3], b.y);
                }
                d.word(count);
            }
            Item it{d.h, {(clip[0] - off.x) * scale.x, (clip[1] - off.y) * scale.y, (clip[2] - off.x) * scale.x,
                          (clip[3] - off.y) * scale.y}};
            m_items.push_back(it);
            m.word(it.digest);
        }
    }
    return m.h;
}

void Renderer::damage(float out[4]) const {
    const float all[4] = {0, 0, 1e9f, 1e9f};
    std::copy(all, all + 4, out);
    if (m_frame != m_drawnFrame || m_drawnItems.empty()) return;
    // Each command of this frame is matched with an equal one of the last frame drawn, in order; what is left
    // over on either side is damage. If the matched ones come in another order (a window raised above another),
    // the whole frame is drawn.
    // The last frame's commands by digest (and, for equal digests, in order): a sorted array, searched, with the
    // next one of each digest to match kept at its first (no map to allocate and hash every frame).
    std::vector<std::pair<uint64_t, uint32_t>> before(m_drawnItems.size());
    for (size_t i = 0; i < m_drawnItems.size(); ++i) before[i] = {m_drawnItems[i].digest, static_cast<uint32_t>(i)};
    std::sort(before.begin(), before.end());
    std::vector<uint32_t> taken(before.size(), 0);  // at a digest's first entry: how many of it were matched
    std::vector<bool> matched(m_drawnItems.size(), false);
    float box[4] = {1e9f, 1e9f, -1e9f, -1e9f};
    auto add = [&](const float* b) {
        if (!(b[2] > b[0] && b[3] > b[1])) return;  // draws nothing
        box[0] = std::min(box[0], b[0]);
        box[1] = std::min(box[1], b[1]);
        box[2] = std::max(box[2], b[2]);
        box[3] = std::max(box[3], b[3]);
    };
    size_t last = 0;
    bool first = true;
    for (const Item& it : m_items) {
        const auto f = std::lower_bound(before.begin(), before.end(), std::pair<uint64_t, uint32_t>{it.digest, 0});
        const size_t at = static_cast<size_t>(f - before.begin());
        const size_t next = f == before.end() ? before.size() : at + taken[at];
        if (next >= before.size() || before[next].first != it.digest) {
            add(it.box);
            continue;
        }
        const size_t i = before[next].second;
        ++taken[at];
        if (!first && i < last) return;
        first = false;
        last = i;
        matched[i] = true;
    }
    for (size_t i = 0; i < m_drawnItems.size(); ++i)
        if (!matched[i]) add(m_drawnItems[i].box);
    // Whole pixels, a pixel wider each way (antialiased edges reach past a clip rectangle's fraction).
    out[0] = std::floor(box[0]) - 1;
    out[1] = std::floor(box[1]) - 1;
    out[2] = std::ceil(box[2]) + 1;
    out[3] = std::ceil(box[3]) + 1;
}

void Renderer::render(ImDrawData* dd, ImVec4 background) {
    int fbW = static_cast<int>(dd->DisplaySize.x * dd->FramebufferScale.x);
    int fbH = static_cast<int>(dd->DisplaySize.y * dd->FramebufferScale.y);
    if (fbW <= 0 || fbH <= 0) return;
    glViewport(0, 0, fbW, fbH);
    // The damaged area, within the framebuffer; everything is drawn clipped to it, on a cleared background.
    float dmg[4];
    damage(dmg);
    dmg[0] = std::max(dmg[0], 0.0f);
    dmg[1] = std::max(dmg[1], 0.0f);
    dmg[2] = std::min(dmg[2], static_cast<float>(fbW));
    dmg[3] = std::min(dmg[3], static_cast<float>(fbH));
    std::copy(dmg, dmg + 4, m_lastDamage);
    m_drawnItems.swap(m_items);
    m_drawnFrame = m_frame;
    if (dmg[2] <= dmg[0] || dmg[3] <= dmg[1]) return;
    glEnable(GL_SCISSOR_TEST);
    glScissor(static_cast<int>(dmg[0]), static_cast<int>(fbH - dmg[3]), static_cast<int>(dmg[2] - dmg[0]), static_cast<int>(dmg[3] - dmg[1]));
    glClearColor(background.x, background.y, background.z, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    float L = dd->DisplayPos.x, R = dd->DisplayPos.x + dd->DisplaySize.x;
    float T = dd->DisplayPos.y, B = dd->DisplayPos.y + dd->DisplaySize.y;
    const float proj[4][4] = {{2.0f / (R - L), 0, 0, 0},
                              {0, 2.0f / (T - B), 0, 0},
                              {0, 0, -1.0f, 0},
                              {(R + L) / (L - R), (T + B) / (B - T), 0, 1.0f}};
    ChartGpu& charts = ChartGpu::get();
    charts.setDisplay(dd->DisplayPos, dd->DisplaySize, dd->FramebufferScale.x, fbH);
    charts.setDamage(dmg);
    // ImGui's state, which the charts' draw callbacks share (ChartGpu::draw).
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glEnable(GL_SCISSOR_TEST);
    glUseProgram(m_program);
    glUniformMatrix4fv(m_uProjection, 1, GL_FALSE, &proj[0][0]);
    glUniform1i(m_uTexture, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    // Every draw list's vertices and indices in one buffer each, uploaded once: two buffer uploads a frame rather
    // than two a draw list (each a command to the GPU process, which a software renderer makes wait). The indices
    // (32-bit, CMakeLists.txt) are made to count from the first vertex of the whole frame.
    m_vertices.clear();
    m_indices.clear();
    for (int n = 0; n < dd->CmdListsCount; n++) {
        const ImDrawList* list = dd->CmdLists[n];
        const uint32_t first = static_cast<uint32_t>(m_vertices.size());
        m_vertices.insert(m_vertices.end(), list->VtxBuffer.Data, list->VtxBuffer.Data + list->VtxBuffer.Size);
        const size_t at = m_indices.size();
        m_indices.insert(m_indices.end(), list->IdxBuffer.Data, list->IdxBuffer.Data + list->IdxBuffer.Size);
        for (const ImDrawCmd& cmd : list->CmdBuffer)
            for (size_t i = at + cmd.IdxOffset, end = std::min(i + cmd.ElemCount, m_indices.size()); i < end; ++i)
                m_indices[i] += first + cmd.VtxOffset;
    }
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(m_vertices.size() * sizeof(ImDrawVert)), m_vertices.data(), GL_STREAM_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, m_ibo);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(m_indices.size() * sizeof(ImDrawIdx)), m_indices.data(), GL_STREAM_DRAW);
    size_t firstIndex = 0;
    // The scissor and texture of the last draw: set again only when they change (most commands share them).
    int scissor[4] = {-1, -1, -1, -1};
    GLuint texture = ~0u;
    bool chartState = false;  // a chart's program and vertex array are bound (ChartGpu::draw)
    charts.stateLost();
    ImVec2 clipOff = dd->DisplayPos, clipScale = dd->FramebufferScale;
    for (int n = 0; n < dd->CmdListsCount; n++) {
        const ImDrawList* list = dd->CmdLists[n];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) {
                // The only callbacks are the charts' (ImGui's reset-render-state marker is never added).
                // It keeps the blending, the scissor test and the active unit (ChartGpu::draw); its program, vertex
                // array and scissor box are replaced (the vertex array holds the index buffer).
                cmd.UserCallback(list, &cmd);
                chartState = true;
                scissor[0] = -1;
                continue;
            }
            ImVec2 cmin(std::max((cmd.ClipRect.x - clipOff.x) * clipScale.x, dmg[0]), std::max((cmd.ClipRect.y - clipOff.y) * clipScale.y, dmg[1]));
            ImVec2 cmax(std::min((cmd.ClipRect.z - clipOff.x) * clipScale.x, dmg[2]), std::min((cmd.ClipRect.w - clipOff.y) * clipScale.y, dmg[3]));
            if (cmax.x <= cmin.x || cmax.y <= cmin.y) continue;
            if (chartState) {  // a chart drew last: ImGui's program and vertex array again
                glUseProgram(m_program);
                glBindVertexArray(m_vao);
                charts.stateLost();
                chartState = false;
            }
            const int box[4] = {(int)cmin.x, (int)(fbH - cmax.y), (int)(cmax.x - cmin.x), (int)(cmax.y - cmin.y)};
            if (!std::equal(box, box + 4, scissor)) {
                glScissor(box[0], box[1], box[2], box[3]);
                std::copy(box, box + 4, scissor);
            }
            if ((GLuint)(intptr_t)cmd.GetTexID() != texture) glBindTexture(GL_TEXTURE_2D, texture = (GLuint)(intptr_t)cmd.GetTexID());
            static_assert(sizeof(ImDrawIdx) == 4, "the indices count from the frame's first vertex: 32 bits");
            glDrawElements(GL_TRIANGLES, (GLsizei)cmd.ElemCount, GL_UNSIGNED_INT,
                           (void*)(intptr_t)((firstIndex + cmd.IdxOffset) * sizeof(ImDrawIdx)));
        }
        firstIndex += static_cast<size_t>(list->IdxBuffer.Size);
    }
    glBindVertexArray(0);
    glDisable(GL_SCISSOR_TEST);
}

void Renderer::shutdown() {
    ChartGpu::get().shutdown();
    if (m_font) glDeleteTextures(1, &m_font);
    if (m_vbo) glDeleteBuffers(1, &m_vbo);
    if (m_ibo) glDeleteBuffers(1, &m_ibo);
    if (m_vao) glDeleteVertexArrays(1, &m_vao);
    if (m_program) glDeleteProgram(m_program);
}

}  // namespace mvr::app
