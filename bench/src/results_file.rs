//! RESULTS.md holds several benchmarks' sections. The `core` report is the unmarked part; every other part sits
//! between `<!-- NAME:start -->` and `<!-- NAME:end -->` (`peers` here, `app-bench` from bench/app). Each writer
//! replaces only its own part and leaves the others byte for byte.

use std::path::Path;

use crate::BoxResult;

/// The comments that open and close the part called `name`.
pub fn markers(name: &str) -> (String, String) {
    (format!("<!-- {name}:start -->"), format!("<!-- {name}:end -->"))
}

/// Puts `section` (which must start and end with `name`'s markers) in place of the marked part of `text`, or
/// appends it after a blank line when there is none.
pub fn splice(text: &str, name: &str, section: &str) -> BoxResult<String> {
    let (start_marker, end_marker) = markers(name);
    match (text.find(&start_marker), text.find(&end_marker)) {
        (Some(start), Some(end)) if start < end => {
            let end = end + end_marker.len();
            let after = text[end..].strip_prefix('\n').unwrap_or(&text[end..]);
            Ok(format!("{}{section}{after}", &text[..start]))
        }
        (None, None) => {
            let mut out = text.to_owned();
            if !out.is_empty() {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                if !out.ends_with("\n\n") {
                    out.push('\n');
                }
            }
            out.push_str(section);
            Ok(out)
        }
        _ => Err(format!(
            "the markers {start_marker} and {end_marker} are not a pair in RESULTS.md; fix them by hand"
        )
        .into()),
    }
}

/// Every marked part of `text` (marker to marker, inclusive), in order, for the unmarked writer to keep.
pub fn marked_parts(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("<!-- ") {
        let after = &rest[open + 5..];
        let Some(name) = after.find(":start -->").map(|it| &after[..it]) else {
            rest = after;
            continue;
        };
        if name.contains(char::is_whitespace) {
            rest = after;
            continue;
        }
        let (_, end_marker) = markers(name);
        match rest[open..].find(&end_marker) {
            Some(end) => {
                let end = open + end + end_marker.len();
                parts.push(&rest[open..end]);
                rest = &rest[end..];
            }
            None => rest = after,
        }
    }
    parts
}

/// Reads the file at `path`, or an empty text when it does not exist yet.
pub fn read(path: &Path) -> BoxResult<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(err) => Err(err.into()),
    }
}

/// Writes `text` beside `path` and renames it over, so that a reader never sees half a file.
pub fn write(path: &Path, text: &str) -> BoxResult<()> {
    let tmp = path.with_extension("md.bench-tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

/// The `core` report followed by every marked part the file already had.
pub fn with_marked_parts_of(old: &str, core: &str) -> String {
    let mut out = core.to_owned();
    for part in marked_parts(old) {
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(part);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{marked_parts, splice, with_marked_parts_of};

    #[test]
    fn splices_in_place_or_appends() {
        let section = "<!-- peers:start -->\nnew\n<!-- peers:end -->\n";
        let old = "# Core\n\n<!-- peers:start -->\nold\n<!-- peers:end -->\n\n<!-- app-bench:start -->\napp\n<!-- app-bench:end -->\n";
        let new = splice(old, "peers", section).unwrap();
        assert_eq!(
            new,
            "# Core\n\n<!-- peers:start -->\nnew\n<!-- peers:end -->\n\n<!-- app-bench:start -->\napp\n<!-- app-bench:end -->\n"
        );
        assert_eq!(splice("# Core\n", "peers", section).unwrap(), format!("# Core\n\n{section}"));
        assert!(splice("<!-- peers:start -->", "peers", section).is_err());
    }

    #[test]
    fn core_keeps_the_other_parts() {
        let old = "# Old core\n\n<!-- app-bench:start -->\napp\n<!-- app-bench:end -->\n\n<!-- peers:start -->\np\n<!-- peers:end -->\n";
        assert_eq!(marked_parts(old).len(), 2);
        assert_eq!(
            with_marked_parts_of(old, "# New core\n"),
            "# New core\n\n<!-- app-bench:start -->\napp\n<!-- app-bench:end -->\n\n<!-- peers:start -->\np\n<!-- peers:end -->\n"
        );
    }
}
