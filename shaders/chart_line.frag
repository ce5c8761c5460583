#version 300 es
// The capsule around one segment: coverage from the distance to the segment, antialiased over one device pixel.
precision highp float;
uniform float u_half_width;  // display pixels
uniform float u_scale;       // device pixels per display pixel
uniform vec4 u_color;        // straight alpha
in vec2 v_pixel;
flat in vec4 v_segment;
out vec4 o_color;
void main() {
    vec2 a = v_segment.xy;
    vec2 ab = v_segment.zw - a;
    float t = clamp(dot(v_pixel - a, ab) / max(dot(ab, ab), 1e-12), 0.0, 1.0);
    float d = length(v_pixel - (a + ab * t));
    float coverage = clamp((u_half_width - d) * u_scale + 0.5, 0.0, 1.0);
    if (coverage <= 0.0) discard;
    o_color = vec4(u_color.rgb, u_color.a * coverage);
}
