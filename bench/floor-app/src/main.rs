//! The floor for the desktop app benchmark: a bare Tauri 2 window (label "main", created from tauri.conf.json)
//! showing one static page, with no commands, no plugins and no state. Whatever the companion app costs beyond
//! this is the app's own cost.

// Same as the app: no console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the floor app failed to start");
}
