#version 300 es
// A chart's line as instanced segments: one instance per segment (its two ends in display pixels, as the chart
// placed them), six vertices per instance making a quad that covers the segment and half the line's width around
// it, ends included. The fragment shader cuts it to a capsule, so consecutive segments join round.
precision highp float;
uniform vec2 u_display_pos;   // ImGui's DisplayPos
uniform vec2 u_display_size;  // ImGui's DisplaySize
uniform float u_half_width;   // half the line's width, in display pixels
layout(location = 0) in vec4 a_segment;  // x0, y0, x1, y1
out vec2 v_pixel;
flat out vec4 v_segment;
const vec2 kCorner[6] = vec2[6](vec2(0.0, -1.0), vec2(1.0, -1.0), vec2(1.0, 1.0),
                                vec2(0.0, -1.0), vec2(1.0, 1.0), vec2(0.0, 1.0));
void main() {
    vec2 a = a_segment.xy;
    vec2 b = a_segment.zw;
    vec2 d = b - a;
    float len = length(d);
    vec2 along = len > 1e-6 ? d / len : vec2(1.0, 0.0);
    vec2 across = vec2(-along.y, along.x);
    float r = u_half_width + 1.0;  // one pixel more for the antialiased edge
    vec2 corner = kCorner[gl_VertexID];
    vec2 p = mix(a - along * r, b + along * r, corner.x) + across * (r * corner.y);
    v_pixel = p;
    v_segment = a_segment;
    vec2 ndc = (p - u_display_pos) / u_display_size * 2.0 - 1.0;
    gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
}
