#include "app/theme.hpp"

#include <cstring>

namespace mvr::app::ui {

namespace {
bool g_dark = true;
ThemeChoice g_choice = ThemeChoice::System;

// Chosen for at least 4.5:1 contrast on the theme's window background (WCAG AA for text).
ImVec4 darkTone(Tone t) {
    switch (t) {
    case Tone::Good: return ImVec4(0.35f, 0.85f, 0.45f, 1);
    case Tone::Bad: return ImVec4(1.0f, 0.45f, 0.4f, 1);
    case Tone::Warn: return ImVec4(0.95f, 0.8f, 0.35f, 1);
    case Tone::Accent: return ImVec4(0.55f, 0.8f, 1.0f, 1);
    case Tone::Muted: return ImVec4(0.6f, 0.6f, 0.6f, 1);
    case Tone::ErrorDetail: return ImVec4(1.0f, 0.6f, 0.5f, 1);
    case Tone::StringValue: return ImVec4(0.8f, 0.9f, 0.6f, 1);
    case Tone::NumberValue: return ImVec4(0.6f, 0.8f, 1.0f, 1);
    case Tone::OtherValue: return ImVec4(0.9f, 0.7f, 0.9f, 1);
    case Tone::Uri: return ImVec4(0.7f, 0.78f, 0.9f, 1);
    }
    return ImVec4(1, 1, 1, 1);
}

ImVec4 lightTone(Tone t) {
    switch (t) {
    case Tone::Good: return ImVec4(0.05f, 0.45f, 0.15f, 1);
    case Tone::Bad: return ImVec4(0.72f, 0.1f, 0.08f, 1);
    case Tone::Warn: return ImVec4(0.55f, 0.35f, 0.0f, 1);
    case Tone::Accent: return ImVec4(0.05f, 0.3f, 0.65f, 1);
    case Tone::Muted: return ImVec4(0.38f, 0.38f, 0.38f, 1);
    case Tone::ErrorDetail: return ImVec4(0.6f, 0.15f, 0.05f, 1);
    case Tone::StringValue: return ImVec4(0.2f, 0.4f, 0.0f, 1);
    case Tone::NumberValue: return ImVec4(0.05f, 0.3f, 0.65f, 1);
    case Tone::OtherValue: return ImVec4(0.5f, 0.1f, 0.5f, 1);
    case Tone::Uri: return ImVec4(0.15f, 0.25f, 0.45f, 1);
    }
    return ImVec4(0, 0, 0, 1);
}
}  // namespace

ImVec4 tone(Tone t) { return g_dark ? darkTone(t) : lightTone(t); }

ImVec4 toneBackground(Tone t) {
    if (t == Tone::Bad) return g_dark ? ImVec4(0.35f, 0.08f, 0.08f, 0.97f) : ImVec4(1.0f, 0.88f, 0.86f, 0.98f);
    if (t == Tone::Good) return g_dark ? ImVec4(0.12f, 0.3f, 0.18f, 0.97f) : ImVec4(0.86f, 0.96f, 0.88f, 0.98f);
    return ImGui::GetStyleColorVec4(ImGuiCol_PopupBg);
}

void applyTheme(ThemeChoice choice, bool systemDark) {
    g_choice = choice;
    g_dark = choice == ThemeChoice::Dark || (choice == ThemeChoice::System && systemDark);
    if (g_dark) ImGui::StyleColorsDark();
    else ImGui::StyleColorsLight();
}

bool themeIsDark() { return g_dark; }
ThemeChoice themeChoice() { return g_choice; }

const char* themeChoiceName(ThemeChoice c) {
    return c == ThemeChoice::Light ? "light" : c == ThemeChoice::Dark ? "dark" : "system";
}

ThemeChoice parseThemeChoice(const char* name) {
    if (std::strcmp(name, "light") == 0) return ThemeChoice::Light;
    if (std::strcmp(name, "dark") == 0) return ThemeChoice::Dark;
    return ThemeChoice::System;
}

ImU32 seriesColour(size_t i, float alpha) {
    static const ImU32 kLight[] = {IM_COL32(0, 114, 178, 255),   IM_COL32(213, 94, 0, 255),  IM_COL32(0, 140, 100, 255),
                                   IM_COL32(190, 90, 150, 255),  IM_COL32(200, 135, 0, 255), IM_COL32(60, 150, 210, 255),
                                   IM_COL32(80, 80, 80, 255)};
    static const ImU32 kDark[] = {IM_COL32(86, 180, 233, 255),  IM_COL32(230, 159, 0, 255),   IM_COL32(40, 200, 150, 255),
                                  IM_COL32(214, 130, 180, 255), IM_COL32(240, 228, 66, 255),  IM_COL32(235, 120, 60, 255),
                                  IM_COL32(200, 200, 200, 255)};
    ImVec4 c = ImGui::ColorConvertU32ToFloat4((themeIsDark() ? kDark : kLight)[i % 7]);
    c.w = alpha;
    return ImGui::ColorConvertFloat4ToU32(c);
}

ImU32 chartBackground() {
    return themeIsDark() ? IM_COL32(24, 26, 30, 255) : IM_COL32(252, 252, 253, 255);
}

ImU32 chartGrid() {
    return themeIsDark() ? IM_COL32(255, 255, 255, 28) : IM_COL32(0, 0, 0, 26);
}

}  // namespace mvr::app::ui
