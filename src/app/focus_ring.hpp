// Tab and Shift+Tab move the keyboard between the app's text fields (the models and versions filters, the
// alias field, the params search) in the order they are drawn, across panes, wrapping around. ImGui's
// keyboard navigation stays off (it would walk a highlight over every button), and ImGui's own tabbing,
// which never leaves one window, is kept out: the ring owns the Tab key, except while a field that types
// tabs (the paste box) has the keyboard.
#pragma once

#include <string>

namespace mvr::app::ui {

// Once a frame, before the panels: takes a Tab pressed since the last frame.
void beginFocusFrame();
// Around a text field of the ring: name it just before its InputText, and call endTabStop just after.
void tabStop(const char* name);
void endTabStop();
// The ring's field that has the keyboard ("" when none), for the tests.
const std::string& focusedField();
// The one that had it at the end of last frame (focusedField() is made again as the frame's fields are drawn).
const std::string& lastFocusedField();

}  // namespace mvr::app::ui
