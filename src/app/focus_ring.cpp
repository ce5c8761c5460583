#include "app/focus_ring.hpp"

#include <algorithm>
#include <vector>

#include "imgui.h"
#include "imgui_internal.h"

namespace mvr::app::ui {

namespace {
struct Field {
    std::string name;
    ImGuiID id = 0;
};
struct Ring {
    std::vector<Field> order, lastOrder;  // the fields drawn this frame and the last, in order
    std::string active;                   // the field with the keyboard
    std::string lastActive;               // the one that had it last frame
    ImGuiID activeId = 0, lastActiveId = 0;  // its id, this frame and the last
    std::string current;                  // between tabStop and endTabStop
} g;

ImGuiID owner() {
    static const ImGuiID id = ImHashStr("mvr.focus-ring");
    return id;
}
}  // namespace

void beginFocusFrame() {
    g.lastOrder.swap(g.order);
    g.order.clear();
    g.lastActiveId = g.activeId;
    g.lastActive.swap(g.active);
    g.active.clear();
    g.activeId = 0;
    const ImGuiIO& io = ImGui::GetIO();
    ImGuiID activeNow = ImGui::GetActiveID();
    bool ringOrNone = activeNow == 0 || activeNow == g.lastActiveId;
    if (!ringOrNone) return;  // another widget has the keyboard (the paste box types tabs)
    if (!ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId) && !g.lastOrder.empty() && !io.KeyCtrl && !io.KeyAlt &&
        ImGui::IsKeyPressed(ImGuiKey_Tab, owner(), ImGuiInputFlags_Repeat)) {
        int n = static_cast<int>(g.lastOrder.size());
        auto it = std::find_if(g.lastOrder.begin(), g.lastOrder.end(), [](const Field& f) { return f.id == g.lastActiveId; });
        int at = !activeNow || it == g.lastOrder.end() ? -1 : static_cast<int>(it - g.lastOrder.begin());
        int next = at < 0 ? (io.KeyShift ? n - 1 : 0) : (at + (io.KeyShift ? n - 1 : 1)) % n;
        // Activated for text input when it is drawn (as a click would), whichever window has the focus now.
        ImGui::ActivateItemByID(g.lastOrder[static_cast<size_t>(next)].id);
        GImGui->NavNextActivateFlags |= ImGuiActivateFlags_PreferInput;
    }
    // Tab stays the ring's next frame: ImGui's tabbing (which asks for an unowned Tab) does not run.
    ImGui::SetKeyOwner(ImGuiKey_Tab, owner());
}

void tabStop(const char* name) { g.current = name; }

void endTabStop() {
    g.order.push_back(Field{g.current, ImGui::GetItemID()});
    if (ImGui::IsItemActive()) {
        g.active = g.current;
        g.activeId = ImGui::GetItemID();
    }
    g.current.clear();
}

const std::string& focusedField() { return g.active; }
const std::string& lastFocusedField() { return g.lastActive; }

}  // namespace mvr::app::ui
