//! Build script: tauri-build reads tauri.conf.json and the capabilities, and embeds static/ in the binary.

fn main() {
    tauri_build::build();
}
