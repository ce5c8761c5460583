#version 300 es
// A disc of radius u_radius (or, with u_ring > 0, a ring of that thickness), antialiased over one device pixel.
precision highp float;
uniform float u_radius;
uniform float u_ring;   // 0: filled; else the ring's thickness in display pixels
uniform float u_scale;  // device pixels per display pixel
in vec2 v_offset;
in vec4 v_color;
out vec4 o_color;
void main() {
    float d = length(v_offset);
    float outside = (u_radius - d) * u_scale + 0.5;
    float inside = u_ring > 0.0 ? (d - (u_radius - u_ring)) * u_scale + 0.5 : 1.0;
    float coverage = clamp(min(outside, inside), 0.0, 1.0);
    if (coverage <= 0.0) discard;
    o_color = vec4(v_color.rgb, v_color.a * coverage);
}
