//! The desktop app's entry point; everything happens in `companion_app_lib::run`.

// Hide the console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    companion_app_lib::run();
}
