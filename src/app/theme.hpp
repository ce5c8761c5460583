// Light and dark: the ImGui style and the app's own colours (what is better, worse, a warning, an alias...)
// for each, so that every text keeps its contrast on either background. The theme follows the browser's
// prefers-color-scheme unless the user picked one (View menu), which is remembered.
#pragma once

#include <cstddef>

#include "imgui.h"

namespace mvr::app::ui {

enum class Tone { Good, Bad, Warn, Accent, Muted, ErrorDetail, StringValue, NumberValue, OtherValue, Uri };
enum class ThemeChoice { System, Light, Dark };

// The colour of a tone in the theme in use.
ImVec4 tone(Tone t);
// The background behind a dialog of this tone (an error, a notice).
ImVec4 toneBackground(Tone t);
// The colour of a chart's i-th series (Okabe and Ito's palette, told apart by colour-blind readers), tuned for
// the theme's background; it repeats after seven.
ImU32 seriesColour(size_t i, float alpha = 1.0f);
// A chart's background, its grid lines and its axis text.
ImU32 chartBackground();
ImU32 chartGrid();

// Applies a theme: ImGui's colours and the tones. systemDark: what the browser prefers.
void applyTheme(ThemeChoice choice, bool systemDark);
bool themeIsDark();
ThemeChoice themeChoice();
const char* themeChoiceName(ThemeChoice c);
ThemeChoice parseThemeChoice(const char* name);  // "light", "dark", anything else: System

}  // namespace mvr::app::ui
